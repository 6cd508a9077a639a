/**
 * Typed settings. The analysis part maps onto the core's GuardCoverageConfig; a
 * `.guard-coverage.json` in the folder (the CLI's config file) is merged under the VS Code settings.
 */
import * as vscode from 'vscode';
import type { GuardCoverageConfig, RuleLevel } from '../core/config';
import { withDefaults } from '../core/config';
import { loadConfigFile } from '../core/configFile';
import { CONFIG_SECTION } from './constants';

export type GroupBy = 'controller' | 'module' | 'guard' | 'verdict';
export const GROUP_BY_VALUES: readonly GroupBy[] = ['controller', 'module', 'guard', 'verdict'];

/** Every contributed setting (without the section prefix) and its default; package.json must match. */
export const SETTING_DEFAULTS = {
  include: [] as string[],
  exclude: [] as string[],
  authGuards: [] as string[],
  nonAuthGuards: [] as string[],
  publicMarkers: [] as string[],
  roleMarkers: [] as string[],
  ownershipHelpers: [] as string[],
  idParams: [] as string[],
  authMiddleware: [] as string[],
  rules: {} as Record<string, RuleLevel>,
  envFiles: [] as string[],
  env: {} as Record<string, string>,
  'codeLens.enabled': true,
  'diagnostics.enabled': true,
  'statusBar.enabled': true,
  'tree.groupBy': 'controller' as GroupBy,
  'curl.baseUrl': 'http://localhost:3000',
};
export type SettingKey = keyof typeof SETTING_DEFAULTS;

/** Settings that change what the analyzer computes (a change re-creates the analyzers). */
export const ANALYSIS_KEYS = [
  'include', 'exclude', 'authGuards', 'nonAuthGuards', 'publicMarkers', 'roleMarkers',
  'ownershipHelpers', 'idParams', 'authMiddleware', 'rules', 'envFiles', 'env',
] as const satisfies readonly (keyof GuardCoverageConfig & SettingKey)[];

export interface PresentationSettings {
  codeLensEnabled: boolean;
  diagnosticsEnabled: boolean;
  statusBarEnabled: boolean;
  groupBy: GroupBy;
  curlBaseUrl: string;
  rules: Record<string, RuleLevel>;
}

function get<K extends SettingKey>(cfg: vscode.WorkspaceConfiguration, key: K): (typeof SETTING_DEFAULTS)[K] {
  return cfg.get(key, SETTING_DEFAULTS[key]) as (typeof SETTING_DEFAULTS)[K];
}

export function readPresentation(scope?: vscode.ConfigurationScope): PresentationSettings {
  const cfg = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const groupBy = get(cfg, 'tree.groupBy');
  return {
    codeLensEnabled: get(cfg, 'codeLens.enabled') !== false,
    diagnosticsEnabled: get(cfg, 'diagnostics.enabled') !== false,
    statusBarEnabled: get(cfg, 'statusBar.enabled') !== false,
    groupBy: GROUP_BY_VALUES.includes(groupBy) ? groupBy : 'controller',
    curlBaseUrl: String(get(cfg, 'curl.baseUrl') || SETTING_DEFAULTS['curl.baseUrl']),
    rules: { ...get(cfg, 'rules') },
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const stringMap = (v: unknown): Record<string, string> =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

/**
 * Merges the config file under the settings: name lists are united (both extend the built-in
 * recognition), rule levels from settings win per rule, include globs and env files from settings
 * replace the file's when set, exclude globs are united, env variables from settings win per name.
 */
export function mergeConfig(file: Partial<GuardCoverageConfig> | undefined, settings: Partial<GuardCoverageConfig>): GuardCoverageConfig {
  const f = file ?? {};
  const union = (k: keyof GuardCoverageConfig) => [...new Set([...strings(f[k]), ...strings(settings[k])])];
  const settingsInclude = strings(settings.include);
  return withDefaults({
    authGuards: union('authGuards'),
    nonAuthGuards: union('nonAuthGuards'),
    publicMarkers: union('publicMarkers'),
    roleMarkers: union('roleMarkers'),
    ownershipHelpers: union('ownershipHelpers'),
    idParams: union('idParams'),
    authMiddleware: union('authMiddleware'),
    rules: { ...(f.rules ?? {}), ...(settings.rules ?? {}) },
    include: settingsInclude.length ? settingsInclude : strings(f.include),
    exclude: union('exclude'),
    envFiles: strings(settings.envFiles).length ? strings(settings.envFiles) : strings(f.envFiles),
    env: { ...stringMap(f.env), ...stringMap(settings.env) },
  });
}

/** The analysis config for one workspace folder: settings (folder scope) over the folder's config file. */
export function readAnalysisConfig(folder: vscode.WorkspaceFolder): GuardCoverageConfig {
  const cfg = vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri);
  const settings: Partial<GuardCoverageConfig> = {};
  for (const key of ANALYSIS_KEYS) (settings as Record<string, unknown>)[key] = get(cfg, key);
  // The CLI's own loader (validates, names a bad field in its ConfigError); defaults when absent.
  return mergeConfig(loadConfigFile(folder.uri.fsPath), settings);
}
