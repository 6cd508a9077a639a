/**
 * `require('./x')`, `require('@scope/pkg')` and `import('./x')` evaluated like imports: a file of the
 * project (or a workspace package) is its module namespace, an installed package an external one. A
 * package that is neither installed, declared nor part of the workspace would throw at run time:
 * the value says which package, so the branch that needs it can be skipped and named.
 */
import type { CallExpression } from 'ts-morph';
import type { SymbolTable } from './symbols';
import { abbreviate } from './syntax';
import { asString, unknown, type Value } from './values';

export function loadModule(specifier: Value | undefined, call: CallExpression, symbols: SymbolTable): Value {
  const spec = specifier ? asString(specifier) : undefined;
  const what = call.getExpression().getText() === 'require' ? 'require' : 'import()';
  if (spec === undefined) return unknown(`${what} of a run-time specifier \`${abbreviate(call.getText())}\``, call);
  const from = call.getSourceFile().getFilePath();
  const target = symbols.resolveSpecifier(spec, from);
  if (target.kind === 'file') return { kind: 'namespace', file: target.path };
  if (target.kind === 'missing') return unknown(`cannot resolve ${what} '${spec}'`, call);
  const pkg = packageName(target.module);
  if (symbols.packagePresent(pkg, from)) return { kind: 'external', module: target.module, name: '*' };
  return { kind: 'unknown', reason: `${what} of the package '${pkg}', which is not installed`, node: call, missingPackage: pkg };
}

export function packageName(specifier: string): string {
  const parts = specifier.replace(/^node:/, '').split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The package a value needs but cannot have, when it is one (directly or through a member of it). */
export function missingPackageOf(v: Value): string | undefined {
  return v.kind === 'unknown' ? v.missingPackage : undefined;
}
