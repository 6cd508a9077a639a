/** Object literals and template strings, evaluated part by part. */
import { Node, SyntaxKind } from 'ts-morph';
import { propertyName } from './syntax';
import { asString, literal, unknown, type Env, type Value } from './values';

type Eval = (node: Node, env: Env) => Value;

export function evalObjectLiteral(node: Node, env: Env, evaluate: Eval): Value {
  const props = new Map<string, Value>();
  for (const p of node.asKindOrThrow(SyntaxKind.ObjectLiteralExpression).getProperties()) {
    if (Node.isPropertyAssignment(p)) {
      const nameNode = p.getNameNode();
      const key = Node.isComputedPropertyName(nameNode) ? asString(evaluate(nameNode.getExpression(), env)) : propertyName(nameNode);
      const init = p.getInitializer();
      if (key !== undefined && init) props.set(key, evaluate(init, env));
    } else if (Node.isShorthandPropertyAssignment(p)) {
      props.set(p.getName(), evaluate(p.getNameNode(), env));
    } else if (Node.isSpreadAssignment(p)) {
      const v = evaluate(p.getExpression(), env);
      if (v.kind === 'object') for (const [k, val] of v.props) props.set(k, val);
    } else if (Node.isMethodDeclaration(p)) {
      props.set(p.getName(), { kind: 'function', node: p, name: p.getName(), env });
    }
  }
  return { kind: 'object', props, node };
}

export function evalTemplate(node: Node, env: Env, evaluate: Eval): Value {
  const t = node.asKindOrThrow(SyntaxKind.TemplateExpression);
  let text = t.getHead().getLiteralText();
  for (const span of t.getTemplateSpans()) {
    const part = asString(evaluate(span.getExpression(), env));
    if (part === undefined) return unknown(`template with a run-time part \`${span.getExpression().getText()}\``, node);
    text += part + span.getLiteral().getLiteralText();
  }
  return literal(text);
}
