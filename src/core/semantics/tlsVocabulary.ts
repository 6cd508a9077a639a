/**
 * The words of client-certificate handling the semantics pass recognises, in one place (table-tested
 * in test/unit/semantics/tlsVocabulary.test.ts): Node's peer-certificate fields, proxy headers, checks.
 */

/** Fields Node sets on a `PeerCertificate` (tls.DetailedPeerCertificate). */
export const CERT_FIELDS: ReadonlySet<string> = new Set(['subject', 'issuer', 'subjectaltname', 'infoAccess', 'ca', 'modulus', 'exponent',
  'pubkey', 'valid_from', 'valid_to', 'fingerprint', 'fingerprint256', 'fingerprint512', 'ext_key_usage', 'serialNumber', 'raw', 'bits',
  'asn1Curve', 'nistCurve', 'issuerCertificate', 'sigalg']);

/** Headers a TLS-terminating proxy uses to forward the client certificate, a field of it, or its verification result. */
export const CERT_HEADER = /^(x-(ssl-)?client-(cert(ificate)?|verify|dn|s-dn|i-dn|serial|fingerprint|subject|issuer)(-dn)?|x-forwarded-client-cert|ssl-client-(cert|verify|serial|fingerprint|s-dn|i-dn)|x-ssl-cert|x-arr-clientcert|x-amzn-mtls-clientcert(-leaf)?)$/i;

/** A test of the peer address against trusted proxies. */
export const PROXY_ADDRESS_CHECK = /remoteAddress|\.ips?\b|trustedProx|trustProx|proxyAllow|isTrustedProxy|TRUSTED_PROX|proxyAddresses|allowedProxies/i;

/** String methods: calling one on `subject`/`issuer` (null-prototype objects in Node) throws a TypeError. */
export const STRING_METHODS: ReadonlySet<string> = new Set(['includes', 'startsWith', 'endsWith', 'indexOf', 'match', 'matchAll', 'search',
  'toLowerCase', 'toUpperCase', 'split', 'localeCompare', 'replace', 'replaceAll', 'trim', 'substring', 'slice', 'toString', 'normalize']);

/** A marker or opt-in read: a way through it is judged per route, by the route's metadata. */
export const METADATA_READ = /reflector|getAllAndOverride|getAllAndMerge|getMetadata\b|\bisPublic\b/i;

/** A test of the execution context type or of a CORS preflight: never the way of an HTTP request. */
export const CONTEXT_TYPE_TEST = /getType\s*(<[^>]*>)?\s*\(\s*\)|['"`]OPTIONS['"`]/;

/** A credential other than the certificate: such a way through is judged by the guard rules, not here. */
export const OTHER_CREDENTIAL = /token|jwt|bearer|api.?key|passw|secret|session|signature|hmac|isAuthenticated|\.user\b/i;

/** Calls whose truthy result says nothing about the value given to them. */
export const NOT_A_LOOKUP = /^(String|JSON\.stringify|Object\.(keys|values|entries|assign|freeze)|Array\.(of|from)|console\.\w+|(this\.)?logger\.\w+|Logger\.\w+)$/;

/** A helper worth following from a certificate guard: it reads the socket, the certificate or a certificate header. */
export const CERT_RELEVANT = /getPeerCertificate|\bauthorized\b|\bsocket\b|\bconnection\b|cert/i;

/** What a client-certificate guard reads: the peer certificate, the TLS verdict, or a forwarded certificate header. */
export const READS_CLIENT_CERT = /getPeerCertificate\s*\?*\.?\s*\(|\.authorized\b/;
