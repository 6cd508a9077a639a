import { SyntaxKind, type ArrayLiteralExpression, type Node, type ObjectLiteralExpression } from 'ts-morph';
import type { OpenedFile } from './target';

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** The comma right after `node`, when there is one (a trailing comma in a list). */
function trailingComma(node: Node): Node | undefined {
  const next = node.getNextSibling();
  return next?.getKind() === SyntaxKind.CommaToken ? next : undefined;
}

/**
 * Appends items to a list (array elements or object properties) in the list's own layout: on the
 * same line when it is written on one line, one per line (keeping a trailing comma) otherwise.
 */
function appendItems(f: OpenedFile, container: Node, items: Node[], texts: string[], pad: string): void {
  const { eol } = f.style;
  if (items.length === 0) {
    const open = container.getFirstChildOrThrow();
    const close = container.getLastChildOrThrow();
    const inner = f.text.slice(open.getEnd(), close.getStart());
    if (inner.includes('\n')) {
      const indent = indentOf(f.text, close.getStart()) + f.style.indent;
      f.edits.insert(open.getEnd(), texts.map((t) => `${eol}${indent}${t},`).join(''));
    } else {
      f.edits.replace(open.getEnd(), close.getStart(), `${pad}${texts.join(', ')}${pad}`);
    }
    return;
  }
  const last = items[items.length - 1];
  const multiline = f.text.slice(container.getStart(), items[0].getStart()).includes('\n');
  if (!multiline) {
    f.edits.insert(last.getEnd(), texts.map((t) => `, ${t}`).join(''));
    return;
  }
  const indent = indentOf(f.text, last.getStart());
  const comma = trailingComma(last);
  if (comma) f.edits.insert(comma.getEnd(), texts.map((t) => `${eol}${indent}${t},`).join(''));
  else f.edits.insert(last.getEnd(), texts.map((t) => `,${eol}${indent}${t}`).join(''));
}

export function appendToArray(f: OpenedFile, array: ArrayLiteralExpression, texts: string[]): void {
  if (texts.length > 0) appendItems(f, array, array.getElements(), texts, '');
}

export function addProperties(f: OpenedFile, obj: ObjectLiteralExpression, texts: string[]): void {
  if (texts.length > 0) appendItems(f, obj, obj.getProperties(), texts, ' ');
}

/** Names of the identifiers listed in an array literal (`X` and `X.forRoot()` give `X`). */
export function arrayNames(array: ArrayLiteralExpression): string[] {
  return array.getElements().map((e) => {
    const call = e.asKind(SyntaxKind.CallExpression);
    const base = call ? call.getExpression() : e;
    const access = base.asKind(SyntaxKind.PropertyAccessExpression);
    return (access ? access.getExpression() : base).getText();
  });
}

/** The initializer of property `name` in an object literal, if it is written as `name: value`. */
export function propertyValue(obj: ObjectLiteralExpression, name: string): Node | undefined {
  const prop = obj.getProperty(name);
  if (!prop) return undefined;
  const assignment = prop.asKind(SyntaxKind.PropertyAssignment);
  if (assignment) return assignment.getInitializer();
  return prop.asKind(SyntaxKind.ShorthandPropertyAssignment) ?? prop;
}
