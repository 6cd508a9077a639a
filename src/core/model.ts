/**
 * The route index: plain data that every surface (CLI, tree, CodeLens, diagnostics, fixes) reads.
 * No ts-morph nodes live here, so the index can be cached, diffed, serialised and tested as JSON.
 * Files are relative to the analysed application root (forward slashes); lines are 1-based.
 */

/** Where something is written in the user's code. */
export interface SourceLocation {
  /** Path relative to the analysed root, with forward slashes. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column?: number;
}

export type GuardLevel = 'global' | 'controller' | 'handler';

/** How a guard reached the route; finer than `level`, for hovers and "why". */
export type GuardAttachment =
  | 'APP_GUARD'
  | 'useGlobalGuards'
  | 'UseGuards'
  | 'composite'
  | 'inherited';

/** How an interceptor reached the route (the same ways as a guard). */
export type InterceptorAttachment =
  | 'APP_INTERCEPTOR'
  | 'useGlobalInterceptors'
  | 'UseInterceptors'
  | 'composite'
  | 'inherited';

export interface GuardRef {
  /** `JwtAuthGuard`; a mixin call as written, `AuthGuard('jwt')`; `new RolesGuard()` gives `RolesGuard`. */
  name: string;
  level: GuardLevel;
  /**
   * Human-readable origin: `APP_GUARD (AppModule)`, `useGlobalGuards`, `@UseGuards`,
   * `@Auth (composite)`, `@UseGuards inherited from BaseController`.
   */
  source: string;
  attachment: GuardAttachment;
  /** The composite decorator names that brought it, outermost first (empty for a direct `@UseGuards`). */
  via: string[];
  /** Where the guard was attached (the decorator, provider or `useGlobalGuards` call). */
  attachedAt: SourceLocation;
  /** Where the guard class is declared, when the analyzer found it. */
  declaredAt?: SourceLocation;
  /** Class name to look up semantics for (`JwtAuthGuard`; `AuthGuard` for a mixin call). */
  className: string;
  /** Set for mixin calls (`AuthGuard('jwt')` gives `['jwt']`). */
  mixinArgs?: string[];
  /** `class` (a class reference), `instance` (`new X()`), `mixin` (`X('...')`), `factory`/`value` (APP_GUARD useFactory/useValue), `existing` (useExisting). */
  form: 'class' | 'instance' | 'mixin' | 'factory' | 'value' | 'existing';
}

/** An interceptor of the route: the same fields as a guard (`className` to look its class up). */
export interface InterceptorRef extends Omit<GuardRef, 'attachment'> {
  attachment: InterceptorAttachment;
}

/** A metadata entry set on a route by `SetMetadata` (or a wrapper), a `Reflector.createDecorator` decorator, or a composite. */
export interface MetadataEntry {
  /**
   * The metadata key as the runtime sees it: the literal string value when known (`'roles'`),
   * `createDecorator:<Name>` for a `Reflector.createDecorator` decorator without an explicit key,
   * else the key expression's text.
   */
  key: string;
  /** The key expression as written (`ROLES_KEY`, `'roles'`, `Roles`). */
  keyText: string;
  /** Values, resolved to literals where the source allows it (enum members, constants), else their source text. */
  values: string[];
  /** What the value is, for the tests guards apply to it (`isPublic === true`, truthiness, `!== undefined`). */
  value: MetadataValue;
  /** Each value with the name it was written as, for people: `RoleEnum.admin (1)`, `ROLES.ADMIN (admin)`; a literal is its value. */
  labels: string[];
  level: 'controller' | 'handler';
  /** The decorator as written at the route, e.g. `Roles`, `Public`, `SetMetadata`, `Auth`. */
  decorator: string;
  /** Composite decorators that brought it, outermost first. */
  via: string[];
  at: SourceLocation;
  /** What the entry means to us: role-like, public marker, or other. */
  kind: 'roles' | 'public' | 'other';
}

/**
 * A metadata value as a guard's test sees it: a literal with its JavaScript type, or only its shape
 * (an array with its length, an object, a function), or unknown to the analyzer.
 */
export type MetadataValue =
  | { type: 'boolean'; literal: boolean }
  | { type: 'string'; literal: string }
  | { type: 'number'; literal: number }
  | { type: 'null' }
  | { type: 'undefined' }
  | { type: 'array'; length: number }
  | { type: 'object' }
  | { type: 'function' }
  | { type: 'unknown' };

export interface Unresolved {
  reason: string;
  at?: SourceLocation;
  /**
   * `path`: only the route's path is uncertain (a global prefix or controller path known at run time);
   * which guards run is not, so the verdict stands unless a check on the route depends on the path.
   */
  affects?: 'path';
  /** The expression that stayed unknown, as written (shortened). */
  expression?: string;
}

export type HttpMethod =
  | 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'ALL' | 'OPTIONS' | 'HEAD' | 'SEARCH'
  | 'PROPFIND' | 'PROPPATCH' | 'MKCOL' | 'COPY' | 'MOVE' | 'LOCK' | 'UNLOCK';

export interface Route {
  /** Stable id: `<app>:<METHOD> <path>[@version][#host]:<controller>.<handler>`. */
  id: string;
  transport: 'http';
  httpMethod: HttpMethod;
  /** The full path as served, leading slash, no trailing slash (`/` for the root). */
  path: string;
  /** URI/header/media-type/custom version this route answers to: `'1'`, `'VERSION_NEUTRAL'`, or null. */
  version: string | null;
  /** Host (or hosts) the controller is bound to, or null. */
  host: string | string[] | null;
  controller: string;
  handler: string;
  /** Handler's file relative to the root (the base class's file for an inherited handler). */
  file: string;
  /** 1-based line of the handler's name. */
  line: number;
  /** 1-based column of the handler's name. */
  column: number;
  /** Controller class location (for the controller-level lens and fixes). */
  controllerAt: SourceLocation;
  /** The effective guard chain in execution order: global, controller, handler. */
  guards: GuardRef[];
  /**
   * The interceptors in execution order (global: APP_INTERCEPTOR then useGlobalInterceptors; class;
   * handler). They run after every guard, so a refusal there comes after the whole guard chain.
   */
  interceptors: InterceptorRef[];
  /** Required role/permission values (from metadata entries of kind `roles`), handler before class. */
  roles: string[];
  /** `roles` with the names they were written as (`RoleEnum.admin (1)`), same order: what surfaces show. */
  roleLabels: string[];
  /** A public-marker metadata entry is set on the handler or the class. */
  public: boolean;
  /** Every metadata entry on the route (handler and class), for guard-semantics matching. */
  metadata: MetadataEntry[];
  /** Path parameter names (`:id` gives `id`). */
  params: string[];
  /** The module that declares the controller. */
  module: string | null;
  /** Anything the analyzer could not resolve for this route. */
  unresolved: Unresolved[];
  /**
   * Set when the route exists only under a run-time condition the analysis could not decide
   * (its module is imported on one branch of it): the condition as written.
   */
  condition?: string;
}

export interface AppDiagnostic {
  severity: 'error' | 'warning' | 'info';
  message: string;
  at?: SourceLocation;
}

/** One variable of the app's environment that the analysis read. */
export interface EnvVariable {
  name: string;
  /** Set in the environment the analysis used (else read as unset). */
  set: boolean;
  /** The value, when set and not secret-looking (names with SECRET, PASSWORD, TOKEN, KEY, … are never shown). */
  value?: string;
  /** Where the app reads it (every `process.env.X` the analysis evaluated). */
  readAt: SourceLocation[];
}

/** Which configuration produced this index: the env files read and the variables that decided something. */
export interface EnvReport {
  /**
   * `given`: env files named by `--env-file` / `envFiles` (in `.guard-coverage.json` or the editor
   * settings), or only variables (`--env` / `env`) with no file the app loads;
   * `app`: the files the app itself loads (`ConfigModule.forRoot({ envFilePath })`, `.env`,
   * `dotenv`), beneath any given variables (which win, as a process environment does);
   * `none`: nothing given and no env file found, every variable unset.
   */
  origin: 'given' | 'app' | 'none';
  /** Env files in the order they were considered, relative to the root, with whether each was found. */
  files: Array<{ file: string; found: boolean }>;
  /** Every variable the analysis read, by name. */
  variables: EnvVariable[];
}

export interface AppIndex {
  /** Application name: the nest-cli project name, or the root folder's name. */
  name: string;
  /**
   * `server`: the entry file creates an HTTP app or a microservice (`NestFactory.create` /
   * `createMicroservice`); `not-a-server`: it never does (a `CommandFactory` script, a migration
   * runner), so it has no routes.
   */
  kind: 'server' | 'not-a-server';
  /** Absolute path of the analysed application root. */
  root: string;
  /** Bootstrap file relative to root, when found. */
  entryFile: string | null;
  /** The root module passed to NestFactory.create, when found. */
  rootModule: string | null;
  routes: AnalyzedRoute[];
  /** Findings from the rules (empty until the semantics pass has run). */
  findings: Finding[];
  /** Per-file warnings (syntax errors, unresolved imports) and app-level problems. */
  diagnostics: AppDiagnostic[];
  /** The environment the app was analysed with. */
  env: EnvReport;
}

export interface AnalysisResult {
  apps: AppIndex[];
}

// ---------------------------------------------------------------------------------------------
// Guard semantics and verdicts (filled by src/core/semantics; optional until that pass has run)
// ---------------------------------------------------------------------------------------------

export type Verdict = 'protected' | 'public' | 'unprotected' | 'unknown';

/** `admin-only`: an enforced administrator role limits the route, so no per-object check is needed. */
export type OwnershipKind = 'guard' | 'decorator' | 'handler' | 'service' | 'admin-only' | 'none';

export interface OwnershipEvidence {
  kind: OwnershipKind;
  detail: string;
  at?: SourceLocation;
}

/** Middleware applied with `consumer.apply(X).forRoutes(...)` that runs for this route (for all of its requests, or some). */
export interface MiddlewareRef {
  name: string;
  /** Counted as authentication: it authenticates, runs for every request of the route, and nothing makes that uncertain. */
  authentication: boolean;
  /** What its body (or the library it comes from) does: rejects without a checked credential, lets requests through, or not known. */
  effect: 'authenticates' | 'passes' | 'unknown';
  /** Why it has that effect, in words (starts with the middleware's name). */
  reason: string;
  /** `full`: it runs for every request the route serves; `partial`: only for some (see the route's `why`). */
  coverage: 'full' | 'partial';
  module: string;
  at: SourceLocation;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable rule code, e.g. `no-authentication`. */
  code: string;
  severity: Severity;
  /** `CWE-306`, or null when no CWE fits. */
  cwe: string | null;
  message: string;
  file: string;
  /** 1-based. */
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Ids of the routes it concerns (empty for app-level findings). */
  routes: string[];
}

export type GuardKind = 'authentication' | 'authorization' | 'non-security' | 'unknown';

/** What one guard of the chain does on this route (same order as `guards`). */
export interface GuardEffect {
  name: string;
  kind: GuardKind;
  /**
   * `runs`, or switched off for this route: by a marker it honours, or by being opt-in without its
   * metadata; `maybe-off` when the marker's value cannot be read (`offBy` says why).
   */
  state: 'runs' | 'off-by-marker' | 'off-opt-in' | 'maybe-off';
  /** Why the guard has that kind (`extends AuthGuard('jwt') from @nestjs/passport`). */
  reason: string;
  /** The marker decorator (`@Public`) or the missing metadata key that switched it off. */
  offBy?: string;
}

// Protection sources: what the verdict is decided from (src/core/semantics/protection.ts, routeVerdict.ts).

export type ProtectionOrigin = 'tls' | 'middleware' | 'guard' | 'interceptor' | 'handler';

/**
 * A finding that lets a request through a source (or may). `code` is the rule code of the finding
 * reporting it (the rule must raise that finding from the same fact, so verdicts and findings never
 * disagree); `detail` is a `why` fragment saying what passes.
 */
export interface Weakness {
  code: string;
  detail: string;
  /**
   * `passes`: an anonymous or wrongly-credentialed request gets through, so the source does not
   * authenticate; `uncertain`: it may (the source counts as undecided, never as authentication).
   */
  effect: 'passes' | 'uncertain';
  at?: SourceLocation;
}

/** Why a source does not run on this route, when it does not. */
export interface SourceOff {
  /**
   * `marker`: a public marker it honours (exempts deliberately); `path`: a path allowlist in its body
   * that matches the route (exempts deliberately); `opt-in`: the route lacks the metadata it needs to
   * run; `not-applied`: it is bound elsewhere (a middleware selector that does not match).
   */
  by: 'marker' | 'path' | 'opt-in' | 'not-applied';
  /** `@Public`, the missing key, the allowlist as written. */
  what: string;
}

export interface ProtectionSource {
  origin: ProtectionOrigin;
  /** As shown: `JwtAuthGuard`, `AuthGuard('jwt')`, `AuthMiddleware`, `CronController.run checks x-cron-key`. */
  name: string;
  /** What the source does when it runs, from its body: only `authentication` can make a route protected. */
  kind: GuardKind;
  /** `yes`, `no` (see `off`), or `maybe` (the analyzer cannot tell whether it applies to this route). */
  applies: 'yes' | 'no' | 'maybe';
  /** A `why` fragment without the name: `verifies a bearer token (this.jwt.verifyAsync)`. */
  why: string;
  off?: SourceOff;
  /** For `applies: 'maybe'`: why it may or may not apply, in words. */
  maybe?: string;
  weaknesses: Weakness[];
  /** The source always lets the request through (a marker guard): shown as such in the why. */
  alwaysTrue?: boolean;
  at?: SourceLocation;
}

export interface RouteSemantics {
  verdict: Verdict;
  /** One line naming the guard(s) that decided the verdict. */
  why: string;
  rolesEnforcedBy: string[];
  publicHonouredBy: string[];
  publicIgnoredBy: string[];
  /** null for routes without an object identifier. */
  ownership: OwnershipEvidence | null;
  middleware: MiddlewareRef[];
  /** Per guard of the chain: its kind and whether it runs on this route. */
  guardEffects: GuardEffect[];
  /** Everything the verdict was decided from: the guards in chain order, then middleware, interceptors, handler checks. */
  protection: ProtectionSource[];
  /** Codes of the findings that weaken this route's verdict (empty when it is protected): show them next to the verdict. */
  weakenedBy: string[];
}

/** A route after the semantics pass. */
export type AnalyzedRoute = Route & Partial<RouteSemantics>;
