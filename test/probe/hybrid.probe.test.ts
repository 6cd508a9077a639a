import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { analyzeWorkspace } from '../../src/core/analyzer';
import type { Finding } from '../../src/core/model';
import { serveFixture, type ServedApp } from './serve';

/**
 * Hybrid apps: a fixture with a `hybrid.json` connects TCP microservices (ports from the variables it
 * names, given free ports here); each one is sent the same message anonymously and with the right
 * key. A connection the analysis reports with `microservice-drops-global-guards` (warning) must serve
 * the anonymous message; one it does not report must refuse it (the global guard runs); an `info`
 * finding (options not followed) says nothing either way.
 *
 *   { "env": {...}, "pattern": { "cmd": "ping" }, "right": { "key": "k" },
 *     "microservices": [{ "port": "MS_PORT_0", "line": 13, "finding": null | "warning" | "info", "anonymous": "refused" | "reached" }] }
 */
interface HybridSpec {
  env?: Record<string, string>;
  pattern: unknown;
  right: Record<string, unknown>;
  microservices: Array<{ port: string; line: number; finding: 'warning' | 'info' | null; anonymous?: 'refused' | 'reached' }>;
}

const FIXTURES = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}out${path.sep}`) ? ['..'] : []), 'test', 'fixtures');
const specs = fs.readdirSync(FIXTURES).sort().filter((name) => fs.existsSync(path.join(FIXTURES, name, 'hybrid.json')))
  .map((name) => ({ name, dir: path.join(FIXTURES, name), spec: JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'hybrid.json'), 'utf8')) as HybridSpec }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function message(port: number, pattern: unknown, data: unknown): Promise<string> {
  const client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
  try {
    return `reached ${JSON.stringify(await firstValueFrom(client.send(pattern, data).pipe(timeout(5000))))}`;
  } catch (error) {
    const e = error as { message?: string; name?: string };
    return `refused ${e.message ?? e.name ?? JSON.stringify(error)}`;
  } finally {
    await client.close();
  }
}

describe('hybrid apps: which microservices get the global guards (probe over TCP)', function () {
  this.timeout(60000);

  it('finds the hybrid fixtures', () => assert.ok(specs.length > 0));

  for (const { name, dir, spec } of specs) {
    describe(name, () => {
      let app: ServedApp | undefined;
      const ports = new Map<string, number>();
      let findings: Finding[] = [];

      before(async () => {
        findings = (analyzeWorkspace(dir).apps[0]?.findings ?? []).filter((f) => f.code === 'microservice-drops-global-guards');
        for (const m of spec.microservices) ports.set(m.port, await freePort());
        app = await serveFixture(dir, { env: { ...(spec.env ?? {}), ...Object.fromEntries([...ports].map(([k, v]) => [k, String(v)])) } });
      });

      after(async () => app?.close());

      it('the analysis reports exactly the connections recorded', () => {
        assert.deepStrictEqual(findings.map((f) => `${f.line} ${f.severity}`).sort(),
          spec.microservices.filter((m) => m.finding).map((m) => `${m.line} ${m.finding}`).sort(), findings.map((f) => f.message).join(' | '));
      });

      it('a message reaches the handlers of exactly the connections the analysis reports', async () => {
        const problems: string[] = [];
        for (const m of spec.microservices) {
          const port = ports.get(m.port) ?? 0;
          const anonymous = await message(port, spec.pattern, {});
          const right = await message(port, spec.pattern, spec.right);
          const expected = m.anonymous ?? (m.finding === 'warning' ? 'reached' : 'refused');
          if (m.finding === 'warning' && expected !== 'reached') problems.push(`line ${m.line}: a warning must mean the handlers are reached`);
          if (m.finding === null && expected !== 'refused') problems.push(`line ${m.line}: no finding must mean the guard runs`);
          if (!anonymous.startsWith(expected)) problems.push(`line ${m.line} anonymous: expected ${expected}, got ${anonymous}`);
          if (!right.startsWith('reached')) problems.push(`line ${m.line} with the key: expected reached, got ${right}`);
        }
        assert.deepStrictEqual(problems, []);
      });
    });
  }
});
