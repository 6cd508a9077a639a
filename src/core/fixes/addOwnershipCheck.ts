import { Node } from 'ts-morph';
import type { Fix } from './index';
import { FIX_IDS } from './ids';
import { startFix } from './parse';
import { ImportPlan } from './imports';
import { indentAt, quoted } from './style';
import { describeTarget, findTarget, openFile, refused, type FixContext } from './target';

export interface AddOwnershipCheckTarget extends FixContext {
  file: string;
  className: string;
  methodName: string;
  /** The route parameter naming the object; default: the handler's `@Param('...')`, else `id`. */
  idParam?: string;
}

export const OWNERSHIP_MARKER = 'guard-coverage: ownership check';

/** A fail-closed ownership check skeleton at the top of the handler body (CWE-639). */
export function addOwnershipCheck(t: AddOwnershipCheckTarget): Fix {
  startFix();
  const where = describeTarget(t.className, t.methodName);
  const title = `Add an ownership check skeleton to ${where} (denies until completed)`;
  const no = (reason: string): Fix => refused(FIX_IDS.addOwnershipCheck, title, reason);
  const f = openFile(t.reader, t.file);
  if (typeof f === 'string') return no(f);
  const target = findTarget(f, t.className, t.methodName);
  if (typeof target === 'string') return no(target);
  const method = target.method;
  const body = method?.getBody();
  if (!method || !body || !Node.isBlock(body)) return no(`${where} has no body`);
  if (body.getText().includes(OWNERSHIP_MARKER)) return no(`already has an ownership check skeleton: ${where}`);
  if (body.getText().includes('ownershipVerified')) return no(`${where} already uses the name ownershipVerified`);

  const idParam = t.idParam ?? paramName(method.getParameters().flatMap((p) => p.getDecorators())) ?? 'id';
  const first = body.getStatements()[0];
  const indent = first ? indentAt(f.text, first.getStart()) : indentAt(f.text, method.getStart()) + f.style.indent;
  const { eol, semi } = f.style;
  const lines = [
    `// ${OWNERSHIP_MARKER} (fails closed until completed).`,
    `// TODO: load the object named by the route parameter \`${idParam}\` and compare its owner with the`,
    `// caller (request.user, set by the authentication guard), e.g.`,
    `//   const ownershipVerified = order.ownerId === user.id${semi}`,
    `// Until then every request to this route is refused with 403.`,
    `const ownershipVerified = false${semi}`,
    `if (!ownershipVerified) {`,
    `${f.style.indent}throw new ForbiddenException(${quoted(f.style, 'Ownership check not implemented')})${semi}`,
    `}`,
  ];
  const open = body.getFirstChildOrThrow();
  f.edits.insert(open.getEnd(), lines.map((l) => `${eol}${indent}${l}`).join(''));
  new ImportPlan().add('@nestjs/common', 'ForbiddenException').emit(f.sf, f.edits, f.style);
  return { id: FIX_IDS.addOwnershipCheck, title, kind: 'quickfix', edits: f.edits.toEdits(), creates: [] };
}

function paramName(decorators: Array<{ getName(): string; getArguments(): Node[] }>): string | undefined {
  for (const d of decorators) {
    const arg = d.getArguments()[0];
    if (d.getName() === 'Param' && arg && Node.isStringLiteral(arg)) return arg.getLiteralValue();
  }
  return undefined;
}
