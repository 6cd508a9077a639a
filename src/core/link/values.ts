/**
 * What the static evaluator knows about an expression. Enough of JavaScript to follow how NestJS
 * apps build decorators, module metadata and bootstrap options; anything else is `unknown` with
 * the reason, never a guess.
 */
import type { ClassDeclaration, EnumDeclaration, Node } from 'ts-morph';
import type { HttpMethod } from '../model';

export type Value =
  /** `source`: the name it was read through (`ROLES.ADMIN`), for labels such as `ROLES.ADMIN (admin)`. */
  | { kind: 'literal'; value: string | number | boolean | null | undefined; source?: string }
  | { kind: 'regex'; source: string; flags: string }
  | { kind: 'array'; items: Value[] }
  | { kind: 'object'; props: Map<string, Value>; node: Node }
  /** `env`: the bindings of the function that declared it (a class made by a factory function). */
  | { kind: 'class'; decl: ClassDeclaration; name: string; env?: Env }
  | { kind: 'function'; node: Node; name: string; env: Env }
  /** Something exported by a package we do not read (`@nestjs/common`'s `UseGuards`). */
  | { kind: 'external'; module: string; name: string }
  /**
   * `new X(...)` (`args` bound to its constructor's parameter properties), or what a Nest container hands out for `app.get(X)`.
   * `fields`: what its methods set (`this.modules.push(M)` in a builder), over the property initializers. Only an
   * instance made by `new` has them: it is the one value the evaluator changes in place, as the app's methods do.
   */
  | { kind: 'instance'; of: Value; node: Node; args?: Value[]; injected?: boolean; fields?: Map<string, Value> }
  /** The result of calling something that returns a class at run time (`AuthGuard('jwt')`). */
  | { kind: 'mixin'; text: string; callee: string; args: Value[]; returned?: ClassDeclaration; returnedEnv?: Env; module?: string }
  | { kind: 'decorator'; effects: Effect[] }
  /** `Reflector.createDecorator()`: calling it sets metadata under `key`. */
  | { kind: 'createdDecorator'; key: string; name: string; node: Node; transformed?: boolean }
  | { kind: 'enum'; decl: EnumDeclaration }
  | { kind: 'enumMember'; enumName: string; member: string; value: string | number | undefined }
  | { kind: 'symbol'; name: string }
  /** `forwardRef(() => X)` */
  | { kind: 'forwardRef'; target: Value }
  /** A module namespace (`import * as common from ...` of a source file). */
  | { kind: 'namespace'; file: string }
  /** `registerAs(namespace, factory)` of @nestjs/config: a config factory whose token is `CONFIGURATION(namespace)`. */
  | { kind: 'configFactory'; namespace: string; factory: Value; node: Node }
  /** `ConfigModule.forRoot(options)` / `ConfigModule.forFeature(factory)`: read by the config registry, no routes of its own. */
  | { kind: 'configModule'; root?: Value; feature?: Value; node: Node }
  /** An instance of @nestjs/config's `ConfigService` (`app.get(ConfigService)`, injected, or `new ConfigService()`). */
  | { kind: 'configService'; injected: boolean }
  /** A value that is there only when a run-time condition the analysis could not decide holds. */
  | { kind: 'conditional'; condition: string; value: Value; node: Node }
  /**
   * `branches`: the values each side of an undecided condition gives (both may be what runs).
   * `missingPackage`: a `require`/`import()` of a package that is neither installed nor part of the workspace.
   */
  | { kind: 'unknown'; reason: string; node?: Node; branches?: Branches; missingPackage?: string };

export interface Branches {
  condition: string;
  values: Value[];
}

export type Env = ReadonlyMap<string, Value>;

export const EMPTY_ENV: Env = new Map();

export interface GuardSpec {
  name: string;
  className: string;
  form: 'class' | 'instance' | 'mixin' | 'factory' | 'value' | 'existing';
  mixinArgs?: string[];
  decl?: ClassDeclaration;
  node: Node;
  /** Set when the argument could not be followed to a guard. */
  unresolved?: string;
}

