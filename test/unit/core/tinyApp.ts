import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';

/** Routes of a one-file app (`src/app.ts` holds `appSource`, bootstrapped by `src/main.ts`), analysed on disk. */
export function routesOf(appSource: string): ReturnType<typeof analyzeWorkspace>['apps'][number]['routes'] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tiny-app-'));
  try {
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "experimentalDecorators": true } }');
    fs.writeFileSync(path.join(root, 'src/main.ts'), "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app';\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n");
    fs.writeFileSync(path.join(root, 'src/app.ts'), appSource);
    return analyzeWorkspace(root).apps[0].routes;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
