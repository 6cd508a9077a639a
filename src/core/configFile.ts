/**
 * `.guard-coverage.json`: read, validate (with messages that name the bad field), and merge with
 * the defaults. Used by the CLI; the extension maps VS Code settings onto the same shape.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG, withDefaults } from './config';
import type { GuardCoverageConfig, RuleLevel } from './config';

export const CONFIG_FILE_NAME = '.guard-coverage.json';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LEVELS: readonly RuleLevel[] = ['off', 'error', 'warning', 'info'];
const LIST_KEYS = Object.keys(DEFAULT_CONFIG).filter((k) => Array.isArray(DEFAULT_CONFIG[k as keyof GuardCoverageConfig])) as (keyof GuardCoverageConfig)[];

/**
 * The settings for an analysed root: `configPath` when given (must exist), else `<root>/.guard-coverage.json`
 * when present, else the defaults. Throws `ConfigError` for unreadable JSON or a wrong shape.
 */
export function loadConfigFile(root: string, configPath?: string): GuardCoverageConfig {
  const file = configPath ? path.resolve(configPath) : path.join(root, CONFIG_FILE_NAME);
  if (!fs.existsSync(file)) {
    if (configPath) throw new ConfigError(`config file not found: ${configPath}`);
    return withDefaults(undefined);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path.basename(file)}: not valid JSON (${(error as Error).message})`);
  }
  const config = parseConfig(raw, path.basename(file));
  // Env files are named relative to the settings file that lists them.
  return { ...config, envFiles: config.envFiles.map((f) => path.resolve(path.dirname(file), f)) };
}

/** Validate a parsed settings object and merge it with the defaults. */
export function parseConfig(raw: unknown, source = CONFIG_FILE_NAME): GuardCoverageConfig {
  const problems = configProblems(raw);
  if (problems.length > 0) throw new ConfigError(`${source}: ${problems.join('; ')}`);
  const obj = raw as Partial<GuardCoverageConfig> & { $schema?: string };
  const { $schema: _ignored, ...rest } = obj;
  void _ignored;
  return withDefaults(rest);
}

export function configProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ['the settings must be a JSON object'];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$schema') continue;
    if (key === 'rules') {
      problems.push(...ruleProblems(value));
    } else if (key === 'env') {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
        problems.push('"env" must be an object mapping variable names to string values');
      }
    } else if ((LIST_KEYS as string[]).includes(key)) {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) problems.push(`"${key}" must be an array of strings`);
    } else {
      problems.push(`unknown setting "${key}" (known: ${[...LIST_KEYS, 'rules', 'env'].join(', ')})`);
    }
  }
  return problems;
}

function ruleProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['"rules" must be an object mapping rule codes to "off" | "error" | "warning" | "info"'];
  }
  return Object.entries(value)
    .filter(([, level]) => !LEVELS.includes(level as RuleLevel))
    .map(([code, level]) => `"rules.${code}" is ${JSON.stringify(level)}; expected one of ${LEVELS.join(', ')}`);
}
