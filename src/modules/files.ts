/**
 * The project's module files as the untyped module pass sees them before parsing anything: where a relative
 * import leads (`./db` → `src/db.ts`, `../lib` → `lib/index.js`, `./db.js` → `db.ts`), and what a cheap scan
 * of a file's text says — the modules it imports and whether it names a driver package or an acquisition. A
 * module is parsed only if its imports reach a driver package within {@link MAX_HOPS} project modules
 * (`reaches`); packages (node_modules) are never read: the driver catalog knows them.
 *
 * One process-wide cache, keyed by path and checked against the file's modification time and size at most
 * once per {@link RECHECK_MS}, bounded in entries (an editor's language server runs for days). `eslint
 * --concurrency` workers each load their own copy of the plugin, so each keeps its own cache.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ACQUIRE_METHODS, SQL_METHODS } from '../program/facts.js';
import { moduleSpecOf } from '../drivers/catalog/index.js';
import { LruCache } from '../sql/lru-cache.js';
import { aliasCandidates, clearAliases } from './aliases.js';
import { mayBeProjectSource } from '../drivers/imports.js';

/** Project modules followed from a linted file at most (a chain of imports longer than this is unknown). */
export const MAX_HOPS = 4;
/** A module larger than this is not read: unknown. */
export const MAX_MODULE_BYTES = 512 * 1024;
/** A cached entry is checked against its file again after this long. */
const RECHECK_MS = 2_000;

/** What the scan of one module's text found. */
export interface ModuleFile {
  readonly path: string;
  readonly text: string;
  /** Module specifiers the file imports, requires or re-exports. */
  readonly sources: readonly string[];
  /** It imports a driver package itself. */
  readonly driver: boolean;
  /** It imports a driver package's types, `import type` included (`import type { PoolClient } from 'pg'`). */
  readonly driverTypes: boolean;
  /** Its text calls a method that checks a connection out (`connect`, `reserve`, …). */
  readonly acquires: boolean;
  /** Its text calls a method that sends SQL (`query`, `raw`, `unsafe`, …). */
  readonly sql: boolean;
  /** It re-exports from other modules (`export * from`, `export { … } from`). */
  readonly barrel: boolean;
}

interface Entry {
  readonly file: ModuleFile | null;
  readonly mtimeMs: number;
  readonly size: number;
  checkedAt: number;
  /** Whether the file reaches a driver package, and when that was worked out. */
  reach?: { readonly value: boolean; readonly at: number };
}

const SOURCE = /\b(?:from|import|require)\s*\(?\s*['"]([^'"\n]{1,300})['"]/g;
/** `import type … from`, `export type … from`, `import { type A, type B } from`: no value crosses. */
const TYPE_ONLY =
  /\b(?:import|export)\s+(?:type\s+(?:\{[^}]*\}|\*\s*as\s+[\w$]+|[\w$]+)|\{(?:\s*type\s+[\w$]+(?:\s+as\s+[\w$]+)?\s*,?)+\s*\})\s*from\s*['"]/g;
const ACQUIRE = new RegExp(`\\.(?:${[...ACQUIRE_METHODS].join('|')})\\s*\\(`);
const SQL_CALL = new RegExp(`\\.(?:${[...SQL_METHODS].map((m) => m.replace(/\$/g, '\\$')).join('|')})\\s*[(<\`]`);
/** Driver methods named like array and collection methods (pg-promise's `map`, `each`). */
const ARRAY_NAMED = new Set(['map', 'each']);
/**
 * A call that can send SQL, as `mayUseDriver` reads it: `map` and `each` only with SQL first (a string, or a name
 * followed by more arguments: pg-promise's `db.map(query, values, cb)`), not `rows.map((row) => …)` nor
 * `items.map(toDto)`, which most files call.
 */
const SQL_USE = new RegExp(
  `\\.(?:${[...SQL_METHODS].filter((m) => !ARRAY_NAMED.has(m)).map((m) => m.replace(/\$/g, '\\$')).join('|')})\\s*[(<\`]` +
    `|\\.(?:${[...ARRAY_NAMED].join('|')})\\s*(?:<[^<>()]*>\\s*)?\\(\\s*(?:['"\`]|[\\w$.]+\\s*,)`,
);
const HAZARD_WORD = /\b(?:SET|RESET|LISTEN|UNLISTEN|PREPARE|EXECUTE|DEALLOCATE|TEMP|TEMPORARY|HOLD|LOAD|DISCARD)\s|set_config|advisory|notification/i;
const BARREL = /\bexport\s*(?:\*|\{[^}]*\}\s*from)/;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

const files = new LruCache<Entry>(4_000, 64 * 1024 * 1024);
/** Where a specifier led from a directory, and when (a file created since is found after {@link RECHECK_MS}). */
const resolutions = new LruCache<{ readonly file: string | undefined; readonly at: number }>(20_000, 20_000);
/** Directory listings: a specifier is resolved against them, one read per directory instead of a stat per candidate. */
const listings = new LruCache<Listing>(4_000, 4_000);

