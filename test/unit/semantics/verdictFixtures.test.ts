/**
 * The `verdict-*` fixtures through the real linker: exact verdict, `why`, weakening findings and
 * findings per route. Their `probe.json` proves the verdicts against the running app; this file pins
 * the words.
 */
import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import type { AnalyzedRoute, AppIndex } from '../../../src/core/model';
import { FIXTURES } from './testHost';

const cache = new Map<string, AppIndex>();

function analyze(fixture: string): AppIndex {
  let app = cache.get(fixture);
  if (!app) {
    const result = analyzeWorkspace(path.join(FIXTURES, fixture));
    assert.strictEqual(result.apps.length, 1);
    app = result.apps[0];
    cache.set(fixture, app);
  }
  return app;
}

/** `GET /path verdict: why [weakenedBy]` per route. */
function lines(fixture: string): string[] {
  return analyze(fixture).routes.map((r: AnalyzedRoute) => `${r.httpMethod} ${r.path} ${r.verdict}: ${r.why}${r.weakenedBy?.length ? ` [${r.weakenedBy.join(', ')}]` : ''}`);
}

const codes = (fixture: string): string[] => analyze(fixture).findings.map((f) => `${f.code} ${f.file}:${f.line}`);

describe('verdict fixtures (exact why and findings)', () => {
  it('verdict-decorator-shapes: a no-op decorator adds no guard, whatever its name', () => {
    assert.deepStrictEqual(lines('verdict-decorator-shapes'), [
      'GET /reports unprotected: no guard in the chain and no authentication middleware',
      'GET /reports/summary unprotected: no guard in the chain and no authentication middleware',
    ]);
    assert.deepStrictEqual(analyze('verdict-decorator-shapes').routes.map((r) => r.unresolved), [[], []]);
  });

  it('verdict-package-decorator: a security-named package decorator, bare or called, leaves the route unknown', () => {
    assert.deepStrictEqual(lines('verdict-package-decorator'), [
      'GET /vault/bare unknown: no authentication guard found, but the chain is not fully resolved: @acl.guard comes from a package the analyzer does not read',
      'GET /vault/called unknown: no authentication guard found, but the chain is not fully resolved: @guarded comes from a package the analyzer does not read',
      'GET /vault/traced unprotected: no guard in the chain and no authentication middleware',
    ]);
  });

  it('verdict-marker-values: the value test of each guard decides public', () => {
    const byPath = new Map(analyze('verdict-marker-values').routes.map((r) => [r.path, r]));
    assert.strictEqual(byPath.get('/strict/true')?.why, 'marked public by @SetMetadata, honoured by StrictKeyGuard');
    assert.strictEqual(byPath.get('/strict/empty')?.why, 'StrictKeyGuard authenticates (compares an API key header)');
    assert.strictEqual(byPath.get('/loose/string-false')?.verdict, 'public');
    assert.strictEqual(byPath.get('/defined/false')?.why, 'marked public by @SetMetadata, honoured by DefinedKeyGuard');
    assert.deepStrictEqual(codes('verdict-marker-values').filter((c) => c.startsWith('public-ignored')), [
      'public-ignored-by-guard src/strict.controller.ts:33',
      'public-ignored-by-guard src/strict.controller.ts:45',
    ]);
  });
});
