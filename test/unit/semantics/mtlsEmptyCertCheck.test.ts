/**
 * `mtls-empty-cert-check`: a certificate guard must *check* `socket.authorized`, not merely mention it.
 * Logging it (or reading it into a value nothing tests) leaves `getPeerCertificate()`'s empty object
 * and unverified certificates passing the guard, so the finding must stay.
 */
import * as assert from 'assert';
import { applySemantics } from '../../../src/core/semantics';
import type { AppIndex } from '../../../src/core/model';
import { TestHost, guard, route } from './testHost';

/** The guard's file: its `canActivate` reads the certificate, runs `guardBody`, then trusts the subject. */
function guardFile(guardBody: string): string {
  return `export class CertGuard {
  canActivate(ctx) {
    const socket = ctx.switchToHttp().getRequest().socket;
    const cert = socket.getPeerCertificate();
${guardBody}
    ctx.switchToHttp().getRequest().user = { name: cert.subject?.CN };
    return true;
  }
}`;
}

/** Where the finding points: the `if (!cert)` that never fails. */
const lineOf = (guardBody: string, text: string): string => `src/cert.guard.ts:${guardFile(guardBody).split('\n').findIndex((l) => l.includes(text)) + 1}`;

function emptyCertFindings(guardBody: string): string[] {
  const host = TestHost.memory({
    'src/main.ts': `const app = await NestFactory.create(AppModule, { httpsOptions: { requestCert: true, rejectUnauthorized: false } });`,
    'src/cert.guard.ts': guardFile(guardBody),
  }, { modules: [] });
  const a: AppIndex = { name: 'm', root: '/app', entryFile: 'src/main.ts', rootModule: null, findings: [], diagnostics: [], kind: 'server', env: { origin: 'none', files: [], variables: [] },
    routes: [route('C', 'h', 'GET', '/c', { guards: [guard(host, 'CertGuard', 'controller')] })] };
  applySemantics(a, host);
  return a.findings.filter((f) => f.code === 'mtls-empty-cert-check').map((f) => `${f.file}:${f.line}`);
}

describe('mtls-empty-cert-check: socket.authorized must be checked, not mentioned', () => {
  it('a guard that only tests !cert is reported', () => {
    const body = '    if (!cert) return false;';
    assert.deepStrictEqual(emptyCertFindings(body), [lineOf(body, 'if (!cert)')]);
  });

  it('a guard that only logs socket.authorized is reported', () => {
    const body = '    console.log(`authorized=${socket.authorized}`);\n    this.logger.debug(socket.authorized);\n    if (!cert) return false;';
    assert.deepStrictEqual(emptyCertFindings(body), [lineOf(body, 'if (!cert)')]);
  });

  it('a guard that reads socket.authorized into a value nothing tests is reported', () => {
    const body = '    const verified = socket.authorized;\n    if (!cert) return false;';
    assert.deepStrictEqual(emptyCertFindings(body), [lineOf(body, 'if (!cert)')]);
  });

  it('a guard that fails closed on socket.authorized is not reported', () => {
    assert.deepStrictEqual(emptyCertFindings('    if (!socket.authorized) return false;'), []);
    assert.deepStrictEqual(emptyCertFindings('    if (socket.authorized !== true) throw new UnauthorizedException();'), []);
    assert.deepStrictEqual(emptyCertFindings('    const verified = socket.authorized;\n    if (!verified) return false;'), []);
  });
});
