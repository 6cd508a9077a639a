import * as assert from 'assert';
import { guardClassSemantics, guardRefSemantics } from '../../../src/core/semantics/guardClassSemantics';
import { TestHost, guard } from './testHost';

function sem(fixture: string, cls: string, host = TestHost.fixture(fixture)) {
  const decl = host.classNamed(cls);
  assert.ok(decl, `${cls} in ${fixture}`);
  return guardClassSemantics(decl, host);
}

describe('guard class semantics', () => {
  it('a passport AuthGuard subclass honouring @Public is an authentication guard with a public early return', () => {
    const s = sem('sem-public-global', 'JwtAuthGuard');
    assert.strictEqual(s.kind, 'authentication');
    assert.match(s.reasons[0], /extends AuthGuard\('jwt'\) from @nestjs\/passport/);
    assert.deepStrictEqual(s.trueWhenPresent, [{ key: 'isPublic', scope: 'handlerOverClass', test: 'truthy', method: 'getAllAndOverride' }]);
    assert.deepStrictEqual(s.trueWhenAbsent, []);
    assert.deepStrictEqual(s.reads.map((r) => [r.key, r.method, r.scope]), [['isPublic', 'getAllAndOverride', 'handlerOverClass']]);
    assert.strictEqual(s.alwaysTrue, false);
  });

  it('an API-key guard authenticates and reads no metadata (it ignores @Public)', () => {
    const s = sem('sem-public-global', 'ApiKeyGuard');
    assert.strictEqual(s.kind, 'authentication');
    assert.match(s.reasons[0], /API key/);
    assert.deepStrictEqual(s.trueWhenPresent, []);
  });

  it('a rate limiter is a non-security guard', () => {
    assert.strictEqual(sem('sem-public-global', 'RateLimitGuard').kind, 'non-security');
  });

  it('an opt-in token guard returns true when its metadata is absent', () => {
    const s = sem('sem-opt-in', 'TokenGuard');
    assert.strictEqual(s.kind, 'authentication');
    assert.match(s.reasons[0], /verifies a bearer token \(this\.jwtService\.verifyAsync\)/);
    assert.deepStrictEqual(s.trueWhenAbsent, [{ key: 'requireAuth', scope: 'handlerOverClass', test: 'truthy', method: 'getAllAndOverride' }]);
    assert.deepStrictEqual(s.trueWhenPresent, []);
  });

  it('a guard that always returns true is a marker, not a check', () => {
    const s = sem('sem-marker', 'LoggedInGuard');
    assert.strictEqual(s.alwaysTrue, true);
    assert.strictEqual(s.kind, 'non-security');
  });

  it('a handler-only roles guard is authorization, opt-in, reading from the handler', () => {
    const s = sem('sem-class-roles', 'RolesGuard');
    assert.strictEqual(s.kind, 'authorization');
    assert.deepStrictEqual(s.reads.map((r) => [r.key, r.method, r.scope]), [['roles', 'get', 'handler']]);
    assert.deepStrictEqual(s.trueWhenAbsent, [{ key: 'roles', scope: 'handler', test: 'truthy', method: 'get' }]);
  });

  it('a session guard calling isAuthenticated() authenticates', () => {
    const s = sem('sem-class-roles', 'SessionGuard');
    assert.strictEqual(s.kind, 'authentication');
    assert.match(s.reasons[0], /isAuthenticated/);
  });

  it('reads a createDecorator key through the decorator, and a string key as the string', () => {
    const host = TestHost.fixture('sem-create-decorator');
    assert.deepStrictEqual(sem('', 'RolesGuard', host).reads.map((r) => r.key), ['createDecorator:Roles']);
    assert.deepStrictEqual(sem('', 'LegacyRolesGuard', host).reads.map((r) => r.key), ['roles']);
  });

  it('classifies certificate guards: a verified certificate authenticates, a header trusted from anyone is a weakness', () => {
    assert.strictEqual(sem('sem-mtls-ok', 'ClientCertGuard').kind, 'authentication');
    const forwarded = sem('sem-mtls-forwarded', 'ForwardedCertGuard');
    assert.deepStrictEqual(forwarded.weaknesses.map((w) => [w.code, w.effect]), [['mtls-untrusted-forwarded-cert', 'passes']]);
  });

  it('is unknown, with a reason, when no pattern matches; settings decide either way', () => {
    const files = {
      'src/tenant.guard.ts': `export class TenantGuard { canActivate(ctx) { return ctx.switchToHttp().getRequest().headers['x-tenant'] === 'a'; } }`,
    };
    const plain = TestHost.memory(files);
    const s = guardClassSemantics(plain.classNamed('TenantGuard')!, plain);
    assert.strictEqual(s.kind, 'unknown');
    assert.match(s.reasons[0], /matches no known authentication pattern/);
    const named = TestHost.memory(files, { config: { authGuards: ['TenantGuard'] } });
    assert.strictEqual(guardClassSemantics(named.classNamed('TenantGuard')!, named).kind, 'authentication');
    const non = TestHost.memory(files, { config: { nonAuthGuards: ['TenantGuard'] } });
    assert.strictEqual(guardClassSemantics(non.classNamed('TenantGuard')!, non).kind, 'non-security');
  });

  it('follows a base class in source and honours the public check written there', () => {
    const host = TestHost.memory({
      'src/base.ts': `import { AuthGuard } from '@nestjs/passport';
        export class BaseAuth extends AuthGuard('jwt') {
          constructor(private reflector) { super(); }
          canActivate(ctx) { if (this.reflector.getAllAndOverride('skipAuth', [ctx.getHandler(), ctx.getClass()])) return true; return super.canActivate(ctx); }
        }`,
      'src/child.ts': `export class ChildAuth extends BaseAuth {}`,
    });
    const s = guardClassSemantics(host.classNamed('ChildAuth')!, host);
    assert.strictEqual(s.kind, 'authentication');
    assert.deepStrictEqual(s.trueWhenPresent, [{ key: 'skipAuth', scope: 'handlerOverClass', test: 'truthy', method: 'getAllAndOverride' }]);
  });

  it('recognises `!x || x.length === 0` as opt-in and ternary returns as early returns', () => {
    const host = TestHost.memory({
      'src/g.ts': `export class PermGuard {
          constructor(private reflector) {}
          canActivate(ctx) {
            const perms = this.reflector.getAllAndMerge('permissions', [ctx.getHandler(), ctx.getClass()]);
            if (!perms || perms.length === 0) { return true; }
            return perms.every((p) => ctx.switchToHttp().getRequest().user.perms.includes(p));
          }
        }
        export class TernaryGuard {
          constructor(private reflector) {}
          canActivate(ctx) { const open = this.reflector.get('open', ctx.getClass()); return open ? true : check(ctx); }
        }`,
    });
    const perm = guardClassSemantics(host.classNamed('PermGuard')!, host);
    // `getAllAndMerge` gives `[]` when nothing is set: `!perms` never holds, the length test does.
    assert.deepStrictEqual(perm.trueWhenAbsent, [
      { key: 'permissions', scope: 'merged', test: 'truthy', method: 'getAllAndMerge' },
      { key: 'permissions', scope: 'merged', test: 'nonEmpty', method: 'getAllAndMerge' },
    ]);
    assert.strictEqual(perm.kind, 'authorization');
    const tern = guardClassSemantics(host.classNamed('TernaryGuard')!, host);
    assert.deepStrictEqual(tern.trueWhenPresent, [{ key: 'open', scope: 'class', test: 'truthy', method: 'get' }]);
  });

  it('follows a helper method that returns the public read (`if (this.isPublic(ctx)) return true`)', () => {
    const host = TestHost.memory({
      'src/g.ts': `import { AuthGuard } from '@nestjs/passport';
        export class JwtGuard extends AuthGuard('jwt') {
          constructor(private reflector) { super(); }
          private isPublic(ctx) { return this.reflector.getAllAndOverride('isPublic', [ctx.getHandler(), ctx.getClass()]); }
          canActivate(ctx) { if (this.isPublic(ctx)) { return true; } return super.canActivate(ctx); }
        }`,
    });
    const s = guardClassSemantics(host.classNamed('JwtGuard')!, host);
    assert.deepStrictEqual(s.trueWhenPresent, [{ key: 'isPublic', scope: 'handlerOverClass', test: 'truthy', method: 'getAllAndOverride' }]);
  });

  it('gives passport mixins and unknown factory guards semantics without source', () => {
    const host = TestHost.memory({});
    assert.strictEqual(guardRefSemantics(guard(host, "AuthGuard('jwt')", 'handler'), host).kind, 'authentication');
    const factory = guardRefSemantics(guard(host, 'useFactory', 'global', { form: 'factory', className: 'useFactory' }), host);
    assert.strictEqual(factory.kind, 'unknown');
    assert.match(factory.reasons[0], /factory/);
  });
});

