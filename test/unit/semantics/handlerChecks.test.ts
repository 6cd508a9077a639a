import * as assert from 'assert';
import { describeCheck, handlerCheckFacts } from '../../../src/core/semantics/handlerChecks';
import { route, TestHost } from './testHost';

describe('handler checks: a secret compared before the effect (handler-secret)', () => {
  const host = TestHost.fixture('handler-secret');
  const facts = (handler: string) => handlerCheckFacts(route('CronController', handler, 'POST', `/cron/${handler}`), host);
  const summary = (handler: string): string | undefined => {
    const c = facts(handler).check;
    return c && `${describeCheck(c)} @${c.at.file}:${c.at.line}`;
  };

  it('!== with ConfigService.get after a presence test, then throws', () => {
    assert.strictEqual(summary('run'), 'compares the x-cron-key header with CRON_KEY from configuration and throws otherwise @src/cron.controller.ts:27');
    assert.strictEqual(facts('run').check?.constantTime, false);
  });

  it('timingSafeEqual behind a length test, the header read through @Req()', () => {
    assert.strictEqual(summary('sweep'), 'compares the x-cron-key header with process.env.CRON_KEY in constant time and throws otherwise @src/cron.controller.ts:36');
  });

  it('a query parameter compared with getOrThrow', () => {
    const c = facts('report').check!;
    assert.deepStrictEqual([c.source, c.field, c.secret, c.constantTime], ['query', 'key', 'CRON_KEY from configuration', false]);
  });

  it('a registerAs value; the effect sits in the matching branch, the rest returns', () => {
    assert.strictEqual(summary('early'), 'compares the x-cron-key header with cron.key from configuration and returns before any effect otherwise @src/cron.controller.ts:54');
  });

  it('an injected service that compares in constant time', () => {
    assert.strictEqual(summary('helper'),
      'compares the x-cron-key header with process.env.CRON_KEY in constant time (in this.keys.matches) and throws otherwise @src/keys.service.ts:11');
  });

  it('a private assertion method that throws', () => {
    assert.strictEqual(summary('asserted'), 'compares the x-cron-key header with CRON_KEY from configuration (in this.assertKey) and throws otherwise @src/cron.controller.ts:99');
  });

  it('a comparison that only logs is no check, and is remembered', () => {
    const f = facts('logged');
    assert.strictEqual(f.check, undefined);
    assert.deepStrictEqual(f.logsOnly.map((l) => [l.value, l.secret, l.at.line]), [['the x-cron-key header', 'CRON_KEY from configuration', 77]]);
  });

  it('an effect before the comparison: no check', () => {
    assert.deepStrictEqual(facts('late'), { logsOnly: [] });
  });
});
