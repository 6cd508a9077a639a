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

/** A role as the route's metadata and the allowlist name it: a string, or a numeric enum member. */
export type RoleValue = string | number;

export function isRoleValue(value: unknown): value is RoleValue {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** The caller as downstream guards and handlers see it on request.user. */
export interface ClientIdentity {
  type: 'client-certificate';
  fingerprint256: string;
  subjectCN: string | undefined;
  roles: RoleValue[];
}

/**
 * Allowlist file format (JSON), from MTLS_ALLOWLIST_FILE (a path) or MTLS_ALLOWLIST (inline JSON):
 *   {
 *     "fingerprints": { "AB:CD:...:EF": ["admin"] },   // SHA-256, colons and case optional
 *     "subjects": { "billing-service": ["reader"] }    // subject CN
 *   }
 * Roles are strings or numbers (for a numeric enum: its values, e.g. [0]) and match the route's
 * required roles by value and type. An entry whose roles are not such a list stops the app at start.
 * A fingerprint entry wins over a subject entry. Subject CN entries are only safe when the server's
 * \`ca\` holds nothing but your own CA (anyone that CA signs for can claim a CN); prefer fingerprints.
 * Without configuration the allowlist is empty and every certificate is denied (fail closed).
 */
interface AllowlistConfig {
  fingerprints?: Record<string, unknown>;
  subjects?: Record<string, unknown>;
}

@Injectable()
export class ClientCertAllowlistService {
  private readonly logger = new Logger(ClientCertAllowlistService.name);
  private readonly byFingerprint = new Map<string, RoleValue[]>();
  private readonly bySubject = new Map<string, RoleValue[]>();

  constructor() {
    const config = loadConfig();
    for (const [fingerprint, roles] of Object.entries(config.fingerprints ?? {})) {
      this.byFingerprint.set(normaliseFingerprint(fingerprint), roleList(roles, fingerprint));
    }
    for (const [subject, roles] of Object.entries(config.subjects ?? {})) {
      this.bySubject.set(subject, roleList(roles, subject));
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

function roleList(value: unknown, entry: string): RoleValue[] {
  if (Array.isArray(value) && value.every(isRoleValue)) return [...value];
  throw new Error(\`mTLS allowlist entry \${entry}: roles must be a list of strings or numbers\`);
}
`;
}
