import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadConfigFile, parseConfig } from '../../../src/core/configFile';
import { DEFAULT_CONFIG } from '../../../src/core/config';

describe('.guard-coverage.json', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('defaults when the file is absent', () => {
    assert.deepStrictEqual(loadConfigFile(dir), DEFAULT_CONFIG);
  });

  it('reads and merges the file at the root', () => {
    fs.writeFileSync(path.join(dir, '.guard-coverage.json'), JSON.stringify({
      $schema: './schema.json', authGuards: ['TenantGuard'], idParams: ['orderRef'], rules: { 'missing-ownership-check': 'off', 'guard-coverage/no-authentication': 'warning' },
    }));
    const c = loadConfigFile(dir);
    assert.deepStrictEqual(c.authGuards, ['TenantGuard']);
    assert.deepStrictEqual(c.idParams, ['orderRef']);
    assert.deepStrictEqual(c.nonAuthGuards, []);
    assert.deepStrictEqual(c.rules, { 'missing-ownership-check': 'off', 'guard-coverage/no-authentication': 'warning' });
  });

  it('an explicit path must exist', () => {
    assert.throws(() => loadConfigFile(dir, path.join(dir, 'nope.json')), (e: Error) => e instanceof ConfigError && e.name === 'ConfigError' && /not found/.test(e.message));
  });

  it('names every shape problem in one message', () => {
    assert.throws(() => parseConfig({ authGuards: 'JwtGuard', colour: true, rules: { 'no-authentication': 'fatal' } }), (e: Error) => {
      assert.strictEqual(e.message, '.guard-coverage.json: "authGuards" must be an array of strings; unknown setting "colour" '
        + '(known: authGuards, nonAuthGuards, publicMarkers, roleMarkers, ownershipHelpers, idParams, authMiddleware, include, exclude, envFiles, rules, env); '
        + '"rules.no-authentication" is "fatal"; expected one of off, error, warning, info');
      return true;
    });
    assert.throws(() => parseConfig([]), /must be a JSON object/);
  });

  it('reports invalid JSON with the file name', () => {
    fs.writeFileSync(path.join(dir, '.guard-coverage.json'), '{ "authGuards": [ }');
    assert.throws(() => loadConfigFile(dir), /^ConfigError: \.guard-coverage\.json: not valid JSON/);
  });
});
