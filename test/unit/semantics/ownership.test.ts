import * as assert from 'assert';
import { ownershipEvidence } from '../../../src/core/semantics/ownership/index';
import { route, TestHost } from './testHost';

/** One controller per shape; each handler is `h(...)` on `PUT /things/:id`. */
function evidence(body: string, extra = ''): { kind: string; detail: string } | null {
  const host = TestHost.memory({
    'src/user.decorator.ts': `
      import { createParamDecorator } from '@nestjs/common';
      export const CurrentUser = createParamDecorator((_d: unknown, ctx: any) => ctx.switchToHttp().getRequest().user);`,
    'src/things.service.ts': `
      import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
      import { REQUEST } from '@nestjs/core';
      import { AsyncLocalStorage } from 'async_hooks';
      import { Repository } from 'typeorm';
      @Injectable()
      export class ThingsService {
        constructor(private readonly repo: Repository<any>, private readonly als: AsyncLocalStorage<{ user: { id: string } }>,
          @Inject(REQUEST) private readonly req: any, private readonly prisma: any) {}
        scoped(id: string, userId: string) { return this.repo.findOne({ where: { id, ownerId: userId } }); }
        prismaScoped(id: string, user: { id: string }) { return this.prisma.thing.findFirst({ where: { id, userId: user.id } }); }
        async viaAls(id: string) {
          const thing = await this.repo.findOneBy({ id });
          if (thing.ownerId !== this.als.getStore()?.user.id) throw new ForbiddenException();
          return thing;
        }
        async viaRequest(id: string) {
          const thing = await this.repo.findOneBy({ id });
          if (thing.ownerId !== this.req.user.id) throw new ForbiddenException();
          return thing;
        }
        ignores(id: string, _userId: string) { return this.repo.delete(id); }
        load(id: string) { return this.repo.findOneBy({ id }); }
      }`,
    'src/things.controller.ts': `
      import { Body, Controller, ForbiddenException, Param, Put, Query, Req } from '@nestjs/common';
      import { CurrentUser } from './user.decorator';
      import { ThingsService } from './things.service';
      @Controller('things')
      export class ThingsController {
        constructor(private readonly things: ThingsService) {}
        @Put(':id')
        async h(@Param('id') id: string, @CurrentUser() user: any, @Req() req: any, @Query('force') force: string, @Body() dto: any) {
          ${body}
        }
        ${extra}
      }`,
  });
  const ev = ownershipEvidence(route('ThingsController', 'h', 'PUT', '/things/:id'), [], host);
  return ev && { kind: ev.kind, detail: ev.detail };
}

describe('ownership evidence: what counts as an object-level check', () => {
  const cases: [string, string, string, string?][] = [
    ['a repository query scoped by the caller (service)', 'service', 'return this.things.scoped(id, user.id);'],
    ['a Prisma where with the caller (service)', 'service', 'return this.things.prismaScoped(id, user);'],
    ['the caller from AsyncLocalStorage, compared in the service', 'service', 'return this.things.viaAls(id);'],
    ['the caller from an injected REQUEST, compared in the service', 'service', 'return this.things.viaRequest(id);'],
    ['a membership test (includes) that throws', 'handler', 'const t = await this.things.load(id); if (!user.thingIds.includes(t.id)) throw new ForbiddenException(); return t;'],
    ['a helper method whose return compares', 'handler', 'const t = await this.things.load(id); if (!this.canEdit(user, t)) throw new ForbiddenException(); return t;',
      'private canEdit(u: any, t: any) { return t.ownerId === u.id; }'],
    ['an admin exception decided on the server side', 'handler', 'if (id !== user.id && !user.isAdmin) throw new ForbiddenException(); return this.things.load(id);'],
    ['a ternary on the owner', 'handler', 'const t = await this.things.load(id); return t.ownerId === user.id ? t : null;'],
    ['a comparison that only logs is no check', 'none', 'const t = await this.things.load(id); if (t.ownerId !== user.id) console.warn("not owner"); return t;'],
    ['console.log of the caller is not flow', 'none', 'console.log(req.user.id); return this.things.load(id);'],
    ['a string built from the caller is not flow', 'none', 'const msg = `by ${user.id}`; return this.things.ignores(id, msg);'],
    ['a check the client can skip with a query flag is no check', 'none',
      'const t = await this.things.load(id); if (!force && t.ownerId !== user.id) throw new ForbiddenException(); return t;'],
    ['an owner id taken from the body is not the caller', 'none', 'const t = await this.things.load(id); if (t.ownerId !== dto.ownerId) throw new ForbiddenException(); return t;'],
  ];
  for (const [what, kind, body, extra] of cases) {
    it(what, () => assert.strictEqual(evidence(body, extra)?.kind, kind, JSON.stringify(evidence(body, extra))));
  }

  it('says whether the caller was passed, and to what', () => {
    assert.strictEqual(evidence('return this.things.ignores(id, user.id);')?.detail,
      "no ownership check for :id: no guard checks the object; no comparison with the caller in ThingsController.h or in ThingsService.ignores; "
      + "the caller's identity goes into this.things.ignores, which neither compares nor scopes the object by it");
    assert.strictEqual(evidence('console.log(req.user.id); return this.things.load(id);')?.detail,
      "no ownership check for :id: no guard checks the object; no comparison with the caller in ThingsController.h or in ThingsService.load; "
      + "the caller's identity is not used");
  });
});
