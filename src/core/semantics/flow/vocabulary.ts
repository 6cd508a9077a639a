/**
 * The names data flow recognises: where a request keeps what the client sent, which calls keep a
 * value (a conversion is still the client's value), which calls only log, and which decorators,
 * services and types stand for the caller's identity or a secret setting. One table per concept, so a
 * new name is added in one place (test/unit/semantics/flowVocabulary.test.ts reads every row).
 */

/** What the client controls: a path parameter, the query, the body, a header, a cookie, the URL itself. */
export type ClientSource = 'path' | 'query' | 'body' | 'header' | 'cookie' | 'url';

/** Express/Fastify request members and what they hold. `user`/`session` are set by the server. */
export const REQUEST_MEMBERS: Readonly<Record<string, ClientSource | 'identity' | 'request'>> = {
  headers: 'header',
  query: 'query',
  params: 'path',
  body: 'body',
  cookies: 'cookie',
  signedCookies: 'cookie',
  url: 'url',
  originalUrl: 'url',
  path: 'url',
  baseUrl: 'url',
  user: 'identity',
  session: 'identity',
  raw: 'request',
};

/**
 * Other request members are set by the server's own guards and middleware; these names hold who the
 * caller is (`req.impersonation`, `req.tenant`, `req.account`, `req.auth`).
 */
export const IDENTITY_REQUEST_MEMBER = /user|account|tenant|principal|identity|impersonat|member|organi[sz]ation|^org|caller|actor|claims|payload|^auth$|viewer/i;

/** Request members that hold one header's value (`req.hostname` is the Host header). */
export const REQUEST_HEADER_MEMBERS: Readonly<Record<string, string>> = { hostname: 'host', host: 'host' };

/** Request methods that read one header: `req.header('x-key')`, `req.get('x-key')`. */
export const REQUEST_HEADER_METHODS: ReadonlySet<string> = new Set(['header', 'get']);

/** `@nestjs/common` parameter decorators and what the parameter receives. */
export const PARAM_DECORATORS: Readonly<Record<string, ClientSource | 'identity' | 'request' | 'none'>> = {
  Param: 'path',
  Query: 'query',
  Body: 'body',
  Headers: 'header',
  HostParam: 'header',
  UploadedFile: 'body',
  UploadedFiles: 'body',
  Req: 'request',
  Request: 'request',
  Session: 'identity',
  Res: 'none',
  Response: 'none',
  Next: 'none',
  Ip: 'none',
};

/** Functions whose result is their argument's value in another form (`parseInt(id)` is still the client's id). */
export const VALUE_FUNCTIONS: ReadonlySet<string> = new Set([
  'parseInt', 'parseFloat', 'Number', 'String', 'BigInt', 'decodeURIComponent', 'decodeURI', 'from',
]);

/** Methods whose result is the receiver's value in another form (`key.trim()`). */
export const VALUE_METHODS: ReadonlySet<string> = new Set([
  'trim', 'trimStart', 'trimEnd', 'toString', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase',
  'valueOf', 'normalize', 'toHexString',
]);

/** Constructors whose instance is their argument in another form (`new Types.ObjectId(id)`). */
export const VALUE_CONSTRUCTORS: ReadonlySet<string> = new Set(['ObjectId', 'ObjectID', 'Buffer', 'String', 'Number']);

/** Receivers whose calls only write a log line. */
export const LOGGER_RECEIVER = /^(console|logger|_logger|log|Logger|this\.(logger|_logger|log))$/;
/** Logging method names. */
export const LOGGER_METHODS: ReadonlySet<string> = new Set(['log', 'warn', 'error', 'info', 'debug', 'verbose', 'trace', 'fatal']);

/**
 * Injected types that carry settings or the request context: `ConfigService` (values by key),
 * `ClsService` (nestjs-cls: the request's store), `AsyncLocalStorage` (its store).
 */
export const CONTEXT_TYPES: Readonly<Record<string, 'config' | 'cls' | 'als'>> = {
  ConfigService: 'config',
  TypedConfigService: 'config',
  ClsService: 'cls',
  AsyncLocalStorage: 'als',
};

/** Methods that read one setting by key from a config service. */
export const CONFIG_GET_METHODS: ReadonlySet<string> = new Set(['get', 'getOrThrow']);

/**
 * A parameter decorator named like the caller (`@CurrentUser()`, `@AuthUser()`, `@ReqUser()`, `@Me()`),
 * used only when its definition is not in the project (from a package). `UserAgent` is a header.
 */
export const IDENTITY_DECORATOR = /^(?!.*agent)(\w*(user|account|principal|identity|caller|actor|member|viewer|session|claims?|payload)\w*|me|jwt|tenant|currenttenant)$/i;

/** Calls that compare in constant time (`crypto.timingSafeEqual`, `safe-compare`, `tsscmp`). */
export const CONSTANT_TIME_COMPARE: ReadonlySet<string> = new Set(['timingSafeEqual', 'safeCompare', 'tsscmp', 'secureCompare', 'constantTimeEqual']);

/** Receivers whose methods only compute (`Date.now()`, `JSON.stringify(x)`, `Math.max(...)`). */
export const PURE_RECEIVERS: ReadonlySet<string> = new Set(['Date', 'JSON', 'Math', 'Object', 'Array', 'Buffer', 'Number', 'String', 'crypto']);

/** Methods that only compute on their receiver (strings, arrays, dates). */
export const PURE_METHODS: ReadonlySet<string> = new Set([
  'includes', 'startsWith', 'endsWith', 'split', 'slice', 'substring', 'substr', 'indexOf', 'lastIndexOf', 'test', 'match',
  'some', 'every', 'has', 'padStart', 'padEnd', 'replace', 'replaceAll', 'at', 'charAt', 'join', 'concat', 'toISOString',
  'getTime', 'toFixed', 'stringify', 'parse', 'now', 'from', 'isArray', 'keys', 'values', 'entries', 'isInteger', 'isNaN',
]);

/** Calls that start a pure computation chain (`createHmac(...).update(body).digest('hex')`). */
export const PURE_CHAIN_ROOTS: ReadonlySet<string> = new Set(['createHmac', 'createHash']);

/** Constructors without effects (`new Date()`, `new UnauthorizedException()`). */
export const PURE_CONSTRUCTOR = /^(Date|Error|\w*Exception|\w*Error|Buffer|URL|URLSearchParams|Set|Map|RegExp)$/;
