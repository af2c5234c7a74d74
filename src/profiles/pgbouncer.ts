/**
 * PgBouncer in transaction mode, and the profiles built on it: `transaction` (the portable default), `pgbouncer`,
 * `neon` and `azure`. Columns "PgB <1.21 T" and "PgB ≥1.21 T" of pooler-facts.md §(a); observed rows of
 * truth-table.md (PgBouncer 1.18).
 */
import {
  SAYS,
  TRACKED,
  broken,
  isAcceptedStartupName,
  needsSetting,
  ok,
  startupRefused,
  startupRefusedInOptions,
  withSources,
} from './cells.js';
import { atLeast, parseVersion, type Version } from './settings.js';
import type { BuiltProfile, Cell, PoolerSettings, ProfileTable } from './types.js';

/** What varies between PgBouncer deployments. */
export interface PgBouncerShape {
  label: string;
  version: Version;
  maxPreparedStatements: number;
  /** `track_extra_parameters`, lower case. */
  trackExtraParameters: readonly string[];
  /** Prefix of setting names: `pgbouncer.` on Azure, where PgBouncer settings are server parameters [AZ-PGB]. */
  settingPrefix: string;
  /** Cited on every cell (a managed variant's own docs). */
  extraSources: readonly string[];
}

/** Parameters PgBouncer tracks per client: the reported set (IntervalStyle from 1.20) plus `track_extra_parameters`. */
function trackedBy(shape: PgBouncerShape): ReadonlySet<string> {
  const since120 = atLeast(shape.version, 1, 20);
  const base = [...TRACKED].filter((name) => since120 || name !== 'intervalstyle');
  return new Set([...base, ...shape.trackExtraParameters]);
}

function namedStatementCell(shape: PgBouncerShape): Cell {
  if (!atLeast(shape.version, 1, 21)) {
    const sources = ['PGB-FEAT-HIST', 'truth#21', 'truth#22', 'truth#24', 'truth#26', 'truth#27'];
    return broken(SAYS.namedStatementFails, sources, 'max_prepared_statements > 0 (PgBouncer ≥ 1.21)');
  }
  if (shape.maxPreparedStatements > 0) {
    return ok(['PGB-CFG', 'PGB-NEWS'], 'works: PgBouncer prepares it again on each server connection');
  }
  // 1.21–1.23 default to 0; 1.24.0 moved the default to 200 [PGB-NEWS 1.24.0]; Azure keeps 0 [AZ-PGB].
  const setting = `${shape.settingPrefix}max_prepared_statements > 0`;
  return needsSetting(setting, SAYS.namedStatementFails, ['PGB-CFG', 'PGB-NEWS', 'I-7']);
}

function discardCell(shape: PgBouncerShape): Cell {
  if (shape.maxPreparedStatements > 0) {
    // 1.21 did not intercept it and lost track of its renamed statements; 1.22 handles it [PGB-NEWS 1.22.0].
    return atLeast(shape.version, 1, 22)
      ? ok(['PGB-NEWS'], SAYS.discardHandled)
      : broken(SAYS.discardDesyncs, ['PGB-NEWS', 'I-8', 'I-9']);
  }
  // Without prepared-statement tracking PgBouncer forwards it to whatever backend is attached (inferred, H10);
  // as a cleanup of session state it was observed not to work (truth#14).
  return broken(SAYS.discardElsewhere, ['H10', 'truth#14']);
}

/**
 * The table of one PgBouncer deployment.
 * @example pgbouncerTable({ label: 'PgBouncer 1.21 in transaction mode', version: [1, 21, 0],
 *   maxPreparedStatements: 0, trackExtraParameters: [], settingPrefix: '', extraSources: [] })
 *   .cells['named-prepared-statement'].verdict // 'needs-setting'
 */
