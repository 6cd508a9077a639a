import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';

const controller = (name: string, p: string): string => `import { Controller, Get } from '@nestjs/common';
@Controller('${p}')
export class ${name} { @Get() list() { return []; } }
`;

/**
 * <tmp>/repo (a git work tree) holds the app; <tmp>/elsewhere holds a controller the app reaches
 * through `how`: an absolute import, a tsconfig alias, or a symlink inside the repository.
 */
function layout(how: 'absolute' | 'alias' | 'symlink' | 'inside-symlink'): { base: string; app: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'boundary-'));
  const repo = path.join(base, 'repo');
  const app = path.join(repo, 'app');
  const elsewhere = path.join(base, 'elsewhere');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.mkdirSync(path.join(app, 'src', 'shared'), { recursive: true });
  fs.mkdirSync(elsewhere);
  fs.writeFileSync(path.join(elsewhere, 'leak.controller.ts'), controller('LeakController', 'leak'));
  fs.writeFileSync(path.join(repo, 'shared.controller.ts'), controller('LeakController', 'repo-shared'));
  const compilerOptions: Record<string, unknown> = { experimentalDecorators: true };
  let specifier = './shared/leak.controller';
  if (how === 'absolute') specifier = path.join(elsewhere, 'leak.controller').split(path.sep).join('/');
  if (how === 'alias') {
    Object.assign(compilerOptions, { baseUrl: '.', paths: { '@leak/*': ['../../elsewhere/*'] } });
    specifier = '@leak/leak.controller';
  }
  if (how === 'symlink') fs.symlinkSync(path.join(elsewhere, 'leak.controller.ts'), path.join(app, 'src', 'shared', 'leak.controller.ts'));
  if (how === 'inside-symlink') fs.symlinkSync(path.join(repo, 'shared.controller.ts'), path.join(app, 'src', 'shared', 'leak.controller.ts'));
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
  fs.writeFileSync(path.join(app, 'src', 'main.ts'), "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nNestFactory.create(AppModule).then((a) => a.listen(3000));\n");
  fs.writeFileSync(path.join(app, 'src', 'app.module.ts'), `import { Module } from '@nestjs/common';
import { LeakController } from '${specifier}';
import { ItemsController } from './items.controller';
@Module({ controllers: [ItemsController, LeakController] })
export class AppModule {}
`);
  fs.writeFileSync(path.join(app, 'src', 'items.controller.ts'), controller('ItemsController', 'items'));
  return { base, app };
}

describe('the analysis reads nothing outside the repository', () => {
  for (const how of ['absolute', 'alias', 'symlink'] as const) {
    it(`a controller reached through ${how === 'alias' ? 'a tsconfig alias' : how === 'absolute' ? 'an absolute import' : 'a symlink'} that leaves the repository is not read, and the app says so`, () => {
      const { base, app } = layout(how);
      try {
        const [result] = analyzeWorkspace(app).apps;
        assert.deepStrictEqual(result.routes.map((r) => r.path), ['/items']);
        const warning = result.diagnostics.find((d) => d.message.startsWith('not read: 1 file(s) outside the repository'));
        assert.ok(warning, result.diagnostics.map((d) => d.message).join('\n'));
        assert.match(warning.message, /leak\.controller\.ts/);
      } finally {
        fs.rmSync(base, { recursive: true, force: true });
      }
    });
  }

  it('a symlink that stays inside the repository is followed', () => {
    const { base, app } = layout('inside-symlink');
    try {
      const [result] = analyzeWorkspace(app).apps;
      assert.deepStrictEqual(result.routes.map((r) => r.path).sort(), ['/items', '/repo-shared']);
      assert.ok(!result.diagnostics.some((d) => d.message.startsWith('not read')));
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('the given boundary replaces the repository (the editor passes its workspace folders)', () => {
    const { base, app } = layout('absolute');
    try {
      const routes = analyzeWorkspace(app, { boundary: [base] }).apps[0].routes;
      assert.deepStrictEqual(routes.map((r) => r.path).sort(), ['/items', '/leak']);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
