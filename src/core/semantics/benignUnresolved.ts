/**
 * Unresolved chain entries that cannot add a guard (issue P18): `applyDecorators(fn(...), ...)` where
 * every argument the linker could not evaluate is a call of a hand-written decorator function of the
 * project whose name and body show nothing security related (no `UseGuards`, no metadata, no
 * auth/role/public words). Such entries stay on the route but do not make the verdict `unknown`.
 * Anything else (an unresolved guard, a package decorator, an entry without a location) is kept.
 */
import * as path from 'path';
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, ImportDeclaration } from 'ts-morph';
import type { Route, Unresolved } from '../model';
import type { SemanticsHost } from './host';

const FUNCTION_ARGUMENT = /^applyDecorators argument is a function$/;
/** Words that make a decorator possibly security related, in its name or its body. */
const SECURITY = /auth|guard|role|permission|public|secure|protect|polic|scope|access|owner|tenant|jwt|token|session|login|admin|abilit|claim|createDecorator/i;
/** Metadata written with a key that is not a string literal could be any marker. */
const METADATA_CALL = /(defineMetadata|SetMetadata)\s*\(\s*([^,)]*)/g;

/** `cache`: answers by location for one pass (many routes share one composite decorator). */
export function benignUnresolved(route: Route, host: SemanticsHost, cache = new Map<string, boolean>()): Unresolved[] {
  return route.unresolved.filter((u) => {
    if (u.at === undefined) return false;
    const key = `${u.at.file}:${u.at.line}:${u.at.column ?? 0}:${u.reason}`;
    let benign = cache.get(key);
    if (benign === undefined) {
      benign = FUNCTION_ARGUMENT.test(u.reason) ? applyDecoratorsIsBenign(u, host) : builtFromDocumentation(u, host);
      cache.set(key, benign);
    }
    return benign;
  });
}

/**
 * An unresolved value inside `applyDecorators(...)` that is built only from documentation packages
 * (`@nestjs/swagger`, class-validator, class-transformer), built-ins and project values made of the
 * same (`Object.keys(swagger).filter(...)`, a table of `Api...Response` decorators): nothing in it
 * can add a guard or a metadata key (issue P18, field F11).
 */
function builtFromDocumentation(u: Unresolved, host: SemanticsHost): boolean {
  const node = nodeAt(u, host);
  const call = node?.getFirstAncestor((a) => Node.isCallExpression(a) && a.getExpression().getText() === 'applyDecorators');
  if (!node || !call) return false;
  return guardFree(call, host, 0, new Set());
}

const BUILTINS = new Set(['Object', 'Array', 'JSON', 'String', 'Number', 'Boolean', 'Math', 'undefined', 'Symbol', 'Set', 'Map']);
/** Packages that only document or validate: their exports add no guard and no metadata a guard reads. */
const DOCUMENTATION_PACKAGE = /^(@nestjs\/swagger|class-validator|class-transformer)$/;

function guardFree(root: Node, host: SemanticsHost, depth: number, seen: Set<Node>): boolean {
  if (depth > 5 || seen.has(root)) return depth <= 5;
  seen.add(root);
  for (const id of [root, ...root.getDescendantsOfKind(SyntaxKind.Identifier)]) {
    if (!Node.isIdentifier(id)) continue;
    const parent = id.getParent();
    // A property name (`x.name`, `{ name: v }`) or a name declared inside the walked code is no outside value.
    if (parent && (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id)) continue;
    if (parent && Node.isPropertyAssignment(parent) && parent.getNameNode() === id) continue;
    if (BUILTINS.has(id.getText()) || declaredWithin(id, root) || id.getFirstAncestor((a) => Node.isTypeNode(a)) !== undefined) continue;
    if (SECURITY.test(id.getText())) return false;
    if (!outsideValueIsGuardFree(id, host, depth, seen)) return false;
  }
  return true;
}

function outsideValueIsGuardFree(id: Node, host: SemanticsHost, depth: number, seen: Set<Node>): boolean {
  const imp = importOf(id);
  if (imp && !imp.getModuleSpecifierValue().startsWith('.')) {
    const spec = imp.getModuleSpecifierValue();
    if (DOCUMENTATION_PACKAGE.test(spec)) return true;
    if (spec === '@nestjs/common' && id.getText() === 'applyDecorators') return true;
  }
  let decl: Node | undefined;
  try {
    decl = host.resolveDeclaration(id);
  } catch {
    decl = undefined;
  }
  if (!decl || decl.getSourceFile().isDeclarationFile() || decl.getSourceFile().isFromExternalLibrary()) return false;
  if (Node.isTypeAliasDeclaration(decl) || Node.isInterfaceDeclaration(decl)) return true;
  return guardFree(decl, host, depth + 1, seen);
}

