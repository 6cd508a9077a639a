/** Every rule, in report order, and how the configured levels apply to them. */
import type { GuardCoverageConfig, RuleLevel } from '../config';
import type { Finding, Severity } from '../model';
import type { Rule, RuleContext, RuleMeta } from './types';
import { noAuthentication } from './noAuthentication';
import { rolesNotEnforced } from './rolesNotEnforced';
import { classRolesIgnored } from './classRolesIgnored';
import { publicIgnoredByGuard } from './publicIgnoredByGuard';
import { unreachableAppGuard } from './unreachableAppGuard';
import { optInGlobalGuard } from './optInGlobalGuard';
import { missingOwnershipCheck } from './missingOwnershipCheck';
import { mtlsRejectUnauthorizedFalse } from './mtlsRejectUnauthorizedFalse';
import { mtlsEmptyCertCheck } from './mtlsEmptyCertCheck';
import { mtlsIssuerStringCompare } from './mtlsIssuerStringCompare';
import { mtlsNoIdentityMapping } from './mtlsNoIdentityMapping';
import { mtlsUntrustedForwardedCert } from './mtlsUntrustedForwardedCert';
import { mtlsOptionsNotApplied } from './mtlsOptionsNotApplied';
import { inconsistentCredentialCheck } from './inconsistentCredentialCheck';
import { microserviceDropsGlobalGuards } from './microserviceDropsGlobalGuards';
import { unknownVerdict } from './unknownVerdict';
import { secretInUrl } from './secretInUrl';
import { secretCompareNotConstantTime } from './secretCompareNotConstantTime';
import { requestControlledBypass } from './requestControlledBypass';

export const RULE_PREFIX = 'guard-coverage/';

export const RULES: readonly Rule[] = [
  noAuthentication,
  rolesNotEnforced,
  classRolesIgnored,
  publicIgnoredByGuard,
  unreachableAppGuard,
  optInGlobalGuard,
  missingOwnershipCheck,
  secretInUrl,
  secretCompareNotConstantTime,
  requestControlledBypass,
  mtlsRejectUnauthorizedFalse,
  mtlsEmptyCertCheck,
  mtlsIssuerStringCompare,
  mtlsNoIdentityMapping,
  mtlsUntrustedForwardedCert,
  mtlsOptionsNotApplied,
  inconsistentCredentialCheck,
  microserviceDropsGlobalGuards,
  unknownVerdict,
];

export const RULE_METAS: readonly RuleMeta[] = RULES.map((r) => r.meta);

export function ruleMeta(code: string): RuleMeta | undefined {
  const bare = code.startsWith(RULE_PREFIX) ? code.slice(RULE_PREFIX.length) : code;
  return RULE_METAS.find((m) => m.code === bare);
}

/** The configured level of a rule (`guard-coverage/<code>` or `<code>`), else its default severity. */
export function ruleLevel(code: string, config: GuardCoverageConfig): RuleLevel {
  const level = config.rules[code] ?? config.rules[RULE_PREFIX + code];
  return level ?? ruleMeta(code)?.defaultSeverity ?? 'warning';
}

/**
 * Run every enabled rule; sorted by file, line, code. A configured level replaces every finding's
 * severity; otherwise a finding keeps its own (a rule may grade its findings below its default).
 */
export function runRules(ctx: RuleContext, onError?: (code: string, error: Error) => void): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    const level = ruleLevel(rule.meta.code, ctx.host.config);
    if (level === 'off') continue;
    const configured = ctx.host.config.rules[rule.meta.code] ?? ctx.host.config.rules[RULE_PREFIX + rule.meta.code];
    let found: Finding[];
    try {
      found = rule.run(ctx);
    } catch (error) {
      if (!onError) throw error;
      onError(rule.meta.code, error as Error);
      continue;
    }
    for (const f of found) out.push({ ...f, severity: configured ? (level as Severity) : f.severity });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code));
}
