/** Stable ids of the fixes; the extension keys its code actions and commands on these. */
export const FIX_IDS = {
  addUseGuards: 'guardCoverage.fix.addUseGuards',
  protectWithMtls: 'guardCoverage.fix.protectWithMtls',
  createMtlsGuard: 'guardCoverage.fix.createMtlsGuard',
  registerGlobalMtlsGuard: 'guardCoverage.fix.registerGlobalMtlsGuard',
  addHttpsOptions: 'guardCoverage.fix.addHttpsOptions',
  fixRejectUnauthorized: 'guardCoverage.fix.fixRejectUnauthorized',
  addRoles: 'guardCoverage.fix.addRoles',
  addOwnershipCheck: 'guardCoverage.fix.addOwnershipCheck',
  fixMtlsGuardMistakes: 'guardCoverage.fix.fixMtlsGuardMistakes',
} as const;
