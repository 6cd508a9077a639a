/**
 * A small static evaluator over ts-morph nodes. It follows names across files (SymbolTable), calls
 * user functions with their arguments bound (composite decorators, `forRoot()`), hands calls into
 * `@nestjs/*` to `nestApi`/`nestConfig`, and reads `process.env` from the app's run environment
 * (never the analysing process's). Depth-bounded; what it cannot know it returns as `unknown`.
 */
import * as path from 'path';
import { Node, SyntaxKind, ts, type BindingElement, type CallExpression, type SourceFile } from 'ts-morph';
import type { RunEnv } from '../project/appEnv';
import { GLOBAL, callArrayMethod, callGlobal, callStringMethod, isGlobalName, typeOf } from './builtins';
import { callOnValue, callPackage, containerGet } from './calls';
import type { ConfigRegistry } from './configRegistry';
import { expandoProperty, findLocalDeclaration } from './declarations';
import { bindName, bindParameters, functionBody, wrapCallResult } from './functions';
import { instanceMember } from './instances';
import { evalObjectLiteral, evalTemplate } from './literals';
import { loadModule } from './moduleLoad';
import { callExternal, memberOfExternal } from './nestApi';
import { configFactoryMember } from './nestConfig';
import { binaryOperation } from './operators';
import { newRunState, runStatements } from './statements';
import type { Binding, SymbolTable } from './symbols';
import { abbreviate, enumMemberValue, functionName } from './syntax';
import { addEnvRead, addNote, mergeTrace, newTrace, type EvalNote, type Trace } from './trace';
import { EMPTY_ENV, asString, literal, truthy, unknown, type Env, type Value } from './values';

const MAX_DEPTH = 40;
/** Spreads, `flat`, `concat` and `+` can double a value per line: past these sizes it is not expanded. */
const MAX_ITEMS = 10_000;
const MAX_STRING = 1_000_000;

function bounded(v: Value, node: Node): Value {
  if (v.kind === 'array' && v.items.length > MAX_ITEMS) return unknown(`an array of ${v.items.length} items, more than the analysis expands (${MAX_ITEMS})`, node);
  if (v.kind === 'literal' && typeof v.value === 'string' && v.value.length > MAX_STRING) return unknown(`a string of ${v.value.length} characters, more than the analysis keeps (${MAX_STRING})`, node);
  return v;
}
export const EMPTY_RUN: RunEnv = { vars: new Map(), cwd: '/' };
/**
 * What an optional chain gives once a `?.` met null or undefined: the rest of the chain is skipped
 * (`env.X?.split(',').includes('a')` is undefined). Its identity tells a skip from a plain undefined,
 * whose member call would throw.
 */
const SHORT_CIRCUIT: Value = { kind: 'literal', value: undefined };

export class Evaluator {
  /** Values of declarations, with what each one was computed from (files, env reads, notes). */
  private readonly declCache = new Map<Node, { value: Value; trace: Trace }>();
  /** Traces of the declarations being evaluated, innermost last. */
  private readonly frames: Trace[] = [];
  /** Everything read during the current link (env variables and notes are reported from it). */
  private linkTrace = newTrace();
  private readonly inProgress = new Set<Node>();
  /** What `ConfigService` holds, once the module scan found the ConfigModule calls (set by the linker). */
  config: ConfigRegistry | undefined;

  constructor(
    readonly symbols: SymbolTable,
    readonly run: RunEnv = EMPTY_RUN,
  ) {}

  clear(): void {
    this.declCache.clear();
    this.inProgress.clear();
    this.linkTrace = newTrace();
  }

  /** Forget every value computed from this file. */
  invalidate(file: string): void {
    for (const [node, entry] of this.declCache) if (entry.trace.deps.has(file)) this.declCache.delete(node);
  }

  /** Start of a link: env reads and notes are collected anew (cached values replay theirs). */
  beginLink(): void {
    this.linkTrace = newTrace();
    this.config = undefined;
  }

  /** Environment variables read during this link, with the reads that asked. */
  envReads(): ReadonlyMap<string, ReadonlySet<Node>> {
    return this.linkTrace.env;
  }

  /** Notes of this link (branches skipped for a missing package, modules a condition left out, …). */
  notes(): EvalNote[] {
    return [...this.linkTrace.notes.values()];
  }

