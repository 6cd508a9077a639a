/** Template of the generated `ClientCertAllowlistService`: certificate identity to roles, from config. */
export function renderAllowlistService(): string {
  return `import { Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'fs';

/** What the guard read from a verified client certificate. */
export interface PresentedCertificate {
  /** SHA-256 fingerprint as Node prints it (\`AB:CD:...\`). */
  fingerprint256: string;
  subjectCN: string | undefined;
  issuerCN: string | undefined;
}

/** The caller as downstream guards and handlers see it on request.user. */
export interface ClientIdentity {
  type: 'client-certificate';
  fingerprint256: string;
  subjectCN: string | undefined;
  roles: string[];
}

/**
 * Allowlist file format (JSON), from MTLS_ALLOWLIST_FILE (a path) or MTLS_ALLOWLIST (inline JSON):
 *   {
 *     "fingerprints": { "AB:CD:...:EF": ["admin"] },   // SHA-256, colons and case optional
 *     "subjects": { "billing-service": ["reader"] }    // subject CN
 *   }
 * A fingerprint entry wins over a subject entry. Subject CN entries are only safe when the server's
 * \`ca\` holds nothing but your own CA (anyone that CA signs for can claim a CN); prefer fingerprints.
 * Without configuration the allowlist is empty and every certificate is denied (fail closed).
 */
interface AllowlistConfig {
  fingerprints?: Record<string, string[]>;
  subjects?: Record<string, string[]>;
}

@Injectable()
export class ClientCertAllowlistService {
  private readonly logger = new Logger(ClientCertAllowlistService.name);
  private readonly byFingerprint = new Map<string, string[]>();
  private readonly bySubject = new Map<string, string[]>();

  constructor() {
    const config = loadConfig();
    for (const [fingerprint, roles] of Object.entries(config.fingerprints ?? {})) {
      this.byFingerprint.set(normaliseFingerprint(fingerprint), roleList(roles));
    }
    for (const [subject, roles] of Object.entries(config.subjects ?? {})) {
      this.bySubject.set(subject, roleList(roles));
    }
    if (this.byFingerprint.size + this.bySubject.size === 0) {
      this.logger.warn('mTLS allowlist is empty: every client certificate will be denied');
    }
  }

  /** The identity and roles of an allowlisted certificate; undefined when it is not listed. */
  identify(cert: PresentedCertificate): ClientIdentity | undefined {
    const roles =
      this.byFingerprint.get(normaliseFingerprint(cert.fingerprint256)) ??
      (cert.subjectCN !== undefined ? this.bySubject.get(cert.subjectCN) : undefined);
    if (!roles) return undefined;
    return { type: 'client-certificate', fingerprint256: cert.fingerprint256, subjectCN: cert.subjectCN, roles: [...roles] };
  }
}

function loadConfig(): AllowlistConfig {
  const file = process.env['MTLS_ALLOWLIST_FILE'];
  const inline = process.env['MTLS_ALLOWLIST'];
  const text = file ? readFileSync(file, 'utf8') : inline;
  if (text === undefined || text.trim() === '') return {};
  try {
    return JSON.parse(text) as AllowlistConfig;
  } catch {
    throw new Error(\`mTLS allowlist \${file ?? 'MTLS_ALLOWLIST'} is not valid JSON\`);
  }
}

function normaliseFingerprint(value: string): string {
  return value.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
}

function roleList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
`;
}
