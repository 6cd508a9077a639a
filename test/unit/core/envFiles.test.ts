/**
 * Env files as the app reads them: every case is checked against @nestjs/config itself
 * (`ConfigModule.loadEnvFile`, the function `forRoot` uses), not against what we think dotenv does.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigModule } from '@nestjs/config';
import { readAppEnvFiles, readGivenEnv } from '../../../src/core/project/envFiles';
import { readFileOrUndefined } from '../../../src/core/project/appEnv';

interface LoadEnvFile {
  loadEnvFile(paths: string[], options: { expandVariables?: boolean }): Record<string, string>;
}

/** What @nestjs/config loads from these files; the process environment is restored afterwards (dotenv-expand writes to it). */
function nest(files: string[], expandVariables: boolean): Record<string, string> {
  const saved = { ...process.env };
  try {
    return { ...(ConfigModule as unknown as LoadEnvFile).loadEnvFile(files, { expandVariables }) };
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

function ours(files: string[], expandVariables: boolean): Record<string, string> {
  return Object.fromEntries(readAppEnvFiles(files, { expandVariables }, {}, readFileOrUndefined).vars);
}

describe('env files, as @nestjs/config reads them', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envfiles-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Names carry a prefix no real environment sets: dotenv-expand lets process.env win.
  const CASES: Array<[string, string]> = [
    ['comments and blank lines', '# a comment\n\nGCT_A=1\n  # indented comment\nGCT_B=two # trailing comment\n'],
    ['export and spacing', 'export GCT_A=1\nGCT_B = spaced  \n  GCT_C=  lead\n'],
    ['quotes', "GCT_S='single # not a comment'\nGCT_D=\"double # not either\"\nGCT_B=`back`\nGCT_E=''\nGCT_F=\n"],
    ['multi-line double quotes and escapes', 'GCT_M="line one\nline two"\nGCT_N="a\\nb"\nGCT_SQ=\'a\\nb\'\n'],
    ['CRLF line endings', 'GCT_A=1\r\nGCT_B="x"\r\n'],
    ['colon form and odd keys', 'GCT_A: yaml-ish\nGCT.DOTTED=1\nGCT-DASH=2\n'],
    ['expansion, braced and bare', 'GCT_HOST=db\nGCT_URL=pg://${GCT_HOST}:5432/$GCT_HOST\n'],
    ['defaults and alternates', 'GCT_SET=x\nGCT_D1=${GCT_UNSET:-fallback}\nGCT_D2=${GCT_UNSET-dash}\nGCT_D3=${GCT_SET:+alt}\nGCT_D4=${GCT_UNSET:+alt}\n'],
    ['escaped dollar and self reference', 'GCT_E=\\${GCT_HOST}\nGCT_SELF=${GCT_SELF}x\n'],
    ['forward reference stays empty', 'GCT_F=${GCT_LATER}/x\nGCT_LATER=late\n'],
    ['duplicate keys: the last line wins in one file', 'GCT_A=1\nGCT_A=2\n'],
  ];

  for (const [name, text] of CASES) {
    for (const expand of [false, true]) {
      it(`${name}${expand ? ', expandVariables' : ''}`, () => {
        const f = file('.env', text);
        assert.deepStrictEqual(ours([f], expand), nest([f], expand));
      });
    }
  }

  it('several envFilePath entries: the first file that sets a variable wins, expansion sees all', () => {
    const local = file('.env.local', 'GCT_A=local\nGCT_REF=${GCT_B}-ref\n');
    const base = file('.env', 'GCT_A=base\nGCT_B=base-only\n');
    const missing = path.join(dir, '.env.missing');
    for (const expand of [false, true]) {
      assert.deepStrictEqual(ours([missing, local, base], expand), nest([missing, local, base], expand));
    }
  });
});

describe('env given to the analysis (--env-file, --env)', () => {
  const files = new Map<string, string>([
    ['/x/base.env', 'A=base\nB=${A}-b\nC=c\n'],
    ['/x/prod.env', 'A=prod\nD=${C}-${A}\n'],
  ]);
  const read = (f: string): string | undefined => files.get(f);

  it('later files win, ${VAR} expands across all of them, variables win and are taken as given', () => {
    const env = readGivenEnv(['/x/base.env', '/x/prod.env', '/x/none.env'], { C: '${A}' }, read);
    // C itself is not expanded; a file value that uses it is, and dotenv-expand goes on expanding what it put in.
    assert.deepStrictEqual(Object.fromEntries(env.vars), { C: '${A}', A: 'prod', B: 'prod-b', D: 'prod-prod' });
    assert.deepStrictEqual(env.files.map((f) => f.found), [true, true, false]);
  });

  it('never reads the analysing process environment', () => {
    process.env.GCT_LEAK = 'from-our-shell';
    try {
      const env = readGivenEnv(['/x/base.env'], {}, () => 'X=${GCT_LEAK}\nGCT_LEAK_USED=$GCT_LEAK\n');
      assert.strictEqual(env.vars.get('X'), '');
      assert.strictEqual(env.vars.has('GCT_LEAK'), false);
      const app = readAppEnvFiles(['/x/.env'], { expandVariables: true }, {}, () => 'Y=${GCT_LEAK}\n');
      assert.strictEqual(app.vars.get('Y'), '');
    } finally {
      delete process.env.GCT_LEAK;
    }
  });
});
