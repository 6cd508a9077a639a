/**
 * Problems found by the field test on real apps (docs/real-apps.md): exact verdicts through
 * `analyzeWorkspace` on the real-* and sem-* fixtures, and the guard-body rules on small in-memory guards.
 */
import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import type { AppIndex } from '../../../src/core/model';
import { guardClassSemantics } from '../../../src/core/semantics/guardClassSemantics';
import { evaluateRoute } from '../../../src/core/semantics/routeVerdict';
import type { GuardSemantics } from '../../../src/core/semantics/types';
import { FIXTURES, TestHost, entry, guard, route } from './testHost';

const cache = new Map<string, AppIndex>();

function analyze(fixture: string): AppIndex {
  const hit = cache.get(fixture);
  if (hit) return hit;
  const result = analyzeWorkspace(path.join(FIXTURES, fixture));
  assert.strictEqual(result.apps.length, 1);
  const app = result.apps[0];
  assert.deepStrictEqual(app.diagnostics.filter((d) => d.severity === 'error'), []);
  cache.set(fixture, app);
  return app;
}

type Route = AppIndex['routes'][number];

const verdicts = (app: AppIndex): string[] => app.routes.map((r) => `${r.httpMethod} ${r.path} ${r.verdict}`);
const byPath = (app: AppIndex, method: string, p: string): Route => {
  const r = app.routes.find((x) => x.httpMethod === method && x.path === p);
  assert.ok(r, `${method} ${p}`);
  return r;
};
const effects = (r: Route): string[] => (r.guardEffects ?? []).map((g) => `${g.name} ${g.kind} ${g.state}`);

/** Semantics of the guard class `cls` in one in-memory file. */
function guardSem(source: string, cls: string): GuardSemantics {
  const host = TestHost.memory({ 'src/guard.ts': source });
  const decl = host.classNamed(cls);
  assert.ok(decl, cls);
  return guardClassSemantics(decl, host);
}

const PRELUDE = "import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';\n";