  private get trace(): Trace {
    return this.frames[this.frames.length - 1] ?? this.linkTrace;
  }

  private get currentDeps(): Set<string> | undefined {
    return this.frames[this.frames.length - 1]?.deps;
  }

  /** `process.env[name]` as the app sees it. */
  readEnv(name: string, node: Node): Value {
    // Recorded in the innermost frame only: each frame is merged into the one below it when it ends.
    addEnvRead(this.trace, name, node);
    const value = this.run.vars.get(name);
    // dotenvx keeps encrypted values in the file: only the running app, with its private key, has the value.
    if (value?.startsWith('encrypted:')) return unknown(`process.env.${name} is encrypted (dotenvx): its value is only known at run time`, node);
    return value === undefined ? literal(undefined) : literal(value);
  }

  note(note: EvalNote): void {
    addNote(this.trace, note);
  }

  /** Run `fn` in a frame of its own and return what it read, to be replayed where its result is reused. */
  capture<T>(fn: () => T): { value: T; trace: Trace } {
    const trace = newTrace();
    this.frames.push(trace);
    let value: T;
    try {
      value = fn();
    } finally {
      this.frames.pop();
    }
    this.replay(trace);
    return { value, trace };
  }

  replay(trace: Trace): void {
    // The link's own trace keeps env reads and notes; the files read matter only to cached entries.
    mergeTrace(this.trace, trace, this.trace !== this.linkTrace);
  }

  eval(node: Node | undefined, env: Env = EMPTY_ENV, depth = 0): Value {
    if (!node) return literal(undefined);
    if (depth > MAX_DEPTH) return unknown('expression nests too deeply to follow', node);
    return bounded(this.evalNode(node, env, depth + 1), node);
  }

  private evalNode(node: Node, env: Env, d: number): Value {
    switch (node.getKind()) {
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
        return literal((node as unknown as { getLiteralValue(): string }).getLiteralValue());
      case SyntaxKind.NumericLiteral:
        return literal(Number(node.getText()));
      case SyntaxKind.TrueKeyword:
        return literal(true);
      case SyntaxKind.FalseKeyword:
        return literal(false);
      case SyntaxKind.NullKeyword:
        return literal(null);
      case SyntaxKind.ThisKeyword:
        return env.get('this') ?? unknown('`this` is only known at run time', node);
      case SyntaxKind.Identifier:
        return named(this.evalIdentifier(node, env, d), node, env);
      case SyntaxKind.RegularExpressionLiteral: {
        const text = node.getText();
        const slash = text.lastIndexOf('/');
        return { kind: 'regex', source: text.slice(1, slash), flags: text.slice(slash + 1) };
      }
      case SyntaxKind.TypeOfExpression: {
        const operand = node.asKindOrThrow(SyntaxKind.TypeOfExpression).getExpression();
        // `typeof __DEV__` of a name declared nowhere (a bundler define) is 'undefined' when the app runs.
        if (Node.isIdentifier(operand) && this.isUndeclared(operand, env)) return literal('undefined');
        return typeOf(this.eval(operand, env, d));
      }
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.SatisfiesExpression:
      case SyntaxKind.TypeAssertionExpression:
      case SyntaxKind.AwaitExpression:
      case SyntaxKind.ExpressionWithTypeArguments:
        return this.eval((node as unknown as { getExpression(): Node }).getExpression(), env, d);
      case SyntaxKind.TemplateExpression:
        return evalTemplate(node, env, (n, e) => this.eval(n, e, d));
      case SyntaxKind.ArrayLiteralExpression:
        return { kind: 'array', items: this.evalList(node.asKindOrThrow(SyntaxKind.ArrayLiteralExpression).getElements(), env, d) };
      case SyntaxKind.ObjectLiteralExpression:
        return evalObjectLiteral(node, env, (n, e) => this.eval(n, e, d));
      case SyntaxKind.ConditionalExpression:
        return this.evalConditional(node, env, d);
      case SyntaxKind.BinaryExpression:
        return this.evalBinary(node, env, d);
      case SyntaxKind.PrefixUnaryExpression:
        return this.evalPrefix(node, env, d);
      case SyntaxKind.PropertyAccessExpression: {
        const pa = node.asKindOrThrow(SyntaxKind.PropertyAccessExpression);
        const obj = this.eval(pa.getExpression(), env, d);
        if (skipsRest(obj, pa)) return SHORT_CIRCUIT;
        return named(this.member(obj, pa.getName(), node, d), node, env);
      }
      case SyntaxKind.ElementAccessExpression: {
        const ea = node.asKindOrThrow(SyntaxKind.ElementAccessExpression);
        const obj = this.eval(ea.getExpression(), env, d);
        if (skipsRest(obj, ea)) return SHORT_CIRCUIT;
        const key = this.eval(ea.getArgumentExpression(), env, d);
        if (obj.kind === 'array' && key.kind === 'literal' && typeof key.value === 'number') return obj.items[key.value] ?? literal(undefined);
        const name = asString(key);
        return name === undefined ? unknown(`computed member \`${node.getText()}\``, node) : this.member(obj, name, node, d);
      }
      case SyntaxKind.CallExpression:
        return this.evalCall(node, env, d);
      case SyntaxKind.NewExpression: {
        const ne = node.asKindOrThrow(SyntaxKind.NewExpression);
        const of = this.eval(ne.getExpression(), env, d);
        if (of.kind === 'external' && of.module === '@nestjs/config' && of.name === 'ConfigService') return { kind: 'configService', injected: false };
        return { kind: 'instance', of, node, args: this.evalList(ne.getArguments(), env, d), fields: new Map() };
      }
      case SyntaxKind.ArrowFunction:
      case SyntaxKind.FunctionExpression:
        return { kind: 'function', node, name: functionName(node), env };
      case SyntaxKind.ClassExpression:
        return unknown('class expression', node);
      default:
        return unknown(`unsupported expression \`${abbreviate(node.getText())}\``, node);
    }
  }

