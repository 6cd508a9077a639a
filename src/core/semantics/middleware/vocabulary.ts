/**
 * Middleware from packages, by what the package documents it to do. Session, passport
 * initialisation, cookie, CORS, security-header, compression, logging and body-parsing middleware
 * never rejects a request for lacking a credential; a few packages do authenticate. Anything not
 * listed is `unknown`: a package is never taken to authenticate because of its name.
 */
export type LibraryEffect = 'passes' | 'authenticates' | 'unknown';

export interface LibraryEntry {
  /** The package, as imported. */
  module: string;
  /** The member after the import (`initialize` of `passport`), '' for the package's own export (default or namespace). */
  member: string;
  effect: LibraryEffect;
  /** What it does, for the route's `why`. */
  does: string;
}

const PASSES = (module: string, member: string, does: string): LibraryEntry => ({ module, member, effect: 'passes', does });

export const LIBRARY_MIDDLEWARE: readonly LibraryEntry[] = [
  PASSES('express-session', '', 'loads or creates a session; it never rejects a request'),
  PASSES('cookie-session', '', 'loads a cookie session; it never rejects a request'),
  PASSES('passport', 'initialize', 'sets up passport on the request; it never rejects a request'),
  PASSES('passport', 'session', 'restores the user from the session when there is one; anonymous requests pass'),
  PASSES('cookie-parser', '', 'parses cookies; it never rejects a request'),
  PASSES('helmet', '', 'sets security headers; it never rejects a request'),
  PASSES('cors', '', 'answers CORS preflights and sets CORS headers; it does not authenticate'),
  PASSES('compression', '', 'compresses responses'),
  PASSES('morgan', '', 'logs requests'),
  PASSES('body-parser', '', 'parses request bodies'),
  PASSES('body-parser', 'json', 'parses JSON bodies'),
  PASSES('body-parser', 'urlencoded', 'parses form bodies'),
  PASSES('body-parser', 'raw', 'reads raw bodies'),
  PASSES('body-parser', 'text', 'reads text bodies'),
  PASSES('express', 'json', 'parses JSON bodies'),
  PASSES('express', 'urlencoded', 'parses form bodies'),
  PASSES('express', 'raw', 'reads raw bodies'),
  PASSES('express', 'text', 'reads text bodies'),
  PASSES('express', 'static', 'serves static files'),
  PASSES('serve-static', '', 'serves static files'),
  PASSES('response-time', '', 'sets a response-time header'),
  PASSES('method-override', '', 'rewrites the request method'),
  PASSES('hpp', '', 'filters repeated query parameters'),
  PASSES('multer', '', 'parses multipart bodies'),
  PASSES('express-rate-limit', '', 'limits the request rate; it does not authenticate'),
  PASSES('express-rate-limit', 'rateLimit', 'limits the request rate; it does not authenticate'),
  PASSES('csurf', '', 'checks CSRF tokens; it does not authenticate'),
  PASSES('nestjs-cls', 'ClsMiddleware', 'sets up a request context; it never rejects a request'),
  PASSES('connect-timeout', '', 'times requests out'),
  PASSES('express-request-id', '', 'sets a request id'),
  PASSES('nestjs-pino', '', 'logs requests'),
  PASSES('pino-http', '', 'logs requests'),
];

/** What a package's middleware does; undefined when the package is not in the table. */
export function libraryMiddleware(module: string, path: string): LibraryEntry | undefined {
  const pkg = packageName(module);
  const member = memberOf(path);
  return LIBRARY_MIDDLEWARE.find((e) => e.module === pkg && e.member === member);
}

/**
 * `passport.authenticate('jwt')` answers 401 (or redirects, or passes the error on) when the strategy
 * fails, so the handler is not reached; with a callback of the app's own, or the `anonymous` strategy,
 * it is the callback or nobody that decides.
 */
export function passportAuthenticate(module: string, path: string, args: readonly string[], hasCallback: boolean): LibraryEntry | undefined {
  if (packageName(module) !== 'passport' || memberOf(path) !== 'authenticate') return undefined;
  const strategies = args.length > 0 ? args : ['(default)'];
  if (hasCallback) return { module: 'passport', member: 'authenticate', effect: 'unknown', does: 'hands the outcome to its callback, which decides (not followed)' };
  if (strategies.includes('anonymous')) return { module: 'passport', member: 'authenticate', effect: 'passes', does: "admits anonymous requests (the 'anonymous' strategy)" };
  return { module: 'passport', member: 'authenticate', effect: 'authenticates', does: `rejects the request unless the ${strategies.join('/')} strategy authenticates it` };
}

/** `express-session/x` gives `express-session`; `@scope/pkg/x` gives `@scope/pkg`. */
function packageName(module: string): string {
  const parts = module.split('/');
  return module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** `default`, `*` and the import's own name are the package itself; `default.initialize` and `initialize` its member. */
function memberOf(path: string): string {
  const parts = path.split('.').filter((p) => p !== 'default' && p !== '*');
  return parts.length === 0 ? '' : parts[parts.length - 1];
}
