import * as assert from 'assert';
import { addHttpsOptions, fixRejectUnauthorized } from '../../../src/core/fixes';
import { assertGolden, assertRefused, MemoryProject } from './helpers';

describe('fixes/addHttpsOptions', () => {
  it('merges httpsOptions into the existing options object and adds the env-reading helper', () => {
    const p = MemoryProject.load('fix-basic');
    p.apply(addHttpsOptions({ root: p.root, reader: p }));
    assertGolden('fix-basic/main.addHttpsOptions.ts', p.text('src/main.ts'));
    assertRefused(addHttpsOptions({ root: p.root, reader: p }), /^already has httpsOptions/);
  });

  it('adds an options argument when create has none, in the file\'s style', () => {
    const p = MemoryProject.load('fix-style');
    p.apply(addHttpsOptions({ root: p.root, reader: p, env: { key: 'APP_KEY', cert: 'APP_CERT', ca: 'APP_CA' } }));
    assertGolden('fix-style/main.addHttpsOptions.ts', p.text('src/main.ts'));
  });

  it('puts https into the FastifyAdapter options', () => {
    const p = MemoryProject.load('fix-fastify');
    p.apply(addHttpsOptions({ root: p.root, reader: p }));
    assertGolden('fix-fastify/main.addHttpsOptions.ts', p.text('src/main.ts'));
    assertRefused(addHttpsOptions({ root: p.root, reader: p }), /^already has https /);
  });

  it('refuses to merge over rejectUnauthorized: false, which has its own fix', () => {
    const p = MemoryProject.load('fix-noreject');
    assertRefused(addHttpsOptions({ root: p.root, reader: p }), /^rejectUnauthorized is false/);
  });

  it('finds the bootstrap file by its NestFactory.create call when there is no src/main.ts', () => {
    const p = MemoryProject.load('fix-basic');
    const main = p.text('src/main.ts');
    p.files.delete(p.file('src/main.ts'));
    p.files.set(p.file('src/server.ts'), main);
    const fix = addHttpsOptions({ root: p.root, reader: p });
    assert.ok(fix.edits.length > 0 && fix.edits.every((e) => e.file === p.file('src/server.ts')), fix.refused);
  });

  it('refuses options it cannot merge into: a variable, or httpsOptions from elsewhere', () => {
    const p = MemoryProject.load('fix-basic');
    const main = p.file('src/main.ts');
    const text = p.text('src/main.ts');
    p.files.set(main, text.replace("{ logger: ['error'] }", 'appOptions').replace('export async', "const appOptions = { logger: false as const };\n\nexport async"));
    assertRefused(addHttpsOptions({ root: p.root, reader: p }), /^the options of NestFactory\.create are not an object literal$/);
    p.files.set(main, text.replace("{ logger: ['error'] }", '{ httpsOptions: tlsOptions() }'));
    assertRefused(addHttpsOptions({ root: p.root, reader: p }), /^httpsOptions is not an object literal; add requestCert and rejectUnauthorized: true by hand$/);
  });

  it('refuses a bootstrap without NestFactory.create', () => {
    const p = MemoryProject.load('fix-basic');
    assertRefused(addHttpsOptions({ root: p.root, reader: p, bootstrapFile: p.file('src/app.module.ts') }), /^NestFactory\.create\(\.\.\.\) not found in app\.module\.ts$/);
  });
});

describe('fixes/fixRejectUnauthorized', () => {
  it('turns rejectUnauthorized: false into true, then adds the missing ca', () => {
    const p = MemoryProject.load('fix-noreject');
    const fix = fixRejectUnauthorized({ root: p.root, reader: p });
    assert.strictEqual(fix.edits.length, 1);
    assert.strictEqual(fix.edits[0].newText, 'true');
    p.apply(fix);
    assertRefused(fixRejectUnauthorized({ root: p.root, reader: p }), /^already fixed/);
    p.apply(addHttpsOptions({ root: p.root, reader: p }));
    assertGolden('fix-noreject/main.fixed.ts', p.text('src/main.ts'));
  });
});
