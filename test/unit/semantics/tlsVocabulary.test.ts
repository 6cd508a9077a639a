/** The client-certificate vocabulary, as a table: what each pattern accepts and what it must not. */
import * as assert from 'assert';
import {
  CERT_FIELDS, CERT_HEADER, CERT_RELEVANT, CONTEXT_TYPE_TEST, METADATA_READ, NOT_A_LOOKUP, OTHER_CREDENTIAL, PROXY_ADDRESS_CHECK,
  READS_CLIENT_CERT, STRING_METHODS,
} from '../../../src/core/semantics/tlsVocabulary';

const TABLE: Array<[string, RegExp | ReadonlySet<string>, string[], string[]]> = [
  ['CERT_FIELDS', CERT_FIELDS, ['subject', 'issuer', 'fingerprint256', 'serialNumber', 'valid_to', 'subjectaltname', 'raw'], ['issuerName', 'commonName', 'CN', 'cert']],
  ['CERT_HEADER', CERT_HEADER, ['x-client-cert', 'X-SSL-Client-Cert', 'x-forwarded-client-cert', 'ssl-client-cert', 'x-client-verify', 'x-amzn-mtls-clientcert', 'x-ssl-client-serial', 'x-client-fingerprint', 'X-SSL-Client-S-DN'], ['x-api-key', 'authorization', 'x-client-id', 'x-client-version', 'x-serial']],
  ['PROXY_ADDRESS_CHECK', PROXY_ADDRESS_CHECK, ['req.socket.remoteAddress', 'isTrustedProxy(ip)', 'TRUSTED_PROXIES.includes(a)', 'req.ips'], ['req.headers', 'cert.subject']],
  ['STRING_METHODS', STRING_METHODS, ['match', 'includes', 'startsWith', 'toLowerCase', 'split', 'toString'], ['CN', 'length', 'get']],
  ['METADATA_READ', METADATA_READ, ['this.reflector.get(IS_PUBLIC)', 'getAllAndOverride(KEY, t)', 'isPublic'], ['socket.authorized', 'publicKey']],
  ['CONTEXT_TYPE_TEST', CONTEXT_TYPE_TEST, ["context.getType() !== 'http'", "getType<GqlContextType>()", "req.method === 'OPTIONS'"], ['req.method', 'getRequest()']],
  ['OTHER_CREDENTIAL', OTHER_CREDENTIAL, ['req.headers.authorization.token', 'verifyJwt(x)', 'req.session.id', 'request.user'], ['cert.subject.CN', 'socket.authorized', 'userAgent']],
  ['NOT_A_LOOKUP', NOT_A_LOOKUP, ['String', 'JSON.stringify', 'Object.keys', 'console.log', 'this.logger.warn', 'Logger.log'], ['this.allowlist.lookup', 'ALLOWED.includes', 'map.get']],
  ['CERT_RELEVANT', CERT_RELEVANT, ['return socket.getPeerCertificate()', 'if (!s.authorized)', 'req.socket', 'new X509Certificate(pem)'], ['return a + b', 'this.reflector.get(k)']],
  ['READS_CLIENT_CERT', READS_CLIENT_CERT, ['s.getPeerCertificate()', 's.getPeerCertificate?.()', 'socket.authorized'], ['getPeerCertificateName', 'authorizedRoles']],
];

describe('client-certificate vocabulary', () => {
  for (const [name, pattern, yes, no] of TABLE) {
    it(name, () => {
      const test = (s: string): boolean => (pattern instanceof RegExp ? pattern.test(s) : pattern.has(s));
      assert.deepStrictEqual(yes.filter((s) => !test(s)), [], `${name} should accept`);
      assert.deepStrictEqual(no.filter(test), [], `${name} should reject`);
    });
  }
});
