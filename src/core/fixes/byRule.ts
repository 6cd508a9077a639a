import type { FIX_IDS } from './ids';

export type FixName = keyof typeof FIX_IDS;

/**
 * Which fixes answer which finding (rule codes without the `guard-coverage/` prefix), in the order
 * to offer them. The extension offers these on a diagnostic; a fix that does not fit the code in
 * front of it refuses, and a refused fix is not shown.
 */
export const FIXES_FOR_RULE: Readonly<Record<string, readonly FixName[]>> = {
  'no-authentication': ['protectWithMtls', 'addUseGuards', 'createMtlsGuard', 'registerGlobalMtlsGuard'],
  // The generated guard enforces the route's required roles itself.
  'roles-not-enforced': ['addUseGuards', 'createMtlsGuard'],
  'missing-ownership-check': ['addOwnershipCheck'],
  'mtls-reject-unauthorized-false': ['fixRejectUnauthorized'],
  'mtls-empty-cert-check': ['fixMtlsGuardMistakes'],
  'mtls-issuer-string-compare': ['fixMtlsGuardMistakes'],
  // A cert-reading guard with no allowlist: the generated guard maps identities to roles.
  'mtls-no-identity-mapping': ['createMtlsGuard', 'addUseGuards'],
};
