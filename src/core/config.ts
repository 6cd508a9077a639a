/**
 * Project settings shared by the CLI (`.guard-coverage.json`) and the extension (VS Code settings).
 * Every list extends the built-in recognition; it never replaces it.
 */
export type RuleLevel = 'off' | 'error' | 'warning' | 'info';

export interface GuardCoverageConfig {
  /** Guard class names to treat as authentication guards. */
  authGuards: string[];
  /** Guard class names to treat as non-security guards (throttling, feature flags). */
  nonAuthGuards: string[];
  /** Decorator names or metadata keys that mark a route public. */
  publicMarkers: string[];
  /** Decorator names or metadata keys that carry roles/permissions. */
  roleMarkers: string[];
  /** Guard, decorator or function names that count as an ownership/policy check. */
  ownershipHelpers: string[];
  /** Path parameter names (exact, case-insensitive) that identify an object, beyond the built-in `id`/`*Id`/`slug`/`uuid`. */
  idParams: string[];
  /** Middleware class or function names that authenticate. */
  authMiddleware: string[];
  /** Per-rule level: `off` disables a rule. */
  rules: Record<string, RuleLevel>;
  /** Globs (relative to the root) of files to analyse; empty means the tsconfig's files. */
  include: string[];
  /** Globs (relative to the root) of files to skip. */
  exclude: string[];
  /**
   * Env files the app is analysed with, in order (later files win), absolute or relative to the
   * root. With none (and no `env`), the files the app's own ConfigModule/dotenv would read.
   */
  envFiles: string[];
  /** Variables set as the app would see them in process.env; they win over every env file. */
  env: Record<string, string>;
}

export const DEFAULT_CONFIG: GuardCoverageConfig = {
  authGuards: [],
  nonAuthGuards: [],
  publicMarkers: [],
  roleMarkers: [],
  ownershipHelpers: [],
  idParams: [],
  authMiddleware: [],
  rules: {},
  include: [],
  exclude: [],
  envFiles: [],
  env: {},
};

export function withDefaults(partial: Partial<GuardCoverageConfig> | undefined): GuardCoverageConfig {
  return { ...DEFAULT_CONFIG, ...(partial ?? {}) };
}
