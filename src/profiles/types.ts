import type { HazardId } from '../hazards.js';

/** A `settings.pooler.driverSpecifiers` entry as validated here; src/drivers reads its meaning. */
export interface DriverSpecifierInput {
  from: 'package' | 'file';
  name: string | readonly string[];
  package?: string;
  path?: string;
  kind: string;
  call?: 'returns' | 'resolves';
  inTransaction?: boolean;
}

/** The pooler profiles, in the order configs and docs list them. `transaction` is the default. */
export const PROFILE_IDS = [
  'transaction',
  'pgbouncer',
  'rds-proxy',
  'supavisor',
  'pgcat',
  'pgdog',
  'odyssey',
  'neon',
  'azure',
  'session',
] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

/**
 * What a hazard does under a pooler: `broken` (errors, leaks or silently lost state), `pinned` (works, but
 * the pooler stops multiplexing that client), `ok`, or `needs-setting` (broken unless the pooler has a setting
 * that is off by default).
 */
export type Verdict = 'broken' | 'pinned' | 'ok' | 'needs-setting';

/** One cell of the hazard × pooler table. */
export interface Cell {
  verdict: Verdict;
  /**
   * For needs-setting: the pooler setting that makes it work, e.g. `max_prepared_statements > 0`; for broken
   * and pinned cells a setting that would fix it, if any.
   */
  setting?: string;
  /**
   * What the user sees, a verb phrase that reads after "it": "leaks to the next client of that server connection
   * and is lost by this one". For needs-setting cells: what happens without the setting.
   */
  consequence: string;
  /**
   * Where the verdict comes from. Keys of pooler-facts.md §0 (`PGB-FEAT`, `RDS-PIN`, `I-8`, …); `H<n>` for a
   * master-table row (§a) whose cell is inferred or has no key; `(e)<n>` for an item of §e; `truth#<n>` for a
   * row of truth-table.md.
   */
  sources: readonly string[];
}

/** `settings.pooler` in an ESLint config, after validation. */
export interface PoolerSettings {
  profile?: ProfileId;
  /** PgBouncer version, `'1.21'` or `'1.24.1'` (profile `pgbouncer`). */
  version?: string;
  /** PgBouncer `max_prepared_statements` (profiles `pgbouncer`, `azure`). */
  maxPreparedStatements?: number;
  /** PgBouncer `track_extra_parameters`, lower case (profile `pgbouncer`, version ≥ 1.20). */
  trackExtraParameters?: string[];
  /** A regular expression for connection strings that bypass the pooler (any profile). */
  directUrlPattern?: string;
  /** The user's own driver values, functions and types (any profile): see `DriverSpecifier` in src/drivers/settings.ts. */
  driverSpecifiers?: readonly DriverSpecifierInput[];
  /** Globs of files whose pools serve no request (tests, scripts): not in the pool budget (any profile). */
  nonServingFiles?: readonly string[];
}

/** What a caller knows about the hazard: the parameter a SET names, or the startup parameter a driver sends. */
export interface HazardDetail {
  /** For `session-set` / `session-hook`, and for `startup-parameter` `options` (`-c name=value`): the GUC. */
  guc?: string;
  /** For `startup-parameter`: the parameter name as the driver sends it (`statement_timeout`, `options`). */
  parameter?: string;
}

/** A validated and resolved `settings.pooler`. */
export interface ResolvedProfile {
  id: ProfileId;
  /** Human name used in messages: 'a transaction-mode pooler', 'PgBouncer 1.18 in transaction mode', 'RDS Proxy'. */
  label: string;
  /** The effective settings: the profile id plus every default the profile filled in. */
  settings: Readonly<PoolerSettings>;
  /** The verdict for a hazard; detail.guc for session-set (tracked parameters differ), detail.parameter for startup-parameter. */
  verdict(hazard: HazardId, detail?: HazardDetail): Cell;
}

/** Hazards whose cell depends on a parameter name, and the hazard that follows `session-set`. */
export type DetailedHazard = 'session-set' | 'session-hook' | 'startup-parameter';

/** The data of one profile, as its module builds it; `resolveProfile` wraps it into a `ResolvedProfile`. */
export interface ProfileTable {
  label: string;
  /** Every hazard whose cell does not depend on a name. */
  cells: Readonly<Record<Exclude<HazardId, DetailedHazard>, Cell>>;
  /** The cell for a session SET of `guc` (lower case; undefined when unknown, e.g. `RESET ALL` → 'all'). */
  sessionSet(guc: string | undefined): Cell;
  /** The cell for a startup parameter as sent (`parameter`), and for `options` the GUC inside it (lower case). */
  startupParameter(parameter: string | undefined, guc: string | undefined): Cell;
  /** Sources added to `session-hook` cells (which otherwise follow `session-set`). */
  hookSources: readonly string[];
}

/** A profile's table and its effective settings, as a profile module resolves them. */
export interface BuiltProfile {
  table: ProfileTable;
  settings: PoolerSettings;
}