interface Listing {
  /** Files (and symbolic links, checked with a stat when named) in the directory; empty when it cannot be read. */
  readonly files: ReadonlySet<string>;
  readonly links: ReadonlySet<string>;
  readonly at: number;
  /** The directory's modification time when listed: a file added since changes it. */
  readonly mtimeMs: number;
}

/**
 * The project file a specifier names from `importer`: a relative one, or one that the tsconfig's `paths` or
 * `baseUrl` map to a project file (`@app/db` → `src/db.ts`); undefined for a package, a missing file, anything
 * under node_modules.
 * @example resolveModule('/app/src/routes/users.ts', '../db.js') // '/app/src/db.ts'
 */
export function resolveModule(importer: string, source: string): string | undefined {
  if (!mayBeProjectSource(source)) return undefined;
  const relative = source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
  const dir = path.dirname(importer);
  const key = `${dir}\0${source}`;
  const now = Date.now();
  const known = resolutions.get(key);
  if (known && now - known.at < RECHECK_MS) return known.file;
  let found: string | undefined;
  for (const base of relative ? [path.resolve(dir, source)] : aliasCandidates(importer, source)) {
    if (base.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const list = candidates(base);
    found = list.find(isFile);
    // Not found: a listing taken before the file was created would hide it; re-list the directories that changed.
    if (!found && [path.dirname(base), base].map(refreshListing).includes(true)) found = list.find(isFile);
    if (found) break;
  }
  resolutions.set(key, { file: found, at: now }, 1);
  return found;
}

function candidates(base: string): string[] {
  const ext = path.extname(base);
  const list: string[] = [];
  if (EXTENSIONS.includes(ext)) {
    const stem = base.slice(0, -ext.length);
    list.push(...(JS_TO_TS[ext] ?? []).map((e) => stem + e), base);
  }
  list.push(...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`)));
  return list;
}

function isFile(file: string): boolean {
  const name = path.basename(file);
  const listing = listingOf(path.dirname(file));
  if (listing.files.has(name)) return true;
  if (!listing.links.has(name)) return false;
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/** Lists `dir` again if it changed since its listing was taken; whether it did. */
function refreshListing(dir: string): boolean {
  const cached = listings.get(dir);
  const mtimeMs = cached ? dirMtime(dir) : undefined;
  if (!cached || mtimeMs === cached.mtimeMs) return false;
  listings.set(dir, list(dir, mtimeMs!), 1);
  return true;
}

function listingOf(dir: string): Listing {
  const now = Date.now();
  const cached = listings.get(dir);
  if (cached && now - cached.at < RECHECK_MS) return cached;
  const mtimeMs = dirMtime(dir);
  // Unchanged since it was listed (no file added or removed): the listing stands.
  const found = cached && cached.mtimeMs === mtimeMs ? { ...cached, at: now } : list(dir, mtimeMs);
  listings.set(dir, found, 1);
  return found;
}

function dirMtime(dir: string): number {
  try {
    return statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  } catch {
    return -1;
  }
}

function list(dir: string, mtimeMs: number): Listing {
  const found = { files: new Set<string>(), links: new Set<string>(), at: Date.now(), mtimeMs };
  if (mtimeMs < 0) return found;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile()) found.files.add(entry.name);
      else if (entry.isSymbolicLink()) found.links.add(entry.name);
    }
  } catch {
    // Unreadable: no files.
  }
  return found;
}

/**
 * The scanned module at `file`, or undefined when it cannot be read or is larger than {@link MAX_MODULE_BYTES}.
 * @example moduleFile('/app/src/db.ts')?.driver // true: it imports pg
 */
export function moduleFile(file: string): ModuleFile | undefined {
  return entryOf(file)?.file ?? undefined;
}

function entryOf(file: string): Entry | undefined {
  const now = Date.now();
  const cached = files.get(file);
  if (cached && now - cached.checkedAt < RECHECK_MS) return cached;
  let stat;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
  } catch {
    stat = undefined;
  }
  if (!stat?.isFile()) return undefined;
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
    cached.checkedAt = now;
    return cached;
  }
  const entry: Entry = { file: stat.size > MAX_MODULE_BYTES ? null : scan(file), mtimeMs: stat.mtimeMs, size: stat.size, checkedAt: now };
  files.set(file, entry, entry.file ? entry.file.text.length + 200 : 200);
  return entry;
}

function scan(file: string): ModuleFile | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const { all, values: list } = sourcesOf(text);
  return {
    path: file,
    text,
    sources: list,
    driver: list.some((s) => moduleSpecOf(s) !== undefined),
    driverTypes: all.some((s) => moduleSpecOf(s) !== undefined),
    acquires: ACQUIRE.test(text),
    sql: SQL_CALL.test(text),
    barrel: BARREL.test(text),
  };
}

/**
 * The module specifiers a text imports, requires or re-exports values from (by a regular expression: no
 * parse); type-only imports and re-exports bring no value and are left out, unless `types`.
 * @example importSources("import { pool } from './db.js'; import type { Row } from './rows.js';") // ['./db.js']
 */
export function importSources(text: string, types = false): string[] {
  const { all, values } = sourcesOf(text);
  return types ? all : values;
}

/**
 * One scan of a text's module specifiers: `all` it imports, requires or re-exports (types included), and the
 * `values` among them (see `importSources`).
 */
export function sourcesOf(text: string): { all: string[]; values: string[] } {
  // Where each type-only statement's specifier starts: a `from '…'` match there brings no value.
  const typeOnly = new Set<number>();
  if (text.includes('type')) for (const match of text.matchAll(TYPE_ONLY)) typeOnly.add(match.index + match[0].length - 1);
  const all = new Set<string>();
  const values = new Set<string>();
  for (const match of text.matchAll(SOURCE)) {
    all.add(match[1]!);
    if (!typeOnly.has(match.index + match[0].length - match[1]!.length - 2)) values.add(match[1]!);
  }
  return { all: [...all], values: [...values] };
}

/**
 * Whether a text checks a connection out (`.connect(`, `.reserve(`, …): such a file is worth following further
 * (see the module pass's `fileReaches`).
 * @example checksOut('const client = await this.db.pool.connect()') // true
 */
export function checksOut(text: string): boolean {
  return ACQUIRE.test(text);
}

/**
 * Whether a text can use a driver value it imports from another module: it calls a method that sends SQL or
 * checks a connection out, names a session hazard (`SET`, `LISTEN`, an advisory lock, …) for a wrapper, or calls an
 * imported function with an imported name first (`query(SET_TENANT)`: a wrapper sending another module's constant).
 * @example mayUseDriver("await query('LISTEN jobs')") // true
 */
export function mayUseDriver(text: string): boolean {
  return SQL_USE.test(text) || ACQUIRE.test(text) || HAZARD_WORD.test(text) || passesImported(text);
}

/** `import a, { b, c as d, type T } from './x'`: the default and the named value bindings (project modules only). */
const RELATIVE_IMPORT = /\bimport\s+(?!type\s)(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*['"]\.\.?\/[^'"\n]*['"]/g;

/** What follows a callee when its first argument is a name: `(SET_TENANT)`, `(SET_TENANT, values)`. */
const NAME_FIRST = /\s*\(\s*([\w$]+)\s*[,)]/y;

/**
 * Whether a text calls a function it imports from a project module with another name it imports as the first
 * argument: `query(SET_TENANT)`, a wrapper sending a constant of another module, whose SQL is not in this text.
 * @example passesImported("import { query } from './db';\nimport { SET_TENANT } from './sql';\nawait query(SET_TENANT);") // true
 */
function passesImported(text: string): boolean {
  if (!text.includes('./')) return false;
  const names = relativeImportNames(text);
  if (names.size < 2) return false;
  for (const name of names) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      if (at > 0 && /[\w$.]/.test(text[at - 1]!)) continue;
      NAME_FIRST.lastIndex = at + name.length;
      const argument = NAME_FIRST.exec(text)?.[1];
      if (argument !== undefined && names.has(argument)) return true;
    }
  }
  return false;
}

function relativeImportNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(RELATIVE_IMPORT)) {
    if (match[1]) names.add(match[1]);
    for (const entry of match[2]?.split(',') ?? []) {
      const binding = /^\s*(?!type\s)(?:[\w$]+\s+as\s+)?([\w$]+)\s*$/.exec(entry)?.[1];
      if (binding) names.add(binding);
    }
  }
  return names;
}

/**
 * Whether a module imports a driver package, itself or through project modules, within {@link MAX_HOPS}
 * (breadth first; a cycle ends where it started). Files that cannot reach a driver are never parsed.
 * @example reachesDriver('/app/src/routes/users.ts') // true: it imports ../db, which imports pg
 */
export function reachesDriver(file: string): boolean {
  const entry = entryOf(file);
  if (!entry?.file) return false;
  const now = Date.now();
  if (entry.reach && now - entry.reach.at < RECHECK_MS) return entry.reach.value;
  const value = search(entry.file);
  entry.reach = { value, at: now };
  return value;
}

function search(start: ModuleFile): boolean {
  const seen = new Set<string>([start.path]);
  let level: ModuleFile[] = [start];
  for (let hop = 0; hop <= MAX_HOPS && level.length > 0; hop++) {
    const next: ModuleFile[] = [];
    for (const module of level) {
      if (module.driver) return true;
      const known = module !== start ? files.get(module.path)?.reach : undefined;
      if (known?.value) return true;
      for (const source of module.sources) {
        const target = resolveModule(module.path, source);
        if (!target || seen.has(target)) continue;
        seen.add(target);
        const found = moduleFile(target);
        if (found) next.push(found);
      }
    }
    level = next;
  }
  return false;
}

/**
 * Entries and characters held by the cache (for the README's memory figure and tests).
 * @example moduleCacheSize() // { files: 212, characters: 1_480_000 }
 */
export function moduleCacheSize(): { files: number; characters: number } {
  const { entries, size } = files.stats();
  return { files: entries, characters: size };
}

/** Empties the caches (the memory benchmark measures what they held). */
export function clearModuleFiles(): void {
  clearAliases();
  files.clear();
  resolutions.clear();
  listings.clear();
}
