/**
 * A helper of another module that runs its callback between BEGIN and COMMIT (typed lint): the callback's
 * statements on the client it is handed run inside a transaction, so SET LOCAL and xact locks there are
 * fine, and a session SET gets the SET LOCAL suggestion. `withClient` lends a client with no transaction:
 * SET LOCAL there does nothing. Without types the callback's parameter is unknown: nothing is reported.
 */
import noSessionAdvisoryLock from '../../rules/no-session-advisory-lock.js';
import noSessionSet from '../../rules/no-session-set.js';
import { IMPORTS, runTypedAndUntyped, typedInvalid as bad, typedValid as good } from './typed-tester.js';

const TOPIC = 'callback transactions';
/** Line 3 imports the helper; the callback's statements start on line 5. */
const HELPER = "import { withTransaction } from './clients.js';\n";
const inTransaction = (statement: string) => `${HELPER}await withTransaction(async (client) => {\n  ${statement}\n});`;
const lent = (statement: string) => `${HELPER}await withClient(async (client) => {\n  ${statement}\n});`;
const SET_LOCAL = "await client.query(\"SET LOCAL app.tenant = '1'\");";
const XACT = "await client.query('SELECT pg_advisory_xact_lock(1)');";
const SESSION_SET = "await client.query('SET search_path TO a');";

runTypedAndUntyped('no-session-set', TOPIC, noSessionSet, {
  valid: [good('SET LOCAL in the callback of withTransaction', inTransaction(SET_LOCAL))],
  invalid: [
    bad('SET LOCAL in the callback of withClient (no transaction)', lent(SET_LOCAL), [
      { messageId: 'noEffectOutsideTransaction', line: 5, column: 23, endLine: 5, endColumn: 49, suggestions: [] },
    ]),
    bad('a session SET in the callback of withTransaction gets the SET LOCAL suggestion', inTransaction(SESSION_SET), [
      {
        messageId: 'broken',
        line: 5,
        column: 23,
        endLine: 5,
        endColumn: 43,
        suggestions: [{ messageId: 'suggestEdit', output: IMPORTS + inTransaction(SESSION_SET.replace("'SET ", "'SET LOCAL ")) }],
      },
    ]),
  ],
});

runTypedAndUntyped('no-session-advisory-lock', TOPIC, noSessionAdvisoryLock, {
  valid: [good('xact lock in the callback of withTransaction', inTransaction(XACT))],
  invalid: [
    bad('xact lock in the callback of withClient (no transaction)', lent(XACT), [
      { messageId: 'noEffectOutsideTransaction', line: 5, column: 30, endLine: 5, endColumn: 54, suggestions: [] },
    ]),
  ],
});
