/**
 * PgDog in transaction mode: column "PgDog T" of pooler-facts.md §(a), the most permissive pooler [(e)13]:
 * it replays SETs and startup parameters per client and supports named prepared statements by default.
 */
import { INFERRED_CELLS, SAYS, broken, needsSetting, ok } from './cells.js';
import type { ProfileTable } from './types.js';

/** The `pgdog` profile's table (no options). */
export const PGDOG: ProfileTable = {
  label: 'PgDog (transaction mode)',
  cells: {
    ...INFERRED_CELLS,
    'transaction-set': ok(['PGDOG'], SAYS.worksInTransaction),
    // Pinned until unlock only with the query parser on: automatic when sharded or read/write split [(e)13].
    'session-advisory-lock': needsSetting('query_parser = "session_control_and_locks"', SAYS.lockStrays, [
      'PGDOG',
      '(e)13',
    ]),
    'xact-advisory-lock': ok(['PGDOG'], SAYS.worksInTransaction),
    listen: needsSetting('pub_sub_channel_size > 0', SAYS.listenLost, ['PGDOG']),
    notify: ok(['PGDOG']),
    'sql-prepare': needsSetting('prepared_statements = "full"', SAYS.sqlPrepareFails, ['PGDOG']),
    // Dropped by `DISCARD TEMP` when the connection is dirty (src, cleanup.rs).
    'temp-object': broken(SAYS.tempObjectDropped, ['PGDOG']),
    'named-prepared-statement': ok(['PGDOG'], 'works: PgDog prepares it again on each server connection'),
  },
  sessionSet: () => ok(['PGDOG'], SAYS.restoredPerClient),
  startupParameter: () => ok(['PGDOG'], SAYS.restoredPerClient),
  hookSources: [],
};