describe('field test: guards that let requests through without a credential (P7)', () => {
  it('real-ua-gate-guard: a User-Agent gate, an identity recorder and a read-only switch protect nothing', () => {
    const app = analyze('real-ua-gate-guard');
    assert.deepStrictEqual(verdicts(app), ['GET /notes unprotected', 'DELETE /notes/:id unprotected', 'POST /notes/subscribe unprotected']);
    assert.deepStrictEqual(effects(app.routes[0]), [
      'CrawlerGuard non-security runs', 'IdentityGuard non-security runs', 'ReadOnlyModeGuard non-security runs',
    ]);
    const [crawler, identity, readOnly] = app.routes[0].guardEffects!;
    assert.strictEqual(crawler.reason, 'CrawlerGuard returns true without any credential check when ua && !looksLikeScraper');
    assert.strictEqual(identity.reason, 'canActivate always returns true: a marker, not a check');
    assert.strictEqual(readOnly.reason, "ReadOnlyModeGuard returns true without any credential check when req.method === 'GET'");
    assert.match(app.routes[0].why!, /^no guard authenticates: CrawlerGuard is not a security check \(returns true without any credential check when ua && !looksLikeScraper\); IdentityGuard always returns true/);
    assert.deepStrictEqual(app.findings.filter((f) => f.code === 'no-authentication').map((f) => f.line), [7, 12, 18]);
  });

  it('a token check that anonymous requests can skip is not authentication', () => {
    const s = guardSem(`${PRELUDE}
@Injectable()
export class OptionalJwtGuard implements CanActivate {
  constructor(private readonly jwt: { verify(t: string): unknown }) {}
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    const token = req.headers.authorization?.slice(7);
    if (!token) return true;
    req.user = this.jwt.verify(token);
    if (!req.user) throw new UnauthorizedException();
    return true;
  }
}`, 'OptionalJwtGuard');
    assert.strictEqual(s.kind, 'non-security');
    assert.strictEqual(s.reasons[0], 'OptionalJwtGuard returns true when no credential is presented (!token): anonymous requests pass');
  });

  it('a switch in the environment makes the guard unknown, with the reason', () => {
    const s = guardSem(`${PRELUDE}
@Injectable()
export class JwtGuard implements CanActivate {
  constructor(private readonly jwt: { verify(t: string): unknown }) {}
  canActivate(context: ExecutionContext): boolean {
    if (process.env.AUTH_DISABLED === 'true') return true;
    const req = context.switchToHttp().getRequest();
    req.user = this.jwt.verify(req.headers.authorization);
    if (!req.user) throw new UnauthorizedException();
    return true;
  }
}`, 'JwtGuard');
    assert.strictEqual(s.kind, 'unknown');
    assert.match(s.reasons[0], /^JwtGuard returns true without any credential check when process\.env\.AUTH_DISABLED === 'true' \(depends on configuration\)$/);
    assert.match(s.reasons[1], /^otherwise: JwtGuard verifies a bearer token/);
  });

  it('every way to true behind a credential: still authentication (nested ifs, context type, preflight)', () => {
    const s = guardSem(`${PRELUDE}
@Injectable()
export class TokenGuard implements CanActivate {
  constructor(private readonly jwt: { verify(t: string): { sub?: string } }) {}
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest();
    if (req.method === 'OPTIONS') return true;
    const token = req.headers.authorization;
    if (token) {
      const payload = this.jwt.verify(token);
      if (payload.sub) return true;
    }
    throw new UnauthorizedException();
  }
}`, 'TokenGuard');
    assert.deepStrictEqual([s.kind, s.reasons[0]], ['authentication', 'TokenGuard verifies a bearer token (this.jwt.verify)']);
  });

  it('a way through decided by an injected service the analyzer does not follow makes the guard unknown, never protected', () => {
    const s = guardSem(`${PRELUDE}
@Injectable()
export class GateGuard implements CanActivate {
  constructor(private readonly ua: { isBrowser(u: string): boolean }, private readonly keys: { verify(k: string): boolean }) {}
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    if (this.ua.isBrowser(req.headers['user-agent'])) return true;
    if (!this.keys.verify(req.headers['x-api-key'])) throw new UnauthorizedException();
    return true;
  }
}`, 'GateGuard');
    assert.strictEqual(s.kind, 'unknown');
    assert.match(s.reasons[0], /^GateGuard returns true when this\.ua\.isBrowser\(req\.headers\['user-agent'\]\), a service answer the analyzer does not follow/);
  });

  it('a way through on the path is a bypass; a way through on a service that checks the caller is not', () => {
    const path = guardSem(`${PRELUDE}
@Injectable()
export class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    if (req.path.startsWith('/docs')) return true;
    if (req.headers['x-api-key'] !== process.env.API_KEY) throw new UnauthorizedException();
    return true;
  }
}`, 'ApiKeyGuard');
    assert.deepStrictEqual([path.kind, path.reasons[0]], ['non-security', "ApiKeyGuard returns true without any credential check when req.path.startsWith('/docs')"]);
    const service = guardSem(`${PRELUDE}
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly authService: { validateKey(k: string): boolean }) {}
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    if (this.authService.validateKey(req.headers['x-api-key'])) return true;
    throw new UnauthorizedException();
  }
}`, 'ApiKeyGuard');
    assert.deepStrictEqual([service.kind, service.reasons[0]], ['authentication', 'ApiKeyGuard compares an API key header']);
  });

  it('a returned value about the User-Agent or the method is a way through; a comparison with a secret setting is not', () => {
    const app = analyze('real-filter-boolean');
    assert.deepStrictEqual(verdicts(app), ['GET /posts unprotected', 'DELETE /admin/posts/:id unprotected']);
    assert.deepStrictEqual(app.routes[0].guardEffects!.map((g) => g.reason), [
      "SpiderGuard returns true without any credential check when !/bot|spider/i.test(req.headers['user-agent'] ?? '')",
      "OwnerOnlyGuard returns true without any credential check when req.method === 'GET'",
    ]);
    const shared = guardSem(`${PRELUDE}
@Injectable()
export class KeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    if (req.headers['x-key'] === process.env.KEY) return true;
    throw new UnauthorizedException();
  }
}`, 'KeyGuard');
    assert.deepStrictEqual([shared.kind, shared.reasons[0]], ['unknown', 'canActivate matches no known authentication pattern; name it in authGuards or nonAuthGuards']);
    assert.strictEqual(analyze('real-sse').routes.every((r) => r.verdict === 'unknown'), true);
  });

  it('a passport guard whose canActivate lets a header through first is not authentication', () => {
    const s = guardSem(`${PRELUDE}
import { AuthGuard } from '@nestjs/passport';
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  canActivate(context: ExecutionContext) {
    const req = context.switchToHttp().getRequest();
    if (req.headers['x-internal'] === '1') return true;
    return super.canActivate(context);
  }
}`, 'JwtAuthGuard');
    assert.deepStrictEqual([s.kind, s.reasons[0]], ['non-security', "JwtAuthGuard returns true without any credential check when req.headers['x-internal'] === '1'"]);
  });
});

