/**
 * AWS RDS Proxy for PostgreSQL: column "RDS" of pooler-facts.md §(a). Session state does not break, it pins
 * the client to one server connection [RDS-PIN]; the documented fix is the proxy's initialization query.
 */
import { SAYS, TRACKED, broken, isAcceptedStartupName, ok, pinned } from './cells.js';
import type { ProfileTable } from './types.js';

const INIT_QUERY = 'initialization query';

/** The `rds-proxy` profile's table (no options). */
export const RDS_PROXY: ProfileTable = {
  label: 'RDS Proxy',
  cells: {
    // Unclear for PostgreSQL: AWS's PostgreSQL list pins on "Using SET commands", only the MySQL section says
    // SET LOCAL does not pin, and AWS's own agent toolkit rates PostgreSQL `SET LOCAL` as pinning only for the
    // transaction's duration [(e)3], when the client holds the connection anyway. `SET LOCAL` is the fix every
    // rule recommends: flagging it would cry wolf, so inside a transaction it is ok.
    'transaction-set': ok(['(e)3'], SAYS.worksInTransaction),
    'session-advisory-lock': pinned(['RDS-PIN']),
    'xact-advisory-lock': ok(['RDS-PIN'], SAYS.worksInTransaction),
    listen: pinned(['RDS-PIN']),
    notify: ok(['RDS-PIN']),
    'sql-prepare': pinned(['RDS-PIN']),
    discard: pinned(['RDS-PIN', 'I-23']),
    'temp-object': pinned(['RDS-PIN']),
    'temp-on-commit-drop': pinned(['RDS-PIN']),
    'cursor-with-hold': pinned(['RDS-PIN']),
    cursor: pinned(['RDS-PIN']),
    load: pinned(['RDS-PIN']),
    // Current docs and the EQP blog: no longer a pin cause (it was: I-14); verify [(e)3].
    'named-prepared-statement': ok(['RDS-EQP', 'RDS-PIN', '(e)3']),
    'transaction-block': ok(['H18']),
    'pool-size': broken(SAYS.transactionPool, ['truth#44']),
  },
  // Reported parameters pin too: only PgBouncer restores them per client [RDS-PIN, I-24].
  sessionSet: () => pinned(['RDS-PIN', 'I-24'], SAYS.pins, INIT_QUERY),
  // AWS documents no startup parameters (H4: unknown). The standard ones are accepted (inferred: every driver
  // sends them); anything else is treated as unsupported, the conservative reading.
  startupParameter: (parameter) =>
    parameter !== undefined && isAcceptedStartupName(parameter, TRACKED)
      ? ok(['H4'])
      : broken(SAYS.startupUndocumented, ['H4'], INIT_QUERY),
  hookSources: [],
};
