/**
 * What a middleware does, judged by its body: a class's `use` (or one it inherits from a class in
 * source), functional middleware, or the function a project factory returns; package middleware by
 * the library vocabulary. It authenticates only when every way to `next()` first requires a checked
 * credential; a name never decides.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration, SourceFile } from 'ts-morph';
import type { SemanticsHost } from '../host';
import type { MiddlewareItem } from './types';
import { libraryMiddleware, passportAuthenticate } from './vocabulary';
import { allowPoints, delegations, judgeAllowPoint, paramsOf, type FunctionLike } from './wayThrough';

export type MiddlewareEffect = 'authenticates' | 'passes' | 'unknown';

export interface BodyJudgement {
  effect: MiddlewareEffect;
  /** A sentence that starts with the middleware's name. */
  reason: string;
}

export function judgeMiddleware(item: MiddlewareItem, host: SemanticsHost): BodyJudgement {
  const s = item.source;
  const name = item.name;
  if (host.config.authMiddleware.includes(name) || host.config.authMiddleware.includes(name.replace(/\(.*\)$/, ''))) {
    return { effect: 'authenticates', reason: `${name} is named in the authMiddleware setting` };
  }
  switch (s.kind) {
    case 'class': return judgeClass(s.decl, name, host);
    case 'function': return judgeFunction(s.node as FunctionLike, name);
    case 'package': return judgePackage(s.module, s.path, s.called, s.args, name);
    default: return { effect: 'unknown', reason: `${name} could not be followed (${s.reason})` };
  }
}

function judgeClass(decl: ClassDeclaration, name: string, host: SemanticsHost): BodyJudgement {
  let cls: ClassDeclaration | undefined = decl;
  for (let depth = 0; cls && depth < 5; depth++) {
    const use = cls.getInstanceMethod('use');
    if (use) return judgeFunction(use as unknown as FunctionLike, name);
    const base = cls.getExtends()?.getExpression();
    if (!base) break;
    const next = host.resolveClass(base);
    if (!next) return { effect: 'unknown', reason: `${name} inherits use() from ${base.getText()}, which is not in the analysed sources` };
    cls = next;
  }
  return { effect: 'unknown', reason: `${name} has no use() method in the analysed sources` };
}

function judgeFunction(fn: FunctionLike, name: string): BodyJudgement {
  const p = paramsOf(fn);
  if (!p) return { effect: 'unknown', reason: `${name} does not take (req, res, next) by name` };
  const delegated = delegations(fn, p);
  for (const d of delegated) {
    const lib = delegatedLibrary(d.getExpression(), fn.getSourceFile());
    if (!lib || lib.effect === 'unknown') return { effect: 'unknown', reason: `${name} hands the request to ${d.getExpression().getText().replace(/\s+/g, ' ')}, which is not followed` };
    if (lib.effect === 'passes') return { effect: 'passes', reason: `${name} hands the request to ${d.getExpression().getText()}, which ${lib.does}` };
  }
  const allows = allowPoints(fn, p);
  if (allows.length === 0 && delegated.length === 0) return { effect: 'unknown', reason: `${name} never calls ${p.next}() directly` };
  let check: string | undefined;
  for (const a of allows) {
    const w = judgeAllowPoint(a, fn, p);
    if (w.kind === 'passes') return { effect: 'passes', reason: `${name} ${w.reason}` };
    if (w.kind === 'unknown') return { effect: 'unknown', reason: `${name} ${w.reason}` };
    check ??= w.check;
  }
  if (!check) {
    const lib = delegatedLibrary(delegated[0].getExpression(), fn.getSourceFile());
    return { effect: 'authenticates', reason: `${name} hands the request to ${delegated[0].getExpression().getText()}, which ${lib?.does ?? 'authenticates'}` };
  }
  return { effect: 'authenticates', reason: `${name} ${check}` };
}

function judgePackage(module: string, path: string, called: boolean, args: string[], name: string): BodyJudgement {
  const lib = libraryEntry(module, path, called, args);
  if (!lib) return { effect: 'unknown', reason: `${name} comes from the package ${module}, which is not analysed` };
  const effect = lib.effect;
  return { effect, reason: `${name} (${module}) ${lib.does}` };
}

/** `args`: string arguments as their value (arrays joined by commas), functions as `<function>`, anything else `<value>`. */
function libraryEntry(module: string, path: string, called: boolean, args: string[]): ReturnType<typeof libraryMiddleware> {
  if (called) {
    const strategies = args.length > 0 && !args[0].startsWith('<') ? args[0].split(',') : [];
    const passport = passportAuthenticate(module, path, strategies, args.includes('<function>'));
    if (passport) return passport;
  }
  return libraryMiddleware(module, path);
}

function nodeArgs(args: Node[]): string[] {
  return args.map((a) => {
    if (Node.isStringLiteral(a) || Node.isNoSubstitutionTemplateLiteral(a)) return a.getLiteralValue();
    if (Node.isArrayLiteralExpression(a)) return a.getElements().map((e) => (Node.isStringLiteral(e) ? e.getLiteralValue() : '<value>')).join(',');
    return Node.isArrowFunction(a) || Node.isFunctionExpression(a) ? '<function>' : '<value>';
  });
}

/** `passport.authenticate('jwt')(req, res, next)`: a package middleware called with the request, read from the file's imports. */
function delegatedLibrary(callee: Node, file: SourceFile): ReturnType<typeof libraryMiddleware> {
  const call = Node.isCallExpression(callee) ? callee : undefined;
  const target = call ? call.getExpression() : callee;
  const root = target.getFirstDescendantByKind(SyntaxKind.Identifier) ?? (Node.isIdentifier(target) ? target : undefined);
  const head = Node.isIdentifier(target) ? target : root;
  if (!head) return undefined;
  const imported = importOf(head.getText(), file);
  if (!imported) return undefined;
  const path = [imported.name, ...target.getText().split('.').slice(1)].join('.').replace(/\s+/g, '');
  return libraryEntry(imported.module, path, !!call, nodeArgs(call?.getArguments() ?? []));
}

/** The package an identifier is imported from, and under which name (`default`, `*` or the export). */
export function importOf(name: string, file: SourceFile): { module: string; name: string } | undefined {
  for (const imp of file.getImportDeclarations()) {
    const module = imp.getModuleSpecifierValue();
    if (module.startsWith('.')) continue;
    if (imp.getDefaultImport()?.getText() === name) return { module, name: 'default' };
    if (imp.getNamespaceImport()?.getText() === name) return { module, name: '*' };
    const named = imp.getNamedImports().find((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name);
    if (named) return { module, name: named.getName() };
  }
  return undefined;
}
