import * as assert from 'assert';
import { excludeMatcher } from '../../../src/core/link/routePaths';
import { safeRegex } from '../../../src/core/link/safeRegex';
import { routesOf } from './tinyApp';

/** One controller whose path is `expression`, in a bootstrapped app. */
const controllerPath = (expression: string) => routesOf(`import { Controller, Get, Module } from '@nestjs/common';
@Controller(${expression})
export class ItemsController { @Get() list() { return []; } }
@Module({ controllers: [ItemsController] })
export class AppModule {}
`);

describe('regular expressions from the workspace are never run on the backtracking engine', () => {
  it('a catastrophic pattern in a controller path is evaluated in linear time (V8 would take hours on this input)', () => {
    const input = `${'a'.repeat(48)}!`;
    const routes = controllerPath(`'${input}'.replace(/^(a+)+$/, 'x')`);
    assert.deepStrictEqual(routes.map((r) => r.path), [`/${input}`]);
  });

  it('replace with groups, names, flags and the global flag gives what JavaScript gives', () => {
    const cases: Array<[string, string, string, string]> = [
      ['v1-items', '(\\w+)-(\\w+)', '', '$2/$1'],
      ['Admin/Users', 'admin', 'i', 'api'],
      ['a.b.c', '\\.', 'g', '/'],
      ['2024-10', '(?<year>\\d+)-(?<month>\\d+)', '', '$<month>/$<year>'],
      ['xyz', 'y', '', '[$&]'],
    ];
    for (const [input, source, flags, replacement] of cases) {
      const expected = input.replace(new RegExp(source, flags), replacement);
      assert.strictEqual(safeRegex(source, flags)?.replace(input, replacement), expected, `/${source}/${flags}`);
    }
  });

  it('what RE2 cannot run (backreference, lookahead, sticky) is not evaluated: the path is unknown, with the reason', () => {
    for (const regex of ['/(a)\\1/', '/a(?=b)/', '/a/y']) {
      const routes = controllerPath(`'aab'.replace(${regex}, '')`);
      assert.strictEqual(routes.length, 1, regex);
      const reasons = routes[0].unresolved.map((u) => u.reason).join('; ');
      assert.match(reasons, /regular expression the analysis does not run/, `${regex}: ${reasons}`);
    }
  });

  it('replaceAll with a non-global regex is unknown, as JavaScript throws on it', () => {
    const routes = controllerPath(`'a-b'.replaceAll(/-/, '/')`);
    assert.match(routes[0].unresolved.map((u) => u.reason).join('; '), /replaceAll/);
  });

  it('a global-prefix exclusion with many adjacent parameters stays linear', () => {
    const matches = excludeMatcher(`/${Array.from({ length: 24 }, (_, i) => `:p${i}`).join('')}/x`);
    assert.strictEqual(matches(`/${'a'.repeat(64)}/y`), false);
    assert.strictEqual(matches(`/${'a'.repeat(64)}/x`), true);
  });
});
