/**
 * The engine's core: SQL text → statements with findings, offsets local to the text. The whole text
 * is parsed first; when that fails it is split on top-level `;` and each statement is parsed alone,
 * so one bad statement does not degrade the others; a statement that still does not parse is
 * classified from its scanner tokens. When even the scanner gives up (an unterminated quote), the
 * complete statements before the broken construct are analysed as usual and the broken one only by
 * its leading keywords and complete function calls.
 */
import { bodyFilter, bodyFindings } from './bodies.js';
import { classifyStatement, type StatementInfo } from './classify-parsed.js';
import { classifyScannedStatement } from './classify-scanned.js';
import { classifyFuncCall, scanFunctionCalls, type Classified } from './function-calls.js';
import { byteToCharOffsets, parseSql, scanSql, type PgRawStmt, type PgToken } from './pg-parser.js';
import { closingParen, isPunct, statementRanges, tokenIndexAt, word } from './tokens.js';
import { findNodes, nodeEntry } from './tree.js';
import type { Confidence, Span, TransactionControl } from './types.js';
import { unterminatedStart } from './unterminated.js';

/** A finding before it is placed in the analysis (offsets local to the analysed text). */
export interface LocalFinding extends Classified, Span {
  confidence: Confidence;
}

/** A statement before it is placed in the analysis. */
export interface LocalStatement extends Span {
  node: string;
  confidence: Confidence;
  transactionControl?: TransactionControl;
  chain?: boolean;
  findings: LocalFinding[];
}

/** Text being parsed, its tokens (local offsets; scanned on first use) and its byte → string offset map. */
export interface Unit {
  readonly sql: string;
  readonly tokens: readonly PgToken[];
  readonly toChar: (byteOffset: number) => number;
}

function makeUnit(sql: string, tokens?: readonly PgToken[]): Unit {
  let scanned = tokens;
  return {
    sql,
    toChar: byteToCharOffsets(sql),
    get tokens() {
      scanned ??= scanSql(sql) ?? [];
      return scanned;
    },
  };
}

/** The span of tokens `[from, to)`, or `fallback` when there are none. */
function tokenSpan(tokens: readonly PgToken[], from: number, to: number, fallback: Span): Span {
  while (to > from && isPunct(tokens[to - 1], ';')) to--;
  return to > from ? { start: tokens[from]!.start, end: tokens[to - 1]!.end } : fallback;
}

/** A parsed statement's span: its first token to its last, without `;` or trailing comments. */
function statementSpan(unit: Unit, start: number, end: number): Span {
  const slice = unit.sql.slice(start, end);
  if (!slice.includes('--') && !slice.includes('/*')) {
    // No comment in it: trimming white space is enough, and spares scanning the text.
    const leading = /^[ \t\n\r\f\v]*/.exec(slice)![0].length;
    const trailing = /[ \t\n\r\f\v]*$/.exec(slice)![0].length;
    return { start: start + leading, end: Math.max(start + leading, end - trailing) };
  }
  const tokens = unit.tokens;
  return tokenSpan(tokens, tokenIndexAt(tokens, start), tokenIndexAt(tokens, end), { start, end });
}

/** Shifts a statement (and its findings) found in a slice that starts at `offset`. */
function shifted(statement: LocalStatement, offset: number): LocalStatement {
  const move = <T extends Span>(span: T): T => ({ ...span, start: span.start + offset, end: span.end + offset });
  return { ...move(statement), findings: statement.findings.map(move) };
}

/** The span of a function call whose name starts at string offset `at`: name to closing `)`. */
function callSpan(unit: Unit, at: number, fallback: Span): Span {
  const index = tokenIndexAt(unit.tokens, at);
  for (let k = index; k < Math.min(unit.tokens.length, index + 4); k++) {
    if (!isPunct(unit.tokens[k], '(')) continue;
    const close = closingParen(unit.tokens, k);
    return close === undefined ? fallback : { start: unit.tokens[index]!.start, end: unit.tokens[close]!.end };
  }
  return fallback;
}

function statementOf(span: Span, node: string, info: StatementInfo, confidence: Confidence): LocalStatement {
  const statement: LocalStatement = {
    ...span,
    node,
    confidence,
    findings: info.findings.map((c) => ({ ...c, ...span, confidence })),
  };
  if (info.transactionControl) statement.transactionControl = info.transactionControl;
  if (info.chain) statement.chain = true;
  return statement;
}

