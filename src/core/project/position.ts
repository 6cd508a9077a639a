/**
 * Line and column of a position, from TypeScript's line-start table (built once per file, then a
 * binary search). ts-morph's own `getLineAndColumnAtPos`/`getStartLineNumber` rescan the text from
 * its start on every call, which made a large controller quadratic (issue 15, item 3).
 */
import { ts, type Node, type SourceFile } from 'ts-morph';

/** 1-based line and column (UTF-16 units, as editors count them). */
export function lineAndColumnAt(sf: SourceFile, pos: number): { line: number; column: number } {
  const { line, character } = ts.getLineAndCharacterOfPosition(sf.compilerNode, pos);
  return { line: line + 1, column: character + 1 };
}

/** 1-based line where the node starts (after its leading trivia). */
export function startLineOf(node: Node): number {
  return lineAndColumnAt(node.getSourceFile(), node.getStart()).line;
}

/** 1-based line and column just past the node. */
export function endOf(node: Node): { line: number; column: number } {
  return lineAndColumnAt(node.getSourceFile(), node.getEnd());
}
