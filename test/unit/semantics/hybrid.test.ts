/**
 * Hybrid apps through the real linker: which `connectMicroservice` calls get
 * `microservice-drops-global-guards`, and at what severity. The fixtures that can boot are also
 * sent messages over TCP by the probe (`hybrid.json`, test/probe/hybrid.probe.test.ts).
 */
import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import { FIXTURES } from './testHost';

function hybridFindings(fixture: string): string[] {
  const apps = analyzeWorkspace(path.join(FIXTURES, fixture)).apps;
  assert.strictEqual(apps.length, 1);
  return apps[0].findings.filter((f) => f.code === 'microservice-drops-global-guards').map((f) => `${f.line} ${f.severity} ${f.message}`);
}

describe('hybrid apps: microservice-drops-global-guards', () => {
  it('hybrid-inherit: a truthy inheritAppConfig, a constant, a spread and a helper all inherit; no options does not', () => {
    assert.deepStrictEqual(hybridFindings('hybrid-inherit'), [
      "21 warning connectMicroservice(...) without inheritAppConfig: the global guards (KeyGuard) do not run on the microservice's message handlers.",
    ]);
  });

  it('hybrid-app-guard: an APP_GUARD provider is one of the global guards a connection without inheritAppConfig loses', () => {
    assert.deepStrictEqual(hybridFindings('hybrid-app-guard'), [
      "10 warning connectMicroservice(...) without inheritAppConfig: the global guards (KeyGuard) do not run on the microservice's message handlers.",
    ]);
  });

  it('hybrid-late-guards: useGlobalGuards after connectMicroservice (here inside a helper) misses it unless deferInitialization', () => {
    assert.deepStrictEqual(hybridFindings('hybrid-late-guards'), [
      "11 warning useGlobalGuards(KeyGuard) runs after connectMicroservice(...), which registers the microservice's message handlers at once: "
        + 'KeyGuard does not run on them (call useGlobalGuards first, or pass deferInitialization: true).',
    ]);
  });

  it('hybrid-unfollowed: options from a package are not followed (info), unless the literal sets inheritAppConfig after every spread', () => {
    const cannotTell = 'info Cannot tell whether connectMicroservice(...) gives its message handlers the global guards (KeyGuard): ';
    const spread = 'the hybrid options spread platformDefaults, which is imported from the package @acme/hybrid-config (not analysed).';
    assert.deepStrictEqual(hybridFindings('hybrid-unfollowed'), [
      `12 ${cannotTell}the hybrid options hybridOptions is imported from the package @acme/hybrid-config (not analysed).`,
      `13 ${cannotTell}${spread}`,
      `17 ${cannotTell}${spread}`,
      `19 ${cannotTell}${spread}`,
    ]);
  });
});
