/**
 * Which HTTP adapter the app runs on, from its `NestFactory.create` call: a `FastifyAdapter` (or an
 * app typed `NestFastifyApplication` whose adapter argument cannot be followed) is Fastify; no
 * adapter, options only, or an `ExpressAdapter` is Express. Middleware paths match differently on each.
 */
import { Node, type CallExpression } from 'ts-morph';
import type { Evaluator } from './evaluate';

export type HttpPlatform = 'express' | 'fastify' | 'unknown';

export function httpPlatform(create: CallExpression | undefined, ev: Evaluator): HttpPlatform {
  if (!create) return 'express';
  const typed = create.getTypeArguments().map((t) => t.getText()).join(' ');
  const second = create.getArguments()[1];
  if (!second) return /Fastify/.test(typed) ? 'fastify' : 'express';
  const v = ev.eval(second);
  if (v.kind === 'object' || (v.kind === 'literal' && v.value === undefined)) return 'express';
  const adapter = v.kind === 'instance' ? v.of : v;
  const name = adapter.kind === 'external' || adapter.kind === 'class' ? adapter.name : '';
  if (/FastifyAdapter$/.test(name)) return 'fastify';
  if (/ExpressAdapter$/.test(name)) return 'express';
  if (/Fastify/.test(typed) || (Node.isNewExpression(second) && /Fastify/.test(second.getExpression().getText()))) return 'fastify';
  return 'unknown';
}
