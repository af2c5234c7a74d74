/**
 * SQL-level prepared statements that one text prepares and deallocates itself:
 * `PREPARE q AS …; EXECUTE q; DEALLOCATE q` sent as one query string with the simple query protocol is
 * one round trip on one server connection, so the statement never outlives the text and no other
 * client can see it. The `PREPARE`, its `EXECUTE`s (also `EXPLAIN ANALYZE EXECUTE`, `CREATE TABLE … AS
 * EXECUTE`) and the `DEALLOCATE` are then "closed in the text". `DEALLOCATE ALL` and `DISCARD ALL`
 * close every statement prepared before them in the text.
 *
 * Not closed: an `EXECUTE` or `DEALLOCATE` without a `PREPARE` of that name earlier in the text, and a
 * `PREPARE` with no `DEALLOCATE` after it (the prepared statement outlives the transaction, see
 * truth-table row 30). A name that comes from a hole matches nothing.
 */
import { isPlaceholderName } from './fragment.js';
import type { LocalFinding, LocalStatement } from './analyze-text.js';

type Role = 'prepare' | 'use' | 'deallocate';

const PREPARE_NODES = new Set(['PrepareStmt', 'PREPARE']);
const DEALLOCATE_NODES = new Set(['DeallocateStmt', 'DEALLOCATE']);

function roleOf(statement: LocalStatement): Role {
  if (PREPARE_NODES.has(statement.node)) return 'prepare';
  return DEALLOCATE_NODES.has(statement.node) ? 'deallocate' : 'use';
}

/** `DEALLOCATE ALL` / `DISCARD ALL`: every prepared statement of the session goes. */
function deallocatesAll(finding: LocalFinding): boolean {
  return finding.hazard === 'discard' && (finding.name === 'deallocate-all' || finding.name === 'all');
}

/**
 * The `sql-prepare` findings of `statements` whose prepared statement is prepared and deallocated
 * within the text.
 *
 * @example
 * closedInText(analyzeText('PREPARE q AS SELECT 1; EXECUTE q; DEALLOCATE q', 0)).size // 3
 * closedInText(analyzeText('PREPARE q AS SELECT 1; EXECUTE q', 0)).size // 0
 */
export function closedInText(statements: readonly LocalStatement[]): Set<LocalFinding> {
  const closed = new Set<LocalFinding>();
  /** Per statement name prepared earlier in the text and not deallocated yet: its findings so far. */
  const open = new Map<string, LocalFinding[]>();
  for (const statement of statements) {
    const role = roleOf(statement);
    for (const finding of statement.findings) {
      if (deallocatesAll(finding)) {
        for (const findings of open.values()) findings.forEach((f) => closed.add(f));
        open.clear();
        continue;
      }
      const name = finding.name;
      if (finding.hazard !== 'sql-prepare' || name === undefined || isPlaceholderName(name)) continue;
      const earlier = open.get(name);
      if (role === 'prepare') {
        // A second PREPARE of an open name fails (`already exists`); the first one stays open.
        if (!earlier) open.set(name, [finding]);
      } else if (earlier) {
        earlier.push(finding);
        if (role === 'deallocate') {
          earlier.forEach((f) => closed.add(f));
          open.delete(name);
        }
      }
    }
  }
  return closed;
}
