import * as assert from 'assert';
import { SyntaxKind } from 'ts-morph';
import type { Node } from 'ts-morph';
import { handlerScope } from '../../../src/core/semantics/flow/handlerParams';
import type { Origin } from '../../../src/core/semantics/flow/origin';
import { TestHost } from './testHost';

const FILES: Record<string, string> = {
  'src/current-user.decorator.ts': `
    import { createParamDecorator, ExecutionContext } from '@nestjs/common';
    export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest().user);
    export const HeaderUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
      const req = ctx.switchToHttp().getRequest();
      return req.headers['x-user-id'];
    });`,
  'src/cron.config.ts': `
    import { registerAs } from '@nestjs/config';
    export const cronConfig = registerAs('cron', () => ({ key: process.env.CRON_KEY }));`,
  'src/settings.service.ts': `
    export class SettingsService {
      get webhookSecret() { return process.env.WEBHOOK_SECRET; }
    }`,
  'src/x.controller.ts': `
    import { Body, Controller, Get, Headers, Inject, Param, Query, Req } from '@nestjs/common';
    import { ConfigService, ConfigType } from '@nestjs/config';
    import { ClsService } from 'nestjs-cls';
    import { CurrentUser, HeaderUser } from './current-user.decorator';
    import { cronConfig } from './cron.config';
    import { SettingsService } from './settings.service';
    const MODULE_SECRET = process.env.MODULE_SECRET;
    @Controller('x')
    export class XController {
      private readonly fieldKey = process.env.FIELD_KEY;
      private readonly assigned: string;
      constructor(
        private readonly config: ConfigService,
        @Inject(cronConfig.KEY) private readonly cron: ConfigType<typeof cronConfig>,
        private readonly cls: ClsService,
        private readonly settings: SettingsService,
        configService: ConfigService,
      ) {
        this.assigned = configService.getOrThrow<string>('ASSIGNED');
      }
      @Get(':id')
      run(@Headers('X-Cron-Key') key: string, @Req() req: any, @Param('id') id: string, @Query('userId') userId: string,
          @Body() dto: { ownerId: string }, @CurrentUser() user: { id: string }, @HeaderUser() spoofed: string, @Query() q: any) {
        const fromHeader = req.headers['x-cron-key'];
        const viaMethod = req.header('X-Other');
        const { ownerId } = dto;
        const target = userId ? parseInt(userId) : req.user.userId;
        const text = \`user \${user.id}\`;
        const [type, token] = req.headers.authorization?.split(' ') ?? [];
        probe(key, fromHeader, viaMethod, req.query.key, req.user.id, this.config.get('CRON_KEY'), process.env.RAW,
          this.cron.key, this.fieldKey, this.assigned, MODULE_SECRET, ownerId, target, text, user.id, spoofed,
          this.cls.get('user').id, id, q.userId, token, this.settings.webhookSecret, type);
      }
    }
    declare function probe(...args: unknown[]): void;`,
};

function describe1(o: Origin): string {
  switch (o.kind) {
    case 'client': return `client:${o.source}:${o.field ?? ''}${o.exact ? '' : '~'}`;
    case 'identity': return `identity:${o.via}:${o.field ?? ''}${o.exact ? '' : '~'}`;
    case 'secret': return `secret:${o.source}:${o.name}${o.exact ? '' : '~'}`;
    default: return o.kind;
  }
}

describe('data flow: where handler values come from', () => {
  const host = TestHost.memory(FILES);
  const handler = host.classNamed('XController')!.getInstanceMethodOrThrow('run');
  const scope = handlerScope(handler, host);
  const probe = handler.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => c.getExpression().getText() === 'probe')!;
  const args = probe.getArguments();
  const of = (i: number): string[] => scope.originsOf(args[i] as Node).map(describe1);

  const table: [string, string[]][] = [
    ['@Headers(name) (lower-cased)', ['client:header:x-cron-key']],
    ['req.headers[name] through a local', ['client:header:x-cron-key']],
    ['req.header(name)', ['client:header:x-other']],
    ['req.query.key', ['client:query:key']],
    ['req.user.id', ['identity:req.user:id']],
    ['ConfigService.get', ['secret:config:CRON_KEY']],
    ['process.env', ['secret:env:RAW']],
    ['a registerAs object injected by its KEY (namespaced)', ['secret:config:cron.key']],
    ['a field initialised from process.env', ['secret:env:FIELD_KEY']],
    ['a field assigned in the constructor from an injected ConfigService', ['secret:config:ASSIGNED']],
    ['a module constant from process.env', ['secret:env:MODULE_SECRET']],
    ['destructured body field', ['client:body:ownerId']],
    ['a query value or the caller (ternary)', ['client:query:userId', 'identity:req.user:userId']],
    ['a template string is text, not the value', []],
    ['@CurrentUser() read through createParamDecorator', ['identity:@CurrentUser():id']],
    ['a param decorator that returns a header is the client', ['client:header:x-user-id']],
    ['ClsService.get', ['identity:ClsService:user.id']],
    ['@Param(id)', ['client:path:id']],
    ['@Query() object member', ['client:query:userId']],
    ['array destructuring of a split header', ['client:header:authorization~']],
    ['a getter of an injected project service', ['secret:env:WEBHOOK_SECRET']],
    ['another element of the same destructuring', ['client:header:authorization~']],
  ];
  table.forEach(([what, expected], i) => {
    it(what, () => assert.deepStrictEqual(of(i), expected));
  });
});