describe('field test: middleware on a spread list of controllers (P8)', () => {
  it('real-middleware-spread: forRoutes(...authenticatedControllers) covers /posts and /users', () => {
    const app = analyze('real-middleware-spread');
    assert.deepStrictEqual(verdicts(app), [
      'GET /public unprotected', 'POST /public unprotected', 'GET /posts protected', 'POST /posts protected', 'GET /users protected', 'POST /users protected',
    ]);
    assert.deepStrictEqual(app.routes.map((r) => (r.middleware ?? []).map((m) => `${m.name}${m.authentication ? ' (auth)' : ''}`).join()),
      ['', '', 'SessionMiddleware (auth)', 'SessionMiddleware (auth)', 'SessionMiddleware (auth)', 'SessionMiddleware (auth)']);
    assert.strictEqual(byPath(app, 'GET', '/posts').why, 'middleware SessionMiddleware authenticates (rejects the request when '
      + '!auth || auth !== `Bearer ${process.env.SESSION_TOKEN}`; applied in AppModule.configure)');
  });

  it('sem-middleware-body: an imported constant with a nested spread is followed', () => {
    const app = analyze('sem-middleware-body');
    assert.deepStrictEqual(verdicts(app).slice(0, 2), ['GET /cats protected', 'GET /fish protected']);
  });

  it('sem-middleware-unfollowed: forRoutes(...) that depends on the environment makes the route unknown, and says so', () => {
    const app = analyze('sem-middleware-unfollowed');
    assert.deepStrictEqual(verdicts(app), ['GET /birds unknown']);
    assert.strictEqual(app.routes[0].why, 'no authentication guard found, but TenantKeyMiddleware (AppModule.configure) authenticates, '
      + 'but whether it is bound depends on process.env (its forRoutes/exclude arguments read a variable that is not set for the analysis)');
  });
});

describe('field test: a marker that exempts from a non-authentication guard (P14)', () => {
  it('real-non-auth-exemption: @AllowInReadOnly does not make the route public', () => {
    const app = analyze('real-non-auth-exemption');
    assert.deepStrictEqual(verdicts(app), ['GET /notes unprotected', 'DELETE /notes/:id unprotected', 'POST /notes/subscribe unprotected']);
    const sub = byPath(app, 'POST', '/notes/subscribe');
    assert.deepStrictEqual([sub.publicHonouredBy, sub.publicIgnoredBy], [[], []]);
    assert.deepStrictEqual(sub.guardEffects!.map((g) => [g.state, g.offBy]), [['off-by-marker', '@AllowInReadOnly']]);
    assert.match(sub.why!, /ImpersonationWriteGuard is switched off by @AllowInReadOnly and is not an authentication guard/);
    assert.ok(!app.findings.some((f) => f.code === 'public-ignored-by-guard'));
  });

  it('only a marker that switches off an authentication (or undecided) guard makes the route public', () => {
    const host = TestHost.memory({});
    const sem = (kind: GuardSemantics['kind']): GuardSemantics => ({
      name: 'G', kind, reasons: [`G is ${kind}`], reads: [], weaknesses: [], alwaysTrue: false, inSource: true,
      trueWhenPresent: [{ key: 'skip', scope: 'handlerOverClass', test: 'truthy', method: 'getAllAndOverride' }], trueWhenAbsent: [],
    });
    const r = route('C', 'h', 'POST', '/a', { guards: [guard(host, 'G', 'global')], metadata: [entry('skip', 'other', 'handler', 'Skip', ['true'])] });
    assert.strictEqual(evaluateRoute(r, [sem('authentication')]).verdict, 'public');
    assert.strictEqual(evaluateRoute(r, [sem('unknown')]).verdict, 'public');
    assert.strictEqual(evaluateRoute(r, [sem('non-security')]).verdict, 'unprotected');
    const authz = evaluateRoute(r, [sem('authorization')]);
    assert.deepStrictEqual([authz.verdict, authz.publicHonouredBy], ['unprotected', []]);
  });
});

