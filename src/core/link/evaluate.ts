/**
 * A small static evaluator over ts-morph nodes. It follows names across files (SymbolTable), calls
 * user functions with their arguments bound (composite decorators, `forRoot()`), and hands calls
 * into `@nestjs/*` to `nestApi`. Depth-bounded; what it cannot know it returns as `unknown`.
 */
import { Node, SyntaxKind, type BindingElement, type CallExpression, type SourceFile } from 'ts-morph';
import { GLOBAL, callArrayMethod, callGlobal, callStringMethod, isGlobalName, typeOf } from './builtins';
import { callExternal, memberOfExternal } from './nestApi';
import type { Binding, SymbolTable } from './symbols';
import { EMPTY_ENV, asString, literal, truthy, unknown, type Env, type Value } from './values';
import { bindParameters, functionBody, wrapCallResult } from './functions';
import { findLocalDeclaration } from './declarations';
import { evalObjectLiteral, evalTemplate } from './literals';
import { binaryOperation } from './operators';
import { abbreviate, enumMemberValue, functionName } from './syntax';

const MAX_DEPTH = 40;

export class Evaluator {
  /** Values of declarations, with the files each one was computed from (for invalidation). */
  private readonly declCache = new Map<Node, { value: Value; deps: Set<string> }>();
  /** Files read by the declarations being evaluated, innermost last. */
  private readonly reading: Array<Set<string>> = [];
  /** `process.env` names read while evaluating (each taken as unset). */
  readonly assumedUnsetEnv = new Set<string>();
  private readonly inProgress = new Set<Node>();

  constructor(readonly symbols: SymbolTable) {}

  clear(): void {
    this.declCache.clear();
    this.inProgress.clear();
    this.assumedUnsetEnv.clear();
  }

  /** Forget every value computed from this file. */
  invalidate(file: string): void {
    for (const [node, entry] of this.declCache) if (entry.deps.has(file)) this.declCache.delete(node);
  }

  /** Start of a link: the env assumptions are collected anew (cached values stay). */
  beginLink(): void {
    this.assumedUnsetEnv.clear();
  }

  private get currentDeps(): Set<string> | undefined {
    return this.reading[this.reading.length - 1];
  }