  /** Evaluate a list of arguments or array elements, flattening spreads. */
  evalList(nodes: Node[], env: Env, depth: number): Value[] {
    const out: Value[] = [];
    for (const n of nodes) {
      if (Node.isSpreadElement(n)) {
        const v = this.eval(n.getExpression(), env, depth);
        if (v.kind === 'array') out.push(...v.items);
        else if (v.kind === 'literal' && (v.value === undefined || v.value === null)) continue;
        else out.push(v.kind === 'unknown' ? v : unknown(`spread of a non-array \`${n.getText()}\``, n));
      } else if (n.getKind() === SyntaxKind.OmittedExpression) {
        out.push(literal(undefined));
      } else {
        out.push(this.eval(n, env, depth));
      }
    }
    return out;
  }

  /** The value a binding (from SymbolTable) stands for. */
  bindingValue(binding: Binding | undefined, name: string, at: Node, depth: number): Value {
    if (!binding) return unknown(`'${name}' is not declared in this file`, at);
    switch (binding.kind) {
      case 'external':
        return { kind: 'external', module: binding.module, name: binding.name };
      case 'namespaceExternal':
        return { kind: 'external', module: binding.module, name: '*' };
      case 'namespace':
        return { kind: 'namespace', file: binding.file };
      case 'missing':
        return unknown(binding.reason, at);
      case 'decl':
        return this.declarationValue(binding.node, depth);
    }
  }

  declarationValue(decl: Node, depth: number): Value {
    if (Node.isClassDeclaration(decl)) return { kind: 'class', decl, name: decl.getName() ?? 'default' };
    if (Node.isFunctionDeclaration(decl)) return { kind: 'function', node: decl, name: decl.getName() ?? 'default', env: EMPTY_ENV };
    if (Node.isEnumDeclaration(decl)) return { kind: 'enum', decl };
    const cached = this.declCache.get(decl);
    if (cached) {
      this.replay(cached.trace);
      return cached.value;
    }
    if (this.inProgress.has(decl)) return unknown('circular definition', decl);
    this.inProgress.add(decl);
    let captured: { value: Value; trace: Trace };
    try {
      captured = this.capture(() => {
        this.currentDeps?.add(decl.getSourceFile().getFilePath());
        if (Node.isVariableDeclaration(decl)) return this.variableValue(decl, depth);
        if (Node.isBindingElement(decl)) return this.bindingElementValue(decl, depth);
        return this.eval(decl, EMPTY_ENV, depth);
      });
    } finally {
      this.inProgress.delete(decl);
    }
    this.declCache.set(decl, captured);
    return captured.value;
  }