function parsedStatement(unit: Unit, raw: PgRawStmt, depth: number): LocalStatement {
  const startByte = raw.stmt_location ?? 0;
  const start = unit.toChar(startByte);
  const end = raw.stmt_len ? unit.toChar(startByte + raw.stmt_len) : unit.sql.length;
  const span = statementSpan(unit, start, end);
  const info = classifyStatement(raw.stmt);
  const [type] = nodeEntry(raw.stmt);
  const statement = statementOf(span, type, info, 'parsed');
  if (!info.executes) return statement;
  const nested: LocalFinding[] = [];
  for (const call of findNodes(raw.stmt, 'FuncCall')) {
    const classified = classifyFuncCall(call);
    if (!classified) continue;
    const location = typeof call.location === 'number' && call.location >= 0 ? unit.toChar(call.location) : span.start;
    nested.push({ ...classified, ...callSpan(unit, location, span), confidence: 'parsed' });
  }
  nested.push(...bodyFindings(unit, raw.stmt, span, depth, analyzeText));
  const keep = bodyFilter(raw.stmt);
  statement.findings.push(...(keep ? nested.filter(keep) : nested));
  return statement;
}

function scannedStatement(tokens: readonly PgToken[], span: Span): LocalStatement {
  const info = classifyScannedStatement(tokens);
  const statement = statementOf(span, word(tokens[0]) || 'UNKNOWN', info, 'scanned');
  if (!info.executes) return statement;
  for (const call of scanFunctionCalls(tokens)) {
    const { nameIndex, closeIndex, ...classified } = call;
    statement.findings.push({ ...classified, start: tokens[nameIndex]!.start, end: tokens[closeIndex]!.end, confidence: 'scanned' });
  }
  return statement;
}

/** Parses each statement range alone; scans the ones that still fail. */
function piecewise(sql: string, tokens: readonly PgToken[], ranges: Array<[number, number]>, depth: number): LocalStatement[] {
  const statements: LocalStatement[] = [];
  for (const [from, to] of ranges) {
    const offset = tokens[from]!.start;
    const pieceSql = sql.slice(offset, tokens[to - 1]!.end);
    const local = tokens.slice(from, to).map((t) => ({ ...t, start: t.start - offset, end: t.end - offset }));
    const parsed = parseSql(pieceSql);
    if (parsed.ok && parsed.stmts.length > 0) {
      const unit = makeUnit(pieceSql, local);
      for (const raw of parsed.stmts) statements.push(shifted(parsedStatement(unit, raw, depth), offset));
    } else {
      statements.push(shifted(scannedStatement(local, { start: 0, end: pieceSql.length }), offset));
    }
  }
  return statements;
}

/** A text the scanner rejects: complete statements before the broken construct, then the broken one. */
function brokenText(sql: string, depth: number): LocalStatement[] {
  const trimmedEnd = sql.trimEnd().length;
  const cut = unterminatedStart(sql);
  const tokens = cut === undefined ? undefined : scanSql(sql.slice(0, cut));
  if (cut === undefined || !tokens) {
    const start = sql.length - sql.trimStart().length;
    return start < trimmedEnd ? [scannedStatement([], { start, end: trimmedEnd })] : [];
  }
  const ranges = statementRanges(tokens);
  const last = ranges[ranges.length - 1];
  const lastIsOpen = last !== undefined && last[1] === tokens.length;
  const statements = piecewise(sql, tokens, lastIsOpen ? ranges.slice(0, -1) : ranges, depth);
  const openTokens = lastIsOpen ? tokens.slice(last[0]) : [];
  statements.push(scannedStatement(openTokens, { start: openTokens[0]?.start ?? cut, end: trimmedEnd }));
  return statements;
}

/**
 * Analyses SQL text: its statements in order, each with its findings. Offsets are local to `sql`.
 * `depth` counts nested bodies (DO blocks, function bodies) to bound recursion. Never throws on
 * odd input (only on a bug), see `analyzeSql`.
 *
 * @example analyzeText('LISTEN jobs', 0)[0].findings // [{ hazard: 'listen', name: 'jobs', start: 0, end: 11, … }]
 */
export function analyzeText(sql: string, depth: number): LocalStatement[] {
  const parsed = parseSql(sql);
  if (parsed.ok) {
    const unit = makeUnit(sql);
    return parsed.stmts.map((raw) => parsedStatement(unit, raw, depth));
  }
  const tokens = scanSql(sql);
  if (!tokens) return brokenText(sql, depth);
  return piecewise(sql, tokens, statementRanges(tokens), depth);
}
