import * as assert from 'assert';
import { routesOf } from './tinyApp';

/** `const p0 = ['a', 'b']; const p1 = [...p0, ...p0]; ...`: `pN` has 2^(N+1) items. */
function doubling(n: number): string {
  const lines = ["const p0 = ['a', 'b'];"];
  for (let i = 1; i <= n; i++) lines.push(`const p${i} = [...p${i - 1}, ...p${i - 1}];`);
  return lines.join('\n');
}

const app = (decls: string, ctrlPaths: string, handlerPaths: string): string => `import { Controller, Get, Module } from '@nestjs/common';
${decls}
@Controller(${ctrlPaths})
export class ItemsController { @Get(${handlerPaths}) list() { return []; } }
@Module({ controllers: [ItemsController] })
export class AppModule {}
`;

describe('expansions are bounded, with the reason', () => {
  it('an array doubled by spreads past 10,000 items is not expanded: the path is unknown and says why', () => {
    const routes = routesOf(app(doubling(13), 'p13', "'x'"));
    assert.strictEqual(routes.length, 1);
    assert.match(routes[0].unresolved.map((u) => u.reason).join('; '), /an array of 16384 items, more than the analysis expands/);
  });

  it('controller paths x handler paths past 256 routes: the first 256 are listed, each says how many there were', () => {
    const routes = routesOf(app(doubling(11), 'p11', 'p11'));
    assert.strictEqual(routes.length, 256);
    assert.ok(routes.every((r) => r.unresolved.some((u) => /expands to 16777216 routes .* only the first 256 are listed/.test(u.reason))), routes[0].unresolved.map((u) => u.reason).join('; '));
  });

  it('a string doubled past a million characters is not kept', () => {
    const lines = ["const s0 = 'abcdefgh';"];
    for (let i = 1; i <= 17; i++) lines.push(`const s${i} = s${i - 1} + s${i - 1};`);
    const routes = routesOf(app(lines.join('\n'), 's17', "'x'"));
    assert.match(routes[0].unresolved.map((u) => u.reason).join('; '), /a string of 1048576 characters, more than the analysis keeps/);
  });

  it('ordinary path arrays are expanded as NestJS registers them', () => {
    const routes = routesOf(app('', "['a', 'b']", "['x', 'y']"));
    assert.deepStrictEqual(routes.map((r) => r.path).sort(), ['/a/x', '/a/y', '/b/x', '/b/y']);
    assert.ok(routes.every((r) => r.unresolved.length === 0));
  });
});
