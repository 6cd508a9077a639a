import { SyntaxKind, type ClassDeclaration, type Decorator, type MethodDeclaration, type SourceFile } from 'ts-morph';
import type { Fix, FileReader } from './index';
import { baseName, parseFile } from './parse';
import { detectStyle, type FileStyle } from './style';
import { EditBuilder } from './text';

/** Common input of the fixes: the analysed root and a way to read files. */
export interface FixContext {
  /** Absolute root of the application (where its tsconfig.json and src/ live). */
  root: string;
  reader: FileReader;
}

export function refused(id: string, title: string, reason: string, kind: Fix['kind'] = 'quickfix'): Fix {
  return { id, title, kind, edits: [], creates: [], refused: reason };
}

export interface OpenedFile {
  file: string;
  text: string;
  sf: SourceFile;
  style: FileStyle;
  edits: EditBuilder;
}

/** Reads and parses a file; a string is the reason it cannot be used. */
export function openFile(reader: FileReader, file: string): OpenedFile | string {
  const text = reader.read(file);
  if (text === undefined) return `${baseName(file)} not found`;
  const parsed = parseFile(file, text);
  if (!parsed.ok) return parsed.reason;
  return { file, text, sf: parsed.sf, style: detectStyle(text), edits: new EditBuilder(file, text) };
}

export type HandlerTarget = { cls: ClassDeclaration; method?: MethodDeclaration };

/** Finds the class (and the method, when named); a string is the reason it cannot be found. */
export function findTarget(opened: OpenedFile, className: string, methodName?: string): HandlerTarget | string {
  const cls = opened.sf.getClass(className);
  if (!cls) return `class ${className} not found in ${baseName(opened.file)}`;
  if (methodName === undefined) return { cls };
  const method = cls.getInstanceMethod(methodName);
  if (!method) return `method ${className}.${methodName} not found in ${baseName(opened.file)}`;
  if (!method.getBody()) return `method ${className}.${methodName} has no body`;
  return { cls, method };
}

export function decoratorsOf(t: HandlerTarget): Decorator[] {
  return (t.method ?? t.cls).getDecorators();
}

export function findDecorator(decorators: Decorator[], name: string): Decorator | undefined {
  return decorators.find((d) => d.getName() === name && d.isDecoratorFactory());
}

/** Argument texts of a decorator call, with `new X()` reduced to `X`. */
export function decoratorArgNames(d: Decorator): string[] {
  return d.getArguments().map((a) => {
    const n = a.asKind(SyntaxKind.NewExpression);
    return n ? n.getExpression().getText() : a.getText();
  });
}

/** Offset just after the `(` of a decorator call. */
export function openParenEnd(d: Decorator): number {
  const call = d.getCallExpressionOrThrow();
  return call.getFirstChildByKindOrThrow(SyntaxKind.OpenParenToken).getEnd();
}

export function describeTarget(className: string, methodName?: string): string {
  return methodName ? `${className}.${methodName}` : className;
}

/** Inserts `@<decoratorText>` on its own line after the target's last decorator (or above the target). */
export function insertDecorator(opened: OpenedFile, t: HandlerTarget, decoratorText: string): void {
  const node = t.method ?? t.cls;
  const decorators = node.getDecorators();
  const { eol } = opened.style;
  if (decorators.length > 0) {
    const last = decorators[decorators.length - 1];
    const indent = indentOf(opened.text, decorators[0].getStart());
    opened.edits.insert(last.getEnd(), `${eol}${indent}@${decoratorText}`);
  } else {
    const start = node.getStart();
    opened.edits.insert(start, `@${decoratorText}${eol}${indentOf(opened.text, start)}`);
  }
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}
