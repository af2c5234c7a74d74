/**
 * Hazards inside function bodies and DO blocks. A `DO` block (PL/pgSQL) is wrapped as a function and
 * parsed with PostgreSQL's PL/pgSQL parser; so is a `CREATE FUNCTION … LANGUAGE plpgsql`. Each
 * embedded SQL statement or expression (PERFORM, SELECT … INTO, IF conditions, assignments, FOR …
 * IN queries, declarations' defaults) is analysed as SQL. `LANGUAGE sql` bodies given as a string
 * are analysed as SQL text (`BEGIN ATOMIC` bodies are part of the parse tree already).
 *
 * PL/pgSQL's dynamic `EXECUTE` is not SQL-level PREPARE/EXECUTE and its string is not analysed.
 * Only hazards that matter to the calling session are kept (not SET LOCAL, transaction advisory
 * locks, ON COMMIT DROP temp tables or plain cursors, which are bound to the caller's transaction).
 * Spans point into the body when the body is a dollar-quoted (or plain, escape-free) string and
 * the expression is found in it verbatim; otherwise they cover the whole statement.
 */
import { TRANSACTION_SCOPED } from '../hazards.js';
import type { LocalFinding, LocalStatement, Unit } from './analyze-text.js';
import { scanFunctionCalls, type Classified } from './function-calls.js';
import { parsePlpgsql, scanSql } from './pg-parser.js';
import { isPunct, tokenIndexAt, verbatimContentStart } from './tokens.js';
import { findNodes, nodeEntry, type Node } from './tree.js';
import type { Span } from './types.js';

type Analyze = (sql: string, depth: number) => LocalStatement[];

const MAX_DEPTH = 3;
const PARSE_MODE_DEFAULT = 0;
const PARSE_MODE_ASSIGN = 3;

/**
 * Whether a finding in a body matters to the session that runs it: transaction-scoped forms
 * (`TRANSACTION_SCOPED`) are bound to the caller's transaction there.
 *
 * @example sessionRelevant({ hazard: 'xact-advisory-lock' }) // false
 */
function sessionRelevant(finding: Classified): boolean {
  return !TRANSACTION_SCOPED.has(finding.hazard);
}

/** A DefElem's value as a string: `String.sval`, or the first item of a `List`. */
function optionText(def: Node): string | undefined {
  const arg = def.arg as Node | undefined;
  const direct = (arg?.String as Node | undefined)?.sval;
  if (typeof direct === 'string') return direct;
  const first = ((arg?.List as Node | undefined)?.items as Node[] | undefined)?.[0];
  const item = (first?.String as Node | undefined)?.sval;
  return typeof item === 'string' ? item : undefined;
}

interface Body {
  language: string;
  text: string;
  /** Where the body's content starts in the unit, when it is a verbatim slice of it. */
  start: number | undefined;
}

function bodyOf(unit: Unit, options: unknown, defaultLanguage: string): Body | undefined {
  let language = defaultLanguage;
  let as: Node | undefined;
  for (const option of (options as Node[] | undefined) ?? []) {
    const def = option.DefElem as Node | undefined;
    if (def?.defname === 'language') language = (optionText(def) ?? language).toLowerCase();
    if (def?.defname === 'as') as = def;
  }
  const text = as && optionText(as);
  if (!as || text === undefined) return undefined;
  const location = typeof as.location === 'number' ? unit.toChar(as.location) : 0;
  const index = tokenIndexAt(unit.tokens, location);
  let start: number | undefined;
  for (let k = index; k < Math.min(unit.tokens.length, index + 3) && start === undefined; k++) {
    if (unit.tokens[k]!.tokenName === 'SCONST') start = verbatimContentStart(unit.tokens[k]!, text);
  }
  return { language, text, start };
}

/** A dollar-quote tag that does not occur in `text`. */
function freshTag(text: string): string {
  let tag = '$pooler$';
  for (let n = 0; text.includes(tag); n++) tag = `$pooler${n}$`;
  return tag;
}

/** Findings of body-local analysis, placed in the unit: exact when mappable, else the statement span. */
function place(findings: LocalFinding[], toUnit: number | undefined, span: Span, floor: number): LocalFinding[] {
  return findings.map((finding) => {
    if (toUnit === undefined || finding.start + toUnit < floor) return { ...finding, ...span };
    return { ...finding, start: finding.start + toUnit, end: finding.end + toUnit };
  });
}

/** The SQL to analyse for a PL/pgSQL expression, and how its offsets relate to the expression's. */
function expressionSql(query: string, mode: number): { sql: string; toQuery: number } | undefined {
  if (mode === PARSE_MODE_DEFAULT) return { sql: query, toQuery: 0 };
  let from = 0;
  if (mode >= PARSE_MODE_ASSIGN) {
    const tokens = scanSql(query) ?? [];
    const operator = tokens.findIndex((t) => t.text === ':=' || isPunct(t, '='));
    if (operator < 0) return undefined;
    from = tokens[operator]!.end;
  }
  return { sql: `SELECT ${query.slice(from)}`, toQuery: from - 'SELECT '.length };
}

