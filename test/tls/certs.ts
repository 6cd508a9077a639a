import { generateKeyPairSync, X509Certificate } from 'crypto';
import * as forge from 'node-forge';

/** A PEM certificate with its key and SHA-256 fingerprint (as Node prints it). */
export interface Issued {
  certPem: string;
  keyPem: string;
  fingerprint256: string;
}

interface Authority {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  pem: string;
}

const DAY = 24 * 60 * 60 * 1000;

/** RSA keys from Node's crypto (fast), converted for node-forge to sign with. */
function keyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    keyPem: privateKey,
  };
}

let serial = 1;
function nextSerial(): string {
  serial += 1;
  return `01${Date.now().toString(16)}${serial.toString(16).padStart(4, '0')}`;
}

function baseCert(cn: string, publicKey: forge.pki.PublicKey, from: Date, to: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = nextSerial();
  cert.validity.notBefore = from;
  cert.validity.notAfter = to;
  cert.setSubject([{ name: 'commonName', value: cn }, { name: 'organizationName', value: 'Guard Coverage Test' }]);
  return cert;
}

export function createAuthority(cn: string): Authority {
  const keys = keyPair();
  const cert = baseCert(cn, keys.publicKey, new Date(Date.now() - DAY), new Date(Date.now() + 30 * DAY));
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey, pem: forge.pki.certificateToPem(cert) };
}

export interface IssueOptions {
  cn: string;
  usage: 'server' | 'client';
  /** Validity window; default yesterday to in 30 days. */
  notBefore?: Date;
  notAfter?: Date;
}

export function issue(ca: Authority, o: IssueOptions): Issued {
  const keys = keyPair();
  const cert = baseCert(
    o.cn,
    keys.publicKey,
    o.notBefore ?? new Date(Date.now() - DAY),
    o.notAfter ?? new Date(Date.now() + 30 * DAY),
  );
  cert.setIssuer(ca.cert.subject.attributes);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: o.usage === 'server', clientAuth: o.usage === 'client' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ];
  if (o.usage === 'server') {
    extensions.push({ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] });
  }
  cert.setExtensions(extensions);
  cert.sign(ca.key, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { certPem, keyPem: keys.keyPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
}

/** The certificate matrix of the end-to-end test. */
export interface CertMatrix {
  caPem: string;
  server: Issued;
  allowlisted: Issued;
  notAllowlisted: Issued;
  wrongRole: Issued;
  expired: Issued;
  untrusted: Issued;
}

export function createMatrix(): CertMatrix {
  const ca = createAuthority('Guard Coverage Test CA');
  const rogue = createAuthority('Untrusted CA');
  return {
    caPem: ca.pem,
    server: issue(ca, { cn: 'localhost', usage: 'server' }),
    allowlisted: issue(ca, { cn: 'client-a', usage: 'client' }),
    notAllowlisted: issue(ca, { cn: 'client-x', usage: 'client' }),
    wrongRole: issue(ca, { cn: 'client-auditor', usage: 'client' }),
    expired: issue(ca, {
      cn: 'client-a',
      usage: 'client',
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - DAY),
    }),
    // Same CN as the allowlisted client: only the CA tells them apart.
    untrusted: issue(rogue, { cn: 'client-a', usage: 'client' }),
  };
}
