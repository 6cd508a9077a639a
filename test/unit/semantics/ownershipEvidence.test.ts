/**
 * Ownership evidence (CWE-639) through the real linker on `sem-ownership-shapes`: only a comparison of
 * the object's owner with the caller, or a service that really scopes by the caller, silences
 * `missing-ownership-check`. Shapes that look close (the caller handed to a service that ignores it, a
 * comparison about the caller alone, one about the owner alone) keep the finding.
 */
import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import type { AppIndex } from '../../../src/core/model';
import { FIXTURES } from './testHost';

let app: AppIndex | undefined;
const analyzed = (): AppIndex => (app ??= analyzeWorkspace(path.join(FIXTURES, 'sem-ownership-shapes')).apps[0]);
const ownershipFindings = (): string[] => analyzed().findings.filter((f) => f.code === 'missing-ownership-check').map((f) => `${f.file}:${f.line}`);
const evidence = (routePath: string): string | undefined => analyzed().routes.find((r) => r.path === routePath)?.ownership?.kind;

describe('ownership evidence (sem-ownership-shapes)', () => {
  it('a service that receives the caller but never uses it is no ownership check', () => {
    assert.strictEqual(evidence('/orders/:id'), 'none');
    assert.ok(ownershipFindings().includes('src/orders.controller.ts:13'), ownershipFindings().join(', '));
  });

  it('a comparison that mentions the caller but not the object owner is no ownership check', () => {
    assert.strictEqual(evidence('/orders/:id/total'), 'none');
    assert.ok(ownershipFindings().includes('src/orders.controller.ts:19'), ownershipFindings().join(', '));
  });

  it('a comparison of the owner with something other than the caller is no ownership check', () => {
    assert.strictEqual(evidence('/orders/:id/status'), 'none');
    assert.ok(ownershipFindings().includes('src/orders.controller.ts:26'), ownershipFindings().join(', '));
  });

  it('the owner compared with the caller, or a service scoping by the caller, is evidence (and nothing else is flagged)', () => {
    assert.strictEqual(evidence('/orders/:id/owned'), 'handler');
    assert.strictEqual(evidence('/orders/:id/scoped'), 'service');
    assert.deepStrictEqual(ownershipFindings(), ['src/orders.controller.ts:13', 'src/orders.controller.ts:19', 'src/orders.controller.ts:26']);
  });
});
