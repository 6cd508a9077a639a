import { unappliedTlsOptions } from '../semantics/tlsListener';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';

const m = meta({
  code: 'mtls-options-not-applied',
  name: 'MtlsOptionsNotApplied',
  defaultSeverity: 'error',
  cwe: 'CWE-295',
  short: 'TLS options (client certificates) never reach the server the app listens on.',
  full: 'The options that ask for and verify client certificates are given to a server that is never started, to an app that never '
    + 'calls `listen()`, or are never passed to `NestFactory.create` at all, so the app serves without them: no client certificate is '
    + 'requested and certificate guards see `{}`. Pass them as `httpsOptions` to the `NestFactory.create` call whose app listens '
    + '(or start the server they are given to, and serve the Nest app through it).',
});

export const mtlsOptionsNotApplied: Rule = {
  meta: m,
  run: (ctx) => unappliedTlsOptions(ctx.host).map((u) =>
    finding(m, `These TLS options never reach the server the app listens on: ${u.why}.`, nodeAt(ctx.host, u.node))),
};
