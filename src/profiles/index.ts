/**
 * Pooler profiles: the hazard × pooler table of pooler-facts.md §(a) and truth-table.md as data. Each profile
 * answers, for each hazard, broken | pinned | ok | needs-setting, what the user sees, and where that comes from.
 * Rules read `settings.pooler` through `resolveProfile` and word their messages with `explain`.
 */
import type { HazardId } from '../hazards.js';
import { ok } from './cells.js';
import { ODYSSEY } from './odyssey.js';
import { PGCAT } from './pgcat.js';
import { PGDOG } from './pgdog.js';
import { resolveAzure, resolveNeon, resolvePgBouncer, transactionTable } from './pgbouncer.js';
import { RDS_PROXY } from './rds-proxy.js';
import { sessionTable } from './session.js';
import { validateSettings } from './settings.js';
import { SUPAVISOR } from './supavisor.js';
import type { BuiltProfile, Cell, HazardDetail, PoolerSettings, ProfileId, ResolvedProfile } from './types.js';

export { PROFILE_IDS } from './types.js';
export type { Cell, HazardDetail, PoolerSettings, ProfileId, ResolvedProfile, Verdict } from './types.js';
export { PoolerSettingsError } from './settings.js';

const BUILDERS: Readonly<Record<ProfileId, (given: PoolerSettings) => BuiltProfile>> = {
  transaction: (given) => ({ table: transactionTable(), settings: given }),
  pgbouncer: resolvePgBouncer,
  'rds-proxy': (given) => ({ table: RDS_PROXY, settings: given }),
  supavisor: (given) => ({ table: SUPAVISOR, settings: given }),
  pgcat: (given) => ({ table: PGCAT, settings: given }),
  pgdog: (given) => ({ table: PGDOG, settings: given }),
  odyssey: (given) => ({ table: ODYSSEY, settings: given }),
  neon: resolveNeon,
  azure: resolveAzure,
  session: (given) => ({ table: sessionTable(), settings: given }),
};

/** Returned for a hazard id the table does not know (a caller bug): never a report, never a throw. */
const UNKNOWN_HAZARD = ok([]);

function lowerName(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
}

function toResolved(id: ProfileId, { table, settings }: BuiltProfile): ResolvedProfile {
  const verdict = (hazard: HazardId, detail?: HazardDetail): Cell => {
    const guc = lowerName(detail?.guc);
    if (hazard === 'session-set') return table.sessionSet(guc);
    if (hazard === 'session-hook') {
      const base = table.sessionSet(guc);
      return Object.freeze({ ...base, sources: Object.freeze([...base.sources, ...table.hookSources]) });
    }
    if (hazard === 'startup-parameter') {
      const parameter = typeof detail?.parameter === 'string' && detail.parameter !== '' ? detail.parameter : undefined;
      return table.startupParameter(parameter, guc);
    }
    return (Object.hasOwn(table.cells, hazard) ? table.cells[hazard] : undefined) ?? UNKNOWN_HAZARD;
  };
  return Object.freeze({ id, label: table.label, settings: Object.freeze({ ...settings, profile: id }), verdict });
}

/** Resolved profiles per settings object: ESLint hands every file the same `settings.pooler` object. */
const cache = new WeakMap<object, ResolvedProfile>();
/** The profile without `settings.pooler` (resolved once: it never changes). */
let defaultProfile: ResolvedProfile | undefined;

/**
 * Validates `settings.pooler` (unknown input from an ESLint config) and resolves it; no setting means the
 * portable `transaction` profile. Throws `PoolerSettingsError` with one sentence for bad input: an unknown
 * profile (listing the valid ones), a bad version string, a negative `maxPreparedStatements`, an option that
 * does not belong to the profile or its version, an unknown key.
 * @example resolveProfile({ profile: 'pgbouncer', version: '1.21', maxPreparedStatements: 100 })
 *   .verdict('named-prepared-statement').verdict // 'ok'
 * @example resolveProfile(undefined).verdict('session-set', { guc: 'search_path' }).verdict // 'broken'
 */
export function resolveProfile(settings: unknown): ResolvedProfile {
  if (settings === undefined) return (defaultProfile ??= resolve(undefined));
  const cached = typeof settings === 'object' && settings !== null ? cache.get(settings) : undefined;
  if (cached) return cached;
  const resolved = resolve(settings);
  if (typeof settings === 'object' && settings !== null) cache.set(settings, resolved);
  return resolved;
}

function resolve(settings: unknown): ResolvedProfile {
  const valid = validateSettings(settings);
  return toResolved(valid.profile, BUILDERS[valid.profile](valid));
}

/**
 * The phrase a lint message embeds for a hazard under a profile: "under <label> it <consequence>", plus
 * "unless the pooler is configured with `<setting>`" for needs-setting cells.
 * @example explain(resolveProfile({ profile: 'pgbouncer', version: '1.18' }), 'session-set', { guc: 'search_path' })
 *   // 'under PgBouncer 1.18 in transaction mode it leaks to the next client of that server connection and is lost by this one'
 */
export function explain(profile: ResolvedProfile, hazard: HazardId, detail?: HazardDetail): string {
  const cell = profile.verdict(hazard, detail);
  const unless =
    cell.verdict === 'needs-setting' && cell.setting !== undefined
      ? ` unless the pooler is configured with \`${cell.setting}\``
      : '';
  return `under ${profile.label} it ${cell.consequence}${unless}`;
}
