/**
 * `pgbouncer.ini` files: the `[pgbouncer]` settings that decide the profile and the pool sizes, the
 * `[databases]` entries with their per-database overrides, and the `[users]` entries. Read the way PgBouncer
 * 1.18 reads them (observed): `;` and `#` start a comment only at the start of a line, section and setting
 * names are case-sensitive, the last of two equal keys wins, and a value PgBouncer would refuse is left out
 * with a note. `%include` lines are listed, not followed: their paths are the pooler host's.
 */
import path from 'node:path';
import { SETTINGS, applySetting, emptyConfig, readCount, readPoolMode, type PgBouncerConfig, type PgBouncerDatabase, type PgBouncerUser, type SettingName } from './pgbouncer-config.js';

/** Base names of PgBouncer config files: `pgbouncer.ini`, `pgbouncer.prod.ini`, `pgbouncer-local.ini`. */
export const PGBOUNCER_INI_PATTERN = /^pgbouncer(?:[.-][\w.-]*)?\.ini$/i;

/** Whether a path names a PgBouncer config file, by its base name. */
export function isPgBouncerIni(file: string): boolean {
  return PGBOUNCER_INI_PATTERN.test(path.basename(file));
}

const SECTIONS = new Set(['databases', 'pgbouncer', 'users', 'peers']);

/**
 * The `key=value` pairs of a libpq-style connection string as PgBouncer reads a `[databases]` entry: values
 * may be single-quoted with `\'` and `\\` escapes. Keys are lower case.
 * @example connectionPairs("host=db dbname='my db' pool_size=5").get('dbname') // 'my db'
 */
export function connectionPairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const pattern = /\s*([\w.]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S*))/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null && match[0] !== '') {
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    pairs.set(match[1]!.toLowerCase(), value);
  }
  return pairs;
}

function databaseEntry(name: string, value: string, line: number, column: number): PgBouncerDatabase {
  const pairs = connectionPairs(value);
  const database: PgBouncerDatabase = { name, line, column, forcedUser: (pairs.get('user') ?? '') !== '' };
  const poolSize = readCount(pairs.get('pool_size') ?? '');
  if (poolSize !== undefined) database.poolSize = poolSize;
  // `reserve_pool` is the 1.18 name; current docs call it `reserve_pool_size` and keep `reserve_pool` as an alias.
  const reserve = readCount(pairs.get('reserve_pool_size') ?? pairs.get('reserve_pool') ?? '');
  if (reserve !== undefined) database.reservePool = reserve;
  const poolMode = readPoolMode(pairs.get('pool_mode') ?? '');
  if (poolMode !== undefined) database.poolMode = poolMode;
  const maxDb = readCount(pairs.get('max_db_connections') ?? '');
  if (maxDb !== undefined) database.maxDbConnections = maxDb;
  return database;
}

function userEntry(name: string, value: string, line: number, column: number): PgBouncerUser {
  const pairs = connectionPairs(value);
  const user: PgBouncerUser = { name, line, column };
  const poolMode = readPoolMode(pairs.get('pool_mode') ?? '');
  if (poolMode !== undefined) user.poolMode = poolMode;
  const maxUser = readCount(pairs.get('max_user_connections') ?? '');
  if (maxUser !== undefined) user.maxUserConnections = maxUser;
  return user;
}

/** Replaces an entry of the same name (the last one wins), or appends. */
function upsert<T extends { name: string }>(list: T[], entry: T): void {
  const index = list.findIndex((existing) => existing.name === entry.name);
  if (index >= 0) list[index] = entry;
  else list.push(entry);
}

function isSetting(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name);
}

/**
 * Reads a `pgbouncer.ini`. Never throws: lines it cannot read are skipped, settings PgBouncer would refuse are
 * left out with a note.
 * @example parsePgBouncerIni('[pgbouncer]\npool_mode = transaction\n', '/r/pgbouncer.ini').poolMode
 *   // { value: 'transaction', name: 'pool_mode', line: 2, column: 1 }
 */
export function parsePgBouncerIni(text: string, file: string): PgBouncerConfig {
  const config = emptyConfig(file, 1, 1);
  const base = path.basename(file);
  let section: string | undefined;
  let sawPgbouncer = false;
  try {
    for (const [index, raw] of text.split(/\r\n|\r|\n/).entries()) {
      const line = index + 1;
      const column = raw.length - raw.trimStart().length + 1;
      const content = raw.trim();
      const where = `${base}:${line}`;
      if (content === '' || content.startsWith(';') || content.startsWith('#')) continue;
      if (/^%include\s/i.test(content)) {
        config.includes.push({ value: content.slice('%include'.length).trim(), name: '%include', line, column });
        continue;
      }
      const header = /^\[\s*([^\]]*?)\s*\]$/.exec(content);
      if (header) {
        section = header[1]!;
        if (!SECTIONS.has(section)) config.notes.push(`Section [${section}] at ${where} is not one PgBouncer knows (names are lower case): its settings are not read.`);
        if (section === 'pgbouncer' && !sawPgbouncer) {
          sawPgbouncer = true;
          config.line = line;
          config.column = column;
        }
        continue;
      }
      const equals = content.indexOf('=');
      if (equals <= 0) continue;
      const key = content.slice(0, equals).trim();
      const value = content.slice(equals + 1).trim();
      if (section === 'databases') upsert(config.databases, databaseEntry(key, value, line, column));
      else if (section === 'users') upsert(config.users, userEntry(key, value, line, column));
      else if (section === 'pgbouncer') {
        if (isSetting(key)) applySetting(config, key, value, { name: key, line, column }, where);
        else if (isSetting(key.toLowerCase())) {
          config.notes.push(`${key} at ${where}: PgBouncer reads setting names case-sensitively and refuses '${key}'; write ${key.toLowerCase()}.`);
        }
      }
    }
  } catch {
    // Odd input degrades to what was read so far.
  }
  if (config.includes.length > 0) {
    const files = config.includes.map((include) => `${include.value} (${base}:${include.line})`).join(', ');
    config.notes.push(`%include ${files} is not followed: settings in included files are not read.`);
    // A setting this file does not set may be set there: its value is unknown, not PgBouncer's default.
    config.unknown = (Object.keys(SETTINGS) as SettingName[]).filter((setting) => config[SETTINGS[setting]] === undefined);
  }
  return config;
}
