/**
 * Running a function body (or the top-level statements after a declaration) statically: local
 * constants and functions, `if` on known conditions, `try` blocks, `throw`, and the list building
 * apps do before handing a list to `@Module` (`modules.push(X)`, `list = [...list, X]`).
 *
 * An `if` the analysis cannot decide does not lose what either side gives: a side that returns
 * splits the result into both branches (`branches`), and what a side pushes is kept, marked with
 * the condition. A statement that needs a package which is not installed (it would throw at run
 * time) is skipped and named, and the others still count.
 */
import { Node, SyntaxKind } from 'ts-morph';
import { missingPackageOf } from './moduleLoad';
import { binaryOperation } from './operators';
import { abbreviate } from './syntax';
import type { EvalNote } from './trace';
import { asString, literal, truthy, unknown, type Env, type Value } from './values';

type Eval = (node: Node, env: Env) => Value;

export interface BodyContext {
  eval: Eval;
  declareClass(cls: Node, env: Env): Value;
  declareFunction(fn: Node, env: Env): Value;
  note(note: EvalNote): void;
  bind(nameNode: Node, value: Value, env: Map<string, Value>): void;
}

export interface RunState {
  env: Map<string, Value>;
  /** Undecided conditions the statements run under: what they push or assign is conditional. */
  conditions: string[];
  /** Undecided `if`s that return may still split the result this many times. */
  splits: { left: number };
  /** Top-level statements after a declaration: only mutations of names in `env` are run. */
  mutationsOnly?: boolean;
}

const MAX_SPLITS = 6;

export function newRunState(env: Map<string, Value>, mutationsOnly = false): RunState {
  return { env, conditions: [], splits: { left: MAX_SPLITS }, mutationsOnly };
}

/** The returned value, or undefined when the statements fall through. */
export function runStatements(statements: Node[], state: RunState, ctx: BodyContext): Value | undefined {
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    if (Node.isIfStatement(st)) {
      const result = runIf(st, statements.slice(i + 1), state, ctx);
      if (result.done) return result.value;
      continue;
    }
    const inner = runOne(st, state, ctx);
    if (inner) return inner;
  }
  return undefined;
}

function runOne(st: Node, state: RunState, ctx: BodyContext): Value | undefined {
  const { env } = state;
  if (Node.isExpressionStatement(st)) {
    runMutation(st.getExpression(), state, ctx);
  } else if (Node.isBlock(st)) {
    return runStatements(st.getStatements(), state, ctx);
  } else if (Node.isTryStatement(st)) {
    // A throw inside is caught: what ran before it stays, so the try block is run as it is.
    const inner = runStatements(st.getTryBlock().getStatements(), state, ctx);
    if (inner) return inner;
    const fin = st.getFinallyBlock();
    if (fin) return runStatements(fin.getStatements(), state, ctx);
  } else if (state.mutationsOnly) {
    return undefined;
  } else if (Node.isVariableStatement(st)) {
    for (const d of st.getDeclarations()) {
      const init = d.getInitializer();
      ctx.bind(d.getNameNode(), init ? ctx.eval(init, env) : literal(undefined), env);
    }
  } else if (Node.isClassDeclaration(st) && st.getName()) {
    env.set(st.getName()!, ctx.declareClass(st, env));
  } else if (Node.isFunctionDeclaration(st) && st.getName() && st.hasBody()) {
    env.set(st.getName()!, ctx.declareFunction(st, env));
  } else if (Node.isReturnStatement(st)) {
    const expr = st.getExpression();
    return expr ? ctx.eval(expr, env) : literal(undefined);
  } else if (Node.isThrowStatement(st)) {
    return unknown(`throws at start: \`${abbreviate(st.getText(), 60)}\``, st);
  }
  return undefined;
}