  member(obj: Value, name: string, node: Node, depth: number): Value {
    switch (obj.kind) {
      case 'object':
        return obj.props.get(name) ?? literal(undefined);
      case 'array':
        return name === 'length' ? literal(obj.items.length) : unknown(`array member '${name}'`, node);
      case 'literal':
        if (obj.value === undefined || obj.value === null) return literal(undefined); // `options?.x` of an absent option
        return name === 'length' && typeof obj.value === 'string' ? literal(obj.value.length) : unknown(`member '${name}' of a literal`, node);
      case 'namespace':
        return this.bindingValue(this.symbols.exported(obj.file, name, this.currentDeps), name, node, depth);
      case 'external':
        if (obj.module === GLOBAL && obj.name === 'process.env') return this.readEnv(name, node);
        return memberOfExternal(obj, name);
      case 'enum':
        return enumMemberValue(obj.decl, name, node);
      case 'class':
        return this.staticMember(obj, name, node, depth);
      case 'instance':
        return instanceMember(obj, name, node, this, depth);
      case 'configFactory':
        return configFactoryMember(obj, name, node);
      case 'createdDecorator':
        return name === 'KEY' ? literal(obj.key) : unknown(`member '${name}' of a decorator`, node);
      case 'forwardRef':
        return this.member(obj.target, name, node, depth);
      case 'function': {
        const expando = expandoProperty(obj.node, name);
        return expando ? this.eval(expando, EMPTY_ENV, depth) : unknown(`member '${name}' of a function`, node);
      }
      default:
        return obj.kind === 'unknown' ? obj : unknown(`member '${name}' of a ${obj.kind}`, node);
    }
  }

  /** Call a function value with evaluated arguments. */
  callFunction(fn: Extract<Value, { kind: 'function' }>, args: Value[], depth: number): Value {
    const evalIn = (n: Node, e: Env): Value => this.eval(n, e, depth + 1);
    const env = bindParameters(fn.node, args, fn.env, evalIn);
    return functionBody(fn.node, env, {
      eval: evalIn,
      declareClass: (cls, e) => ({ kind: 'class', decl: cls.asKindOrThrow(SyntaxKind.ClassDeclaration), name: cls.asKindOrThrow(SyntaxKind.ClassDeclaration).getName() ?? 'anonymous', env: e }),
      declareFunction: (f, e) => ({ kind: 'function', node: f, name: functionName(f), env: e }),
      note: (n) => this.note(n),
      bind: (nameNode, value, e) => bindName(nameNode, value, e, evalIn),
    });
  }

  /** Call any callable value (used by built-ins such as `map` and `filter` too). */
  invoke(callee: Value, args: Value[], call: CallExpression, depth: number): Value {
    switch (callee.kind) {
      case 'external':
        if (callee.module === GLOBAL && /^Object\.(values|keys|entries)$/.test(callee.name)) return this.objectMethod(callee.name, args[0], call);
        if (callee.module === GLOBAL && callee.name === 'require') return loadModule(args[0], call, this.symbols);
        if (callee.module === GLOBAL && callee.name === 'process.cwd') return literal(this.run.cwd);
        if (callee.module === GLOBAL) return callGlobal(callee.name, args, call);
        return callPackage(callee, args, call, this, depth) ?? callExternal(callee, args, call, this, depth);
      case 'function': {
        const result = this.callFunction(callee, args, depth);
        return wrapCallResult(result, callee.name, call, args);
      }
      case 'configFactory':
        return callee.factory.kind === 'function' ? this.callFunction(callee.factory, args, depth) : unknown(`registerAs('${callee.namespace}') without a factory`, call);
      case 'createdDecorator': {
        // Nest stores `value ?? {}` (after the decorator's `transform`, which is not followed).
        const given = args[0];
        const nullish = !given || (given.kind === 'literal' && (given.value === null || given.value === undefined));
        const value: Value = callee.transformed ? unknown('the decorator transforms its value', call) : nullish ? { kind: 'object', props: new Map(), node: call } : given;
        return {
          kind: 'decorator',
          effects: [{ type: 'metadata', key: callee.key, keyText: callee.name, value, via: [], node: call, decorator: callee.name }],
        };
      }
      case 'unknown':
        return callee;
      default:
        return unknown(`call of a ${callee.kind} \`${abbreviate(call.getText())}\``, call);
    }
  }

