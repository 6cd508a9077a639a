import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WorkspaceAnalyzer } from '../../../src/core/analyzer';
import type { AnalysisResult } from '../../../src/core/model';

const fixture = path.resolve(__dirname, '../../../../test/fixtures/composite');

/** A throw-away copy of a fixture, so edits on disk never touch the repo. */
function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incremental-'));
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}

function chain(result: AnalysisResult, method: string, routePath: string): string[] {
  const route = result.apps[0].routes.find((r) => r.httpMethod === method && r.path === routePath);
  assert.ok(route, `route ${method} ${routePath}`);
  return route.guards.map((g) => g.name);
}

describe('WorkspaceAnalyzer incremental updates', () => {
  let root: string;
  let analyzer: WorkspaceAnalyzer;
  const decoratorFile = (): string => path.join(root, 'src/auth/decorators/auth.decorator.ts');
  const ordersFile = (): string => path.join(root, 'src/orders/orders.controller.ts');

  beforeEach(() => {
    root = copyFixture();
    analyzer = new WorkspaceAnalyzer(root);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('sees an unsaved edit of a composite decorator in another file, then the saved file again', () => {
    const before = analyzer.analyze();
    const guardedRoute = before.apps[0].routes.find((r) => r.guards.some((g) => g.name === 'JwtAuthGuard' && g.attachment === 'composite'))!;
    const original = fs.readFileSync(decoratorFile(), 'utf8');
    analyzer.setFileText(decoratorFile(), original.replace('UseGuards(JwtAuthGuard),', 'UseGuards(JwtAuthGuard, JwtAuthGuard),'));
    const edited = chain(analyzer.analyze(), guardedRoute.httpMethod, guardedRoute.path);
    assert.strictEqual(edited.filter((n) => n === 'JwtAuthGuard').length, 2);
    analyzer.setFileText(decoratorFile(), undefined);
    assert.deepStrictEqual(chain(analyzer.analyze(), guardedRoute.httpMethod, guardedRoute.path), guardedRoute.guards.map((g) => g.name));
  });

  it('drops a handler guard removed from the controller and adds a new route', () => {
    const before = analyzer.analyze();
    const throttled = before.apps[0].routes.find((r) => r.guards.some((g) => g.name === 'ThrottleGuard'))!;
    const text = fs.readFileSync(ordersFile(), 'utf8');
    const edited = text.replace('@UseGuards(ThrottleGuard)', '').replace(/\n}\s*$/, "\n  @Get('extra')\n  extra() {\n    return 1;\n  }\n}\n");
    analyzer.setFileText(ordersFile(), edited);
    const after = analyzer.analyze();
    assert.ok(!chain(after, throttled.httpMethod, throttled.path).includes('ThrottleGuard'));
    assert.ok(after.apps[0].routes.some((r) => r.path === '/orders/extra'));
  });

  it('drops the routes of a controller whose file is deleted, and reports it', () => {
    analyzer.analyze();
    fs.rmSync(ordersFile());
    analyzer.setFileText(ordersFile(), undefined);
    const after = analyzer.analyze();
    assert.ok(!after.apps[0].routes.some((r) => r.controller === 'OrdersController'));
    assert.ok(after.apps[0].diagnostics.some((d) => /controller of AppModule is not resolved/.test(d.message)));
  });

  it('answers affects() for files the result depends on, and not for unrelated ones', () => {
    analyzer.analyze();
    assert.ok(analyzer.affects(decoratorFile()));
    const dto = path.join(root, 'src/orders/order.dto.ts');
    fs.writeFileSync(dto, 'export class OrderDto { id!: string; }\n');
    assert.ok(!analyzer.affects(dto));
    assert.ok(!analyzer.affects(path.join(root, 'README.md')));
  });
});

describe('WorkspaceAnalyzer and the app\'s env files', () => {
  it('an edit of the .env the app loads (saved, unsaved, created) changes the paths; an unrelated .env does not matter', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'incremental-env-'));
    try {
      fs.cpSync(path.resolve(__dirname, '../../../../test/fixtures/config-register-as'), root, { recursive: true });
      const analyzer = new WorkspaceAnalyzer(root);
      const prefix = (): string => analyzer.analyze().apps[0].routes.find((r) => r.controller === 'UsersController')!.path;
      assert.strictEqual(prefix(), '/svc/v2/v7/users');
      const dotenv = path.join(root, '.env');
      assert.strictEqual(analyzer.affects(dotenv), true);
      assert.strictEqual(analyzer.affects(path.join(root, 'other/.env')), false);
      analyzer.setFileText(dotenv, 'API_PREFIX=typed\n');
      assert.strictEqual(prefix(), '/typed/v1/users');
      // .env.local was looked for and not found: creating it is seen, and it wins over .env.
      fs.writeFileSync(path.join(root, '.env.local'), 'API_PREFIX=local\n');
      analyzer.setFileText(path.join(root, '.env.local'), undefined);
      assert.strictEqual(prefix(), '/local/v1/users');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