/** What applying a decorator does, in application order. */
export type Effect =
  | { type: 'guards'; guards: GuardSpec[]; via: string[]; node: Node }
  /** `@UseInterceptors(...)`: interceptors, in the same shapes as guards (class, instance, mixin). */
  | { type: 'interceptors'; interceptors: GuardSpec[]; via: string[]; node: Node }
  | { type: 'metadata'; key: string; keyText: string; value: Value; via: string[]; node: Node; decorator: string }
  | { type: 'route'; method: HttpMethod; paths: Value; node: Node }
  | { type: 'controller'; options: Value; node: Node }
  | { type: 'version'; value: Value; node: Node }
  | { type: 'unresolved'; reason: string; node: Node };

export const unknown = (reason: string, node?: Node): Value => ({ kind: 'unknown', reason, node });
export type UnknownValue = Extract<Value, { kind: 'unknown' }>;
export const literal = (value: string | number | boolean | null | undefined): Value => ({ kind: 'literal', value });

export function isUnknown(v: Value): v is Extract<Value, { kind: 'unknown' }> {
  return v.kind === 'unknown';
}

/** Truthiness when it can be decided. */
export function truthy(v: Value): boolean | undefined {
  switch (v.kind) {
    case 'literal':
      return Boolean(v.value);
    case 'unknown':
      return undefined;
    case 'enumMember':
      return v.value === undefined ? undefined : Boolean(v.value);
    case 'conditional':
      return undefined;
    case 'mixin':
      // What a package function returns (`existsSync(f)`, `flags.isOn()`) is only known at run time; a class made by one is truthy.
      return v.returned ? true : v.module !== undefined && !v.module.startsWith('@nestjs/') ? undefined : true;
    default:
      return true;
  }
}

/** A value as text for display and for metadata values (`'admin'` gives `admin`). */
export function display(v: Value, fallback?: Node): string {
  switch (v.kind) {
    case 'literal':
      return String(v.value);
    case 'enumMember':
      return v.value === undefined ? `${v.enumName}.${v.member}` : String(v.value);
    case 'class':
      return v.name;
    case 'external':
      return v.name;
    case 'symbol':
      return v.name;
    case 'mixin':
      return v.text;
    case 'createdDecorator':
      return v.name;
    case 'array':
      return v.items.map((i) => display(i)).join(', ');
    case 'function': {
      // A policy handler (CASL-style `(ability) => ability.can(...)`): its source, shortened.
      const text = v.node.getText().replace(/\s+/g, ' ');
      return text.length > 60 ? `${text.slice(0, 59)}…` : text;
    }
    case 'instance':
      return `new ${display(v.of)}`;
    case 'configFactory':
      return `registerAs('${v.namespace}')`;
    case 'conditional':
      return display(v.value);
    default:
      return (v.kind === 'unknown' && v.node ? v.node.getText() : fallback?.getText()) ?? `<${v.kind}>`;
  }
}

/** String value when the value is a known string (or number). */
export function asString(v: Value): string | undefined {
  if (v.kind === 'literal' && (typeof v.value === 'string' || typeof v.value === 'number')) return String(v.value);
  if (v.kind === 'enumMember' && v.value !== undefined) return String(v.value);
  return undefined;
}

/**
 * A value with the name it came from, for people: `RoleEnum.admin (1)`, `ROLES.ADMIN (admin)`; a
 * plain literal is its value (`admin`).
 */
export function label(v: Value): string {
  if (v.kind === 'enumMember') return v.value === undefined ? `${v.enumName}.${v.member}` : `${v.enumName}.${v.member} (${String(v.value)})`;
  if (v.kind === 'literal' && v.source && v.source !== String(v.value)) return `${v.source} (${String(v.value)})`;
  return display(v);
}
