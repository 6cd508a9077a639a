/**
 * Which conditions are switches the client turns: a guard's way to `true` on a value it sends, a
 * rejection a flag skips when sent; and which look alike but are not (an opt-in the client asks for,
 * a flag that asks for more, validation of a required value, a setting).
 */
import * as assert from 'assert';
import { FlowScope } from '../../../src/core/semantics/flow/scope';
import { handlerScope } from '../../../src/core/semantics/flow/handlerParams';
import { guardSwitches, skippedRejections } from '../../../src/core/semantics/authz/clientSwitches';
import { TestHost } from './testHost';

const guard = (body: string): string => `
  import { CanActivate, ExecutionContext } from '@nestjs/common';
  export class G implements CanActivate {
    canActivate(ctx: ExecutionContext) {
      const req = ctx.switchToHttp().getRequest();
      ${body}
    }
  }`;

const handler = (body: string): string => `
  import { Body, Controller, Headers, Param, Post, Query, Req } from '@nestjs/common';
  @Controller('x')
  export class C {
    @Post(':id')
    h(@Req() req: any, @Param('id') id: string, @Query('force') force: string, @Body() body: any, @Headers('x-mode') mode: string) {
      const doc = this.load(id);
      ${body}
      return doc;
    }
    load(id: string) { return { id, ownerId: '1', locked: false }; }
  }`;

function guardSays(body: string): string[] {
  const host = TestHost.memory({ 'src/g.ts': guard(body) });
  const m = host.classNamed('G')!.getInstanceMethodOrThrow('canActivate');
  const scope = new FlowScope(m, [[{ kind: 'context', exact: true }]], host);
  return guardSwitches(m, scope, 'check').map((s) => `${s.value} -> ${s.skips}`);
}

function handlerSays(body: string): string[] {
  const host = TestHost.memory({ 'src/c.ts': handler(body) });
  const m = host.classNamed('C')!.getInstanceMethodOrThrow('h');
  return skippedRejections(m, handlerScope(m, host)).map((s) => `${s.value} skips ${s.check} (${s.skips})`);
}

describe('client switches', () => {
  const guards: [string, string, string[]][] = [
    ['a header equal to a flag', "if (req.headers['x-admin'] === 'true') return true; return req.user.roles.includes('admin');", ['the x-admin header -> role']],
    ['a query value held in a local, one operand of ||', "const dbg = req.query.debug === '1'; return dbg || req.user?.roles.includes('admin');", ['the query parameter debug -> role']],
    ['a header equal to any constant the client can send', "if (req.headers.proxied === 'nginx') return true; return false;", ['the proxied header -> check']],
    ['a ternary on a body flag', 'return req.body.skip ? true : req.user.isAdmin;', ['body.skip -> role']],
    ['passing unless a header is sent (an opt-in)', "const viewAs = req.headers['x-view-as']; if (!viewAs) return true; return req.user.isAdmin;", []],
    ['unless a header differs from a constant', "if (req.headers['x-mode'] !== 'strict') return true; return req.user.isAdmin;", []],
    ['the credential being absent', 'if (!req.headers.authorization) return true; return req.user.isAdmin;', []],
    ['the path (judged per route elsewhere)', "if (req.url === '/health') return true; return req.user.isAdmin;", []],
  ];
  for (const [what, body, expected] of guards) {
    it(`guard: ${what}`, () => assert.deepStrictEqual(guardSays(body), expected));
  }

  const handlers: [string, string, string[]][] = [
    ['!flag skips the owner check', "if (!force && doc.ownerId !== req.user.id) throw new Error('no');", ['the query parameter force skips doc.ownerId !== req.user.id (owner)']],
    ["flag !== 'true' skips the role check", "if (body.override !== 'true' && !req.user.isAdmin) throw new Error('no');", ['body.override skips !req.user.isAdmin (role)']],
    ['a header flag skips a comparison of two client values', "if (mode !== '1' && body.state !== req.cookies.state) throw new Error('no');",
      ['the x-mode header skips body.state !== req.cookies.state (check)']],
    ['a flag that asks for more and is itself checked', "if (force && !req.user.isAdmin) throw new Error('no');", []],
    ['a value the rejection requires (validation)', "if (doc.locked && !body.title) throw new Error('title');", []],
    ['a setting skipped, nothing of the request', "if (!process.env.STRICT && !force) throw new Error('no');", []],
    ['two flags, nothing else', "if (!force && !body.confirm) throw new Error('no');", []],
    ['a comparison with data, not a flag', "if (body.role !== 'user' && !req.user.isAdmin) throw new Error('no');", []],
  ];
  for (const [what, body, expected] of handlers) {
    it(`rejection: ${what}`, () => assert.deepStrictEqual(handlerSays(body), expected));
  }
});
