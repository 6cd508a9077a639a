import { Node, SyntaxKind, type ObjectLiteralExpression } from 'ts-morph';
import type { Fix } from './index';
import { FIX_IDS } from './ids';
import { ImportPlan } from './imports';
import { addProperties, propertyValue } from './literals';
import { bootstrapFileOf, findCreateCall } from './modules';
import { baseName, startFix } from './parse';
import { indentAt, quoted } from './style';
import { openFile, refused, type FixContext, type OpenedFile } from './target';

export interface AddHttpsOptionsTarget extends FixContext {
  /** Default `<root>/src/main.ts`. */
  bootstrapFile?: string;
  /** Environment variable names of the PEM files; defaults TLS_KEY_FILE, TLS_CERT_FILE, TLS_CA_FILE. */
  env?: { key?: string; cert?: string; ca?: string };
}

const HELPER = 'readTlsFile';

/**
 * `NestFactory.create(AppModule, { httpsOptions: { key, cert, ca, requestCert: true, rejectUnauthorized: true } })`
 * (Fastify: `new FastifyAdapter({ https: {...} })`), reading the PEM paths from environment variables.
 */
export function addHttpsOptions(t: AddHttpsOptionsTarget): Fix {
  startFix();
  const title = 'Serve HTTPS and require verified client certificates (httpsOptions)';
  const no = (reason: string): Fix => refused(FIX_IDS.addHttpsOptions, title, reason);
  const file = bootstrapFileOf(t.root, t.reader, t.bootstrapFile);
  const f = openFile(t.reader, file);
  if (typeof f === 'string') return no(f);
  const create = findCreateCall(f.sf);
  if (!create) return no(`NestFactory.create(...) not found in ${baseName(file)}`);

  const q = (s: string): string => quoted(f.style, s);
  const wanted: Array<[string, string]> = [
    ['key', `${HELPER}(${q(t.env?.key ?? 'TLS_KEY_FILE')})`],
    ['cert', `${HELPER}(${q(t.env?.cert ?? 'TLS_CERT_FILE')})`],
    ['ca', `${HELPER}(${q(t.env?.ca ?? 'TLS_CA_FILE')})`],
    ['requestCert', 'true'],
    ['rejectUnauthorized', 'true'],
  ];
  const args = create.getArguments();
  const adapter = args.map((a) => a.asKind(SyntaxKind.NewExpression)).find((n) => n?.getExpression().getText() === 'FastifyAdapter');
  const optionsKey = adapter ? 'https' : 'httpsOptions';
  const base = indentAt(f.text, create.getStart());
  const block = (indent: string): string => objectText(f, wanted, indent);

  let options: ObjectLiteralExpression | undefined;
  if (adapter) {
    options = adapter.getArguments()[0]?.asKind(SyntaxKind.ObjectLiteralExpression);
    if (!options && adapter.getArguments().length > 0) return no('FastifyAdapter options are not an object literal');
    if (!options) {
      const open = adapter.getFirstChildByKind(SyntaxKind.OpenParenToken);
      if (!open) return no('FastifyAdapter is written without parentheses');
      f.edits.insert(open.getEnd(), `{ https: ${block(base)} }`);
    }
  } else {
    const last = args[args.length - 1];
    options = args.length >= 2 ? last.asKind(SyntaxKind.ObjectLiteralExpression) : undefined;
    if (!options && args.length >= 2 && !Node.isNewExpression(last)) return no('the options of NestFactory.create are not an object literal');
    if (!options) f.edits.insert(last.getEnd(), `, {${f.style.eol}${base}${f.style.indent}httpsOptions: ${block(base + f.style.indent)},${f.style.eol}${base}}`);
  }
  if (options) {
    const reason = mergeInto(f, options, optionsKey, wanted, base);
    if (reason) return no(reason);
  }
  if (f.edits.size === 0) return no(`already has ${optionsKey} with requestCert and rejectUnauthorized: true`);
  addHelper(f, create.getStart());
  return { id: FIX_IDS.addHttpsOptions, title, kind: 'quickfix', edits: f.edits.toEdits(), creates: [] };
}

function objectText(f: OpenedFile, props: Array<[string, string]>, indent: string): string {
  const { eol, indent: unit } = f.style;
  return `{${eol}${props.map(([k, v]) => `${indent}${unit}${k}: ${v},${eol}`).join('')}${indent}}`;
}

/** Adds the missing https properties to an existing options object; a string is a refusal. */
function mergeInto(f: OpenedFile, options: ObjectLiteralExpression, key: string, wanted: Array<[string, string]>, base: string): string | undefined {
  const existing = propertyValue(options, key);
  if (existing === undefined) {
    const propIndent = options.getProperties().length > 0 ? indentAt(f.text, options.getProperties()[0].getStart()) : base + f.style.indent;
    addProperties(f, options, [`${key}: ${objectText(f, wanted, propIndent)}`]);
    return undefined;
  }
  const https = existing.asKind(SyntaxKind.ObjectLiteralExpression);
  if (!https) return `${key} is not an object literal; add requestCert and rejectUnauthorized: true by hand`;
  if (propertyValue(https, 'rejectUnauthorized')?.getText() === 'false') {
    return 'rejectUnauthorized is false: use the fix that turns it to true';
  }
  const missing = wanted.filter(([k]) => propertyValue(https, k) === undefined).map(([k, v]) => `${k}: ${v}`);
  addProperties(f, https, missing);
  return undefined;
}

/** Adds `readTlsFile(envVar)` above the top-level statement holding the create call, and its import. */
function addHelper(f: OpenedFile, createOffset: number): void {
  const usesHelper = f.edits.toEdits().some((e) => e.newText.includes(`${HELPER}(`));
  if (!usesHelper || f.sf.getFunction(HELPER)) return;
  const statement = f.sf.getStatements().find((s) => s.getStart() <= createOffset && createOffset < s.getEnd());
  const at = statement ? statement.getStart(true) : f.text.length;
  const { eol, indent, semi } = f.style;
  const lines = [
    `/** Reads the PEM file named by the environment variable \`name\`; refuses to start when it is unset. */`,
    `function ${HELPER}(name: string): Buffer {`,
    `${indent}const file = process.env[name]${semi}`,
    `${indent}if (!file) {`,
    `${indent}${indent}throw new Error(\`\${name} is not set: HTTPS with client certificates needs the path of a PEM file in \${name}\`)${semi}`,
    `${indent}}`,
    `${indent}return readFileSync(file)${semi}`,
    `}`,
  ];
  f.edits.insert(at, lines.join(eol) + eol + eol);
  new ImportPlan().add('fs', 'readFileSync').emit(f.sf, f.edits, f.style);
}
