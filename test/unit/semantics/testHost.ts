/**
 * A small SemanticsHost for unit tests: a ts-morph Project over a fixture folder (or in-memory
 * files), name-based class lookup, and metadata keys from literals, constants and createDecorator.
 */
import * as path from 'path';
import { Node, Project, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration, MethodDeclaration, SourceFile } from 'ts-morph';
import { withDefaults } from '../../../src/core/config';
import type { GuardCoverageConfig } from '../../../src/core/config';
import type { GuardRef, InterceptorRef, MetadataEntry, MetadataValue, Route, SourceLocation } from '../../../src/core/model';
import type { ReachableModule, SemanticsHost, UnreachableAppGuard } from '../../../src/core/semantics/host';
import { PLAIN_HTTP, type HttpFacts, type MiddlewareBinding } from '../../../src/core/semantics/middleware/types';
import { NO_HYBRID, type HybridFacts } from '../../../src/core/semantics/hybrid';

export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures');

export interface TestHostOptions {
  modules?: string[];
  unreachableAppGuards?: UnreachableAppGuard[];
  config?: Partial<GuardCoverageConfig>;
}

export class TestHost implements SemanticsHost {
  readonly config: GuardCoverageConfig;
  readonly entryFile: SourceFile | undefined;
  readonly modules: readonly ReachableModule[];
  readonly unreachableAppGuards: readonly UnreachableAppGuard[];
  /** Middleware comes from the linker: tests of middleware analyse whole fixtures. */
  readonly middleware: readonly MiddlewareBinding[] = [];
  readonly http: HttpFacts = PLAIN_HTTP;
  /** Connected microservices come from the linker too. */
  readonly hybrid: HybridFacts = NO_HYBRID;

  constructor(readonly project: Project, readonly root: string, opts: TestHostOptions = {}) {
    this.config = withDefaults(opts.config);
    this.entryFile = project.getSourceFile(path.join(root, 'src/main.ts'));
    this.modules = (opts.modules ?? ['AppModule']).map((name) => ({ name, decl: this.classNamed(name)! })).filter((m) => m.decl);
    this.unreachableAppGuards = opts.unreachableAppGuards ?? [];
  }

  /** A host over a fixture under test/fixtures. */
  static fixture(name: string, opts: TestHostOptions = {}): TestHost {
    const root = path.join(FIXTURES, name);
    const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, skipLoadingLibFiles: true });
    project.addSourceFilesAtPaths(path.join(root, 'src/**/*.ts'));
    return new TestHost(project, root, opts);
  }

  /** A host over in-memory files (`{ 'src/x.ts': '...' }`) under the root `/app`. */
  static memory(files: Record<string, string>, opts: TestHostOptions = {}): TestHost {
    const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true });
    for (const [p, text] of Object.entries(files)) project.createSourceFile(path.posix.join('/app', p), text);
    return new TestHost(project, '/app', opts);
  }

  classNamed(name: string): ClassDeclaration | undefined {
    for (const f of this.project.getSourceFiles()) {
      const c = f.getClass(name);
      if (c) return c;
    }
    return undefined;
  }

  guardClass(guard: GuardRef): ClassDeclaration | undefined {
    return guard.form === 'mixin' ? undefined : this.classNamed(guard.className);
  }

  interceptorClass(interceptor: InterceptorRef): ClassDeclaration | undefined {
    return interceptor.form === 'mixin' ? undefined : this.classNamed(interceptor.className);
  }

  controllerOf(route: Route): ClassDeclaration | undefined {
    return this.classNamed(route.controller);
  }

  handlerOf(route: Route): MethodDeclaration | undefined {
    return this.controllerOf(route)?.getInstanceMethod(route.handler);
  }

  metadataKeyOf(expr: Node): string | undefined {
    if (Node.isStringLiteral(expr) || Node.isNoSubstitutionTemplateLiteral(expr)) return expr.getLiteralValue();
    if (Node.isPropertyAccessExpression(expr) && expr.getName() === 'KEY') return this.metadataKeyOf(expr.getExpression());
    if (!Node.isIdentifier(expr)) return undefined;
    for (const f of this.project.getSourceFiles()) {
      const v = f.getVariableDeclaration(expr.getText());
      const init = v?.getInitializer();
      if (!init) continue;
      if (Node.isCallExpression(init) && /createDecorator$/.test(init.getExpression().getText())) return `createDecorator:${v!.getName()}`;
      return this.metadataKeyOf(init);
    }
    return undefined;
  }

  resolveClass(expr: Node): ClassDeclaration | undefined {
    const name = Node.isPropertyAccessExpression(expr) ? expr.getName() : expr.getText();
    return this.classNamed(name);
  }

  resolveDeclaration(expr: Node): Node | undefined {
    const name = expr.getText();
    for (const f of this.project.getSourceFiles()) {
      const d = f.getClass(name) ?? f.getFunction(name) ?? f.getVariableDeclaration(name) ?? f.getEnum(name);
      if (d) return d;
    }
    return undefined;
  }

  locate(node: Node): SourceLocation {
    const file = path.relative(this.root, node.getSourceFile().getFilePath()).split(path.sep).join('/');
    const { line, column } = node.getSourceFile().getLineAndColumnAtPos(node.getStart());
    return { file, line, column };
  }

  /** Where a named class is declared (for hand-built GuardRefs). */
  classAt(name: string): SourceLocation {
    const c = this.classNamed(name);
    if (!c) throw new Error(`no class ${name}`);
    return this.locate(c.getNameNode()!);
  }

  /** The location of the first occurrence of `text` in a file. */
  textAt(file: string, text: string): SourceLocation {
    const sf = this.project.getSourceFileOrThrow(path.join(this.root, file));
    const pos = sf.getFullText().indexOf(text);
    if (pos < 0) throw new Error(`${text} not in ${file}`);
    const { line, column } = sf.getLineAndColumnAtPos(pos);
    return { file, line, column };
  }

  /** First node of a kind whose text starts with `text`. */
  nodeAt(file: string, text: string): Node {
    const sf = this.project.getSourceFileOrThrow(path.join(this.root, file));
    const n = sf.getDescendants().find((d) => d.getKind() !== SyntaxKind.SyntaxList && d.getText().startsWith(text));
    if (!n) throw new Error(`${text} not in ${file}`);
    return n;
  }
}

