import { runCli } from './run';

try {
  process.exitCode = runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTty: Boolean(process.stdout.isTTY),
  });
} catch (error) {
  process.stderr.write(`nest-guard-coverage: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
}
