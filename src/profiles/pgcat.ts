/**
 * PgCat in transaction mode: column "PgCat T" of pooler-facts.md §(a). Its README is stale [(e)12]; the cells
 * follow CONFIG.md and the source. "(inferred)" cells follow the inference; "unknown" cells are conservative.
 */
import { INFERRED_CELLS, SAYS, TRACKED, broken, isAcceptedStartupName, needsSetting, ok } from './cells.js';
import type { ProfileTable } from './types.js';

/** PgCat's `TRACKED_PARAMETERS` (src/server.rs): the reported set without IntervalStyle. */
const PGCAT_TRACKED: ReadonlySet<string> = new Set([...TRACKED].filter((name) => name !== 'intervalstyle'));

/** The `pgcat` profile's table (no options). */
export const PGCAT: ProfileTable = {
  label: 'PgCat (transaction mode)',
  cells: {
    ...INFERRED_CELLS,
    // SETs inside a transaction are not flagged for cleanup (src).
    'transaction-set': ok(['PGCAT'], SAYS.worksInTransaction),
    'session-advisory-lock': broken(SAYS.lockStrays, ['PGCAT']),
    'xact-advisory-lock': ok(['PGCAT'], SAYS.worksInTransaction),
    // Inferred: the README does not support it.
    listen: broken(SAYS.listenLost, ['H5']),
    // PREPARE marks the connection for `DEALLOCATE ALL` at check-in (src).
    'sql-prepare': broken(SAYS.sqlPrepareDeallocated, ['PGCAT']),
    'named-prepared-statement': needsSetting('prepared_statements_cache_size > 0', SAYS.namedStatementFails, [
      'PGCAT',
    ]),
  },
  // A SET outside a transaction is wiped by `RESET ALL` at check-in; one inside a transaction leaks (src) [(e)12].
  sessionSet: (guc) =>
    guc !== undefined && PGCAT_TRACKED.has(guc)
      ? ok(['PGCAT'], SAYS.restoredPerClient)
      : broken(SAYS.resetAtCheckIn, ['PGCAT', '(e)12']),
  // Unknown (H4). The standard parameters are accepted (inferred: every driver sends them); others conservative.
  startupParameter: (parameter) =>
    parameter !== undefined && isAcceptedStartupName(parameter, PGCAT_TRACKED)
      ? ok(['H4'])
      : broken(SAYS.startupUndocumented, ['H4']),
  hookSources: [],
};
