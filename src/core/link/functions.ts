/**
 * Calling a user function statically: bind its parameters to the evaluated arguments, then walk
 * its body for the returned value (local constants, `if` on known conditions, local classes).
 */
import { Node, type ClassDeclaration } from 'ts-morph';
import { literal, truthy, unknown, type Env, type Value } from './values';

type Eval = (node: Node, env: Env) => Value;

interface BodyContext {
  eval: Eval;
  declareClass(cls: ClassDeclaration, env: Env): Value;
}

export function bindParameters(fn: Node, args: Value[], closure: Env, evaluate: Eval): Map<string, Value> {
  const env = new Map(closure);
  const params = Node.isFunctionLikeDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) ? fn.getParameters() : [];
  params.forEach((param, i) => {
    let value: Value;
    if (param.isRestParameter()) value = { kind: 'array', items: args.slice(i) };
    else value = args[i] ?? literal(undefined);
    if (value.kind === 'literal' && value.value === undefined && param.getInitializer()) {
      value = evaluate(param.getInitializerOrThrow(), env);
    }
    bindName(param.getNameNode(), value, env, evaluate);
  });
  return env;
}

/** Bind an identifier or a destructuring pattern (with defaults and rest elements) to a value. */
export function bindName(nameNode: Node, value: Value, env: Map<string, Value>, evaluate: Eval): void {
  if (Node.isIdentifier(nameNode)) {
    env.set(nameNode.getText(), value);
    return;
  }
  if (Node.isObjectBindingPattern(nameNode)) {
    for (const el of nameNode.getElements()) {
      if (el.getDotDotDotToken()) {
        env.set(el.getName(), value.kind === 'object' ? value : unknown('object rest', el));
        continue;
      }
      const key = el.getPropertyNameNode()?.getText() ?? el.getName();
      let v: Value = value.kind === 'object' ? (value.props.get(key) ?? literal(undefined)) : unknown(`destructured '${key}'`, el);
      const init = el.getInitializer();
      if (v.kind === 'literal' && v.value === undefined && init) v = evaluate(init, env);
      bindName(el.getNameNode(), v, env, evaluate);
    }
    return;
  }
  if (Node.isArrayBindingPattern(nameNode)) {
    nameNode.getElements().forEach((el, j) => {
      if (!Node.isBindingElement(el)) return;
      let v: Value;
      if (el.getDotDotDotToken()) v = value.kind === 'array' ? { kind: 'array', items: value.items.slice(j) } : unknown('array rest', el);
      else v = value.kind === 'array' ? (value.items[j] ?? literal(undefined)) : unknown('destructured element', el);
      const init = el.getInitializer();
      if (v.kind === 'literal' && v.value === undefined && init) v = evaluate(init, env);
      bindName(el.getNameNode(), v, env, evaluate);
    });
  }
}

export function functionBody(fn: Node, env: Map<string, Value>, ctx: BodyContext): Value {
  const body = (fn as unknown as { getBody?(): Node | undefined }).getBody?.();
  if (!body) return unknown('function without a body', fn);
  if (!Node.isBlock(body)) return ctx.eval(body, env);
  const result = runStatements(body.getStatements(), env, ctx);
  return result ?? literal(undefined);
}

/** The returned value, or undefined when the statements fall through. */
function runStatements(statements: Node[], env: Map<string, Value>, ctx: BodyContext): Value | undefined {
  for (const st of statements) {
    if (Node.isVariableStatement(st)) {
      for (const d of st.getDeclarations()) {
        const init = d.getInitializer();
        bindName(d.getNameNode(), init ? ctx.eval(init, env) : literal(undefined), env, ctx.eval);
      }
    } else if (Node.isClassDeclaration(st) && st.getName()) {
      env.set(st.getName()!, ctx.declareClass(st, env));
    } else if (Node.isReturnStatement(st)) {
      return ctx.eval(st.getExpression() ?? st, env);
    } else if (Node.isIfStatement(st)) {
      const cond = truthy(ctx.eval(st.getExpression(), env));
      const branches = [st.getThenStatement(), st.getElseStatement()];
      if (cond === undefined) {
        const returns = branches.some((b) => b && containsReturn(b));
        if (returns) return unknown(`result depends on the run-time condition \`${st.getExpression().getText()}\``, st);
        continue;
      }
      const branch = cond ? branches[0] : branches[1];
      if (!branch) continue;
      const inner = runStatements(Node.isBlock(branch) ? branch.getStatements() : [branch], env, ctx);
      if (inner) return inner;
    } else if (Node.isBlock(st)) {
      const inner = runStatements(st.getStatements(), env, ctx);
      if (inner) return inner;
    }
  }
  return undefined;
}

function containsReturn(node: Node): boolean {
  if (Node.isReturnStatement(node)) return true;
  return node.getDescendants().some((d) => Node.isReturnStatement(d) && !isInsideNestedFunction(d, node));
}

function isInsideNestedFunction(node: Node, root: Node): boolean {
  for (let cur = node.getParent(); cur && cur !== root; cur = cur.getParent()) {
    if (Node.isFunctionLikeDeclaration(cur) || Node.isArrowFunction(cur) || Node.isFunctionExpression(cur)) return true;
  }
  return false;
}

/** A user function called at a decorator site: name its effects (composite) or its class (mixin). */
export function wrapCallResult(result: Value, fnName: string, call: Node, args: Value[]): Value {
  const shortName = fnName.split('.').pop() ?? fnName;
  if (result.kind === 'decorator') {
    return {
      kind: 'decorator',
      effects: result.effects.map((e) => (e.type === 'guards' || e.type === 'metadata' ? { ...e, via: [shortName, ...e.via] } : e)),
    };
  }
  if (result.kind === 'class' || (result.kind === 'unknown' && /guard/i.test(fnName))) {
    return {
      kind: 'mixin',
      text: call.getText().replace(/\s+/g, ' '),
      callee: shortName,
      args,
      returned: result.kind === 'class' ? result.decl : undefined,
      returnedEnv: result.kind === 'class' ? result.env : undefined,
    };
  }
  return result;
}
