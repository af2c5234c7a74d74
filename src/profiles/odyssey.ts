/**
 * Odyssey in transaction mode: column "Ody T" of pooler-facts.md §(a). Most cells are inferred; "unknown" cells
 * take the conservative verdict. `pool_discard` may turn leaks into deterministic loss [(e)14]: still broken.
 */
import { INFERRED_CELLS, SAYS, TRACKED, broken, needsSetting, ok } from './cells.js';
import type { ProfileTable } from './types.js';

/** The `odyssey` profile's table (no options). */
export const ODYSSEY: ProfileTable = {
  label: 'Odyssey (transaction mode)',
  cells: {
    ...INFERRED_CELLS,
    'session-advisory-lock': broken(SAYS.lockStrays, ['H11']),
    // With the (experimental) setting the client is pinned while it listens.
    listen: needsSetting('pool_pin_on_listen yes', SAYS.listenLost, ['ODY']),
    // Unknown; conservative.
    'sql-prepare': broken(SAYS.sqlPrepareFails, ['H9']),
    'temp-object': broken(SAYS.tempObjectStrays, ['ODY']),
    'named-prepared-statement': needsSetting('pool_reserve_prepared_statement yes', SAYS.namedStatementFails, [
      'ODY',
    ]),
  },
  // Reported parameters: likely restored via `maintain_params` and ParameterStatus tracking (inferred, H2).
  sessionSet: (guc) =>
    guc !== undefined && TRACKED.has(guc) ? ok(['H2', 'ODY'], SAYS.restoredPerClient) : broken(SAYS.leaks, ['ODY']),
  // `maintain_params yes` (the default) applies startup parameters per client [ODY rules.md].
  startupParameter: () => ok(['ODY'], SAYS.restoredPerClient),
  hookSources: [],
};