function runIf(st: Node & { getExpression(): Node }, rest: Node[], state: RunState, ctx: BodyContext): { done: boolean; value?: Value } {
  const ifSt = st.asKindOrThrow(SyntaxKind.IfStatement);
  const condNode = ifSt.getExpression();
  const cond = ctx.eval(condNode, state.env);
  const missing = missingPackageOf(cond);
  if (missing) {
    ctx.note({ severity: 'warning', message: `skipped \`if (${abbreviate(condNode.getText(), 60)})\`: it needs the package '${missing}', which is not installed`, node: condNode });
    return { done: false };
  }
  const sides = [ifSt.getThenStatement(), ifSt.getElseStatement()];
  const t = truthy(cond);
  if (t !== undefined) {
    const branch = t ? sides[0] : sides[1];
    const value = branch ? runStatements(statementsOf(branch), state, ctx) : undefined;
    return value ? { done: true, value } : { done: false };
  }
  const text = abbreviate(condNode.getText(), 80);
  const returns = sides.some((b) => b && containsReturn(b));
  if (returns && !state.mutationsOnly) {
    const reason = `result depends on the run-time condition \`${text}\``;
    if (state.splits.left <= 0) return { done: true, value: unknown(reason, ifSt) };
    state.splits.left--;
    const values = sides.map((side) => {
      const copy: RunState = { ...state, env: new Map(state.env), conditions: [...state.conditions] };
      return runStatements([...(side ? statementsOf(side) : []), ...rest], copy, ctx) ?? literal(undefined);
    });
    return { done: true, value: { kind: 'unknown', reason, node: ifSt, branches: { condition: text, values } } };
  }
  sides.forEach((side, i) => {
    if (!side) return;
    const conditions = [...state.conditions, i === 0 ? text : `!(${text})`];
    runStatements(statementsOf(side), { ...state, conditions }, ctx);
  });
  return { done: false };
}

/** Where a mutation writes: a name bound in this body, or a field of the instance a method runs on (`this.list`). */
interface Slot {
  get(): Value;
  set(v: Value): void;
}

function slotOf(target: Node, env: Map<string, Value>, ctx: BodyContext): Slot | undefined {
  if (Node.isIdentifier(target)) {
    const name = target.getText();
    return env.has(name) ? { get: () => env.get(name)!, set: (v) => env.set(name, v) } : undefined;
  }
  const owner = (Node.isPropertyAccessExpression(target) || Node.isElementAccessExpression(target)) && target.getExpression();
  if (owner && Node.isIdentifier(owner) && env.get(owner.getText())?.kind === 'object') return propertySlot(target, owner.getText(), env, ctx);
  if (!Node.isPropertyAccessExpression(target) || target.getExpression().getKind() !== SyntaxKind.ThisKeyword) return undefined;
  const self = env.get('this');
  if (self?.kind !== 'instance' || !self.fields) return undefined;
  const fields = self.fields;
  const name = target.getName();
  return { get: () => fields.get(name) ?? ctx.eval(target, env), set: (v) => fields.set(name, v) };
}

const settable = (v: Value | undefined): boolean => v?.kind === 'instance' && v.fields !== undefined;

/**
 * A call made for what it sets: a method of an instance made by `new` (`builder.use(A).use(B);`,
 * `this.use(...m)`), or a `forEach` whose callback may set fields of one (`this`, or a name bound here).
 */
function runsForEffect(call: Node & { getExpression(): Node }, env: Env): boolean {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return false;
  if (callee.getName() === 'forEach') {
    const callback = call.asKindOrThrow(SyntaxKind.CallExpression).getArguments()[0];
    const names = callback?.getDescendantsOfKind(SyntaxKind.Identifier) ?? [];
    if (settable(env.get('this')) || names.some((id) => settable(env.get(id.getText())))) return true;
  }
  let receiver: Node = callee.getExpression();
  while (Node.isCallExpression(receiver) && Node.isPropertyAccessExpression(receiver.getExpression())) receiver = receiver.getExpression().asKindOrThrow(SyntaxKind.PropertyAccessExpression).getExpression();
  if (receiver.getKind() === SyntaxKind.ThisKeyword) return settable(env.get('this'));
  return Node.isIdentifier(receiver) && settable(env.get(receiver.getText()));
}

/**
 * `table[key] = v` / `table.key = v` on an object bound in this body (a `reduce` callback's
 * accumulator): the name is bound to a copy with the property set, so values stay immutable.
 */
function propertySlot(target: Node, owner: string, env: Map<string, Value>, ctx: BodyContext): Slot | undefined {
  const key = Node.isPropertyAccessExpression(target) ? target.getName() : asString(ctx.eval(target.asKindOrThrow(SyntaxKind.ElementAccessExpression).getArgumentExpressionOrThrow(), env));
  const obj = env.get(owner);
  if (key === undefined || obj?.kind !== 'object') {
    // A property set under a name the analysis cannot read makes the whole object unknown.
    return { get: () => literal(undefined), set: () => env.set(owner, unknown(`\`${abbreviate(target.getText(), 60)}\` sets a property whose name is only known at run time`, target)) };
  }
  return { get: () => obj.props.get(key) ?? literal(undefined), set: (v) => env.set(owner, { ...obj, props: new Map(obj.props).set(key, v) }) };
}

