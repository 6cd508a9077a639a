/**
 * `npm run bench`: measures, in one run on one machine, how the analyzer's cost compares with
 * parsing every file once (the floor for a tool that parses everything), and how cheap a re-link
 * after a one-file edit is. Prints ratios, which stay meaningful on a noisy shared machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'ts-morph';
import { WorkspaceAnalyzer } from '../../src/core/analyzer';
import { listSourceFiles } from '../../src/core/project/sourceFiles';
import { writeSyntheticApp } from './syntheticApp';

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const features = Number(process.env.BENCH_FEATURES ?? 150);
const filler = Number(process.env.BENCH_FILLER ?? 12);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-coverage-bench-'));
try {
  const shape = writeSyntheticApp(root, { features, filler });
  const files = listSourceFiles(root, { include: [], exclude: [] });
  const parseAll = median([0, 1, 2].map(() => time(() => {
    const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, skipLoadingLibFiles: true });
    for (const f of files) project.createSourceFile(f, fs.readFileSync(f, 'utf8'), { overwrite: true }).getClasses();
  }).ms));
  const cold = median([0, 1, 2].map(() => time(() => new WorkspaceAnalyzer(root).analyze()).ms));
  const analyzer = new WorkspaceAnalyzer(root);
  const first = analyzer.analyze();
  const routes = first.apps[0].routes.length;
  const target = path.join(root, 'src/feature0/feature0.controller.ts');
  const original = fs.readFileSync(target, 'utf8');
  const edits = [0, 1, 2, 3, 4].map((i) => time(() => {
    analyzer.setFileText(target, original.replace("@Get() list()", `@Get('v${i}') list()`));
    return analyzer.analyze();
  }).ms);
  const edit = median(edits);
  // A fast re-analysis only counts if it saw the edit.
  const sawEdit = analyzer.analyze().apps[0].routes.some((r) => r.path === '/api/feature0/v4');
  const out = (label: string, value: string): void => void process.stdout.write(`${label.padEnd(46)} ${value}\n`);
  out('synthetic app', `${shape.files} files, ${routes} routes (expected ${shape.routes})`);
  out('parse every file once (ts-morph, median of 3)', `${parseAll.toFixed(0)} ms`);
  out('cold analysis (new analyzer, median of 3)', `${cold.toFixed(0)} ms`);
  out('re-analysis after a one-file edit (median of 5)', `${edit.toFixed(0)} ms`);
  out('ratio cold analysis / parse everything', `${(cold / parseAll).toFixed(2)}`);
  out('ratio edit re-analysis / cold analysis', `${(edit / cold).toFixed(2)}`);
  out('edit visible in the re-analysis', sawEdit ? 'yes' : 'NO');
  if (routes !== shape.routes || !sawEdit) process.exitCode = 1;
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
