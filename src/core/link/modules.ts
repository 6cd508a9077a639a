/**
 * The module graph as NestJS scans it: depth-first from the root module, imports in order, each
 * module once; static `@Module` metadata first, then a dynamic module's own (`forRoot()`).
 * Collects controllers, APP_GUARD providers and RouterModule paths along the way.
 */
import { Node, SyntaxKind, type ClassDeclaration, type ObjectLiteralExpression } from 'ts-morph';
import type { Evaluator } from './evaluate';
import { isNestPackage } from './nestApi';
import { EMPTY_ENV, asString, literal, type Env, type Value } from './values';

export interface ScannedModule {
  name: string;
  decl: ClassDeclaration;
  /** Set when the module is imported only under a run-time condition the analysis could not decide. */
  condition?: string;
  /** `condition`: listed on one branch of an undecided condition inside the `controllers` list. */
  controllers: Array<{ value: Value; node: Node; condition?: string }>;
  providers: Array<{ value: Value; node: Node; condition?: string }>;
  imports: Value[];
}

export interface ModuleScan {
  modules: ScannedModule[];
  /** RouterModule path of each module class that has one. */
  modulePaths: Map<ClassDeclaration, string>;
  /** `ConfigModule.forRoot`/`forFeature` calls among the imports, in scan order (what ConfigService reads). */
  configModules: ConfigModuleValue[];
  /** `conditional`: an undecided condition whose branches are all listed; `missingPackage`: a branch skipped. */
  problems: Array<{ reason: string; node?: Node; conditional?: boolean; missingPackage?: string }>;
}

type ConfigModuleValue = Extract<Value, { kind: 'configModule' }>;

const MAX_MODULES = 5000;

export function scanModules(root: Value, ev: Evaluator): ModuleScan {
  const scan: ModuleScan = { modules: [], modulePaths: new Map(), configModules: [], problems: [] };
  const seen = new Set<string>();
  const routerRoutes: Value[] = [];
  const visit = (value: Value, node: Node | undefined, condition?: string): void => {
    if (scan.modules.length > MAX_MODULES) return;
    const target = value.kind === 'forwardRef' ? value.target : value;
    if (target.kind === 'array') {
      for (const item of target.items) visit(item, node, condition);
      return;
    }
    if (target.kind === 'conditional') {
      visit(target.value, node, joinConditions(condition, target.condition));
      return;
    }
    if (target.kind === 'configModule') {
      scan.configModules.push(target);
      return;
    }
    if (target.kind === 'unknown' && target.missingPackage) {
      scan.problems.push({ reason: `an import is skipped: ${target.reason}`, node: target.node ?? node, missingPackage: target.missingPackage });
      return;
    }
    const branches = conditionalBranches(target, ev);
    if (branches) {
      // Either module may be the one imported at run time: follow every branch, and say so.
      scan.problems.push({ reason: `imports depend on the run-time condition \`${branches.condition}\`; every branch is listed`, node: target.kind === 'unknown' ? target.node : node, conditional: true });
      branches.values.forEach((b, i) => visit(b, node, joinConditions(condition, branchCondition(branches.condition, i))));
      return;
    }
    if (target.kind === 'object' && target.props.has('__routes')) {
      routerRoutes.push(target.props.get('__routes')!);
      return;
    }
    const resolved = moduleOf(target);
    if (!resolved) {
      if (target.kind === 'unknown') scan.problems.push({ reason: `module import not followed: ${target.reason}`, node: target.node ?? node });
      return;
    }
    const key = resolved.dynamic ? `${keyOf(resolved.decl)}#${keyOf(resolved.dynamic.node)}` : keyOf(resolved.decl);
    if (seen.has(key)) return;
    seen.add(key);
    const meta = moduleMetadata(resolved.decl, ev, resolved.env);
    const dyn = resolved.dynamic?.props;
    const entry: ScannedModule = {
      name: resolved.decl.getName() ?? 'AnonymousModule',
      decl: resolved.decl,
      condition,
      controllers: [...withNodes(meta.get('controllers')), ...withNodes(dyn?.get('controllers'))],
      providers: [...withNodes(meta.get('providers')), ...withNodes(dyn?.get('providers'))],
      imports: [...items(meta.get('imports')), ...items(dyn?.get('imports'))],
    };
    scan.modules.push(entry);
    for (const p of entry.providers) {
      if (p.condition && isAppGuardObject(p.value)) scan.problems.push({ reason: `an APP_GUARD of ${entry.name} is registered only when \`${p.condition}\`, which the analysis cannot decide`, node: p.node });
    }
    for (const imp of entry.imports) visit(imp, resolved.decl, condition);
  };
  visit(root, undefined);
  for (const routes of routerRoutes) collectRouterPaths(routes, scan.modulePaths);
  return scan;
}

