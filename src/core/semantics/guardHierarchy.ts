/**
 * A guard class and its base classes, most derived first, as far as the source reaches.
 * `extends AuthGuard('jwt')` (a mixin call) or an unresolved base ends the walk and is recorded.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, ClassDeclaration, SourceFile } from 'ts-morph';
import type { SemanticsHost } from './host';

export interface ExternalBase {
  /** `AuthGuard('jwt')` or `ThrottlerGuard` as written. */
  text: string;
  /** `AuthGuard` for a call, the identifier otherwise. */
  name: string;
  /** The module it is imported from (`@nestjs/passport`), when imported by name. */
  module?: string;
  /** The exported name when imported under an alias (`import { AuthGuard as PassportGuard }`). */
  imported?: string;
}

export interface GuardHierarchy {
  classes: ClassDeclaration[];
  external?: ExternalBase;
}

const MAX_DEPTH = 8;

export function guardHierarchy(cls: ClassDeclaration, host: SemanticsHost): GuardHierarchy {
  const classes: ClassDeclaration[] = [];
  let cur: ClassDeclaration | undefined = cls;
  while (cur && classes.length < MAX_DEPTH && !classes.includes(cur)) {
    classes.push(cur);
    const ext = cur.getExtends();
    if (!ext) return { classes };
    const expr = ext.getExpression();
    if (Node.isCallExpression(expr)) {
      const name = expr.getExpression().getText();
      const direct = external(expr.getText(), name, cur.getSourceFile());
      return { classes, external: isPassportBase(direct) ? direct : (passportWrapper(expr, host) ?? direct) };
    }
    const next = host.resolveClass(expr);
    const alias = next ? undefined : mixinAlias(expr, host);
    if (alias) {
      const name = alias.getExpression().getText();
      return { classes, external: external(alias.getText(), name, alias.getSourceFile()) };
    }
    if (!next) {
      const name = expr.getText();
      return { classes, external: external(name, name, cur.getSourceFile()) };
    }
    cur = next;
  }
  return { classes };
}

/**
 * `extends AuthGuard({ public: true })` where the local `AuthGuard` function returns a call of
 * @nestjs/passport's `AuthGuard(...)`: described as that passport call.
 */
function passportWrapper(call: CallExpression, host: SemanticsHost, depth = 0): ExternalBase | undefined {
  if (depth > 2) return undefined;
  const decl = host.resolveDeclaration(call.getExpression());
  const fn = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : decl;
  if (!fn || !(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return undefined;
  for (const ret of fn.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
    const e = ret.getExpression();
    if (!e || !Node.isCallExpression(e)) continue;
    const inner = external(e.getText(), e.getExpression().getText(), e.getSourceFile());
    if (isPassportBase(inner)) return inner;
    const deeper = passportWrapper(e, host, depth + 1);
    if (deeper) return deeper;
  }
  return undefined;
}

/** `const JwtBase = AuthGuard('jwt'); class X extends JwtBase {}`: the mixin call behind the name. */
function mixinAlias(expr: Node, host: SemanticsHost): CallExpression | undefined {
  const decl = host.resolveDeclaration(expr);
  if (!decl || !Node.isVariableDeclaration(decl)) return undefined;
  const init = decl.getInitializer();
  return init && Node.isCallExpression(init) ? init : undefined;
}

/** The module specifier a name is imported from in a file (`import { AuthGuard } from '@nestjs/passport'`). */
export function importModuleOf(file: SourceFile, name: string): string | undefined {
  return importOf(file, name)?.module;
}

function importOf(file: SourceFile, name: string): { module: string; imported: string } | undefined {
  for (const imp of file.getImportDeclarations()) {
    for (const named of imp.getNamedImports()) {
      const local = named.getAliasNode()?.getText() ?? named.getName();
      if (local === name) return { module: imp.getModuleSpecifierValue(), imported: named.getName() };
    }
  }
  return undefined;
}

/** An external base described with where it is imported from. */
function external(text: string, name: string, file: SourceFile): ExternalBase {
  const imp = importOf(file, name);
  return { text, name, ...(imp ? { module: imp.module, imported: imp.imported } : {}) };
}

export function isPassportBase(ext: ExternalBase | undefined): boolean {
  if (!ext) return false;
  if (ext.module === '@nestjs/passport') return (ext.imported ?? ext.name) === 'AuthGuard';
  return ext.name === 'AuthGuard' && ext.module === undefined;
}