function plpgsqlFindings(source: string, body: Body, span: Span, depth: number, analyze: Analyze): LocalFinding[] {
  const functions = parsePlpgsql(source);
  if (!functions) {
    const tokens = scanSql(body.text) ?? [];
    const found = scanFunctionCalls(tokens).map(({ nameIndex, closeIndex, ...classified }): LocalFinding => ({
      ...classified,
      start: tokens[nameIndex]!.start,
      end: tokens[closeIndex]!.end,
      confidence: 'scanned',
    }));
    return place(found, body.start, span, body.start ?? 0);
  }
  const findings: LocalFinding[] = [];
  let cursor = 0;
  for (const expression of findNodes(functions, 'PLpgSQL_expr')) {
    const query = typeof expression.query === 'string' ? expression.query : '';
    const embedded = expressionSql(query, Number(expression.parseMode ?? 0));
    if (!embedded) continue;
    // PERFORM x is stored as "SELECT x": the query as written or without that prefix, whichever comes first.
    const whole = body.text.indexOf(query, cursor);
    const stripped = query.startsWith('SELECT ') ? body.text.indexOf(query.slice(7), cursor) : -1;
    const useStripped = stripped >= 0 && (whole < 0 || stripped < whole);
    const inBody = useStripped ? stripped : whole;
    const queryToBody = useStripped ? stripped - 7 : whole;
    if (inBody >= 0) cursor = inBody + 1;
    const local = analyze(embedded.sql, depth + 1).flatMap((s) => s.findings);
    const toUnit = inBody >= 0 && body.start !== undefined ? body.start + queryToBody + embedded.toQuery : undefined;
    findings.push(...place(local, toUnit, span, body.start ?? 0));
  }
  return findings;
}

/**
 * Findings inside the body of a `DO` block or `CREATE FUNCTION`/`PROCEDURE` statement, placed in
 * the unit's offsets. Other statements have none.
 *
 * @example bodyFindings(unit, { DoStmt: {...} }, span, 0, analyzeText) // [{ hazard: 'session-advisory-lock', … }]
 */
export function bodyFindings(unit: Unit, node: unknown, span: Span, depth: number, analyze: Analyze): LocalFinding[] {
  if (depth >= MAX_DEPTH) return [];
  const [type, stmt] = nodeEntry(node);
  if (type === 'DoStmt') {
    const body = bodyOf(unit, stmt.args, 'plpgsql');
    if (!body || body.language !== 'plpgsql') return [];
    const tag = freshTag(body.text);
    const source = `CREATE FUNCTION pooler_do() RETURNS void LANGUAGE plpgsql AS ${tag}${body.text}${tag}`;
    return plpgsqlFindings(source, body, span, depth, analyze);
  }
  if (type === 'CreateFunctionStmt') {
    const body = bodyOf(unit, stmt.options, 'sql');
    if (!body) return [];
    if (body.language === 'plpgsql') return plpgsqlFindings(unit.sql.slice(span.start, span.end), body, span, depth, analyze);
    if (body.language === 'sql') return place(analyze(body.text, depth + 1).flatMap((s) => s.findings), body.start, span, body.start ?? 0);
  }
  return [];
}

/**
 * Which findings of a DO block or function definition to keep (`undefined` for other statements):
 * those that matter to the session that runs the body, except settings of a parameter the
 * function's own `SET` clause restores at exit.
 *
 * @example bodyFilter({ DoStmt: {…} })!({ hazard: 'xact-advisory-lock' }) // false
 */
export function bodyFilter(node: unknown): ((finding: Classified) => boolean) | undefined {
  const [type, stmt] = nodeEntry(node);
  if (type === 'DoStmt') return sessionRelevant;
  if (type !== 'CreateFunctionStmt') return undefined;
  const restored = functionSetParameters(stmt.options);
  return (f) => sessionRelevant(f) && !(f.hazard === 'session-set' && f.guc !== undefined && restored.has(f.guc));
}

/**
 * The parameters of a function's own `SET` clauses. PostgreSQL restores them when the function
 * exits, whatever the body set them to (with SET or set_config), so such settings do not leak.
 */
function functionSetParameters(options: unknown): Set<string> {
  const names = new Set<string>();
  for (const option of (options as Node[] | undefined) ?? []) {
    const def = option.DefElem as Node | undefined;
    const name = ((def?.arg as Node | undefined)?.VariableSetStmt as Node | undefined)?.name;
    if (def?.defname === 'set' && typeof name === 'string') names.add(name.toLowerCase());
  }
  return names;
}