function isAppGuardObject(v: Value): boolean {
  const provide = v.kind === 'object' ? v.props.get('provide') : undefined;
  return provide?.kind === 'external' ? provide.name === 'APP_GUARD' : provide?.kind === 'literal' && provide.value === 'APP_GUARD';
}

/** The first branch runs when the condition holds, the second when it does not. */
export function branchCondition(condition: string, index: number): string {
  return index === 0 ? condition : `!(${condition})`;
}

function joinConditions(outer: string | undefined, inner: string): string {
  return outer ? `${outer} && ${inner}` : inner;
}

/**
 * `@Module({...})` metadata of a class, as evaluated properties; `env`: the bindings of the function
 * that declared the class (a module class made inside a builder's method sees its `this`).
 */
export function moduleMetadata(decl: ClassDeclaration, ev: Evaluator, env: Env = EMPTY_ENV): Map<string, Value> {
  const dec = decl.getDecorators().find((d) => {
    const callee = ev.eval(Node.isCallExpression(d.getExpression()) ? d.getCallExpressionOrThrow().getExpression() : d.getExpression());
    return callee.kind === 'external' && callee.name === 'Module' && isNestPackage(callee.module);
  });
  const arg = dec?.getArguments()[0];
  if (arg && Node.isObjectLiteralExpression(arg)) return literalMetadata(arg, ev, env);
  const value = arg ? ev.eval(arg, env) : literal(undefined);
  return value.kind === 'object' ? value.props : new Map();
}

/**
 * `@Module({...})` written as a literal: `exports` is never needed, and a provider that is a class
 * imported from its own file is kept by name without parsing that file (most providers are services).
 */
function literalMetadata(obj: ObjectLiteralExpression, ev: Evaluator, env: Env): Map<string, Value> {
  const props = new Map<string, Value>();
  for (const p of obj.getProperties()) {
    if (Node.isPropertyAssignment(p) && p.getName() === 'exports') continue;
    if (Node.isPropertyAssignment(p) && p.getName() === 'providers' && Node.isArrayLiteralExpression(p.getInitializer())) {
      const list = p.getInitializerIfKindOrThrow(SyntaxKind.ArrayLiteralExpression);
      const items = list.getElements().flatMap((e): Value[] => {
        if (Node.isIdentifier(e) && ev.symbols.isImportedClass(e.getSourceFile(), e.getText())) return [{ kind: 'symbol', name: e.getText() }];
        return ev.evalList([e], env, 0);
      });
      props.set('providers', { kind: 'array', items });
      continue;
    }
    if (Node.isPropertyAssignment(p)) props.set(p.getName(), ev.eval(p.getInitializerOrThrow(), env));
    else if (Node.isShorthandPropertyAssignment(p)) props.set(p.getName(), ev.eval(p.getNameNode(), env));
    else if (Node.isSpreadAssignment(p)) {
      const spread = ev.eval(p.getExpression(), env);
      if (spread.kind === 'object') for (const [k, v] of spread.props) props.set(k, v);
    }
  }
  return props;
}

export function isModuleClass(decl: ClassDeclaration, ev: Evaluator): boolean {
  return decl.getDecorators().some((d) => d.getName() === 'Module') || moduleMetadata(decl, ev).size > 0;
}

/** An import whose value depends on a condition the analysis could not decide (`cond ? A : B`, an `if` that returns). */
function conditionalBranches(v: Value, ev: Evaluator): { condition: string; values: Value[] } | undefined {
  if (v.kind !== 'unknown') return undefined;
  if (v.branches) return v.branches;
  if (!v.node || !Node.isConditionalExpression(v.node)) return undefined;
  const c = v.node;
  return { condition: c.getCondition().getText(), values: [ev.eval(c.getWhenTrue()), ev.eval(c.getWhenFalse())] };
}

