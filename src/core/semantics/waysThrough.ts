/**
 * The ways a guard's `canActivate` (or an interceptor's `intercept`) lets a request through, each with
 * the conditions known to hold on it. Statements are walked path by path: an `if` forks (or is
 * decided when its condition is a constant: `typeof 'text' === 'string'`, an object compared with a
 * string), `throw` and `return false` end a path, a helper the caller names (`this.check(req)`, a
 * function of the project) is followed and forks the caller once per value it can return. Loops run
 * zero or one time; a `catch` is entered from the state before its `try`. Bounded: past the limits
 * the result says it is incomplete, never that a way does not exist.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration } from 'ts-morph';
import { unwrap } from './ast';
import { EMPTY_ENV, lexicalDecl, withCall, withDecl, type Binding, type Env } from './symbolic';
import { constantTruth } from './constantTruth';

/** A condition that holds (or does not) on a way; `caught` marks a way through a `catch`. */
export type Fact = { node: Node; env: Env; holds: boolean } | { caught: true };

export interface Way {
  /** The `return` (or `next.handle()` call) that lets the request through. */
  at: Node;
  facts: Fact[];
  /** Statements run on the way (a property read of an absent certificate field throws there). */
  executed: { node: Node; env: Env }[];
  /** `super.canActivate(...)` or another guard decides this way. */
  delegated?: string;
}

export interface WaysResult {
  ways: Way[];
  /** False when a limit was reached: some way may be missing. */
  complete: boolean;
}

export type FunctionLike = Node & { getBody(): Node | undefined; getParameters(): Node[] };

export interface WayOptions {
  /** The classes whose methods `this.x()` / `super.x()` may call, most derived first. */
  classes: ClassDeclaration[];
  /** Follows a called name to its declaration in the project. */
  resolve?: (id: Node) => Node | undefined;
  /** `guard`: a truthy return lets through; `interceptor`: reaching `next.handle()` does. */
  mode: 'guard' | 'interceptor';
  /** Whether to follow a helper (it reads what the caller cares about, or may throw). */
  follow(fn: FunctionLike): boolean;
}

interface State {
  env: Env;
  facts: Fact[];
  executed: { node: Node; env: Env }[];
}

type Item = Node | { loopEnd: true };
interface Alternative { value: Binding | undefined; state: State }

const MAX_WAYS = 400;
const MAX_DEPTH = 4;

class Walker {
  private budget = MAX_WAYS * 4;
  complete = true;

  constructor(private readonly o: WayOptions) {}

  /** Every way out of `body`: through `onReturn` for each return, and `onEnd` when the body ends. */
  run(items: Item[], st: State, out: Outcomes, depth: number): void {
    if (--this.budget < 0) {
      this.complete = false;
      return;
    }
    const [first, ...rest] = items;
    if (first === undefined) return out.end(st);
    if (!(first instanceof Node)) return this.run(rest, st, out, depth);
    const n = first;
    if (Node.isBlock(n)) return this.run([...n.getStatements(), ...rest], st, out, depth);
    if (Node.isIfStatement(n)) return this.ifStatement(n, rest, st, out, depth);
    if (Node.isReturnStatement(n)) return out.ret(n, n.getExpression(), this.exec(n, st), depth);
    if (Node.isThrowStatement(n)) return;
    if (Node.isVariableStatement(n)) return this.declarations(n.getDeclarations(), rest, this.exec(n, st), out, depth);
    if (Node.isExpressionStatement(n)) return this.expression(n, rest, st, out, depth);
    if (Node.isTryStatement(n)) {
      const fin = n.getFinallyBlock();
      const tail = fin ? [fin, ...rest] : rest;
      this.run([n.getTryBlock(), ...tail], st, out, depth);
      const c = n.getCatchClause();
      if (c) this.run([c.getBlock(), ...tail], { ...st, facts: [...st.facts, { caught: true }] }, out, depth);
      return;
    }
    if (Node.isForOfStatement(n) || Node.isForInStatement(n) || Node.isForStatement(n) || Node.isWhileStatement(n) || Node.isDoStatement(n)) {
      return this.loop(n, rest, st, out, depth);
    }
    if (Node.isBreakStatement(n) || Node.isContinueStatement(n)) return this.run(afterLoop(rest), st, out, depth);
    if (Node.isSwitchStatement(n)) {
      for (const clause of n.getClauses()) this.run([...clause.getStatements(), { loopEnd: true }, ...rest], st, out, depth);
      if (!n.getClauses().some((c) => Node.isDefaultClause(c))) this.run(rest, st, out, depth);
      return;
    }
    if (Node.isFunctionDeclaration(n) || Node.isClassDeclaration(n) || Node.isInterfaceDeclaration(n) || Node.isTypeAliasDeclaration(n)) {
      return this.run(rest, st, out, depth);
    }
    return this.run(rest, this.exec(n, st), out, depth);
  }

