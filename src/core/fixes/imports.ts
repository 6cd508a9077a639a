import { SyntaxKind, type ImportDeclaration, type SourceFile } from 'ts-morph';
import type { EditBuilder } from './text';
import { indentAt, quoted, type FileStyle } from './style';

/** Whether `name` is already imported (under that local name) by `sf`. */
export function isImported(sf: SourceFile, name: string): boolean {
  return sf.getImportDeclarations().some(
    (d) =>
      d.getDefaultImport()?.getText() === name ||
      d.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name),
  );
}

/** Whether `name` is declared at the top level of `sf` (a class, function, variable). */
export function isDeclaredLocally(sf: SourceFile, name: string): boolean {
  return (
    sf.getClass(name) !== undefined || sf.getFunction(name) !== undefined || sf.getVariableDeclaration(name) !== undefined
  );
}

/**
 * Collects the named imports a fix needs and turns them into minimal edits: a name joins an existing
 * named import of the same module, else one new import line per module goes after the last import.
 */
export class ImportPlan {
  private readonly wanted = new Map<string, string[]>();

  add(moduleSpecifier: string, name: string): this {
    const names = this.wanted.get(moduleSpecifier) ?? [];
    if (!names.includes(name)) names.push(name);
    this.wanted.set(moduleSpecifier, names);
    return this;
  }

  emit(sf: SourceFile, edits: EditBuilder, style: FileStyle): void {
    const newLines: string[] = [];
    for (const [spec, names] of this.wanted) {
      const missing = names.filter((n) => !isImported(sf, n) && !isDeclaredLocally(sf, n));
      if (missing.length === 0) continue;
      const decl = sf.getImportDeclarations().find((d) => d.getModuleSpecifierValue() === spec && d.getNamedImports().length > 0 && !d.isTypeOnly());
      if (decl) {
        appendNamed(decl, missing, edits, style);
      } else {
        newLines.push(`import { ${missing.join(', ')} } from ${quoted(style, spec)}${style.semi}`);
      }
    }
    if (newLines.length === 0) return;
    const imports = sf.getImportDeclarations();
    const last = imports[imports.length - 1];
    if (last) {
      edits.insert(last.getEnd(), newLines.map((l) => style.eol + l).join(''));
    } else {
      edits.insert(firstStatementStart(sf), newLines.map((l) => l + style.eol).join('') + style.eol);
    }
  }
}

function appendNamed(decl: ImportDeclaration, names: string[], edits: EditBuilder, style: FileStyle): void {
  const named = decl.getNamedImports();
  const lastEl = named[named.length - 1];
  const clause = decl.getImportClauseOrThrow().getNamedBindingsOrThrow();
  const multiline = clause.getText().includes('\n');
  if (!multiline) {
    edits.insert(lastEl.getEnd(), names.map((n) => `, ${n}`).join(''));
    return;
  }
  const indent = indentAt(decl.getSourceFile().getFullText(), lastEl.getStart());
  const next = lastEl.getNextSibling();
  const hasTrailingComma = next?.getKind() === SyntaxKind.CommaToken;
  const after = hasTrailingComma && next ? next.getEnd() : lastEl.getEnd();
  const text = names.map((n) => `${style.eol}${indent}${n},`).join('');
  edits.insert(after, hasTrailingComma ? text : `,${text.slice(0, -1)}`);
}

function firstStatementStart(sf: SourceFile): number {
  const first = sf.getStatements()[0];
  return first ? first.getStart(true) : 0;
}
