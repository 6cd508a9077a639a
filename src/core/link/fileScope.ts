/**
 * A file's top-level names, read in one pass and kept until the file's text is replaced: its declarations and what each import brings in. Name lookup asks this instead of
 * walking the statements again for every identifier.
 */
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';

export interface ImportedName {
  specifier: string;
  /** The exported name asked for: `default`, `*` (namespace) or the name before `as`. */
  imported: string;
}

export interface FileScope {
  declarations: Map<string, Node>;
  imports: Map<string, ImportedName>;
}

/** Keyed by the compiler's node: ts-morph keeps the SourceFile wrapper when a file's text is replaced. */
const scopes = new WeakMap<object, FileScope>();

export function fileScope(sf: SourceFile): FileScope {
  let scope = scopes.get(sf.compilerNode);
  if (!scope) {
    scope = readScope(sf);
    scopes.set(sf.compilerNode, scope);
  }
  return scope;
}

function readScope(sf: SourceFile): FileScope {
  const declarations = new Map<string, Node>();
  const imports = new Map<string, ImportedName>();
  const declare = (name: string | undefined, node: Node): void => {
    // The first declaration wins, as getClass/getFunction/... did in that order of kinds.
    if (name && !declarations.has(name)) declarations.set(name, node);
  };
  for (const st of sf.getStatements()) {
    if (Node.isFunctionDeclaration(st) && st.hasBody() && st.getName()) {
      // Overloads: the implementation is the declaration whose body can be followed.
      declarations.set(st.getName()!, st);
    } else if (Node.isClassDeclaration(st) || Node.isFunctionDeclaration(st) || Node.isEnumDeclaration(st)) {
      declare(st.getName(), st);
    } else if (Node.isVariableStatement(st)) {
      for (const d of st.getDeclarations()) {
        const nameNode = d.getNameNode();
        if (Node.isIdentifier(nameNode)) declare(nameNode.getText(), d);
        else for (const el of nameNode.getDescendantsOfKind(SyntaxKind.BindingElement)) declare(el.getName(), el);
      }
    } else if (Node.isImportDeclaration(st)) {
      const specifier = st.getModuleSpecifierValue();
      const def = st.getDefaultImport();
      if (def) imports.set(def.getText(), { specifier, imported: 'default' });
      const ns = st.getNamespaceImport();
      if (ns) imports.set(ns.getText(), { specifier, imported: '*' });
      for (const n of st.getNamedImports()) imports.set(n.getAliasNode()?.getText() ?? n.getName(), { specifier, imported: n.getName() });
    }
  }
  return { declarations, imports };
}