  private exec(n: Node, st: State): State {
    return { ...st, executed: [...st.executed, { node: n, env: st.env }] };
  }

  private ifStatement(n: Node & { getExpression(): Node; getThenStatement(): Node; getElseStatement(): Node | undefined }, rest: Item[], st: State, out: Outcomes, depth: number): void {
    const cond = n.getExpression();
    this.forkCalls(cond, st, depth, (s) => {
      const known = constantTruth(cond, s.env);
      const els = n.getElseStatement();
      if (known !== false) this.run([n.getThenStatement(), ...rest], known === true ? s : addFact(s, cond, true), out, depth);
      if (known !== true) this.run(els ? [els, ...rest] : rest, known === false ? s : addFact(s, cond, false), out, depth);
    });
  }

  private declarations(decls: Node[], rest: Item[], st: State, out: Outcomes, depth: number): void {
    const [d, ...more] = decls;
    if (!d) return this.run(rest, st, out, depth);
    const init = Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
    const call = init ? helperCall(unwrap(init)) : undefined;
    const fn = call ? this.helper(call) : undefined;
    if (!call || !fn || !Node.isVariableDeclaration(d) || !Node.isIdentifier(d.getNameNode()) || depth >= MAX_DEPTH) {
      return this.declarations(more, rest, st, out, depth);
    }
    // `const x = this.helper(...)`: one way on per value the helper can return.
    for (const alt of this.alternatives(fn, call, st, depth)) {
      const env = withDecl(alt.state.env, d, alt.value ?? { kind: 'opaque' });
      this.declarations(more, rest, { ...alt.state, env }, out, depth);
    }
  }

  private expression(n: Node & { getExpression(): Node }, rest: Item[], st: State, out: Outcomes, depth: number): void {
    const e = unwrap(n.getExpression());
    const s = this.exec(n, st);
    if (this.o.mode === 'interceptor' && callsNextHandle(e)) out.through(n, s);
    const call = helperCall(e);
    const fn = call ? this.helper(call) : undefined;
    if (call && fn && depth < MAX_DEPTH) {
      // A helper called for its effect: the caller goes on only where the helper returns (not where it throws).
      for (const alt of this.alternatives(fn, call, s, depth)) this.run(rest, alt.state, out, depth);
      return;
    }
    return this.run(rest, s, out, depth);
  }

  private loop(n: Node, rest: Item[], st: State, out: Outcomes, depth: number): void {
    const body = (n as unknown as { getStatement(): Node }).getStatement();
    if (!Node.isDoStatement(n)) this.run(rest, st, out, depth);
    if (Node.isForOfStatement(n)) {
      const iterable = unwrap(n.getExpression());
      const init = n.getInitializer();
      const decl = Node.isVariableDeclarationList(init) ? init.getDeclarations()[0] : undefined;
      if (decl && Node.isArrayLiteralExpression(iterable)) {
        // `for (const s of [req.raw?.socket, req.socket])`: one way per element.
        for (const el of iterable.getElements()) {
          this.run([body, { loopEnd: true }, ...rest], { ...st, env: withDecl(st.env, decl, { kind: 'expr', node: el, env: st.env }) }, out, depth);
        }
        return;
      }
      if (decl) {
        this.run([body, { loopEnd: true }, ...rest], { ...st, env: withDecl(st.env, decl, { kind: 'element', of: { kind: 'expr', node: iterable, env: st.env } }) }, out, depth);
        return;
      }
    }
    this.run([body, { loopEnd: true }, ...rest], st, out, depth);
  }

