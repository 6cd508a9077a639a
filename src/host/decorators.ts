/** Where a declaration's decorators are, read from the document's lines (no parsing). */
import type * as vscode from 'vscode';

/**
 * 0-based lines of the decorator block above a handler: contiguous non-blank lines that start with
 * `@` or continue a decorator's arguments, stopping at a statement or member end.
 */
export function decoratorLines(document: vscode.TextDocument, handlerLine0: number): number[] {
  const lines: number[] = [];
  for (let l = handlerLine0 - 1; l >= 0 && lines.length < 40; l--) {
    const text = document.lineAt(l).text.trim();
    if (!text || text.startsWith('//') || text.endsWith('*/')) break;
    // `})` or `}),` inside a decorator's object argument still belongs to the block.
    const continues = text.startsWith('@') || /^[}\])]+[),]*$/.test(text);
    if (!continues && (text.endsWith(';') || text.endsWith('}') || text.endsWith('{'))) break;
    lines.push(l);
  }
  return lines;
}
