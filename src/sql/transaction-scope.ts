/**
 * Transaction scope inside one text. A statement is `explicit`ly in a transaction after a `BEGIN` /
 * `START TRANSACTION` of the same text and until `COMMIT` / `ROLLBACK` / `END` / `PREPARE
 * TRANSACTION` (`… AND CHAIN` starts the next one at once). Otherwise, when the text has several
 * statements and this one is not the last, it is `implicit`: a multi-statement string sent with the
 * simple query protocol (no parameters) runs as one implicit transaction, so `SET LOCAL x; SELECT …`
 * works. That assumes the simple protocol; the caller knows whether parameters were sent (the
 * extended protocol does not accept several statements at all).
 */
import type { SqlAnalysis, SqlFinding, TransactionControl } from './types.js';

/** The part of a statement that matters for transaction scope. */
export interface ScopeInput {
  transactionControl?: TransactionControl;
  chain?: boolean;
}

const ENDS: ReadonlySet<TransactionControl | undefined> = new Set(['commit', 'rollback', 'prepare-transaction']);

/**
 * For each statement, whether the text puts it inside a transaction; and the text's net effect.
 * `opens` when a transaction the text began is still open at its end (even if it first ended the
 * caller's), `closes` when it ends a transaction it did not begin, else `none`.
 *
 * @example transactionScope([{ transactionControl: 'begin' }, {}, {}]).inTransaction // ['none', 'explicit', 'explicit']
 */
export function transactionScope(statements: readonly ScopeInput[]): {
  inTransaction: Array<SqlFinding['inTransaction']>;
  effect: SqlAnalysis['transactionEffect'];
} {
  let open = false;
  let closedForeign = false;
  const inTransaction = statements.map((statement, index): SqlFinding['inTransaction'] => {
    const scope = open ? 'explicit' : index < statements.length - 1 ? 'implicit' : 'none';
    if (statement.transactionControl === 'begin') open = true;
    else if (ENDS.has(statement.transactionControl)) {
      if (!open) closedForeign = true;
      open = statement.chain === true;
    }
    return scope;
  });
  return { inTransaction, effect: open ? 'opens' : closedForeign ? 'closes' : 'none' };
}