  /** Calls `k` once per combination of values of the followed helper calls in `expr`. */
  forkCalls(expr: Node, st: State, depth: number, k: (s: State) => void): void {
    const call = [expr, ...expr.getDescendants()].find((d) => Node.isCallExpression(d) && !st.env.calls.has(d) && !insideFunction(d, expr) && this.helper(d) !== undefined);
    if (!call || depth >= MAX_DEPTH) return k(st);
    const fn = this.helper(call)!;
    const alts = this.alternatives(fn, call, st, depth);
    for (const alt of alts) this.forkCalls(expr, { ...alt.state, env: withCall(alt.state.env, call, alt.value ?? { kind: 'undefined' }) }, depth, k);
  }

  /** The values a followed helper returns, each with the caller's state plus what held inside the helper. */
  alternatives(fn: FunctionLike, call: Node, st: State, depth: number): Alternative[] {
    const body = fn.getBody();
    if (!Node.isCallExpression(call) || !body) return [{ value: undefined, state: st }];
    let env = st.env;
    fn.getParameters().forEach((p, i) => {
      const arg = call.getArguments()[i];
      env = withDecl(env, p, arg ? { kind: 'expr', node: arg, env: st.env } : { kind: 'undefined' });
    });
    const found: Alternative[] = [];
    const collect: Outcomes = {
      ret: (_r, e, s, d) => this.expandReturn(e, s, d, found),
      end: (s) => found.push({ value: { kind: 'undefined' }, state: s }),
      through: () => undefined,
    };
    const start: State = { ...st, env };
    if (Node.isBlock(body)) this.run([body], start, collect, depth + 1);
    else this.expandReturn(body, start, depth + 1, found);
    // Back in the caller: its own names again, with everything that held inside the helper.
    return found.map((a) => ({ value: a.value, state: { env: st.env, facts: a.state.facts, executed: a.state.executed } }));
  }

  /** A helper's returned expression as values: a followed call or a `?:` gives several. */
  private expandReturn(expr: Node | undefined, st: State, depth: number, into: Alternative[]): void {
    if (!expr) return void into.push({ value: { kind: 'undefined' }, state: st });
    const e = unwrap(expr);
    if (Node.isConditionalExpression(e)) {
      const c = e.getCondition();
      const known = constantTruth(c, st.env);
      if (known !== false) this.expandReturn(e.getWhenTrue(), known === true ? st : addFact(st, c, true), depth, into);
      if (known !== true) this.expandReturn(e.getWhenFalse(), known === false ? st : addFact(st, c, false), depth, into);
      return;
    }
    const fn = this.helper(e);
    if (fn && depth < MAX_DEPTH) {
      into.push(...this.alternatives(fn, e, st, depth));
      return;
    }
    into.push({ value: { kind: 'expr', node: e, env: st.env }, state: st });
  }

  /** The helper a call names, when the options say to follow it. */
  helper(call: Node): FunctionLike | undefined {
    if (!Node.isCallExpression(call)) return undefined;
    const callee = unwrap(call.getExpression());
    let fn: Node | undefined;
    if (Node.isPropertyAccessExpression(callee)) {
      const recv = callee.getExpression().getKind();
      if (recv !== SyntaxKind.ThisKeyword && recv !== SyntaxKind.SuperKeyword) return undefined;
      const name = callee.getName();
      const classes = recv === SyntaxKind.SuperKeyword ? this.o.classes.slice(1) : this.o.classes;
      fn = classes.map((c) => c.getInstanceMethod(name)).find((m) => m !== undefined);
    } else if (Node.isIdentifier(callee)) {
      fn = localFunction(callee) ?? this.resolveFunction(callee);
    }
    if (!fn || !isFunctionLike(fn) || !fn.getBody()) return undefined;
    return this.o.follow(fn) ? fn : undefined;
  }

  private resolveFunction(id: Node): Node | undefined {
    let d: Node | undefined;
    try {
      d = this.o.resolve?.(id);
    } catch {
      return undefined;
    }
    if (!d || d.getSourceFile().isDeclarationFile() || d.getSourceFile().isFromExternalLibrary()) return undefined;
    return Node.isVariableDeclaration(d) ? d.getInitializer() : d;
  }
}

interface Outcomes {
  ret(at: Node, expr: Node | undefined, st: State, depth: number): void;
  end(st: State): void;
  through(at: Node, st: State): void;
}

function addFact(st: State, node: Node, holds: boolean): State {
  return { ...st, facts: [...st.facts, { node, env: st.env, holds }] };
}

function afterLoop(items: Item[]): Item[] {
  const i = items.findIndex((x) => !(x instanceof Node));
  return i < 0 ? [] : items.slice(i + 1);
}

