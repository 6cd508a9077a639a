import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import {
  addHttpsOptions, addOwnershipCheck, addRoles, addUseGuards, createMtlsGuard, fixMtlsGuardMistakes,
  fixRejectUnauthorized, nodeFileReader, registerGlobalMtlsGuard, type Fix, type FileReader,
} from '../../../src/core/fixes';
import { applyMtlsFixes, applyMtlsFixesFastify, applyToDisk, copyFixture } from '../../tls/support';

/** Parsed declaration files of node_modules (lib, @types, @nestjs), shared by every check: the slow part. */
const declarationCache = new Map<string, ts.SourceFile>();

/**
 * `tsc --noEmit -p <dir>` in process, with the repo's typescript and @nestjs types; returns the
 * formatted diagnostics ('' when the project type-checks).
 */
function typecheck(dir: string): string {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error(`cannot read ${dir}/tsconfig.json`);
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.includes('/node_modules/')) return read(fileName, languageVersion, onError, shouldCreate);
    const cached = declarationCache.get(fileName) ?? read(fileName, languageVersion, onError, shouldCreate);
    if (cached) declarationCache.set(fileName, cached);
    return cached;
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => dir,
    getNewLine: () => '\n',
  });
}

function applyAll(root: string, make: Array<(ctx: { root: string; reader: FileReader }) => Fix>): void {
  for (const m of make) applyToDisk(m({ root, reader: nodeFileReader(root) }));
}

describe('fixes leave the project type-checking (tsc --noEmit, strict)', function () {
  this.timeout(180000);
  const dirs: string[] = [];
  const copy = (fixture: string): string => {
    const dir = copyFixture(fixture, `tsc-${fixture}`);
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('fix-basic: guard, allowlist, @UseGuards, @Roles, ownership, httpsOptions, APP_GUARD', () => {
    const root = copy('fix-basic');
    applyMtlsFixes(root);
    applyAll(root, [(c) => registerGlobalMtlsGuard(c)]);
    assert.ok(fs.readFileSync(path.join(root, 'src', 'app.module.ts'), 'utf8').includes('APP_GUARD'));
    assert.strictEqual(typecheck(root), '');
  });

  it('fix-fastify: aliases, createDecorator roles, FastifyAdapter https', () => {
    const root = copy('fix-fastify');
    applyMtlsFixesFastify(root);
    assert.strictEqual(typecheck(root), '');
  });

  it('fix-style: merged @UseGuards, SetMetadata roles, ownership, httpsOptions, exports, APP_GUARD', () => {
    const root = copy('fix-style');
    const ctrl = path.join(root, 'src', 'reports', 'reports.controller.ts');
    const target = { file: ctrl, className: 'ReportsController' };
    applyAll(root, [
      (c) => createMtlsGuard({ ...c, module: { file: path.join(root, 'src', 'reports', 'reports.module.ts'), name: 'ReportsModule' } }),
      (c) => addUseGuards({ ...c, ...target, methodName: 'findOne' }),
      (c) => addUseGuards({ ...c, ...target, methodName: 'exportAll' }),
      (c) => addUseGuards({ ...c, ...target, methodName: 'list' }),
      (c) => addRoles({ ...c, ...target, methodName: 'list', roles: ['auditor'] }),
      (c) => addOwnershipCheck({ ...c, ...target, methodName: 'findOne' }),
      (c) => addHttpsOptions(c),
      (c) => registerGlobalMtlsGuard(c),
    ]);
    assert.strictEqual(typecheck(root), '');
  });

  it('fix-noreject and fix-mistakes: rejectUnauthorized and guard-mistake rewrites', () => {
    const noreject = copy('fix-noreject');
    applyAll(noreject, [(c) => fixRejectUnauthorized(c), (c) => addHttpsOptions(c)]);
    const mistakes = copy('fix-mistakes');
    applyAll(mistakes, [
      (c) => fixMtlsGuardMistakes({ ...c, file: path.join(mistakes, 'src', 'auth', 'cert.guard.ts') }),
      (c) => fixMtlsGuardMistakes({ ...c, file: path.join(mistakes, 'src', 'auth', 'keys.guard.ts') }),
    ]);
    assert.strictEqual(typecheck(noreject), '');
    assert.strictEqual(typecheck(mistakes), '');
  });

  it('catches a broken edit (the check itself can fail)', () => {
    const root = copy('fix-noreject');
    fs.appendFileSync(path.join(root, 'src', 'main.ts'), '\nconst broken: number = "text";\n');
    assert.match(typecheck(root), /TS2322/);
  });
});
