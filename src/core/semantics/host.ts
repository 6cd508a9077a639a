/**
 * What the semantics pass (guard bodies, verdicts, findings) may ask of the linker. The linker
 * implements it over its long-lived ts-morph Project; tests may implement it over an in-memory one.
 * Nodes handed out here are only read during the pass; none of them is stored in the index.
 */
import type { ClassDeclaration, MethodDeclaration, Node, Project, SourceFile } from 'ts-morph';
import type { GuardCoverageConfig } from '../config';
import type { GuardRef, InterceptorRef, Route, SourceLocation } from '../model';
import type { HttpFacts, MiddlewareBinding } from './middleware/types';
import type { HybridFacts } from './hybrid';

export interface ReachableModule {
  name: string;
  decl: ClassDeclaration;
}

export interface UnreachableAppGuard {
  /** The module that declares the APP_GUARD provider but is never imported from the root. */
  module: string;
  guard: string;
  at: SourceLocation;
}

export interface SemanticsHost {
  readonly project: Project;
  readonly config: GuardCoverageConfig;
  /** Absolute analysed root. */
  readonly root: string;
  /** The bootstrap file (where `NestFactory.create` is called), when found. */
  readonly entryFile: SourceFile | undefined;
  /** Modules reachable from the root module, in NestJS's scan order. */
  readonly modules: readonly ReachableModule[];
  readonly unreachableAppGuards: readonly UnreachableAppGuard[];
  /** Middleware bound in the reachable modules' `configure(consumer)`. */
  readonly middleware: readonly MiddlewareBinding[];
  /** The HTTP app's settings that decide where middleware is mounted. */
  readonly http: HttpFacts;
  /** The microservices the bootstrap connects (hybrid app), with their options followed. */
  readonly hybrid: HybridFacts;
  /** The guard's class declaration (for a mixin such as `AuthGuard('jwt')`, the class it returns when it is in source; else undefined). */
  guardClass(guard: GuardRef): ClassDeclaration | undefined;
  /** The interceptor's class declaration (as for guards; undefined for a package class or an unresolved one). */
  interceptorClass?(interceptor: InterceptorRef): ClassDeclaration | undefined;
  /** The handler method that serves the route. */
  handlerOf(route: Route): MethodDeclaration | undefined;
  /** The controller class of the route. */
  controllerOf(route: Route): ClassDeclaration | undefined;
  /**
   * The metadata key an expression denotes, in the same form as `MetadataEntry.key`: a string
   * literal or a constant holding one gives its value; a `Reflector.createDecorator` decorator
   * (or its `.KEY`) gives `createDecorator:<Name>`; otherwise undefined.
   */
  metadataKeyOf(expr: Node): string | undefined;
  /** Follow an identifier (through imports, tsconfig paths, barrels) to a class declaration. */
  resolveClass(expr: Node): ClassDeclaration | undefined;
  /** Follow an identifier to its declaration (class, function, variable, enum), across files. */
  resolveDeclaration(expr: Node): Node | undefined;
  /** A location in the form the index uses (path relative to root, 1-based line/column). */
  locate(node: Node): SourceLocation;
}
