/**
 * A session-mode pooler: each client keeps its server connection until it disconnects, and PgBouncer's default
 * `server_reset_query = DISCARD ALL` cleans it for the next client. truth-table.md observed session mode behave
 * like direct PostgreSQL in every scenario except startup parameters, which PgBouncer rejects in every mode
 * (truth#35–#40, note 9). So only startup parameters and pool size matter here.
 */
import { SAYS, broken, ok } from './cells.js';
import { transactionTable } from './pgbouncer.js';
import type { ProfileTable } from './types.js';

/**
 * The `session` profile's table.
 * @example sessionTable().cells.listen.verdict // 'ok'
 */
export function sessionTable(): ProfileTable {
  // Startup parameters follow the portable table (PgBouncer 1.18, as observed), which is mode-independent.
  const portable = transactionTable();
  return {
    label: 'a session-mode pooler',
    cells: {
      'transaction-set': ok(['truth#7', 'truth#12']),
      'session-advisory-lock': ok(['truth#15', 'truth#16']),
      'xact-advisory-lock': ok(['truth#17']),
      listen: ok(['truth#18', 'truth#19']),
      notify: ok(['truth#20']),
      'sql-prepare': ok(['truth#30', 'truth#31']),
      discard: ok(['truth#14']),
      'temp-object': ok(['truth#32']),
      'temp-on-commit-drop': ok(['truth#33']),
      'cursor-with-hold': ok(['truth#34']),
      cursor: ok(['PGB-FEAT']),
      load: ok(['PGB-FEAT']),
      'named-prepared-statement': ok(['truth#21', 'truth#22', 'truth#24', 'truth#26', 'truth#27']),
      'transaction-block': ok(['H18']),
      'pool-size': broken(SAYS.sessionPool, ['PGB-CFG']),
    },
    sessionSet: () => ok(['truth#1', 'truth#2', 'truth#3', 'truth#5', 'truth#10']),
    startupParameter: (parameter, guc) => portable.startupParameter(parameter, guc),
    hookSources: ['truth#41'],
  };
}