describe('field test: middleware recognised by its body (P15)', () => {
  it('sem-middleware-body: IsLoggedMiddleware authenticates by body; OptionalAuthMiddleware lets anonymous requests through', () => {
    const app = analyze('sem-middleware-body');
    assert.deepStrictEqual(verdicts(app), ['GET /cats protected', 'GET /fish protected', 'GET /dogs unprotected']);
    assert.deepStrictEqual(app.routes.map((r) => (r.middleware ?? []).map((m) => `${m.name} ${m.authentication}`).join()),
      ['IsLoggedMiddleware true', 'IsLoggedMiddleware true', 'OptionalAuthMiddleware false']);
    assert.strictEqual(byPath(app, 'GET', '/dogs').why, 'no guard in the chain and no authentication middleware; '
      + 'middleware OptionalAuthMiddleware calls next() when no credential is presented (!token): anonymous requests pass');
  });
});

describe('field test: hand-written decorator functions in applyDecorators (P18)', () => {
  it('real-public-option: a documentation-only helper no longer makes POST /posts/import unknown', () => {
    const app = analyze('real-public-option');
    const imp = byPath(app, 'POST', '/posts/import');
    assert.deepStrictEqual([imp.verdict, imp.unresolved.map((u) => u.reason)], ['unprotected', ['applyDecorators argument is a function']]);
    assert.deepStrictEqual(verdicts(app), ['GET /posts unknown', 'GET /posts/feed public', 'POST /posts unknown', 'POST /posts/import unprotected']);
  });

  it('sem-decorator-helper: a helper writing a caller-chosen key, named like access control, or a raw decorator passed as it is, stays unknown', () => {
    const app = analyze('sem-decorator-helper');
    assert.deepStrictEqual(verdicts(app), [
      'GET /items/described unprotected', 'GET /items/flagged unknown', 'GET /items/restricted unknown', 'GET /items/tagged unknown',
    ]);
  });
});

describe('demo app: a JwtAuthGuard that verifies an HS256 token', () => {
  it('the guard is authentication by its signature check, and every non-public route is protected', () => {
    const app = analyze('demo-app');
    assert.deepStrictEqual(verdicts(app), [
      'POST /api/users/register public', 'GET /api/users/me protected', 'GET /api/users/:id protected', 'PATCH /api/users/:id protected',
      'GET /api/orders protected', 'GET /api/orders/:orderId protected', 'POST /api/orders protected', 'DELETE /api/orders/:orderId protected',
      'GET /api/admin/stats protected', 'POST /api/admin/reindex protected', 'GET /health public', 'POST /api/webhooks/payment public',
    ]);
    const jwt = app.routes[1].guardEffects!.find((g) => g.name === 'JwtAuthGuard')!;
    assert.deepStrictEqual([jwt.kind, jwt.reason], ['authentication', 'JwtAuthGuard verifies a token signature with an HMAC compared with timingSafeEqual, in verifyHs256']);
    assert.ok(!app.findings.some((f) => f.code === 'unknown-verdict'));
  });

  it('an HMAC without a constant-time comparison (or without reading a credential) is not taken for a signature check', () => {
    const weak = guardSem(`${PRELUDE}
import { createHmac } from 'crypto';
@Injectable()
export class SigGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    const mac = createHmac('sha256', 'k').update(req.url).digest('hex');
    req.mac = mac;
    return req.query.sig !== undefined;
  }
}`, 'SigGuard');
    assert.strictEqual(weak.kind, 'unknown');
  });
});
