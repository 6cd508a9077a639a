/**
 * Name lookup across files without the type checker: a file's own top-level declarations, its
 * imports, and the exports of the files they point to (named, renamed, `export *`, barrels).
 */
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { ModuleResolver, Resolution } from '../project/moduleResolver';
import type { SourceStore } from '../project/sourceStore';
import { fileScope } from './fileScope';

export type Binding =
  | { kind: 'decl'; node: Node }
  | { kind: 'external'; module: string; name: string }
  | { kind: 'namespace'; file: string }
  | { kind: 'namespaceExternal'; module: string }
  | { kind: 'missing'; reason: string };

const MAX_EXPORT_DEPTH = 12;

interface CachedBinding {
  binding: Binding | undefined;
  /** Files read to answer: a change to any of them drops the entry. */
  deps: Set<string>;
}

export class SymbolTable {
  private readonly cache = new Map<string, CachedBinding>();
  /** Files read by the lookups under way, innermost last. */
  private readonly reading: Array<Set<string>> = [];

  constructor(
    private readonly store: SourceStore,
    private readonly resolver: ModuleResolver,
  ) {}

  clear(): void {
    this.cache.clear();
  }

  /** Where an import specifier written in `fromFile` leads (for `require` and `import()`). */
  resolveSpecifier(specifier: string, fromFile: string): Resolution {
    this.reading[this.reading.length - 1]?.add(fromFile);
    return this.resolver.resolve(specifier, fromFile);
  }

  /** Whether the package would load at run time (installed, declared, built in, or in the workspace). */
  packagePresent(pkg: string, fromFile: string): boolean {
    return this.resolver.packagePresent(pkg, fromFile);
  }

  /** Forget every answer that read this file. */
  invalidate(file: string): void {
    for (const [key, entry] of this.cache) if (entry.deps.has(file)) this.cache.delete(key);
  }

  /** What `name` means at the top level of `sf`; `deps` receives the files that answer depends on. */
  lookup(sf: SourceFile, name: string, deps?: Set<string>): Binding | undefined {
    const file = sf.getFilePath();
    return this.cached(`L${file}\0${name}`, file, deps, () => this.lookupUncached(sf, name));
  }

  /** `exportOf`, cached like `lookup`. */
  exported(filePath: string, name: string, deps?: Set<string>): Binding | undefined {
    return this.cached(`E${filePath}\0${name}`, filePath, deps, () => this.exportOf(filePath, name));
  }

  private cached(key: string, file: string, deps: Set<string> | undefined, compute: () => Binding | undefined): Binding | undefined {
    let entry = this.cache.get(key);
    if (!entry) {
      const read = new Set<string>([file]);
      this.reading.push(read);
      try {
        entry = { binding: compute(), deps: read };
      } finally {
        this.reading.pop();
      }
      this.cache.set(key, entry);
    }
    for (const d of entry.deps) {
      deps?.add(d);
      this.reading[this.reading.length - 1]?.add(d);
    }
    return entry.binding;
  }

  /** What `name` means when imported from the file at `filePath`. */
  exportOf(filePath: string, name: string, depth = 0): Binding | undefined {
    if (depth > MAX_EXPORT_DEPTH) return { kind: 'missing', reason: `export chain for '${name}' is too deep` };
    this.reading[this.reading.length - 1]?.add(filePath);
    const sf = this.store.get(filePath);
    if (!sf) return { kind: 'missing', reason: `cannot read ${filePath}` };
    if (name === 'default') return this.defaultExport(sf);
    for (const exp of sf.getExportDeclarations()) {
      const spec = exp.getModuleSpecifierValue();
      const named = exp.getNamedExports();
      if (named.length === 0 && spec) {
        const ns = exp.getNamespaceExport();
        if (ns) {
          if (ns.getName() === name) return this.moduleBinding(spec, sf, '*');
          continue;
        }
        // `export * from './x'`: keep looking if x does not have it.
        const target = this.resolver.resolve(spec, sf.getFilePath());
        if (target.kind === 'file') {
          const inner = this.exportOf(target.path, name, depth + 1);
          if (inner && inner.kind !== 'missing') return inner;
        }
        continue;
      }
      for (const n of named) {
        const exported = n.getAliasNode()?.getText() ?? n.getName();
        if (exported !== name) continue;
        const local = n.getName();
        if (!spec) return this.lookup(sf, local);
        return this.moduleBinding(spec, sf, local, depth + 1);
      }
    }
    return this.localDeclaration(sf, name);
  }

