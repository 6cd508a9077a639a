/** SARIF (validated against the official 2.1.0 schema), Markdown, coverage figure and --fail-on exit codes. */
import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import type { AnalysisResult } from '../../../src/core/model';
import { coverageFigure, failOnExitCode, toMarkdown, toSarif } from '../../../src/core/report';
import { RULE_METAS } from '../../../src/core/rules/registry';
import { FIXTURES } from './testHost';

// The SARIF 2.1.0 (rtm.5, final) JSON schema as shipped by @microsoft/jest-sarif. Its language pattern
// (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) is not valid in unicode mode, hence `unicodeRegExp: false`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function analyzeMany(...fixtures: string[]): AnalysisResult {
  return { apps: fixtures.flatMap((f) => analyzeWorkspace(path.join(FIXTURES, f)).apps) };
}

describe('reports', () => {
  let result: AnalysisResult;
  before(() => {
    result = analyzeMany('sem-public-global', 'sem-opt-in', 'sem-ownership', 'sem-mtls-string-compare');
  });

  describe('SARIF', () => {
    it('validates against the SARIF 2.1.0 schema', () => {
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      const log = toSarif(result, { helpBaseUri: 'https://example.invalid/docs/rules.md' });
      const ok = validate(JSON.parse(JSON.stringify(log)));
      assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    });

    it('the validator rejects a broken log (so the test above can fail)', () => {
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      const log = JSON.parse(JSON.stringify(toSarif(result)));
      log.runs[0].results[0].level = 'fatal';
      assert.strictEqual(validate(log), false);
    });

    it('has rule metadata with CWE tags, and results with relative URIs and 1-based lines', () => {
      const log = toSarif(result);
      const run = log.runs[0];
      const rules = run.tool.driver.rules!;
      assert.deepStrictEqual(rules.map((r) => r.id), RULE_METAS.map((m) => m.code));
      const noAuth = rules.find((r) => r.id === 'no-authentication')!;
      assert.deepStrictEqual(noAuth.properties!.tags, ['security', 'external/cwe/cwe-306']);
      assert.strictEqual(noAuth.defaultConfiguration!.level, 'error');
      assert.strictEqual(run.originalUriBaseIds!.SRCROOT.uri, `${pathToFileURL(FIXTURES).href}/`);
      const total = result.apps.reduce((n, a) => n + a.findings.length, 0);
      assert.strictEqual(run.results!.length, total);
      const own = run.results!.find((r) => r.ruleId === 'missing-ownership-check')!;
      assert.deepStrictEqual(own.locations![0].physicalLocation, {
        artifactLocation: { uri: 'sem-ownership/src/documents.controller.ts', uriBaseId: 'SRCROOT' },
        region: { startLine: 36, startColumn: 3, endLine: 36, endColumn: 9 },
      });
      assert.strictEqual(own.level, 'warning');
      assert.strictEqual(rules[own.ruleIndex!].id, 'missing-ownership-check');
    });
  });

  describe('Markdown', () => {
    it('has a summary with the coverage figure, a table per controller, and the findings', () => {
      const md = toMarkdown(analyzeMany('sem-opt-in'));
      assert.match(md, /^# Guard coverage\n\n## sem-opt-in\n\n\*\*Coverage 50%\*\* \(1 of 2 routes protected or deliberately public\)/);
      assert.match(md, /### OrdersController \(`src\/orders\.controller\.ts`\)\n\n\| Method \| Path \| Verdict \| Guards \| Roles \| Why \|/);
      assert.ok(md.includes('| GET | `/orders/export` | ❌ unprotected | ~~🔑 TokenGuard~~ (off: no requireAuth) | — | no guard authenticates: TokenGuard is opt-in and the route has no requireAuth metadata |'), md);
      assert.match(md, /### Findings \(2\)/);
      assert.ok(md.includes('Guards: 🔑 authenticates'), md);
      assert.match(md, /\| 🟠 warning \| `opt-in-global-guard` \| CWE-306 \| `src\/app\.module\.ts:8` \|/);
    });

    it('shows switched-off guards, unenforced roles and ownership', () => {
      const md = toMarkdown(analyzeMany('sem-public-global', 'sem-create-decorator', 'sem-ownership'));
      assert.ok(md.includes('⚙️ RateLimitGuard → ~~🔑 JwtAuthGuard~~ (off: @Public) → 🔑 ApiKeyGuard'), md);
      assert.ok(md.includes('accountant (**not enforced**)'), md);
      assert.ok(md.includes('auditor (by RolesGuard)'), md);
      assert.ok(md.includes('**no ownership check**'), md);
      assert.ok(md.includes('ownership: service (body passes it to this.documents.findForOwner; DocumentsService.findForOwner loads the object scoped by the caller'), md);
    });
  });

  describe('coverage figure and exit codes', () => {
    it('counts protected + public over all routes', () => {
      const app = analyzeMany('sem-middleware').apps[0];
      assert.deepStrictEqual(coverageFigure(app), { total: 3, protected: 2, public: 0, unprotected: 1, unknown: 0, covered: 2, percent: 66.7 });
      assert.strictEqual(coverageFigure(analyzeMany('sem-public-ok').apps[0]).percent, 100);
    });

    it('--fail-on unprotected and by severity', () => {
      const clean = analyzeMany('sem-mtls-ok');
      const open = analyzeMany('sem-marker');
      const warningsOnly = analyzeMany('sem-mtls-no-mapping');
      assert.deepStrictEqual([failOnExitCode(clean, 'unprotected'), failOnExitCode(open, 'unprotected')], [0, 1]);
      assert.deepStrictEqual([failOnExitCode(clean, 'info'), failOnExitCode(open, 'error')], [0, 1]);
      assert.deepStrictEqual(['error', 'warning', 'info'].map((s) => failOnExitCode(warningsOnly, s as 'error')), [0, 1, 1]);
    });
  });
});

describe('rule documentation', () => {
  it('docs/rules.md has a section (anchor) for every rule code, with its CWE', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const text: string = require('fs').readFileSync(path.join(FIXTURES, '../../docs/rules.md'), 'utf8');
    for (const m of RULE_METAS) {
      assert.ok(text.includes(`\n## ${m.code}\n`), `section for ${m.code}`);
      assert.ok(text.includes(`| [${m.code}](#${m.code}) | ${m.defaultSeverity} | ${m.cwe ?? '—'} |`), `table row for ${m.code}`);
      assert.strictEqual(m.helpUri, `docs/rules.md#${m.code}`);
    }
  });
});