  /** Declared nowhere, or only ambiently (`declare const __DEV__: boolean`): nothing defines it at run time. */
  private isUndeclared(id: Node, env: Env): boolean {
    const name = id.getText();
    if (env.has(name) || findLocalDeclaration(id, name) || isGlobalName(name)) return false;
    const binding = this.symbols.lookup(id.getSourceFile(), name, this.currentDeps);
    if (!binding) return true;
    return binding.kind === 'decl' && Node.isVariableDeclaration(binding.node) && Boolean(binding.node.getVariableStatement()?.hasDeclareKeyword());
  }

  private evalIdentifier(node: Node, env: Env, depth: number): Value {
    const name = node.getText();
    if (name === 'undefined') return literal(undefined);
    const bound = env.get(name);
    if (bound) return bound;
    const local = findLocalDeclaration(node, name);
    if (local === 'parameter') return unknown(`'${name}' is a parameter whose value is only known at run time`, node);
    if (local) return this.declarationValue(local, depth);
    const sf: SourceFile = node.getSourceFile();
    const binding = this.symbols.lookup(sf, name, this.currentDeps);
    if (!binding && (name === '__dirname' || name === '__filename')) {
      // The source file's folder stands for the compiled file's: the layout below the root is usually the same.
      return literal(name === '__dirname' ? path.dirname(sf.getFilePath()) : sf.getFilePath());
    }
    if (!binding && isGlobalName(name)) return { kind: 'external', module: GLOBAL, name };
    return this.bindingValue(binding, name, node, depth);
  }

  /** `const { a, b: c = 1 } = expr` / `const [x] = expr`: the element's part of the initializer. */
  private bindingElementValue(el: BindingElement, depth: number): Value {
    const pattern = el.getParent();
    const owner = pattern.getParent();
    const source = Node.isVariableDeclaration(owner)
      ? this.eval(owner.getInitializer(), EMPTY_ENV, depth)
      : Node.isBindingElement(owner)
        ? this.bindingElementValue(owner, depth)
        : unknown('destructured parameter', el);
    let v: Value;
    if (Node.isArrayBindingPattern(pattern)) {
      const index = pattern.getElements().indexOf(el);
      v = source.kind === 'array' ? (source.items[index] ?? literal(undefined)) : unknown(`destructured '${el.getName()}'`, el);
    } else {
      const key = el.getPropertyNameNode()?.getText() ?? el.getName();
      v = this.member(source, key, el, depth);
    }
    const init = el.getInitializer();
    return v.kind === 'literal' && v.value === undefined && init ? this.eval(init, EMPTY_ENV, depth) : v;
  }

  private variableValue(decl: Node & { getInitializer(): Node | undefined; getName(): string }, depth: number): Value {
    const init = decl.getInitializer();
    if (!init) return unknown(`'${decl.getName()}' has no initializer`, decl);
    // `const Roles = Reflector.createDecorator<string[]>({ key? })`: the key is random unless given.
    if (Node.isCallExpression(init)) {
      const callee = this.eval(init.getExpression(), EMPTY_ENV, depth);
      if (callee.kind === 'external' && callee.name === 'Reflector.createDecorator') {
        const options = this.eval(init.getArguments()[0], EMPTY_ENV, depth);
        const given = options.kind === 'object' ? asString(options.props.get('key') ?? literal(undefined)) : undefined;
        const transformed = options.kind === 'object' && options.props.has('transform');
        return { kind: 'createdDecorator', key: given ?? `createDecorator:${decl.getName()}`, name: decl.getName(), node: decl, ...(transformed ? { transformed } : {}) };
      }
    }
    const value = this.eval(init, EMPTY_ENV, depth);
    return value.kind === 'array' ? this.topLevelMutations(decl, value, depth) : value;
  }

