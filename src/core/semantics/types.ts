/**
 * What the semantics pass learns about one guard class, as plain data (no ts-morph nodes).
 */
import type { GuardKind, SourceLocation } from '../model';
import type { Weakness } from './protection';

export type { GuardKind };

/** Where a Reflector read looks: the handler only, the class only, handler over class, or both merged. */
export type ReadScope = 'handler' | 'class' | 'handlerOverClass' | 'merged';

export interface MetadataRead {
  /** Key in the form of `MetadataEntry.key` (`'roles'`, `createDecorator:Roles`), else the key text. */
  key: string;
  keyText: string;
  scope: ReadScope;
  method: 'get' | 'getAll' | 'getAllAndOverride' | 'getAllAndMerge' | 'getMetadata';
  /** The guard (class in its hierarchy) whose body holds the read. */
  inClass: string;
  at: SourceLocation;
}

/**
 * The test a guard applies to a metadata value: truthiness (`if (isPublic)`), `=== true`,
 * `!== undefined`, `!= null`, `!== false`, or a non-empty array/string (`roles?.length`).
 */
export type ValueTest = 'truthy' | 'true' | 'defined' | 'nonNull' | 'notFalse' | 'nonEmpty';

/**
 * A metadata test that makes `canActivate` return true before any check: in `trueWhenPresent` the
 * guard returns true when the test holds (a marker it honours), in `trueWhenAbsent` when it fails (an
 * opt-in guard).
 */
export interface EarlyReturn {
  key: string;
  scope: ReadScope;
  test: ValueTest;
  /** How the value is read (`getAllAndMerge` returns `[]` when nothing is set). */
  method: MetadataRead['method'];
}

export interface GuardSemantics {
  /** Guard name as shown (`JwtAuthGuard`, `AuthGuard('jwt')`). */
  name: string;
  kind: GuardKind;
  /** Why the kind was chosen (or why it is unknown). */
  reasons: string[];
  reads: MetadataRead[];
  /** Keys whose presence returns true early (the guard honours that marker). */
  trueWhenPresent: EarlyReturn[];
  /** Keys whose absence returns true early (opt-in guard). */
  trueWhenAbsent: EarlyReturn[];
  /** Every path of canActivate returns true: a marker, not a check. */
  alwaysTrue: boolean;
  /**
   * Findings on the guard's own body that let a request through, or may (an ineffective certificate
   * check, a credential-free way to `true`); the same on every route. A weakened authentication guard
   * does not authenticate.
   */
  weaknesses: Weakness[];
  /** The guard class was found in source. */
  inSource: boolean;
  declaredAt?: SourceLocation;
}