function declaredWithin(id: Node, root: Node): boolean {
  const name = id.getText();
  return root.getDescendants().some((d) => (Node.isVariableDeclaration(d) || Node.isParameterDeclaration(d) || Node.isBindingElement(d))
    && d.getNameNode().getDescendantsOfKind(SyntaxKind.Identifier).concat(Node.isIdentifier(d.getNameNode()) ? [d.getNameNode() as never] : [])
      .some((n) => n.getText() === name))
    || (Node.isVariableDeclaration(root) && root.getName() === name);
}

function importOf(id: Node): ImportDeclaration | undefined {
  const name = id.getText();
  return id.getSourceFile().getImportDeclarations().find((imp) => imp.getNamespaceImport()?.getText() === name
    || imp.getDefaultImport()?.getText() === name
    || imp.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name));
}

function nodeAt(u: Unresolved, host: SemanticsHost): Node | undefined {
  const at = u.at!;
  const file = host.project.getSourceFile(path.resolve(host.root, at.file));
  if (!file) return undefined;
  const pos = file.compilerNode.getPositionOfLineAndCharacter(at.line - 1, (at.column ?? 1) - 1);
  return file.getDescendantAtPos(pos);
}

function applyDecoratorsIsBenign(u: Unresolved, host: SemanticsHost): boolean {
  const call = callAt(u, host);
  if (!call) return false;
  let handWritten = 0;
  for (const arg of call.getArguments()) {
    // A function passed as it is (`applyDecorators(guardIt)`, an arrow) may be the one that adds a guard: not judged.
    if (Node.isIdentifier(arg) || Node.isArrowFunction(arg) || Node.isFunctionExpression(arg) || Node.isPropertyAccessExpression(arg)) return false;
    if (!Node.isCallExpression(arg)) continue;
    const callee = arg.getExpression();
    if (!Node.isIdentifier(callee)) return false;
    if (fromPackage(callee.getText(), call)) continue; // SetMetadata, ApiTags, …: the linker reads those
    const decl = host.resolveDeclaration(callee);
    if (!decl) return false;
    if (decl.getSourceFile().isFromExternalLibrary() || decl.getSourceFile().isDeclarationFile()) continue;
    const fn = Node.isVariableDeclaration(decl) ? decl.getInitializer() : decl;
    if (!fn || !(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) continue;
    // A hand-written decorator returns a function: `return (target, key, descriptor) => { ... }`.
    const returnsFunction = fn.getDescendantsOfKind(SyntaxKind.ReturnStatement).some((r) => {
      const e = r.getExpression();
      return !!e && (Node.isArrowFunction(e) || Node.isFunctionExpression(e));
    }) || (Node.isArrowFunction(fn) && (Node.isArrowFunction(fn.getBody()) || Node.isFunctionExpression(fn.getBody())));
    if (!returnsFunction) continue;
    const text = fn.getText();
    if (SECURITY.test(callee.getText()) || SECURITY.test(text)) return false;
    if ([...text.matchAll(METADATA_CALL)].some((m) => !/^['"`][^'"`$]*['"`]$/.test(m[2].trim()))) return false;
    handWritten++;
  }
  return handWritten > 0;
}

/** The `applyDecorators(...)` call at the entry's location. */
function callAt(u: Unresolved, host: SemanticsHost): CallExpression | undefined {
  const at = u.at!;
  const file = host.project.getSourceFile(path.resolve(host.root, at.file))
    ?? host.project.getSourceFiles().find((f) => host.locate(f).file === at.file);
  if (!file) return undefined;
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getText() !== 'applyDecorators') continue;
    const loc = host.locate(call);
    if (loc.line === at.line && loc.column === at.column) return call;
  }
  return undefined;
}

/** Packages whose decorators the linker reads (or that set no guard); a path alias never matches these. */
const TRUSTED_PACKAGE = /^(@nestjs\/[\w-]+|class-validator|class-transformer)$/;

/** The name is imported from a trusted package in the call's file. */
function fromPackage(name: string, at: Node): boolean {
  return at.getSourceFile().getImportDeclarations().some((imp) => TRUSTED_PACKAGE.test(imp.getModuleSpecifierValue())
    && imp.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name));
}