  /** `const modules = [A]; if (x) modules.push(B);` at the top of a file: the list as `@Module` sees it. */
  private topLevelMutations(decl: Node & { getName(): string }, value: Value, depth: number): Value {
    const statement = decl.getParent()?.getParent();
    const file = statement?.getParent();
    if (!statement || !file || !Node.isSourceFile(file) || !Node.isVariableStatement(statement)) return value;
    const name = decl.getName();
    if (!file.getFullText().includes(`${name}.push`) && !file.getFullText().includes(`${name}.unshift`) && !file.getFullText().includes(`${name} =`)) return value;
    const after = file.getStatements().slice(statement.getChildIndex() + 1);
    const env = new Map<string, Value>([[name, value]]);
    const evalIn = (n: Node, e: Env): Value => this.eval(n, e, depth + 1);
    runStatements(after, newRunState(env, true), {
      eval: evalIn,
      declareClass: () => literal(undefined),
      declareFunction: () => literal(undefined),
      note: (n) => this.note(n),
      bind: (nameNode, v, e) => bindName(nameNode, v, e, evalIn),
    });
    return env.get(name) ?? value;
  }

  private evalCall(node: Node, env: Env, depth: number): Value {
    const call = node.asKindOrThrow(SyntaxKind.CallExpression);
    const calleeNode = call.getExpression();
    const args = this.evalList(call.getArguments(), env, depth);
    if (calleeNode.getKind() === SyntaxKind.ImportKeyword) return loadModule(args[0], call, this.symbols);
    if (Node.isPropertyAccessExpression(calleeNode)) {
      const method = calleeNode.getName();
      // `app.get(ConfigService)`, `app.get(appConfig.KEY)`, `app.get(AppConfigService)`: what the container hands out.
      const fromContainer = method === 'get' || method === 'resolve' ? containerGet(args[0], args.length, this, depth) : undefined;
      if (fromContainer) return fromContainer;
      // Evaluate the receiver once: re-evaluating it through the callee would make `a.b().c().d()` chains exponential.
      const target = this.eval(calleeNode.getExpression(), env, depth);
      if (skipsRest(target, calleeNode)) return SHORT_CIRCUIT;
      const invoke = (fn: Value, fnArgs: Value[]): Value => this.invoke(fn, fnArgs, call, depth);
      if (target.kind === 'array') return callArrayMethod(target, method, args, call, invoke);
      if (target.kind === 'literal' && typeof target.value === 'string') return callStringMethod(target.value, method, args, call);
      const special = callOnValue(target, method, args, call, this, depth);
      if (special) return special;
      return this.invoke(this.member(target, method, calleeNode, depth), args, call, depth);
    }
    const callee = this.eval(calleeNode, env, depth);
    if (skipsRest(callee, call)) return SHORT_CIRCUIT;
    return this.invoke(callee, args, call, depth);
  }

  /** `Object.values(ns)` of a module namespace or an object literal, in export/property order. */
  private objectMethod(name: string, target: Value | undefined, node: Node): Value {
    let entries: Array<[string, Value]>;
    if (target?.kind === 'object') entries = [...target.props];
    else if (target?.kind === 'namespace') {
      entries = this.symbols.exportNames(target.file).map((n) => [n, this.bindingValue(this.symbols.exported(target.file, n, this.currentDeps), n, node, 0)]);
    } else return unknown(`${name} of a ${target?.kind ?? 'missing value'}`, node);
    if (name === 'Object.keys') return { kind: 'array', items: entries.map(([k]) => literal(k)) };
    if (name === 'Object.values') return { kind: 'array', items: entries.map(([, v]) => v) };
    return { kind: 'array', items: entries.map(([k, v]) => ({ kind: 'array', items: [literal(k), v] })) };
  }

  /** `c ? a : b`: one side when `c` is known, else both, so a module list can follow each. */
  private evalConditional(node: Node, env: Env, depth: number): Value {
    const c = node.asKindOrThrow(SyntaxKind.ConditionalExpression);
    const cond = truthy(this.eval(c.getCondition(), env, depth));
    if (cond !== undefined) return this.eval(cond ? c.getWhenTrue() : c.getWhenFalse(), env, depth);
    const condition = abbreviate(c.getCondition().getText(), 80);
    const values = [this.eval(c.getWhenTrue(), env, depth), this.eval(c.getWhenFalse(), env, depth)];
    return { kind: 'unknown', reason: `depends on the run-time condition \`${condition}\``, node, branches: { condition, values } };
  }

