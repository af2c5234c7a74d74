/**
 * Safe edits inside a transaction: `SET` → `SET LOCAL`, `set_config(…, false)` → `set_config(…, true)`,
 * `pg_advisory_lock` → `pg_advisory_xact_lock`. Offered as suggestions only, and only where the SQL
 * text maps exactly onto the source.
 */
import type { SqlFinding } from '../sql/types.js';
import type { SqlCandidate } from './uses.js';

export interface Edit {
  range: [number, number];
  text: string;
  /** What the edit does, for the suggestion's message. */
  description: string;
}

type SourceRange = (start: number, end: number) => [number, number] | undefined;

const XACT_LOCKS: Record<string, string> = {
  pg_advisory_lock: 'pg_advisory_xact_lock',
  pg_advisory_lock_shared: 'pg_advisory_xact_lock_shared',
  pg_try_advisory_lock: 'pg_try_advisory_xact_lock',
  pg_try_advisory_lock_shared: 'pg_try_advisory_xact_lock_shared',
};

/**
 * The transaction-scoped replacement of a session hazard, or `undefined` when there is none or the
 * text does not map exactly.
 *
 * @example suggestedEdit(candidate, setFinding, range) // { text: 'SET LOCAL', description: 'Use `SET LOCAL`' }
 */
export function suggestedEdit(
  candidate: SqlCandidate,
  finding: SqlFinding,
  sourceRange: SourceRange,
): Edit | undefined {
  const sql = candidate.analysis.text;
  const statement = sql.slice(finding.start, finding.end);
  if (finding.hazard === 'session-set') {
    const set = /^SET(\s+SESSION)?(?=\s)/i.exec(statement);
    if (set && !/^SET\s+SESSION\s+(AUTHORIZATION|CHARACTERISTICS)\b/i.test(statement)) {
      const range = sourceRange(finding.start, finding.start + set[0].length);
      const keyword = set[0].slice(0, 3);
      return range && { range, text: `${keyword} ${keyword === 'SET' ? 'LOCAL' : 'local'}`, description: 'Use `SET LOCAL`: it ends with the transaction.' };
    }
    const setConfig = /,\s*(false)\s*\)$/i.exec(statement);
    if (/^set_config\s*\(/i.test(statement) && setConfig) {
      const start = finding.start + setConfig.index + setConfig[0].indexOf(setConfig[1]!);
      const range = sourceRange(start, start + setConfig[1]!.length);
      return range && { range, text: 'true', description: 'Pass `true` to `set_config`: the setting ends with the transaction.' };
    }
    return undefined;
  }
  if (finding.hazard === 'session-advisory-lock' && finding.name) {
    const replacement = XACT_LOCKS[finding.name.toLowerCase()];
    if (!replacement || !statement.toLowerCase().startsWith(finding.name.toLowerCase())) return undefined;
    const range = sourceRange(finding.start, finding.start + finding.name.length);
    return range && { range, text: replacement, description: `Use \`${replacement}\`: it is released at the end of the transaction.` };
  }
  return undefined;
}
