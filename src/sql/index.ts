/**
 * The SQL hazard engine: SQL text as it reaches a driver (one or many statements, `$n` parameters,
 * comments, dollar quoting, template-literal fragments with holes) → statements with their kind,
 * and findings with a stable hazard id, an exact span, the parameter name for SETs and a confidence.
 *
 * Parsing is PostgreSQL's own grammar (libpg-query); what does not parse is scanned token by token.
 * `analyzeSql` never throws and memoises its results per text.
 */
import { analyzeText, type LocalStatement } from './analyze-text.js';
import { buildText, cacheKey, isPlaceholderName, type BuiltText } from './fragment.js';
import { LruCache } from './lru-cache.js';
import { closedInText } from './prepared-in-text.js';
import { transactionScope } from './transaction-scope.js';
import type { SqlAnalysis, SqlFinding, SqlFragment, SqlStatement } from './types.js';

export type {
  Confidence,
  HoleKind,
  Span,
  SqlAnalysis,
  SqlFinding,
  SqlFragment,
  SqlStatement,
  TransactionControl,
} from './types.js';
export { locateInFragment } from './fragment.js';

// A few thousand texts, and at most ~16 million characters of them: a lint run's SQL fits, megabyte dumps do not pile up.
const cache = new LruCache<SqlAnalysis>(4096, 16_000_000);

function finding(
  local: LocalStatement['findings'][number],
  statement: number,
  inTransaction: SqlFinding['inTransaction'],
  closed: boolean,
): SqlFinding {
  const result: SqlFinding = { hazard: local.hazard, start: local.start, end: local.end, statement, confidence: local.confidence, inTransaction };
  if (closed) result.closedInText = true;
  if (local.guc !== undefined && !isPlaceholderName(local.guc)) result.guc = local.guc;
  if (local.name !== undefined && !isPlaceholderName(local.name)) result.name = local.name;
  return Object.freeze(result);
}

function assemble({ text, partOffsets, holes }: BuiltText, locals: LocalStatement[]): SqlAnalysis {
  const scope = transactionScope(locals);
  const closed = closedInText(locals);
  const statements = locals.map((local): SqlStatement => {
    const statement: SqlStatement = { start: local.start, end: local.end, node: local.node };
    if (local.transactionControl) statement.transactionControl = local.transactionControl;
    return Object.freeze(statement);
  });
  const findings = locals
    .flatMap((local, index) => local.findings.map((f) => finding(f, index, scope.inTransaction[index]!, closed.has(f))))
    .sort((a, b) => a.statement - b.statement || a.start - b.start || a.end - b.end);
  return Object.freeze({
    text,
    partOffsets: Object.freeze([...partOffsets]),
    holes: Object.freeze(holes.map((hole) => Object.freeze({ ...hole }))),
    statements: Object.freeze(statements),
    findings: Object.freeze(findings),
    confidence: locals.every((s) => s.confidence === 'parsed') ? 'parsed' : 'scanned',
    transactionEffect: scope.effect,
  });
}

/** The analysis of input the engine failed on (a bug, not odd SQL): no statements, scanned. */
function unreadable(built: BuiltText): SqlAnalysis {
  return Object.freeze({ ...assemble(built, []), confidence: 'scanned' as const });
}

/**
 * Analyses SQL text or a template-literal fragment for pooler hazards. Never throws: input the
 * engine cannot read yields fewer findings (scanned, or none), not an exception. Results are frozen
 * and memoised per text (bounded LRU), so the same text returns the same object.
 *
 * Holes: a value hole is analysed as a `$n` parameter, an identifier or raw hole as a quoted
 * identifier; inside quotes, strings and comments, or touching a word, as a bare name; a raw hole
 * that is a statement, a keyword or an operator as one (see `fragment.ts`). A name or parameter
 * that comes from a hole, in whole or in part, is left out of `guc` / `name`.
 * `inTransaction: 'implicit'` assumes the text is sent with the simple query protocol (no
 * parameters): see `transaction-scope.ts`.
 *
 * @example
 * analyzeSql("SET search_path TO app; SELECT 1").findings
 * // [{ hazard: 'session-set', guc: 'search_path', start: 0, end: 22, statement: 0,
 * //    confidence: 'parsed', inTransaction: 'implicit' }]
 * analyzeSql({ parts: ["SELECT set_config('app.tenant', ", ', false)'], holes: ['value'] }).findings[0].guc
 * // 'app.tenant'
 */
