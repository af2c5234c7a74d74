/**
 * `.env` files (`.env`, `.env.local`, `.env.example`, …) as dotenv reads them: `NAME=value`, `export NAME=value`,
 * single, double or back quotes, `#` comments. Each variable keeps where its value starts, so findings point at
 * the line. Values stay in memory only: findings name the variable, never print the value.
 */
import path from 'node:path';

/** One variable of an env file. */
export interface EnvEntry {
  name: string;
  value: string;
  /** Absolute path of the env file. */
  file: string;
  line: number;
  /** 1-based column where the value starts. */
  column: number;
}

const ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][\w.-]*)(\s*[=:]\s*)(.*)$/;

function unquote(raw: string): string {
  const quote = raw[0];
  if (quote === '"' || quote === "'" || quote === '`') {
    const end = raw.indexOf(quote, 1);
    const body = end < 0 ? raw.slice(1) : raw.slice(1, end);
    return quote === '"' ? body.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : body;
  }
  return raw.replace(/\s+#.*$/, '').trim();
}

/**
 * The variables of an env file, in order (multi-line quoted values read up to their first line).
 * @example parseEnvFile('/app/.env', 'export DATABASE_URL="postgres://db/app" # pooled')
 *   // [{ name: 'DATABASE_URL', value: 'postgres://db/app', file: '/app/.env', line: 1, column: 20 }]
 */
export function parseEnvFile(file: string, text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^\s*#/.test(line)) return;
    const match = ASSIGNMENT.exec(line);
    if (!match) return;
    const raw = match[4]!.trim();
    const column = match[1]!.length + match[2]!.length + match[3]!.length + 1;
    entries.push({ name: match[2]!, value: unquote(raw), file, line: index + 1, column: column + (raw.startsWith('"') || raw.startsWith("'") || raw.startsWith('`') ? 1 : 0) });
  });
  return entries;
}

/** Env files of one directory in the order their values win: dotenv's `.env` first, examples last. */
function rank(file: string): number {
  const name = path.basename(file);
  if (name === '.env') return 0;
  if (/^\.env\.(local|development|dev)$/.test(name)) return 1;
  if (/example|sample|template|dist|default/.test(name)) return 3;
  return 2;
}

/**
 * The value of a variable as seen from `dir`: the env files of `dir` and its parents first (nearest wins, then
 * `.env` before `.env.local` before others before `.env.example`), then any other env file of the scan.
 * @example lookupEnv(entries, 'DATABASE_URL', '/app/prisma')?.file // '/app/.env.example'
 */
export function lookupEnv(entries: readonly EnvEntry[], name: string, dir: string): EnvEntry | undefined {
  const candidates = entries.filter((entry) => entry.name === name && entry.value !== '');
  const distance = (entry: EnvEntry) => {
    const relative = path.relative(path.dirname(entry.file), dir);
    return relative.startsWith('..') || path.isAbsolute(relative) ? Number.MAX_SAFE_INTEGER : relative === '' ? 0 : relative.split(path.sep).length;
  };
  return [...candidates].sort((a, b) => distance(a) - distance(b) || rank(a.file) - rank(b.file) || a.file.localeCompare(b.file))[0];
}
