/**
 * Supavisor in transaction mode (Supabase's pooler): column "Supa T" of pooler-facts.md §(a). Cells the facts
 * mark "(inferred)" follow the inference; cells marked "unknown" take the conservative verdict.
 */
import { INFERRED_CELLS, SAYS, TRACKED, broken, needsSetting, ok } from './cells.js';
import type { ProfileTable } from './types.js';

/** The `supavisor` profile's table (no options). */
export const SUPAVISOR: ProfileTable = {
  label: 'Supavisor (transaction mode)',
  cells: {
    ...INFERRED_CELLS,
    'session-advisory-lock': broken(SAYS.lockStrays, ['SUPA-REPO']),
    listen: broken(SAYS.listenLost, ['SUPA-REPO']),
    // Unknown: PR #207 (2023) broadcast SQL PREPARE to all backends, current docs say nothing; conservative.
    'sql-prepare': broken(SAYS.sqlPrepareFails, ['H9', 'SUPA-PR207']),
    // Off by default; Supabase's KB says transaction mode does not support them (hosted default unknown) [(e)7].
    'named-prepared-statement': needsSetting('NAMED_PREPARED_STATEMENTS_ENABLED=true', SAYS.namedStatementFails, [
      'SUPA-REPO',
      'SUPA-KB',
      'I-7',
      'I-13',
    ]),
  },
  // "Same as PgBouncer" for unreported parameters; unknown for reported ones, so conservative: they may leak.
  sessionSet: (guc) =>
    guc !== undefined && TRACKED.has(guc) ? broken(SAYS.mayLeak, ['H2']) : broken(SAYS.leaks, ['SUPA-REPO']),
  // Only search_path (top level or in `options`) is honoured, as part of the pool key; other keys are dropped
  // without an error (src) [(e)17].
  startupParameter: (parameter, guc) => {
    const name = parameter?.toLowerCase();
    const honoured = name === 'search_path' || (name === 'options' && guc === 'search_path');
    if (honoured || name === 'user' || name === 'database') return ok(['SUPA-REPO']);
    return broken(SAYS.startupDropped, ['SUPA-REPO', '(e)17']);
  },
  hookSources: [],
};
