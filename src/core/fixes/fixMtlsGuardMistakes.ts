import { Node, SyntaxKind, type BinaryExpression, type Expression, type VariableDeclaration } from 'ts-morph';
import type { Fix } from './index';
import { FIX_IDS } from './ids';
import { baseName, startFix } from './parse';
import { ImportPlan } from './imports';
import { indentAt, quoted } from './style';
import { openFile, refused, type FixContext, type OpenedFile } from './target';

export interface FixMtlsGuardMistakesTarget extends FixContext {
  /** The guard file. */
  file: string;
  /** Restrict to this class; default the whole file. */
  className?: string;
}

/** A variable holding `<socket>.getPeerCertificate(...)`. */
interface CertVar {
  name: string;
  socket: string;
  declaration: VariableDeclaration;
}

/**
 * Rewrites recognised mTLS guard mistakes: `!cert` checks gain `socket.authorized !== true` first and
 * treat an empty certificate as none; string compares of issuer/subject become field compares; `fingerprint`
 * (SHA-1) becomes `fingerprint256`. Refuses when the guard's shape is not one it recognises.
 */
export function fixMtlsGuardMistakes(t: FixMtlsGuardMistakesTarget): Fix {
  startFix();
  const title = 'Fix the client-certificate checks (authorized, subject/issuer fields, fingerprint256)';
  const no = (reason: string): Fix => refused(FIX_IDS.fixMtlsGuardMistakes, title, reason);
  const f = openFile(t.reader, t.file);
  if (typeof f === 'string') return no(f);
  const scope = t.className ? f.sf.getClass(t.className) : f.sf;
  if (!scope) return no(`class ${t.className ?? ''} not found in ${baseName(t.file)}`);
  const certs = certVariables(scope);
  if (certs.length === 0) return no(`no \`const cert = <socket>.getPeerCertificate()\` in ${baseName(t.file)}; fix it by hand`);
  const checksAuthorized = /\.authorized\b/.test(scope.getText());
  for (const cert of certs) {
    if (!checksAuthorized && !fixMissingAuthorized(f, scope, cert)) insertAuthorizedCheck(f, cert);
    fixStringCompares(f, scope, cert);
    fixFingerprint(f, scope, cert);
  }
  if (f.edits.size === 0) return no(`no recognised mTLS mistake in ${baseName(t.file)}`);
  return { id: FIX_IDS.fixMtlsGuardMistakes, title, kind: 'quickfix', edits: f.edits.toEdits(), creates: [] };
}

function certVariables(scope: Node): CertVar[] {
  const out: CertVar[] = [];
  for (const v of scope.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const call = v.getInitializer()?.asKind(SyntaxKind.CallExpression);
    const callee = call?.getExpression().asKind(SyntaxKind.PropertyAccessExpression);
    if (!callee || callee.getName() !== 'getPeerCertificate' || !Node.isIdentifier(v.getNameNode())) continue;
    out.push({ name: v.getName(), socket: callee.getExpression().getText(), declaration: v });
  }
  return out;
}

function socketText(cert: CertVar): string {
  return /^[\w$.]+$/.test(cert.socket) ? cert.socket : `(${cert.socket})`;
}

/** `!cert` becomes `socket.authorized !== true || !cert || Object.keys(cert).length === 0`; false when there is none. */
function fixMissingAuthorized(f: OpenedFile, scope: Node, cert: CertVar): boolean {
  let found = false;
  for (const p of scope.getDescendantsOfKind(SyntaxKind.PrefixUnaryExpression)) {
    if (p.getOperatorToken() !== SyntaxKind.ExclamationToken || p.getOperand().getText() !== cert.name) continue;
    const text = `${socketText(cert)}.authorized !== true || !${cert.name} || Object.keys(${cert.name}).length === 0`;
    const parent = p.getParent();
    const bare = Node.isIfStatement(parent) || Node.isParenthesizedExpression(parent);
    f.edits.replace(p.getStart(), p.getEnd(), bare ? text : `(${text})`);
    found = true;
  }
  return found;
}