export function analyzeSql(input: string | SqlFragment): SqlAnalysis {
  let key: string;
  let built: BuiltText = { text: '', partOffsets: [0], holes: [] };
  try {
    key = cacheKey(input);
    built = buildText(input);
  } catch {
    return unreadable(built);
  }
  const cached = cache.get(key);
  if (cached) return cached;
  let analysis: SqlAnalysis;
  try {
    let locals = analyzeText(built.text, 0);
    if (built.refill && locals.some((statement) => statement.confidence === 'scanned')) {
      // A raw hole in a keyword, operator or statement position may be what the grammar rejected.
      const refilled = built.refill();
      if (refilled.text !== built.text) {
        built = refilled;
        locals = analyzeText(built.text, 0);
      }
    }
    analysis = assemble(built, locals);
  } catch {
    analysis = unreadable(built);
  }
  cache.set(key, analysis, key.length);
  return analysis;
}

/**
 * Words without which a text holds no finding and no transaction control: every statement and function the
 * engine reports (`SET`, `RESET`, `set_config`, advisory locks, `LISTEN`/`UNLISTEN`/`NOTIFY`/`pg_notify`,
 * `PREPARE`/`EXECUTE`/`DEALLOCATE`, `DISCARD`, `TEMP`/`TEMPORARY`/`pg_temp`, `DECLARE … CURSOR … HOLD`, `LOAD`),
 * every transaction-control statement (`BEGIN`, `START`, `COMMIT`, `END`, `ROLLBACK`, `ABORT`, `SAVEPOINT`,
 * `RELEASE`, `PREPARE TRANSACTION`), and `DO` blocks, whose bodies the engine reads.
 */
const HAZARD_WORDS =
  /\b(?:set|reset|set_config|listen|unlisten|notify|pg_notify|prepare|execute|deallocate|discard|temp|temporary|pg_temp|declare|cursor|hold|load|begin|start|commit|end|rollback|abort|savepoint|release|do)\b|advisory/i;
/**
 * Where those words are only part of a row update: `UPDATE [ONLY] name [[AS] alias] SET` and an upsert's
 * `DO UPDATE SET` / `DO NOTHING` (most application SQL that names one of them). Taken out before the words are
 * looked for; a hazard elsewhere in the text (`UPDATE t SET a = 1; SET search_path …`) is still found.
 */
const ROW_UPDATE =
  /\bupdate\s+(?:only\s+)?(?:"[^"]*"|[\w$]+)(?:\s*\.\s*(?:"[^"]*"|[\w$]+))*(?:\s+(?:as\s+)?(?!set\b)[\w$]+)?\s+set\b|\bdo\s+(?:update\s+set|nothing)\b/gi;

/** The text names a word a finding or a transaction-control statement needs, outside a row update. */
function mayHoldHazard(text: string): boolean {
  return HAZARD_WORDS.test(text) && HAZARD_WORDS.test(text.replace(ROW_UPDATE, ' '));
}

/**
 * Whether a text can hold no finding and no transaction control: none of the words they need outside a row update,
 * and no raw hole (unknown SQL text). Its analysis has no statements, no findings and no transaction effect.
 * @example isInertSql({ parts: ['SELECT * FROM t WHERE id = ', ''], holes: ['value'] }) // true
 */
export function isInertSql(input: string | SqlFragment): boolean {
  if (typeof input === 'string') return !mayHoldHazard(input);
  return !input.holes.includes('raw') && !mayHoldHazard(input.parts.join(' '));
}

/**
 * `analyzeSql` for the rules: a text without any of the words a finding or a transaction-control statement needs
 * (most application SQL: `SELECT`, `INSERT`, `DELETE`, `UPDATE … SET`, `ON CONFLICT DO UPDATE SET`) is not parsed; its analysis has no statements, no findings
 * and no transaction effect. Findings and transaction control are always those of `analyzeSql`. A fragment with a
 * raw hole (unknown SQL text) is always analysed.
 *
 * @example analyzeSqlHazards('SELECT * FROM users WHERE id = $1').statements // [] (not parsed)
 * analyzeSqlHazards('SET search_path TO app').findings[0]?.hazard // 'session-set'
 */
export function analyzeSqlHazards(input: string | SqlFragment): SqlAnalysis {
  if (!isInertSql(input)) return analyzeSql(input);
  try {
    return assemble(buildText(input), []);
  } catch {
    return analyzeSql(input); // never throws: it returns its own unreadable analysis
  }
}

/**
 * Empties the analysis cache (for benchmarks measuring cold runs; results do not depend on it).
 *
 * @example clearSqlCache(); analyzeSql('SELECT 1') // analysed afresh
 */
export function clearSqlCache(): void {
  cache.clear();
}