export function pgbouncerTable(shape: PgBouncerShape): ProfileTable {
  const tracked = trackedBy(shape);
  const since120 = atLeast(shape.version, 1, 20);
  const extra = shape.extraSources;
  const cells: ProfileTable['cells'] = {
    'transaction-set': ok(['PG-SET', 'truth#7', 'truth#12'], SAYS.worksInTransaction),
    'session-advisory-lock': broken(SAYS.lockStrays, ['PGB-FEAT', 'truth#15', 'truth#16']),
    'xact-advisory-lock': ok(['H12', 'truth#17'], SAYS.worksInTransaction),
    listen: broken(SAYS.listenLost, ['PGB-FEAT', 'truth#18', 'truth#19']),
    // NOTIFY works; Neon's docs still list it as unsupported, PgBouncer's feature map does not [(e)1].
    notify: ok(['PGB-FEAT', 'PGB-FEAT-HIST', 'truth#20']),
    // Forwarded straight to PostgreSQL even with max_prepared_statements [PGB-CFG].
    'sql-prepare': broken(SAYS.sqlPrepareFails, ['PGB-FEAT', 'PGB-CFG', 'truth#30', 'truth#31']),
    discard: discardCell(shape),
    'temp-object': broken(SAYS.tempObjectStrays, ['PGB-FEAT', 'truth#32']),
    'temp-on-commit-drop': ok(['PGB-FEAT', 'truth#33'], SAYS.worksInTransaction),
    'cursor-with-hold': broken(SAYS.holdCursorStrays, ['PGB-FEAT', 'truth#34']),
    cursor: ok(['PGB-FEAT'], SAYS.worksInTransaction),
    load: broken(SAYS.loadStrays, ['PGB-FEAT']),
    'named-prepared-statement': namedStatementCell(shape),
    'transaction-block': ok(['H18']),
    'pool-size': broken(`${SAYS.transactionPool}, then fails with \`query_wait_timeout\``, ['PGB-CFG', 'truth#44']),
  };
  const sessionSet = (guc: string | undefined): Cell => {
    if (guc === 'application_name') return broken(SAYS.leaksApplicationName, ['truth#3', 'truth#4']);
    if (guc !== undefined && tracked.has(guc)) {
      const sources = TRACKED.has(guc) ? ['PGB-FEAT', 'PGB-CFG', 'truth#5'] : ['PGB-CFG'];
      return ok(guc === 'intervalstyle' ? [...sources, 'PGB-NEWS'] : sources, SAYS.restoredPerClient);
    }
    if (guc === 'intervalstyle') return broken(SAYS.leaks, ['PGB-NEWS']);
    return broken(SAYS.leaks, ['PGB-FEAT', 'truth#1', 'truth#2', 'truth#10']);
  };
  const startupParameter = (parameter: string | undefined, guc: string | undefined): Cell => {
    if (parameter?.toLowerCase() === 'options') {
      if (!since120) return broken(startupRefused(parameter), ['PGB-SRC', 'truth#36']);
      if (guc !== undefined && tracked.has(guc)) return ok(['PGB-NEWS']);
      return broken(startupRefusedInOptions(guc ?? '…'), ['PGB-NEWS', 'I-1', 'I-6']);
    }
    if (parameter !== undefined && isAcceptedStartupName(parameter, tracked)) return ok(['PGB-SRC', 'truth#37']);
    // `ignore_startup_parameters` would accept it and drop the value silently [(e)4]: not a fix, so no setting.
    const observed = ['truth#35', 'truth#38', 'truth#39', 'truth#40'];
    return broken(startupRefused(parameter ?? '…'), ['PGB-CFG', 'PGB-SRC', ...observed]);
  };
  return {
    label: shape.label,
    cells: Object.fromEntries(
      Object.entries(cells).map(([hazard, value]) => [hazard, withSources(value, extra)]),
    ) as ProfileTable['cells'],
    sessionSet: (guc) => withSources(sessionSet(guc), extra),
    startupParameter: (parameter, guc) => withSources(startupParameter(parameter, guc), extra),
    hookSources: ['truth#41'],
  };
}

/** The version truth-table.md observed; the oldest behaviour, so the default when no version is given. */
export const OBSERVED_VERSION = '1.18';

const BASE_SHAPE = { trackExtraParameters: [], settingPrefix: '', extraSources: [] } as const;