function isFunctionLike(n: Node): n is FunctionLike {
  return Node.isMethodDeclaration(n) || Node.isFunctionDeclaration(n) || Node.isArrowFunction(n) || Node.isFunctionExpression(n);
}

function insideFunction(n: Node, stop: Node): boolean {
  for (let p = n.getParent(); p && p !== stop; p = p.getParent()) if (isFunctionLike(p)) return true;
  return false;
}

/** A function of the same file named by `id` (declaration or `const f = () => ...`). */
function localFunction(id: Node): Node | undefined {
  const decl = lexicalDecl(id);
  if (decl && Node.isVariableDeclaration(decl)) return decl.getInitializer();
  const f = id.getSourceFile().getFunction(id.getText());
  return f;
}

function helperCall(e: Node): Node | undefined {
  return Node.isCallExpression(e) ? e : undefined;
}

export function callsNextHandle(e: Node): boolean {
  return [e, ...e.getDescendantsOfKind(SyntaxKind.CallExpression)].some((c) => Node.isCallExpression(c) && /\.handle$/.test(c.getExpression().getText()));
}

/** The ways `fn` lets a request through. */
export function waysThrough(fn: FunctionLike, o: WayOptions): WaysResult {
  const walker = new Walker(o);
  const ways: Way[] = [];
  const body = fn.getBody();
  if (!body) return { ways, complete: false };
  const start: State = { env: EMPTY_ENV, facts: [], executed: [] };
  const out: Outcomes = {
    ret: (at, expr, st, depth) => returned(walker, o, at, expr, st, depth, ways),
    end: () => undefined,
    through: (at, st) => ways.push({ at, facts: st.facts, executed: st.executed }),
  };
  walker.run([body], start, out, 0);
  if (ways.length > MAX_WAYS) return { ways: ways.slice(0, MAX_WAYS), complete: false };
  return { ways, complete: walker.complete };
}

/** A returned value: which of its forms let the request through, under which extra conditions. */
function returned(w: Walker, o: WayOptions, at: Node, expr: Node | undefined, st: State, depth: number, ways: Way[]): void {
  if (!expr) return;
  const e = unwrap(expr);
  if (o.mode === 'interceptor') {
    if (callsNextHandle(e)) ways.push({ at, facts: st.facts, executed: st.executed });
    return;
  }
  if (Node.isBinaryExpression(e)) {
    const op = e.getOperatorToken().getKind();
    if (op === SyntaxKind.AmpersandAmpersandToken) return returned(w, o, at, e.getRight(), addFact(st, e.getLeft(), true), depth, ways);
    if (op === SyntaxKind.BarBarToken) {
      returned(w, o, at, e.getLeft(), st, depth, ways);
      return returned(w, o, at, e.getRight(), addFact(st, e.getLeft(), false), depth, ways);
    }
  }
  if (Node.isConditionalExpression(e)) {
    const c = e.getCondition();
    const known = constantTruth(c, st.env);
    if (known !== false) returned(w, o, at, e.getWhenTrue(), known === true ? st : addFact(st, c, true), depth, ways);
    if (known !== true) returned(w, o, at, e.getWhenFalse(), known === false ? st : addFact(st, c, false), depth, ways);
    return;
  }
  if (Node.isCallExpression(e) && /^of$/.test(e.getExpression().getText()) && e.getArguments().length === 1) {
    return returned(w, o, at, e.getArguments()[0], st, depth, ways);
  }
  if (Node.isCallExpression(e) && /^super\.canActivate$|\.canActivate$/.test(e.getExpression().getText())) {
    ways.push({ at, facts: st.facts, executed: st.executed, delegated: e.getExpression().getText() });
    return;
  }
  const fn = w.helper(e);
  if (fn && depth < MAX_DEPTH) {
    for (const alt of w.alternatives(fn, e, st, depth)) {
      if (alt.value?.kind === 'expr') returned(w, o, at, alt.value.node, { ...alt.state, env: alt.value.env }, depth + 1, ways);
      else if (alt.value?.kind !== 'undefined') ways.push({ at, facts: alt.state.facts, executed: alt.state.executed });
    }
    return;
  }
  const known = constantTruth(e, st.env);
  if (known === false) return;
  ways.push({ at, facts: known === true ? st.facts : [...st.facts, { node: e, env: st.env, holds: true }], executed: st.executed });
}
