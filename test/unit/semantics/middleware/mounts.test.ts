import * as assert from 'assert';
import type { Route } from '../../../../src/core/model';
import { exclusionsOf, mountMatches, mountsOf, type RouteLookup } from '../../../../src/core/semantics/middleware/mounts';
import { PLAIN_HTTP, type HttpFacts, type RouteSelector } from '../../../../src/core/semantics/middleware/types';

const none: RouteLookup = { routes: [], ofController: () => false };
const str = (path: string): RouteSelector => ({ kind: 'path', path, method: 'USE', text: `'${path}'` });
const obj = (path: string, method: 'ALL' | 'GET', versions?: string[]): RouteSelector => ({ kind: 'path', path, method, ...(versions ? { versions } : {}), text: path });
const api: HttpFacts = { ...PLAIN_HTTP, globalPrefix: '/api' };

function shape(sel: RouteSelector, http: HttpFacts = api) {
  return (mountsOf(sel, http, none) ?? []).map((m) => `${m.method} ${m.path}${m.prefix ? ' (use)' : ''}`);
}

describe('middleware mounts (RouteInfoPathExtractor and the adapters)', () => {
  it('mounts each form where NestJS does', () => {
    assert.deepStrictEqual(shape(str('billing')), ['ANY /api/billing (use)']);
    assert.deepStrictEqual(shape(obj('billing', 'ALL')), ['ANY /api/billing']);
    assert.deepStrictEqual(shape(obj('reports/:id', 'GET')), ['GET /api/reports/:id']);
    assert.deepStrictEqual(shape(str('*')), ['ANY /api', 'ANY /api/{*path} (use)']);
    assert.deepStrictEqual(shape(str('*'), PLAIN_HTTP), ['ANY /{*path} (use)']);
    assert.deepStrictEqual(shape(str('billing/*')), ['ANY /api/billing/{*path} (use)']);
    assert.deepStrictEqual(shape(str('billing/(.*)')), ['ANY /api/billing/{*path} (use)']);
  });

  it('puts the default URI versions before a string, none before a string without defaultVersion', () => {
    const uri = (defaultVersions?: string[]): HttpFacts => ({ ...api, versioning: { type: 'URI', defaultVersions, prefix: 'v' } });
    assert.deepStrictEqual(shape(str('cats'), uri(['1'])), ['ANY /api/cats (use)', 'ANY /api/v1/cats (use)']);
    assert.deepStrictEqual(shape(str('cats'), uri()), ['ANY /api/cats (use)']);
    assert.deepStrictEqual(shape(obj('cats', 'GET', ['2']), uri(['1'])), ['GET /api/v2/cats']);
  });

  it('leaves out the prefix for a path excluded from it', () => {
    const http: HttpFacts = { ...api, prefixExclude: [{ path: 'health', method: 'ALL', matches: (p) => p === '/health' }] };
    assert.deepStrictEqual(shape(str('health'), http), ['ANY /health (use)']);
  });

  it('cannot tell without the prefix, nor for an argument not followed', () => {
    assert.strictEqual(mountsOf(str('billing'), { ...api, prefixKnown: false }, none), undefined);
    assert.strictEqual(mountsOf({ kind: 'unknown', text: 'x()', reason: 'a call' }, api, none), undefined);
  });

  it('an exclusion is exact and gets the route version only (a string none)', () => {
    const uri: HttpFacts = { ...api, versioning: { type: 'URI', defaultVersions: ['1'], prefix: 'v' } };
    assert.deepStrictEqual((exclusionsOf(str('cats/public'), uri, none) ?? []).map((m) => `${m.method} ${m.path} ${m.prefix}`), ['ANY /api/cats/public false']);
  });

  it('matches by each adapter: Express use() takes sub-paths, Fastify only the path', () => {
    const [use] = mountsOf(str('billing'), api, none) ?? [];
    assert.ok(mountMatches(use, 'GET', '/api/billing/invoices', 'express'));
    assert.ok(!mountMatches(use, 'GET', '/api/billing/invoices', 'fastify'));
    assert.ok(mountMatches(use, 'DELETE', '/api/billing', 'fastify'));
    const [get] = mountsOf(obj('billing', 'GET'), api, none) ?? [];
    assert.ok(mountMatches(get, 'HEAD', '/api/billing', 'express'));
    assert.ok(!mountMatches(get, 'POST', '/api/billing', 'express'));
  });

  it('a controller is mounted on its own routes with their methods', () => {
    const route = (path: string, httpMethod: Route['httpMethod'], controller: string) => ({ path, httpMethod, controller }) as Route;
    const routes = [route('/api/a', 'GET', 'A'), route('/api/a/:id', 'DELETE', 'A'), route('/api/b', 'GET', 'B')];
    const lookup: RouteLookup = { routes, ofController: (r, sel) => r.controller === sel.name };
    const sel = { kind: 'controller', name: 'A', text: 'A' } as RouteSelector;
    assert.deepStrictEqual((mountsOf(sel, api, lookup) ?? []).map((m) => `${m.method} ${m.path}`), ['GET /api/a', 'DELETE /api/a/:id']);
  });
});