describe('guard hierarchy through an alias of the passport mixin', () => {
  it('`const Base = AuthGuard(\'jwt\'); class X extends Base` is a passport guard', () => {
    const host = TestHost.memory({
      'src/g.ts': `import { AuthGuard } from '@nestjs/passport';
        export const JwtBase = AuthGuard('jwt');
        export class JwtGuard extends JwtBase {}`,
    });
    const s = guardClassSemantics(host.classNamed('JwtGuard')!, host);
    assert.strictEqual(s.kind, 'authentication');
    assert.match(s.reasons[0], /extends AuthGuard\('jwt'\) from @nestjs\/passport/);
  });
});

describe('optional authentication', () => {
  it('a passport guard whose handleRequest never throws, or that swallows errors, does not authenticate', () => {
    const host = TestHost.memory({
      'src/g.ts': `import { AuthGuard } from '@nestjs/passport';
        export class OptionalJwtGuard extends AuthGuard('jwt') { handleRequest(err, user) { return user ?? null; } }
        export class StrictJwtGuard extends AuthGuard('jwt') { handleRequest(err, user) { if (err || !user) throw err; return user; } }
        export class SwallowGuard extends AuthGuard('jwt') {
          async canActivate(ctx) { try { await super.canActivate(ctx); } catch (e) { /* anonymous */ } return true; }
        }`,
    });
    const kind = (n: string) => guardClassSemantics(host.classNamed(n)!, host);
    assert.strictEqual(kind('OptionalJwtGuard').kind, 'non-security');
    assert.match(kind('OptionalJwtGuard').reasons[0], /optional authentication: OptionalJwtGuard\.handleRequest/);
    assert.strictEqual(kind('StrictJwtGuard').kind, 'authentication');
    assert.strictEqual(kind('SwallowGuard').kind, 'non-security');
  });
});

