/**
 * Which metadata keys a guard reads through `Reflector` (or `Reflect.getMetadata`), and from where.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, ClassDeclaration } from 'ts-morph';
import type { SemanticsHost } from './host';
import type { MetadataRead, ReadScope } from './types';
import { calleeName, receiverText } from './ast';

const READ_METHODS = new Set(['get', 'getAll', 'getAllAndOverride', 'getAllAndMerge']);

export interface FoundRead {
  read: MetadataRead;
  call: CallExpression;
  /** The scope could not be told from the targets argument. */
  scopeGuessed: boolean;
}

export function reflectorReads(classes: ClassDeclaration[], host: SemanticsHost): FoundRead[] {
  const out: FoundRead[] = [];
  for (const cls of classes) {
    const reflectorNames = reflectorProperties(cls);
    for (const call of cls.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const method = readMethod(call, reflectorNames);
      if (!method) continue;
      const [keyArg, targetArg] = call.getArguments();
      if (!keyArg) continue;
      const key = host.metadataKeyOf(keyArg) ?? keyArg.getText();
      const scope = scopeOf(method, targetArg);
      out.push({
        read: { key, keyText: keyArg.getText(), scope: scope ?? 'merged', method, inClass: cls.getName() ?? '(anonymous)', at: host.locate(call) },
        call,
        scopeGuessed: scope === undefined,
      });
    }
  }
  return out;
}

/** Constructor parameters / properties typed `Reflector` (usually `reflector`). */
function reflectorProperties(cls: ClassDeclaration): Set<string> {
  const names = new Set<string>(['reflector']);
  for (const ctor of cls.getConstructors()) {
    for (const p of ctor.getParameters()) {
      if (p.getTypeNode()?.getText() === 'Reflector') names.add(p.getName());
    }
  }
  for (const prop of cls.getProperties()) {
    if (prop.getTypeNode()?.getText() === 'Reflector') names.add(prop.getName());
  }
  return names;
}

function readMethod(call: CallExpression, reflectorNames: Set<string>): MetadataRead['method'] | undefined {
  const name = calleeName(call);
  const recv = receiverText(call);
  if (name === 'getMetadata' && recv === 'Reflect') return 'getMetadata';
  if (!READ_METHODS.has(name)) return undefined;
  const last = recv.split('.').pop() ?? '';
  if (reflectorNames.has(last) || /reflector/i.test(last)) return name as MetadataRead['method'];
  return undefined;
}

function scopeOf(method: MetadataRead['method'], target: Node | undefined): ReadScope | undefined {
  if (!target) return undefined;
  const text = resolvedText(target);
  const handler = /getHandler\s*\(/.test(text);
  const cls = /getClass\s*\(/.test(text);
  if (handler && cls) {
    if (method === 'getAllAndOverride') return 'handlerOverClass';
    return 'merged';
  }
  if (handler) return 'handler';
  if (cls) return 'class';
  return undefined;
}

/** The target's text, with identifiers replaced by their local initialiser (`const h = ctx.getHandler()`). */
function resolvedText(target: Node): string {
  if (Node.isArrayLiteralExpression(target)) return target.getElements().map(resolvedText).join(',');
  if (Node.isIdentifier(target)) {
    const fn = target.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
    const decl = fn?.getDescendantsOfKind(SyntaxKind.VariableDeclaration).find((d) => d.getName() === target.getText());
    const init = decl?.getInitializer();
    if (init) return resolvedText(init);
  }
  return target.getText();
}