function moduleOf(v: Value): { decl: ClassDeclaration; env?: Env; dynamic?: Extract<Value, { kind: 'object' }> } | undefined {
  const own = moduleClass(v);
  if (own) return own;
  if (v.kind === 'object') {
    const m = v.props.get('module');
    const inner = moduleClass(m?.kind === 'forwardRef' ? m.target : m);
    if (inner) return { ...inner, dynamic: v };
  }
  return undefined;
}

/** A module class, or one a project function returns (`buildAppModule()`, declared in its body). */
function moduleClass(v: Value | undefined): { decl: ClassDeclaration; env?: Env } | undefined {
  if (v?.kind === 'class') return { decl: v.decl, env: v.env };
  if (v?.kind === 'mixin' && v.returned) return { decl: v.returned, env: v.returnedEnv };
  return undefined;
}

function items(v: Value | undefined): Value[] {
  if (!v) return [];
  return v.kind === 'array' ? v.items : [v];
}

/** List entries with their nodes; an entry that exists only under an undecided condition is listed per branch, with the condition. */
function withNodes(v: Value | undefined, condition?: string, fallback?: Node): Array<{ value: Value; node: Node; condition?: string }> {
  if (!v) return [];
  if (v.kind === 'conditional') return withNodes(v.value, joinConditions(condition, v.condition), v.node);
  if (v.kind === 'unknown' && v.branches) {
    const branches = v.branches;
    return branches.values.flatMap((b, i) => withNodes(b, joinConditions(condition, branchCondition(branches.condition, i)), v.node ?? fallback));
  }
  if (v.kind === 'array') return v.items.flatMap((value) => (value.kind === 'array' || value.kind === 'conditional' || (value.kind === 'unknown' && value.branches) ? withNodes(value, condition, fallback) : [entry(value, condition, fallback)]));
  if (v.kind === 'literal' && !v.value) return [];
  return condition ? [entry(v, condition, fallback)] : [];
}

function entry(value: Value, condition: string | undefined, fallback: Node | undefined): { value: Value; node: Node; condition?: string } {
  return { value, node: nodeOf(value) ?? fallback!, condition };
}

function nodeOf(v: Value): Node | undefined {
  if (v.kind === 'object' || v.kind === 'instance') return v.node;
  if (v.kind === 'class') return v.decl;
  if (v.kind === 'unknown') return v.node;
  return undefined;
}

const nodeIds = new WeakMap<Node, string>();
let nextId = 0;
function keyOf(node: Node): string {
  let id = nodeIds.get(node);
  if (!id) {
    id = `${node.getSourceFile().getFilePath()}:${node.getPos()}:${nextId++}`;
    nodeIds.set(node, id);
  }
  return id;
}

/** RouterModule's flattening (flattenRoutePaths): children inherit the parent's path; a bare module child takes it as is. */
function collectRouterPaths(routes: Value, out: Map<ClassDeclaration, string>, overrides = new Map<Value, string>()): void {
  if (routes.kind !== 'array') return;
  for (const item of routes.items) {
    if (item.kind !== 'object') continue;
    const path = overrides.get(item) ?? asString(item.props.get('path') ?? literal(undefined));
    const mod = unwrapForwardRef(item.props.get('module'));
    if (mod?.kind === 'class' && path) out.set(mod.decl, normalizePath(path));
    const children = item.props.get('children');
    if (children?.kind !== 'array') continue;
    for (const child of children.items) {
      const childPath = child.kind === 'object' ? asString(child.props.get('path') ?? literal(undefined)) : undefined;
      if (child.kind === 'object' && childPath !== undefined) {
        overrides.set(child, normalizePath(normalizePath(path ?? '') + normalizePath(childPath)));
      } else {
        const target = unwrapForwardRef(child);
        if (target?.kind === 'class') out.set(target.decl, normalizePath(path ?? ''));
      }
    }
    collectRouterPaths(children, out, overrides);
  }
}

function unwrapForwardRef(v: Value | undefined): Value | undefined {
  return v?.kind === 'forwardRef' ? v.target : v;
}

/** @nestjs/common's normalizePath. */
export function normalizePath(path: string): string {
  if (!path) return '/';
  return path.startsWith('/') ? ('/' + path.replace(/\/+$/, '')).replace(/\/+/g, '/') : '/' + path.replace(/\/+$/, '');
}