/**
 * The portable default: what breaks on any common transaction-mode pooler. PgBouncer before 1.20 is the worst
 * case for every hazard the facts state: no named prepared statements, IntervalStyle untracked, startup
 * parameters refused. The other poolers are either the same or more permissive (PgDog replays SETs and startup
 * parameters; Odyssey tracks startup parameters); RDS Proxy pins where PgBouncer breaks, but pinning is not
 * breakage, so `rds-proxy` reports it. A SET of a reported parameter is `ok` here because PgBouncer, PgCat, PgDog
 * and (inferred) Odyssey restore it per client — except IntervalStyle (PgCat and PgBouncer < 1.20 do not track it)
 * and application_name (observed leaking, truth#3); Supavisor's handling is unknown, and the `supavisor` profile
 * takes the conservative view. Tracked startup parameters are `ok` although Supavisor drops them silently: that
 * loses a label, not behaviour.
 */
export function transactionTable(): ProfileTable {
  return pgbouncerTable({
    ...BASE_SHAPE,
    label: 'a transaction-mode pooler',
    version: parseVersion(OBSERVED_VERSION)!,
    maxPreparedStatements: 0,
  });
}

/** A PgBouncer deployment described by a version string, and the settings it resolves to. */
function build(given: PoolerSettings, versionText: string, shape: Omit<PgBouncerShape, 'version'>): BuiltProfile {
  const { maxPreparedStatements } = shape;
  return {
    table: pgbouncerTable({ ...shape, version: parseVersion(versionText)! }),
    settings: { ...given, version: versionText, maxPreparedStatements },
  };
}

/**
 * Resolves the `pgbouncer` profile. The analyzer cannot know the running version [(e)6], so without `version` it
 * assumes the oldest one consistent with the settings given: 1.18 (observed in truth-table.md), 1.20 when
 * `trackExtraParameters` is set, 1.21 when `maxPreparedStatements > 0`. `maxPreparedStatements` defaults to the
 * version's default: 0 before 1.24, 200 from 1.24 [PGB-NEWS 1.24.0].
 * @example resolvePgBouncer({ profile: 'pgbouncer', version: '1.24' }).settings.maxPreparedStatements // 200
 */
export function resolvePgBouncer(given: PoolerSettings): BuiltProfile {
  const trackExtraParameters = given.trackExtraParameters ?? [];
  const impliedByPrepared = (given.maxPreparedStatements ?? 0) > 0 ? '1.21' : undefined;
  const impliedByTracking = trackExtraParameters.length > 0 ? '1.20' : undefined;
  const versionText = given.version ?? impliedByPrepared ?? impliedByTracking ?? OBSERVED_VERSION;
  const maxPreparedStatements =
    given.maxPreparedStatements ?? (atLeast(parseVersion(versionText)!, 1, 24) ? 200 : 0);
  const label =
    given.version === undefined ? 'PgBouncer in transaction mode' : `PgBouncer ${versionText} in transaction mode`;
  const built = build(given, versionText, { ...BASE_SHAPE, label, maxPreparedStatements, trackExtraParameters });
  return { ...built, settings: { ...built.settings, trackExtraParameters } };
}

/**
 * Neon's pooled endpoint: PgBouncer in transaction mode with `max_prepared_statements=1000` [NEON]. Neon dates
 * protocol-level prepared statements "as of PgBouncer 1.22.0" [(e)6], so the version is taken as 1.22.
 * @example resolveNeon({ profile: 'neon' }).settings.maxPreparedStatements // 1000
 */
export function resolveNeon(given: PoolerSettings): BuiltProfile {
  const label = "Neon's pooler (PgBouncer)";
  return build(given, '1.22', { ...BASE_SHAPE, label, maxPreparedStatements: 1000, extraSources: ['NEON'] });
}

/**
 * Azure Flexible Server's built-in PgBouncer: `pgbouncer.max_prepared_statements` defaults to 0, version 1.23.1
 * or later [AZ-PGB]; the user may raise `maxPreparedStatements`.
 * @example resolveAzure({ profile: 'azure' }).table.cells['named-prepared-statement'].setting
 *   // 'pgbouncer.max_prepared_statements > 0'
 */
export function resolveAzure(given: PoolerSettings): BuiltProfile {
  return build(given, '1.23.1', {
    ...BASE_SHAPE,
    label: "Azure's built-in PgBouncer",
    maxPreparedStatements: given.maxPreparedStatements ?? 0,
    settingPrefix: 'pgbouncer.',
    extraSources: ['AZ-PGB'],
  });
}