  eval(node: Node | undefined, env: Env = EMPTY_ENV, depth = 0): Value {
    if (!node) return literal(undefined);
    if (depth > MAX_DEPTH) return unknown('expression nests too deeply to follow', node);
    const d = depth + 1;
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
      case SyntaxKind.Identifier:
        return this.evalIdentifier(node, env, d);
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
        return this.eval((node as unknown as { getExpression(): Node }).getExpression(), env, d);
      case SyntaxKind.TemplateExpression:
        return evalTemplate(node, env, (n, e) => this.eval(n, e, d));
      case SyntaxKind.ArrayLiteralExpression:
        return { kind: 'array', items: this.evalList(node.asKindOrThrow(SyntaxKind.ArrayLiteralExpression).getElements(), env, d) };
      case SyntaxKind.ObjectLiteralExpression:
        return evalObjectLiteral(node, env, (n, e) => this.eval(n, e, d));
      case SyntaxKind.ConditionalExpression: {
        const c = node.asKindOrThrow(SyntaxKind.ConditionalExpression);
        const cond = truthy(this.eval(c.getCondition(), env, d));
        if (cond === undefined) return unknown(`depends on the run-time condition \`${c.getCondition().getText()}\``, node);
        return this.eval(cond ? c.getWhenTrue() : c.getWhenFalse(), env, d);
      }
      case SyntaxKind.BinaryExpression:
        return this.evalBinary(node, env, d);
      case SyntaxKind.PrefixUnaryExpression: {
        const p = node.asKindOrThrow(SyntaxKind.PrefixUnaryExpression);
        const v = this.eval(p.getOperand(), env, d);
        if (p.getOperatorToken() === SyntaxKind.ExclamationToken) {
          const t = truthy(v);
          return t === undefined ? unknown('negation of an unknown value', node) : literal(!t);
        }
        if (p.getOperatorToken() === SyntaxKind.MinusToken && v.kind === 'literal' && typeof v.value === 'number') return literal(-v.value);
        return unknown(`unsupported operator in \`${node.getText()}\``, node);
      }
      case SyntaxKind.PropertyAccessExpression: {
        const pa = node.asKindOrThrow(SyntaxKind.PropertyAccessExpression);
        return this.member(this.eval(pa.getExpression(), env, d), pa.getName(), node, d);
      }
      case SyntaxKind.ElementAccessExpression: {
        const ea = node.asKindOrThrow(SyntaxKind.ElementAccessExpression);
        const key = this.eval(ea.getArgumentExpression(), env, d);
        const obj = this.eval(ea.getExpression(), env, d);
        if (obj.kind === 'array' && key.kind === 'literal' && typeof key.value === 'number') return obj.items[key.value] ?? literal(undefined);
        const name = asString(key);
        return name === undefined ? unknown(`computed member \`${node.getText()}\``, node) : this.member(obj, name, node, d);
      }
      case SyntaxKind.CallExpression:
        return this.evalCall(node, env, d);
      case SyntaxKind.NewExpression: {
        const ne = node.asKindOrThrow(SyntaxKind.NewExpression);
        return { kind: 'instance', of: this.eval(ne.getExpression(), env, d), node };
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
      cached.deps.forEach((d) => this.currentDeps?.add(d));
      return cached.value;
    }
    if (this.inProgress.has(decl)) return unknown('circular definition', decl);
    this.inProgress.add(decl);
    const deps = new Set<string>([decl.getSourceFile().getFilePath()]);
    this.reading.push(deps);
    let value: Value;
    try {
      if (Node.isVariableDeclaration(decl)) {
        value = this.variableValue(decl, depth);
      } else if (Node.isBindingElement(decl)) {
        value = this.bindingElementValue(decl, depth);
      } else {
        value = this.eval(decl, EMPTY_ENV, depth);
      }
    } finally {
      this.inProgress.delete(decl);
      this.reading.pop();
    }
    this.declCache.set(decl, { value, deps });
    deps.forEach((d) => this.currentDeps?.add(d));
    return value;
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
        if (obj.module === GLOBAL && obj.name === 'process.env') {
          // The analysis reads the app as it starts with no environment set; the host shows the assumption.
          this.assumedUnsetEnv.add(name);
          return literal(undefined);
        }
        return memberOfExternal(obj, name);
      case 'enum':
        return enumMemberValue(obj.decl, name, node);
      case 'class':
        return this.staticMember(obj.decl, name, node, depth);
      case 'createdDecorator':
        return name === 'KEY' ? literal(obj.key) : unknown(`member '${name}' of a decorator`, node);
      case 'forwardRef':
        return this.member(obj.target, name, node, depth);
      default:
        return obj.kind === 'unknown' ? obj : unknown(`member '${name}' of a ${obj.kind}`, node);
    }
  }

  /** Call a function value with evaluated arguments. */
  callFunction(fn: Extract<Value, { kind: 'function' }>, args: Value[], depth: number): Value {
    const env = bindParameters(fn.node, args, fn.env, (n, e) => this.eval(n, e, depth + 1));
    return functionBody(fn.node, env, {
      eval: (n, e) => this.eval(n, e, depth + 1),
      declareClass: (cls, env) => ({ kind: 'class', decl: cls, name: cls.getName() ?? 'anonymous', env }),
    });
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
    return this.eval(init, EMPTY_ENV, depth);
  }

  private evalCall(node: Node, env: Env, depth: number): Value {
    const call = node.asKindOrThrow(SyntaxKind.CallExpression);
    const calleeNode = call.getExpression();
    const args = this.evalList(call.getArguments(), env, depth);
    if (Node.isPropertyAccessExpression(calleeNode)) {
      // Evaluate the receiver once: re-evaluating it through the callee would make `a.b().c().d()` chains exponential.
      const target = this.eval(calleeNode.getExpression(), env, depth);
      const method = calleeNode.getName();
      const invoke = (fn: Value, fnArgs: Value[]): Value => this.invoke(fn, fnArgs, call, depth);
      if (target.kind === 'array') return callArrayMethod(target, method, args, call, invoke);
      if (target.kind === 'literal' && typeof target.value === 'string') return callStringMethod(target.value, method, args, call);
      return this.invoke(this.member(target, method, calleeNode, depth), args, call, depth);
    }
    const callee = this.eval(calleeNode, env, depth);
    return this.invoke(callee, args, call, depth);
  }

  /** Call any callable value (used by built-ins such as `map` and `filter` too). */
  private invoke(callee: Value, args: Value[], call: CallExpression, depth: number): Value {
    switch (callee.kind) {
      case 'external':
        if (callee.module === GLOBAL && /^Object\.(values|keys|entries)$/.test(callee.name)) return this.objectMethod(callee.name, args[0], call);
        if (callee.module === GLOBAL) return callGlobal(callee.name, args, call);
        return callExternal(callee, args, call, this, depth);
      case 'function': {
        const result = this.callFunction(callee, args, depth);
        return wrapCallResult(result, callee.name, call, args);
      }
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

  private evalBinary(node: Node, env: Env, depth: number): Value {
    const b = node.asKindOrThrow(SyntaxKind.BinaryExpression);
    const op = b.getOperatorToken().getKind();
    const left = this.eval(b.getLeft(), env, depth);
    if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) {
      const t = truthy(left);
      if (t === undefined) return unknown(`depends on the run-time value \`${b.getLeft().getText()}\``, node);
      const takeLeft = op === SyntaxKind.AmpersandAmpersandToken ? !t : t;
      return takeLeft ? left : this.eval(b.getRight(), env, depth);
    }
    if (op === SyntaxKind.QuestionQuestionToken) {
      if (left.kind === 'unknown') return left;
      return left.kind === 'literal' && (left.value === null || left.value === undefined) ? this.eval(b.getRight(), env, depth) : left;
    }
    return binaryOperation(op, left, this.eval(b.getRight(), env, depth), node);
  }

  private staticMember(cls: Node, name: string, node: Node, depth: number): Value {
    const decl = cls.asKindOrThrow(SyntaxKind.ClassDeclaration);
    const method = decl.getStaticMethod(name);
    if (method) return { kind: 'function', node: method, name: `${decl.getName() ?? 'class'}.${name}`, env: EMPTY_ENV };
    const prop = decl.getStaticProperty(name);
    if (prop && Node.isPropertyDeclaration(prop)) return this.eval(prop.getInitializer(), EMPTY_ENV, depth);
    // Function.prototype.name: `SomeRepository.name` is the class's own name, not its base's.
    if (name === 'name' && decl.getName()) return literal(decl.getName());
    const base = decl.getExtends();
    if (base) return this.member(this.eval(base.getExpression(), EMPTY_ENV, depth), name, node, depth);
    return unknown(`'${decl.getName()}' has no static member '${name}'`, node);
  }
}