/** `list.push(...)`, `list.unshift(...)`, `list = expr` on a name bound in this body or a field of `this`. */
function runMutation(expr: Node, state: RunState, ctx: BodyContext): void {
  const { env } = state;
  if (Node.isCallExpression(expr)) {
    const callee = expr.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !['push', 'unshift'].includes(callee.getName())) {
      if (!runsForEffect(expr, env)) return;
      const done = ctx.eval(expr, env);
      if (done.kind === 'unknown' && !done.missingPackage) {
        ctx.note({ severity: 'warning', message: `not followed: \`${abbreviate(expr.getText(), 60)}\` (${done.reason}); what it adds is not listed`, node: expr });
      }
      return;
    }
    const slot = slotOf(callee.getExpression(), env, ctx);
    if (!slot) return;
    const current = slot.get();
    if (current.kind !== 'array') return;
    const added: Value[] = [];
    for (const arg of expr.getArguments()) {
      const v = Node.isSpreadElement(arg) ? ctx.eval(arg.getExpression(), env) : ctx.eval(arg, env);
      const missing = missingPackageOf(v);
      if (missing) {
        ctx.note({ severity: 'warning', message: `skipped \`${abbreviate(expr.getText(), 60)}\`: it needs the package '${missing}', which is not installed`, node: expr });
        return;
      }
      const items = Node.isSpreadElement(arg) && v.kind === 'array' ? v.items : [v];
      added.push(...items.map((item) => conditional(item, state, arg)));
    }
    const items = callee.getName() === 'push' ? [...current.items, ...added] : [...added, ...current.items];
    slot.set({ kind: 'array', items });
    return;
  }
  const op = Node.isBinaryExpression(expr) ? expr.getOperatorToken().getKind() : undefined;
  if (Node.isBinaryExpression(expr) && op !== undefined && ASSIGNMENTS.has(op)) {
    const left = expr.getLeft();
    const slot = slotOf(left, env, ctx);
    if (!slot) return;
    const before = slot.get();
    const value = assigned(op, before, expr.getRight(), expr, env, ctx);
    if (state.conditions.length === 0) {
      slot.set(value);
      return;
    }
    const condition = state.conditions.join(' && ');
    slot.set({ kind: 'unknown', reason: `'${left.getText()}' depends on the run-time condition \`${condition}\``, node: expr, branches: { condition, values: [value, before] } });
  }
}

const ASSIGNMENTS = new Set([SyntaxKind.EqualsToken, SyntaxKind.PlusEqualsToken, SyntaxKind.BarBarEqualsToken, SyntaxKind.QuestionQuestionEqualsToken, SyntaxKind.AmpersandAmpersandEqualsToken]);

/** The new value of `x = e`, `x += e`, `x ||= e`, `x ??= e`, `x &&= e`. */
function assigned(op: SyntaxKind, current: Value, right: Node, node: Node, env: Env, ctx: BodyContext): Value {
  if (op === SyntaxKind.EqualsToken) return ctx.eval(right, env);
  if (op === SyntaxKind.PlusEqualsToken) return binaryOperation(SyntaxKind.PlusToken, current, ctx.eval(right, env), node);
  const t = truthy(current);
  const unset = current.kind === 'literal' && (current.value === undefined || current.value === null);
  if (op === SyntaxKind.QuestionQuestionEqualsToken) return current.kind === 'unknown' ? current : unset ? ctx.eval(right, env) : current;
  if (t === undefined) return unknown(`'${node.getText()}' depends on a run-time value`, node);
  const takeRight = op === SyntaxKind.BarBarEqualsToken ? !t : t;
  return takeRight ? ctx.eval(right, env) : current;
}

function conditional(value: Value, state: RunState, node: Node): Value {
  if (state.conditions.length === 0) return value;
  return { kind: 'conditional', condition: state.conditions.join(' && '), value, node };
}

function statementsOf(node: Node): Node[] {
  return Node.isBlock(node) ? node.getStatements() : [node];
}

export function containsReturn(node: Node): boolean {
  if (Node.isReturnStatement(node)) return true;
  return node.getDescendants().some((d) => Node.isReturnStatement(d) && !isInsideNestedFunction(d, node));
}

function isInsideNestedFunction(node: Node, root: Node): boolean {
  for (let cur = node.getParent(); cur && cur !== root; cur = cur.getParent()) {
    if (Node.isFunctionLikeDeclaration(cur) || Node.isArrowFunction(cur) || Node.isFunctionExpression(cur)) return true;
  }
  return false;
}
