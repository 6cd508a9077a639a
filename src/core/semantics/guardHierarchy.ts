/**
 * A guard class and its base classes, most derived first, as far as the source reaches.
 * `extends AuthGuard('jwt')` (a mixin call) or an unresolved base ends the walk and is recorded.
 */
import { Node } from 'ts-morph';
import type { CallExpression, ClassDeclaration, SourceFile } from 'ts-morph';
import type { SemanticsHost } from './host';

export interface ExternalBase {
  /** `AuthGuard('jwt')` or `ThrottlerGuard` as written. */
  text: string;
  /** `AuthGuard` for a call, the identifier otherwise. */
  name: string;
  /** The module it is imported from (`@nestjs/passport`), when imported by name. */
  module?: string;
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
      return { classes, external: { text: expr.getText(), name, module: importModuleOf(cur.getSourceFile(), name) } };
    }
    const next = host.resolveClass(expr);
    const alias = next ? undefined : mixinAlias(expr, host);
    if (alias) {
      const name = alias.getExpression().getText();
      return { classes, external: { text: alias.getText(), name, module: importModuleOf(alias.getSourceFile(), name) } };
    }
    if (!next) {
      const name = expr.getText();
      return { classes, external: { text: name, name, module: importModuleOf(cur.getSourceFile(), name) } };
    }
    cur = next;
  }
  return { classes };
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
  for (const imp of file.getImportDeclarations()) {
    for (const named of imp.getNamedImports()) {
      const local = named.getAliasNode()?.getText() ?? named.getName();
      if (local === name) return imp.getModuleSpecifierValue();
    }
  }
  return undefined;
}

export function isPassportBase(ext: ExternalBase | undefined): boolean {
  return !!ext && ext.name === 'AuthGuard' && (ext.module === undefined || ext.module === '@nestjs/passport');
}
