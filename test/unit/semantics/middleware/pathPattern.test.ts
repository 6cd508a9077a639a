import * as assert from 'assert';
import { pathToRegexp } from 'path-to-regexp';
import { literalSegments, matchesPath, parsePattern, witnesses } from '../../../../src/core/semantics/middleware/pathPattern';

const exact = { end: true, sensitive: false, trailing: true };
const prefix = { end: false, sensitive: false, trailing: true };

function p(source: string) {
  const pattern = parsePattern(source);
  assert.ok(pattern, `${source} parses`);
  return pattern;
}

describe('middleware pathPattern (path-to-regexp v8 syntax, our matcher)', () => {
  it('matches parameters, wildcards and optional groups as path-to-regexp does', () => {
    const table: Array<[string, string, boolean]> = [
      ['/cats/:id', '/cats/1', true],
      ['/cats/:id', '/cats/1/photos', false],
      ['/cats/:id', '/cats', false],
      ['/cats/*path', '/cats/a/b', true],
      ['/cats/*path', '/cats', false],
      ['/cats/{*path}', '/cats/', true],
      ['/cats/{*path}', '/cats', false],
      ['/cats{/:id}', '/cats', true],
      ['/cats{/:id}', '/cats/9', true],
      ['/files/:name.pdf', '/files/a.pdf', true],
      ['/files/:name.pdf', '/files/a.png', false],
      ['/Cats', '/cats/', true],
    ];
    assert.deepStrictEqual(table.map(([pat, path]) => [pat, path, matchesPath(p(pat), path, exact)]), table);
  });

  it('agrees with path-to-regexp itself on every pattern and path of a grid (the test may build its RegExps)', () => {
    const patterns = ['/a', '/a/:b', '/a/*c', '/a/{*c}', '/a{/:b}/c', '/:x/:y', '/a/:b.json', '/a/:b-:c', '/', '/A/b/', '/a/{:b}'];
    const paths = ['/', '/a', '/a/', '/A', '/a/1', '/a/1/', '/a/1/c', '/a/c', '/a/x.json', '/a/x-y', '/b/c', '/a/1/2/3', '/ab'];
    const disagreements: string[] = [];
    for (const pat of patterns) {
      for (const end of [true, false]) {
        const re = pathToRegexp(pat, { end, sensitive: false, trailing: true }).regexp;
        for (const path of paths) {
          if (matchesPath(p(pat), path, { end, sensitive: false, trailing: true }) !== re.test(path)) disagreements.push(`${pat} ${end ? 'exact' : 'prefix'} ${path}`);
        }
      }
    }
    assert.deepStrictEqual(disagreements, []);
  });

  it('a prefix match (app.use) stops at a segment boundary', () => {
    assert.ok(matchesPath(p('/billing'), '/billing/invoices/7', prefix));
    assert.ok(!matchesPath(p('/billing'), '/billingx', prefix));
    assert.ok(matchesPath(p('/:id'), '/dogs/7', prefix));
  });

  it('rejects what path-to-regexp rejects (NestJS would not boot)', () => {
    assert.strictEqual(parsePattern('/cats/(.*)'), undefined);
    assert.strictEqual(parsePattern('/cats/:id?'), undefined);
    assert.strictEqual(parsePattern('/cats/*'), undefined);
  });

  it('samples each parameter with a neutral value and the hints, each wildcard with one to three segments', () => {
    assert.deepStrictEqual(witnesses(p('/reports/:id'), ['latest', 'a/b']), ['/reports/q7x1', '/reports/latest']);
    assert.deepStrictEqual(witnesses(p('/files/{*rest}'), []), ['/files/', '/files/q7x1w', '/files/q7x1/a', '/files/q7x1/a/b']);
    assert.deepStrictEqual(literalSegments(p('/api/billing/:id/lines')), ['api', 'billing', 'lines']);
  });
});