  /** Names a file exports, in the order the compiled module defines them (declarations, then re-exports as written). */
  exportNames(filePath: string, depth = 0): string[] {
    const sf = this.store.get(filePath);
    if (!sf || depth > MAX_EXPORT_DEPTH) return [];
    const names: string[] = [];
    const add = (n: string): void => {
      if (n !== 'default' && !names.includes(n)) names.push(n);
    };
    for (const st of sf.getStatements()) {
      if (Node.isExportDeclaration(st)) {
        const spec = st.getModuleSpecifierValue();
        const named = st.getNamedExports();
        if (named.length) named.forEach((n) => add(n.getAliasNode()?.getText() ?? n.getName()));
        else if (st.getNamespaceExport()) add(st.getNamespaceExport()!.getName());
        else if (spec) {
          const target = this.resolver.resolve(spec, sf.getFilePath());
          if (target.kind === 'file') this.exportNames(target.path, depth + 1).forEach(add);
        }
      } else if (Node.isVariableStatement(st) && st.isExported()) {
        st.getDeclarations().forEach((d) => add(d.getName()));
      } else if ((Node.isClassDeclaration(st) || Node.isFunctionDeclaration(st) || Node.isEnumDeclaration(st)) && st.isExported() && st.getName()) {
        add(st.getName()!);
      }
    }
    return names;
  }

  /**
   * True when `name` is imported straight from the file that declares it as a class: a text test on
   * that file, without parsing it (a module's provider classes never change a route).
   */
  isImportedClass(sf: SourceFile, name: string): boolean {
    const imported = fileScope(sf).imports.get(name);
    if (!imported || imported.imported === '*' || imported.imported === 'default') return false;
    const target = this.resolver.resolve(imported.specifier, sf.getFilePath());
    if (target.kind !== 'file') return false;
    const text = this.store.readText(target.path) ?? '';
    const declared = imported.imported;
    // `declared` is an identifier from the workspace (`$` is legal in it): escaped, it is matched literally.
    const literalName = declared.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // eslint-disable-next-line no-restricted-syntax -- our own pattern around an escaped identifier: linear
    return new RegExp(`\\bclass\\s+${literalName}(?![\\w$])`).test(text) && !new RegExp(`\\b(const|let|var|function)\\s+${literalName}(?![\\w$])`).test(text);
  }

  private lookupUncached(sf: SourceFile, name: string): Binding | undefined {
    const local = this.localDeclaration(sf, name);
    if (local) return local;
    const imported = fileScope(sf).imports.get(name);
    return imported ? this.moduleBinding(imported.specifier, sf, imported.imported) : undefined;
  }

  private moduleBinding(spec: string, from: SourceFile, name: string, depth = 0): Binding {
    const target = this.resolver.resolve(spec, from.getFilePath());
    if (target.kind === 'external') {
      return name === '*' ? { kind: 'namespaceExternal', module: target.module } : { kind: 'external', module: target.module, name };
    }
    if (target.kind === 'missing') return { kind: 'missing', reason: `cannot resolve import '${spec}'` };
    if (name === '*') return { kind: 'namespace', file: target.path };
    return this.exportOf(target.path, name, depth) ?? { kind: 'missing', reason: `'${spec}' has no export '${name}'` };
  }

  private localDeclaration(sf: SourceFile, name: string): Binding | undefined {
    const node = fileScope(sf).declarations.get(name);
    return node ? { kind: 'decl', node } : undefined;
  }

  private defaultExport(sf: SourceFile): Binding | undefined {
    for (const st of sf.getStatements()) {
      if ((Node.isClassDeclaration(st) || Node.isFunctionDeclaration(st)) && st.isDefaultExport()) return { kind: 'decl', node: st };
      if (Node.isExportAssignment(st) && !st.isExportEquals()) {
        const expr = st.getExpression();
        if (expr.isKind(SyntaxKind.Identifier)) return this.lookup(sf, expr.getText());
        return { kind: 'decl', node: expr };
      }
    }
    return undefined;
  }
}