/** Without a `!cert` test: `if (socket.authorized !== true) throw new UnauthorizedException()` before reading the certificate. */
function insertAuthorizedCheck(f: OpenedFile, cert: CertVar): void {
  const statement = cert.declaration.getFirstAncestorByKind(SyntaxKind.VariableStatement);
  if (!statement) return;
  const { eol, semi, indent: unit } = f.style;
  const indent = indentAt(f.text, statement.getStart());
  f.edits.insert(
    statement.getStart(),
    `if (${socketText(cert)}.authorized !== true) {${eol}${indent}${unit}throw new UnauthorizedException()${semi}${eol}${indent}}${eol}${indent}`,
  );
  new ImportPlan().add('@nestjs/common', 'UnauthorizedException').emit(f.sf, f.edits, f.style);
}

const NAME_FIELD = /^\s*\/?([A-Za-z]+)=(.*)$/;

/** `CN=a, O=b`, `/CN=a/O=b` or `CN=a\nO=b` as field pairs; a bare value is taken as the CN. */
function distinguishedName(value: string): Array<[string, string]> | undefined {
  const parts = value.includes('\n') ? value.split('\n') : value.startsWith('/') ? value.slice(1).split('/') : value.split(/,\s*/);
  if (!value.includes('=')) return value.trim() ? [['CN', value.trim()]] : undefined;
  const pairs: Array<[string, string]> = [];
  for (const part of parts) {
    const m = NAME_FIELD.exec(part);
    if (!m) return undefined;
    pairs.push([m[1], m[2].trim()]);
  }
  return pairs;
}

function nameAccess(e: Expression, cert: CertVar): string | undefined {
  const access = e.asKind(SyntaxKind.PropertyAccessExpression);
  if (!access || access.getExpression().getText() !== cert.name) return undefined;
  return ['subject', 'issuer'].includes(access.getName()) ? access.getText() : undefined;
}

function fixStringCompares(f: OpenedFile, scope: Node, cert: CertVar): void {
  for (const b of scope.getDescendantsOfKind(SyntaxKind.BinaryExpression)) rewriteCompare(f, b, cert);
  for (const c of scope.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = c.getExpression().asKind(SyntaxKind.PropertyAccessExpression);
    const arg = c.getArguments()[0];
    if (!callee || callee.getName() !== 'includes' || !arg || !Node.isStringLiteral(arg)) continue;
    const obj = nameAccess(callee.getExpression(), cert);
    const pairs = obj ? distinguishedName(arg.getLiteralValue()) : undefined;
    if (obj && pairs) f.edits.replace(c.getStart(), c.getEnd(), joinPairs(f, obj, pairs, '===', c));
  }
}

function rewriteCompare(f: OpenedFile, b: BinaryExpression, cert: CertVar): void {
  const op = b.getOperatorToken().getText();
  if (!['===', '==', '!==', '!='].includes(op)) return;
  const [l, r] = [b.getLeft(), b.getRight()];
  const obj = nameAccess(l, cert) ?? nameAccess(r, cert);
  const literal = Node.isStringLiteral(r) ? r : Node.isStringLiteral(l) ? l : undefined;
  const pairs = obj && literal ? distinguishedName(literal.getLiteralValue()) : undefined;
  if (!obj || !pairs) return;
  f.edits.replace(b.getStart(), b.getEnd(), joinPairs(f, obj, pairs, op.startsWith('!') ? '!==' : '===', b));
}

function joinPairs(f: OpenedFile, obj: string, pairs: Array<[string, string]>, op: '===' | '!==', node: Node): string {
  const text = pairs.map(([k, v]) => `${obj}.${k} ${op} ${quoted(f.style, v)}`).join(op === '===' ? ' && ' : ' || ');
  const parent = node.getParent();
  const statementLike = Node.isIfStatement(parent) || Node.isParenthesizedExpression(parent) || Node.isReturnStatement(parent);
  const bare = !Node.isPrefixUnaryExpression(parent) && (pairs.length === 1 || statementLike);
  return bare ? text : `(${text})`;
}

function fixFingerprint(f: OpenedFile, scope: Node, cert: CertVar): void {
  for (const a of scope.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
    if (a.getName() === 'fingerprint' && a.getExpression().getText() === cert.name) {
      const name = a.getNameNode();
      f.edits.replace(name.getStart(), name.getEnd(), 'fingerprint256');
    }
  }
}
