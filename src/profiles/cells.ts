/**
 * The consequences lint messages embed after "under <pooler> it …", kept in one place so every profile words a
 * hazard the same way, and small constructors for table cells. Each clause is a verb phrase in lower case with
 * no final period.
 */
import { TRACKED_PARAMETERS } from '../hazards.js';
import type { Cell, ProfileTable, Verdict } from './types.js';

export const SAYS = {
  works: 'works as on a direct connection',
  worksInTransaction: 'works inside a transaction, as on a direct connection',
  restoredPerClient: 'works: the pooler restores it for each client',
  leaks: 'leaks to the next client of that server connection and is lost by this one',
  mayLeak: 'may leak to the next client of that server connection and be lost by this one',
  leaksApplicationName:
    'leaks to the next client of that server connection that has no application_name of its own',
  resetAtCheckIn:
    'is undone by `RESET ALL` when the server connection goes back to the pool, and leaks to the next client when set inside a transaction',
  pins: 'pins the client to one server connection, which stays out of the pool until the client disconnects',
  lockStrays:
    'stays held by whichever server connection ran it: the unlock can run elsewhere, and other clients on that connection get the lock too',
  listenLost: 'misses notifications: they are dropped, or delivered to another client of that server connection',
  namedStatementFails:
    "fails with `prepared statement \"…\" already exists` or `… does not exist`, or runs another client's statement",
  sqlPrepareFails:
    'fails with `prepared statement "…" does not exist` on another server connection, and other clients can run it',
  sqlPrepareDeallocated:
    'is deallocated when the server connection goes back to the pool, so a later `EXECUTE` fails with `prepared statement "…" does not exist`',
  discardElsewhere: "runs on whichever server connection is free, so it does not reset this client's state",
  discardDesyncs:
    "desynchronises PgBouncer's prepared-statement cache: `prepared statement \"PGBOUNCER_…\" does not exist`",
  discardHandled: "is handled by PgBouncer, which forgets this client's prepared statements",
  tempObjectStrays:
    'fails with `relation "…" does not exist` on another server connection, and other clients can use it',
  tempObjectDropped:
    'is dropped (`DISCARD TEMP`) when the server connection goes back to the pool, so later statements fail with `relation "…" does not exist`',
  holdCursorStrays:
    'fails with `cursor "…" does not exist` on another server connection, and other clients can fetch from it',
  loadStrays: 'loads the library into one server connection only, which other clients then share',
  startupDropped: 'is dropped without an error, so the setting never applies',
  startupUndocumented: 'may be refused or silently dropped: the pooler documents no support for it',
  transactionPool:
    "queues once open transactions outnumber the pooler's server connections, which the server's max_connections caps",
  sessionPool:
    "holds a server connection for each client connection, so the pools of all app instances must fit in the pooler's pool and the server's max_connections",
} as const;

/**
 * PgBouncer's answer to a startup parameter it does not know [PGB-SRC client.c].
 * @example startupRefused('statement_timeout') // 'makes the connection fail with `unsupported startup parameter: statement_timeout`'
 */
export function startupRefused(name: string): string {
  return `makes the connection fail with \`unsupported startup parameter: ${name}\``;
}

/**
 * PgBouncer ≥ 1.20's answer to `options=-c name=value` for an untracked name [PGB-NEWS 1.20.0, I-1, I-6].
 * @example startupRefusedInOptions('search_path') // 'makes the connection fail with `unsupported startup parameter in options: search_path`'
 */
export function startupRefusedInOptions(name: string): string {
  return `makes the connection fail with \`unsupported startup parameter in options: ${name}\``;
}

/**
 * A frozen cell.
 * @example cell('broken', SAYS.leaks, ['PGB-FEAT', 'truth#1'])
 */
export function cell(verdict: Verdict, consequence: string, sources: readonly string[], setting?: string): Cell {
  const result: Cell = { verdict, consequence, sources: Object.freeze([...sources]) };
  if (setting !== undefined) result.setting = setting;
  return Object.freeze(result);
}

/**
 * An `ok` cell; the consequence defaults to "works as on a direct connection".
 * @example ok(['PGB-FEAT', 'truth#20'])
 */
export function ok(sources: readonly string[], consequence: string = SAYS.works): Cell {
  return cell('ok', consequence, sources);
}

/**
 * A `broken` cell, with the setting that would fix it when there is one.
 * @example broken(SAYS.listenLost, ['PGB-FEAT', 'truth#18'])
 */
export function broken(consequence: string, sources: readonly string[], setting?: string): Cell {
  return cell('broken', consequence, sources, setting);
}

/**
 * A `pinned` cell; the consequence defaults to the pinning clause.
 * @example pinned(['RDS-PIN'])
 */
export function pinned(sources: readonly string[], consequence: string = SAYS.pins, setting?: string): Cell {
  return cell('pinned', consequence, sources, setting);
}

/**
 * A `needs-setting` cell: `consequence` is what happens without `setting`.
 * @example needsSetting('pub_sub_channel_size > 0', SAYS.listenLost, ['PGDOG'])
 */
export function needsSetting(setting: string, consequence: string, sources: readonly string[]): Cell {
  return cell('needs-setting', consequence, sources, setting);
}

/**
 * The same cell with more sources (a managed variant citing its own docs).
 * @example withSources(ok(['PGB-FEAT']), ['NEON']).sources // ['PGB-FEAT', 'NEON']
 */
export function withSources(base: Cell, extra: readonly string[]): Cell {
  return extra.length === 0 ? base : cell(base.verdict, base.consequence, [...base.sources, ...extra], base.setting);
}

/** Parameters PostgreSQL reports and poolers commonly track, as a set. */
export const TRACKED: ReadonlySet<string> = new Set(TRACKED_PARAMETERS);

/**
 * Whether a startup parameter is one every pooler must accept because every driver sends it (`user`,
 * `database`, PostgreSQL protocol extensions `_pq_.*`) or one of `tracked`.
 * @example isAcceptedStartupName('application_name', TRACKED) // true
 */
export function isAcceptedStartupName(parameter: string, tracked: ReadonlySet<string>): boolean {
  const name = parameter.toLowerCase();
  return name === 'user' || name === 'database' || name.startsWith('_pq_.') || tracked.has(name);
}

/**
 * Cells of a transaction-mode pooler whose column in pooler-facts.md §(a) says "(inferred)" or "unknown" (Supavisor,
 * PgCat, PgDog, Odyssey): the inference where there is one, else the conservative verdict of a pre-flight linter
 * (`discard`, `load`: unknown → broken). Profiles spread this and override every cell their facts state.
 */
export const INFERRED_CELLS = {
  'transaction-set': ok(['H3'], SAYS.worksInTransaction),
  'xact-advisory-lock': ok(['H12'], SAYS.worksInTransaction),
  notify: ok(['H6']),
  discard: broken(SAYS.discardElsewhere, ['H10']),
  'temp-object': broken(SAYS.tempObjectStrays, ['H13']),
  'temp-on-commit-drop': ok(['H14'], SAYS.worksInTransaction),
  'cursor-with-hold': broken(SAYS.holdCursorStrays, ['H15']),
  cursor: ok(['H16'], SAYS.worksInTransaction),
  load: broken(SAYS.loadStrays, ['H17']),
  'transaction-block': ok(['H18']),
  'pool-size': broken(SAYS.transactionPool, ['truth#44']),
} as const satisfies Partial<ProfileTable['cells']>;
