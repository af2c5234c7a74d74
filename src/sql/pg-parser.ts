/**
 * PostgreSQL's own parser (libpg-query, compiled to WebAssembly), loaded synchronously.
 *
 * ESLint rules are synchronous, and users load this plugin from ESM and CJS configs, the RuleTester,
 * the CLI and `eslint --concurrency` worker threads. libpg-query only offers an asynchronous
 * `loadModule()`, and a top-level `await` would make `require('eslint-plugin-pooler')` fail
 * (ERR_REQUIRE_ASYNC_MODULE). So the package's own CommonJS build is evaluated in a `vm` context whose
 * microtasks run as soon as the evaluation returns (`microtaskMode: 'afterEvaluate'`), with
 * `WebAssembly.instantiate` answered by a synchronous compile: the whole async start-up settles
 * inside one synchronous call. The package's code runs unchanged; only its environment differs.
 *
 * The module is loaded lazily, once per thread, on the first parse.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/** A token of PostgreSQL's scanner, with offsets in JavaScript string units. */
export interface PgToken {
  start: number;
  end: number;
  text: string;
  /** Scanner token name: `IDENT`, `SCONST`, `UNKNOWN` for keywords, `ASCII_59` for `;`, ... */
  tokenName: string;
  /** `NO_KEYWORD`, `UNRESERVED_KEYWORD`, `RESERVED_KEYWORD`, ... */
  keywordName: string;
}

/** A raw statement as libpg-query returns it (`stmt` is one node of the PostgreSQL AST). */
export interface PgRawStmt {
  stmt: Record<string, unknown>;
  stmt_location?: number;
  stmt_len?: number;
}

interface LibPgQuery {
  loadModule(): Promise<void>;
  parseSync(query: string): { stmts?: PgRawStmt[] };
  parsePlPgSQLSync(query: string): { plpgsql_funcs?: unknown[] };
  scanSync(query: string): { tokens?: Array<PgToken & { tokenType: number }> };
}

const require = createRequire(import.meta.url);
const silentConsole = { log() {}, error() {}, warn() {}, info() {}, debug() {} };
let api: LibPgQuery | undefined;

function loadInSyncContext(): LibPgQuery {
  const dir = path.join(path.dirname(require.resolve('libpg-query/package.json')), 'wasm');
  const context = vm.createContext(
    // The host's JSON, so that parse trees are plain objects and arrays of this realm.
    { process, console: silentConsole, TextDecoder, TextEncoder, URL, JSON },
    { microtaskMode: 'afterEvaluate' },
  );
  vm.runInContext(
    `WebAssembly.instantiate = (bytes, imports) => {
       const module = new WebAssembly.Module(bytes);
       return Promise.resolve({ module, instance: new WebAssembly.Instance(module, imports) });
     };`,
    context,
  );
  const load = (file: string): unknown => {
    const source = readFileSync(file, 'utf8');
    const wrapper = vm.runInContext(
      `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
      context,
      { filename: file },
    ) as (...args: unknown[]) => void;
    const module = { exports: {} as unknown };
    const localRequire = (id: string): unknown =>
      id.startsWith('./') ? load(path.join(path.dirname(file), id)) : require(id);
    wrapper(module.exports, localRequire, module, file, path.dirname(file));
    return module.exports;
  };
  let loaded: LibPgQuery | undefined;
  context.__boot = () => {
    loaded = load(path.join(dir, 'index.cjs')) as LibPgQuery;
    void loaded.loadModule();
  };
  vm.runInContext('__boot()', context);
  if (!loaded) throw new Error('libpg-query did not load');
  // The start-up settled if a parse works now; otherwise this throws "WASM module not initialized".
  loaded.parseSync('SELECT 1');
  return loaded;
}

function libpg(): LibPgQuery {
  api ??= loadInSyncContext();
  return api;
}

/** Maps UTF-8 byte offsets (what libpg-query reports) to string offsets. Identity for ASCII text. */
export function byteToCharOffsets(text: string): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex -- testing for any non-ASCII character
  if (!/[^\u0000-\u007f]/.test(text)) return (offset) => offset;
  const table: number[] = [];
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) table[byte + k] = i;
    byte += width;
    if (code >= 0x10000) i++;
  }
  return (offset) => (offset >= byte ? text.length : (table[offset] ?? text.length));
}

/** The outcome of a parse: statements, or the parser's error message and position. */
export type PgParseResult =
  | { ok: true; stmts: PgRawStmt[] }
  | { ok: false; message: string; position: number };

/**
 * Parses SQL text with PostgreSQL's grammar. Never throws.
 *
 * @example parseSql('SET search_path TO app') // { ok: true, stmts: [{ stmt: { VariableSetStmt: … } }] }
 */
export function parseSql(text: string): PgParseResult {
  try {
    return { ok: true, stmts: libpg().parseSync(text).stmts ?? [] };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    return {
      ok: false,
      message: String((error as { message?: unknown }).message ?? error),
      position: details?.cursorPosition ?? -1,
    };
  }
}

/**
 * Parses a PL/pgSQL function body (`CREATE FUNCTION … LANGUAGE plpgsql` or a `DO` block as a function).
 * Returns `undefined` when the body does not parse. Never throws.
 */
export function parsePlpgsql(createFunctionSql: string): unknown[] | undefined {
  try {
    return libpg().parsePlPgSQLSync(createFunctionSql).plpgsql_funcs ?? [];
  } catch {
    return undefined;
  }
}

const COMMENT_TOKENS = new Set(['SQL_COMMENT', 'C_COMMENT']);

/**
 * Splits SQL text into PostgreSQL's scanner tokens (comments dropped). Returns `undefined` when the
 * scanner gives up (an unterminated quote, for instance). Offsets are string offsets and `text` is
 * the token's slice of the input. Never throws.
 *
 * Control characters (other than tab, CR and LF) are scanned as spaces: libpg-query's scanner writes
 * them unescaped into its JSON output and then fails to read it back. Each is one byte and one string
 * unit, so offsets do not move.
 *
 * @example scanSql("SET x = 'a' -- c").map((t) => t.text) // ['SET', 'x', '=', "'a'"]
 */
export function scanSql(text: string): PgToken[] | undefined {
  try {
    // eslint-disable-next-line no-control-regex -- replacing exactly the control characters
    const scannable = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ');
    const tokens = libpg().scanSync(scannable).tokens ?? [];
    const toChar = byteToCharOffsets(text);
    const result: PgToken[] = [];
    for (const t of tokens) {
      if (COMMENT_TOKENS.has(t.tokenName)) continue;
      const start = toChar(t.start);
      const end = toChar(t.end);
      result.push({ start, end, text: text.slice(start, end), tokenName: t.tokenName, keywordName: t.keywordName });
    }
    return result;
  } catch {
    return undefined;
  }
}