  private evalPrefix(node: Node, env: Env, depth: number): Value {
    const p = node.asKindOrThrow(SyntaxKind.PrefixUnaryExpression);
    const v = this.eval(p.getOperand(), env, depth);
    if (p.getOperatorToken() === SyntaxKind.ExclamationToken) {
      const t = truthy(v);
      return t === undefined ? unknown('negation of an unknown value', node) : literal(!t);
    }
    if (p.getOperatorToken() === SyntaxKind.MinusToken && v.kind === 'literal' && typeof v.value === 'number') return literal(-v.value);
    if (p.getOperatorToken() === SyntaxKind.PlusToken && v.kind === 'literal') return literal(Number(v.value));
    return unknown(`unsupported operator in \`${node.getText()}\``, node);
  }

  private evalBinary(node: Node, env: Env, depth: number): Value {
    const b = node.asKindOrThrow(SyntaxKind.BinaryExpression);
    const op = b.getOperatorToken().getKind();
    const left = this.eval(b.getLeft(), env, depth);
    if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) {
      const t = truthy(left);
      if (t === undefined) {
        const condition = abbreviate(b.getLeft().getText(), 80);
        const reason = `depends on the run-time value \`${condition}\``;
        // `cond && Module` in a list: the module is there when cond holds.
        if (op === SyntaxKind.AmpersandAmpersandToken) return { kind: 'unknown', reason, node, branches: { condition, values: [this.eval(b.getRight(), env, depth), literal(false)] } };
        return unknown(reason, node);
      }
      const takeLeft = op === SyntaxKind.AmpersandAmpersandToken ? !t : t;
      return takeLeft ? left : this.eval(b.getRight(), env, depth);
    }
    if (op === SyntaxKind.QuestionQuestionToken) {
      if (left.kind === 'unknown') return left;
      return left.kind === 'literal' && (left.value === null || left.value === undefined) ? this.eval(b.getRight(), env, depth) : left;
    }
    return binaryOperation(op, left, this.eval(b.getRight(), env, depth), node);
  }

  private staticMember(cls: Extract<Value, { kind: 'class' }>, name: string, node: Node, depth: number): Value {
    const decl = cls.decl;
    const method = decl.getStaticMethod(name);
    if (method) return { kind: 'function', node: method, name: `${decl.getName() ?? 'class'}.${name}`, env: cls.env ?? EMPTY_ENV };
    const prop = decl.getStaticProperty(name);
    if (prop && Node.isPropertyDeclaration(prop)) return this.eval(prop.getInitializer(), cls.env ?? EMPTY_ENV, depth);
    // Function.prototype.name: `SomeRepository.name` is the class's own name, not its base's.
    if (name === 'name' && decl.getName()) return literal(decl.getName());
    const base = decl.getExtends();
    if (base) return this.member(this.eval(base.getExpression(), cls.env ?? EMPTY_ENV, depth), name, node, depth);
    return unknown(`'${decl.getName()}' has no static member '${name}'`, node);
  }
}

/** `x?.m` with x null or undefined, or a later link of a chain an earlier `?.` already skipped. */
function skipsRest(receiver: Value, link: Node): boolean {
  if (receiver === SHORT_CIRCUIT) return (link.compilerNode.flags & ts.NodeFlags.OptionalChain) !== 0;
  const nullish = receiver.kind === 'literal' && (receiver.value === undefined || receiver.value === null);
  return nullish && (link as Node & { hasQuestionDotToken?(): boolean }).hasQuestionDotToken?.() === true;
}

/**
 * A string or number read through a name (`ROLES.ADMIN`, `ADMIN`) keeps the name for labels; a
 * name bound in the function being called (a parameter) passes on the caller's value as it is.
 */
function named(v: Value, node: Node, env: Env): Value {
  if (v.kind !== 'literal' || v.source || (typeof v.value !== 'string' && typeof v.value !== 'number')) return v;
  const root = node.getText().split('.')[0];
  if (env.has(root) || /^process\b/.test(root)) return v;
  return { ...v, source: abbreviate(node.getText(), 60) };
}