describe('early returns written the other way round', () => {
  it('`if (!isPublic) { return super.canActivate(ctx); } return true;`, else branches and inverted ternaries', () => {
    const host = TestHost.memory({
      'src/g.ts': `import { AuthGuard } from '@nestjs/passport';
        export class A extends AuthGuard('jwt') {
          constructor(private reflector) { super(); }
          canActivate(ctx) { const isPublic = this.reflector.getAllAndOverride('isPublic', [ctx.getHandler(), ctx.getClass()]);
            if (!isPublic) { return super.canActivate(ctx); }
            return true; }
        }
        export class B extends AuthGuard('jwt') {
          constructor(private reflector) { super(); }
          canActivate(ctx) { if (!this.reflector.get('isPublic', ctx.getHandler())) { return super.canActivate(ctx); } else { return true; } }
        }
        export class C extends AuthGuard('jwt') {
          constructor(private reflector) { super(); }
          canActivate(ctx) { const pub = this.reflector.get('isPublic', ctx.getClass()); return !pub ? super.canActivate(ctx) : true; }
        }
        export class D extends AuthGuard('jwt') {
          constructor(private reflector) { super(); }
          canActivate(ctx) { const pub = this.reflector.get('isPublic', ctx.getClass()); if (!pub) { log(); } return true; }
        }`,
    });
    const early = (n: string) => guardClassSemantics(host.classNamed(n)!, host).trueWhenPresent;
    assert.deepStrictEqual(early('A'), [{ key: 'isPublic', scope: 'handlerOverClass', test: 'truthy', method: 'getAllAndOverride' }]);
    assert.deepStrictEqual(early('B'), [{ key: 'isPublic', scope: 'handler', test: 'truthy', method: 'get' }]);
    assert.deepStrictEqual(early('C'), [{ key: 'isPublic', scope: 'class', test: 'truthy', method: 'get' }]);
    assert.strictEqual(guardClassSemantics(host.classNamed('D')!, host).alwaysTrue, true);
  });
});

describe('passport imported under an alias', () => {
  it('an aliased or wrapped passport AuthGuard counts; a local look-alike does not', () => {
    const host = TestHost.memory({
      'src/a.ts': `import { AuthGuard as PassportGuard } from '@nestjs/passport';
        export class JwtGuard extends PassportGuard('jwt') {}`,
      'src/b.ts': `import { AuthGuard } from './my-auth';
        export class LocalGuard extends AuthGuard('jwt') {}`,
      'src/my-auth.ts': `export function AuthGuard(s) { return mixin(class { canActivate() { return check(s); } }); }`,
      'src/wrap.ts': `import { AuthGuard as NestAuthGuard } from '@nestjs/passport';
        export function Guarded(options) { const strategies = ['jwt']; if (options?.public) strategies.push('anonymous'); return NestAuthGuard(strategies); }`,
      'src/c.ts': `import { Guarded } from './wrap';
        export class WrappedGuard extends Guarded({ public: false }) {}`,
    });
    assert.strictEqual(guardClassSemantics(host.classNamed('JwtGuard')!, host).kind, 'authentication');
    assert.strictEqual(guardClassSemantics(host.classNamed('LocalGuard')!, host).kind, 'unknown');
    const wrapped = guardClassSemantics(host.classNamed('WrappedGuard')!, host);
    assert.deepStrictEqual([wrapped.kind, wrapped.reasons[0]], ['authentication', 'extends NestAuthGuard(strategies) from @nestjs/passport']);
  });
});
