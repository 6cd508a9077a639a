/**
 * A decorator as written on a class or method, turned into its effects (guards, metadata, route,
 * controller options, version) by the evaluator. Effects keep the order NestJS applies them in.
 */
import { Node, type Decorator } from 'ts-morph';
import type { Evaluator } from './evaluate';
import type { Effect } from './values';

/** Decorator names that, from a package we cannot read, may hide access control. */
const SECURITY_NAME = /auth|guard|role|permission|public|secure|protect|polic|scope/i;

export function decoratorEffects(decorator: Decorator, ev: Evaluator): Effect[] {
  const expr = decorator.getExpression();
  const value = ev.eval(expr);
  const name = decorator.getName();
  switch (value.kind) {
    case 'decorator': {
      // `@AdminOnly` where `const AdminOnly = applyDecorators(...)`: name the composite.
      const isBareUserName = !Node.isCallExpression(expr) && !(value.effects.length === 0);
      if (!isBareUserName) return value.effects;
      return value.effects.map((e) => (e.type === 'guards' || e.type === 'metadata' ? { ...e, via: [name, ...e.via] } : e));
    }
    case 'external':
      return [];
    case 'mixin':
      return value.module !== undefined && !value.module.startsWith('@nestjs/') && SECURITY_NAME.test(name)
        ? [{ type: 'unresolved', reason: `@${name} comes from a package the analyzer does not read`, node: decorator }]
        : [];
    case 'unknown':
      return SECURITY_NAME.test(name) || /cannot resolve import/.test(value.reason)
        ? [{ type: 'unresolved', reason: `@${name}: ${value.reason}`, node: decorator }]
        : [];
    default:
      return SECURITY_NAME.test(name) ? [{ type: 'unresolved', reason: `@${name} is a hand-written decorator the analyzer cannot follow`, node: decorator }] : [];
  }
}

/** Effects of a list of decorators in application order: bottom decorator first. */
export function appliedEffects(decorators: Decorator[], ev: Evaluator): Effect[] {
  const out: Effect[] = [];
  for (let i = decorators.length - 1; i >= 0; i--) out.push(...decoratorEffects(decorators[i], ev));
  return out;
}
