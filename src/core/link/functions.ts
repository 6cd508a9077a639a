/**
 * Calling a user function statically: bind its parameters to the evaluated arguments, then run
 * its body for the returned value (statements.ts).
 */
import { Node } from 'ts-morph';
import { newRunState, runStatements, type BodyContext } from './statements';
import { literal, unknown, type Env, type Value } from './values';

type Eval = (node: Node, env: Env) => Value;

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
  const result = runStatements(body.getStatements(), newRunState(env), ctx);
  return result ?? literal(undefined);
}

/** A user function called at a decorator site: name its effects (composite) or its class (mixin). */
export function wrapCallResult(result: Value, fnName: string, call: Node, args: Value[]): Value {
  const shortName = fnName.split('.').pop() ?? fnName;
  if (result.kind === 'decorator') {
    return {
      kind: 'decorator',
      effects: result.effects.map((e) => (e.type === 'guards' || e.type === 'interceptors' || e.type === 'metadata' ? { ...e, via: [shortName, ...e.via] } : e)),
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
