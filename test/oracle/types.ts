/** What the runtime oracle records for one registered HTTP route. */
export interface OracleGuard {
  /** Class name of the guard instance (its constructor's name); for a mixin, the inner class's declared name. */
  name: string;
  level: 'global' | 'controller' | 'handler';
  /** Set when the guard class came out of `mixin(...)`: the function that called `mixin` (e.g. `AuthGuard`). */
  mixinFactory?: string;
}

export interface OracleRoute {
  httpMethod: string;
  /** The path exactly as handed to the HTTP adapter's router. */
  path: string;
  /** `'1'`, `'VERSION_NEUTRAL'`, `'1,2'` (non-URI versioning, as Nest logs it), or null when unversioned. */
  version: string | null;
  host: string | string[] | null;
  controller: string;
  handler: string;
  guards: OracleGuard[];
  /** Interceptors in execution order, recorded only when the route has some (absent: none). */
  interceptors?: OracleGuard[];
}

/** Roles and public marker of a route as a guard reading it with `Reflector.getAllAndOverride` sees them. */
export interface OracleMeta {
  httpMethod: string;
  path: string;
  version: string | null;
  host: string | string[] | null;
  controller: string;
  handler: string;
  roles: string[];
  public: boolean;
  /** Every custom metadata entry, handler over class, by label (string key, or `createDecorator:<Name>`). */
  metadata: Record<string, unknown>;
}

export interface OracleApp {
  /** nest-cli project name, or the fixture folder's name. */
  name: string;
  /** Bootstrap file, relative to the fixture folder, forward slashes. */
  entry: string;
  /** Set when the entry never creates an HTTP app or microservice (it only makes an application context). */
  kind?: 'not-a-server';
  routes: OracleRoute[];
  meta: OracleMeta[];
}
