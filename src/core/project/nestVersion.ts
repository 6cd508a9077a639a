/**
 * The major version of @nestjs/core the app runs on: installed package first, else the version
 * range in the nearest package.json that names it. Some behaviour (legacy `*` route conversion)
 * depends on it. Unknown means "current".
 */
import * as fs from 'fs';
import * as path from 'path';

export const CURRENT_NEST_MAJOR = 11;

export function nestMajorVersion(root: string): number {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const installed = readJson(path.join(dir, 'node_modules', '@nestjs', 'core', 'package.json'));
    const major = parseMajor(installed?.version);
    if (major !== undefined) return major;
    const pkg = readJson(path.join(dir, 'package.json'));
    const range = pkg?.dependencies?.['@nestjs/core'] ?? pkg?.devDependencies?.['@nestjs/core'] ?? pkg?.peerDependencies?.['@nestjs/core'];
    const fromRange = parseMajor(range);
    if (fromRange !== undefined) return fromRange;
    if (path.dirname(dir) === dir) return CURRENT_NEST_MAJOR;
  }
}

interface PackageJson {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readJson(file: string): PackageJson | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

function parseMajor(spec: string | undefined): number | undefined {
  const m = spec ? /(\d+)\./.exec(spec) ?? /^\D*(\d+)$/.exec(spec) : null;
  return m ? Number(m[1]) : undefined;
}