/** A guard reference as the linker would produce it. */
export function guard(host: TestHost, name: string, level: GuardRef['level'], extra: Partial<GuardRef> = {}): GuardRef {
  const mixin = /^(\w+)\((.*)\)$/.exec(name);
  const className = mixin ? mixin[1] : name;
  const found = mixin ? undefined : host.classNamed(className);
  return {
    name,
    level,
    source: level === 'global' ? 'APP_GUARD (AppModule)' : '@UseGuards',
    attachment: level === 'global' ? 'APP_GUARD' : 'UseGuards',
    via: [],
    attachedAt: { file: 'src/app.module.ts', line: 1 },
    declaredAt: found ? host.locate(found.getNameNode()!) : undefined,
    className,
    mixinArgs: mixin ? [mixin[2].replace(/['"]/g, '')] : undefined,
    form: mixin ? 'mixin' : 'class',
    ...extra,
  };
}

export function entry(key: string, kind: MetadataEntry['kind'], level: MetadataEntry['level'], decorator: string, values: string[] = [], value?: MetadataValue): MetadataEntry {
  return { key, keyText: key, values, labels: values, value: value ?? guessValue(values), level, decorator, via: [], at: { file: 'src/x.ts', line: 1 }, kind };
}

/** `['true']` is the boolean true, `['false']` false, `['0']` the number 0, one other value a string, several an array. */
function guessValue(values: string[]): MetadataValue {
  if (values.length !== 1) return { type: 'array', length: values.length };
  const v = values[0];
  if (v === 'true' || v === 'false') return { type: 'boolean', literal: v === 'true' };
  if (/^-?\d+(\.\d+)?$/.test(v)) return { type: 'number', literal: Number(v) };
  return { type: 'string', literal: v };
}

/** A route as the linker would produce it. */
export function route(controller: string, handler: string, method: Route['httpMethod'], p: string, extra: Partial<Route> = {}): Route {
  const params = [...p.matchAll(/:(\w+)/g)].map((m) => m[1]);
  return {
    id: `app:${method} ${p}:${controller}.${handler}`,
    transport: 'http',
    httpMethod: method,
    path: p,
    version: null,
    host: null,
    controller,
    handler,
    file: 'src/x.controller.ts',
    line: 1,
    column: 1,
    controllerAt: { file: 'src/x.controller.ts', line: 1 },
    guards: [],
    interceptors: [],
    roles: [],
    roleLabels: extra.roleLabels ?? extra.roles ?? [],
    public: false,
    metadata: [],
    params,
    module: 'AppModule',
    unresolved: [],
    ...extra,
  };
}
