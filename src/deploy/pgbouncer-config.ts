/**
 * A PgBouncer configuration as pooler-lint reads it from a `pgbouncer.ini` or from the environment of a
 * PgBouncer image in a Compose file: the settings that decide the profile (pool mode, prepared statements,
 * tracked and ignored startup parameters) and the pool sizes, each with the place it was written.
 * Defaults and version rules: PgBouncer's config.md [PGB-CFG] and NEWS.md [PGB-NEWS], checked against
 * PgBouncer 1.18 (`SHOW CONFIG`).
 */
import { atLeast, parseVersion } from '../profiles/settings.js';

export type PoolMode = 'session' | 'transaction' | 'statement';

/** A setting's value and where it was written. */
export interface Located<T> {
  value: T;
  /** The name as written: `default_pool_size`, `PGBOUNCER_DEFAULT_POOL_SIZE`. */
  name: string;
  line: number;
  column: number;
}

/** One `[databases]` entry (or the database an image's entrypoint writes). */
export interface PgBouncerDatabase {
  /** The client-side name; `*` is the fallback for any database name. */
  name: string;
  line: number;
  column: number;
  /** `pool_size=`: overrides `default_pool_size` for this database. */
  poolSize?: number;
  /** `reserve_pool=` (or its newer name `reserve_pool_size=`): overrides `reserve_pool_size`. */
  reservePool?: number;
  poolMode?: PoolMode;
  maxDbConnections?: number;
  /** `user=` is set: every client of this database shares one pool, whatever user it logs in as. */
  forcedUser: boolean;
}

/** One `[users]` entry. */
export interface PgBouncerUser {
  name: string;
  line: number;
  column: number;
  poolMode?: PoolMode;
  maxUserConnections?: number;
}

/** The settings of one PgBouncer. Absent settings take PgBouncer's defaults (`PGBOUNCER_DEFAULTS`). */
export interface PgBouncerConfig {
  /** Absolute path of the file it was read from. */
  file: string;
  /** Where it starts: the `[pgbouncer]` header, or the image of the Compose service. */
  line: number;
  column: number;
  /** For an image: the image as written, the Compose service, and the variable that sets each setting. */
  image?: { reference: string; service: string; variables: Partial<Record<SettingName, string>> };
  /** From the image tag (`1.22.1`); undefined for an ini file or a tag without a version. */
  version?: string;
  poolMode?: Located<PoolMode>;
  maxPreparedStatements?: Located<number>;
  defaultPoolSize?: Located<number>;
  maxClientConn?: Located<number>;
  maxDbConnections?: Located<number>;
  maxUserConnections?: Located<number>;
  reservePoolSize?: Located<number>;
  /** Lower case. */
  ignoreStartupParameters?: Located<string[]>;
  /** Lower case. */
  trackExtraParameters?: Located<string[]>;
  databases: PgBouncerDatabase[];
  users: PgBouncerUser[];
  /** Settings whose value is decided outside the repository (a shell variable, a mounted file not read). */
  unknown: SettingName[];
  /** `%include` lines: not followed (their paths are the pooler host's). */
  includes: Located<string>[];
  /** What the reader could not use, and why: one sentence each. */
  notes: string[];
}

/** PgBouncer's defaults for the settings modelled here [PGB-CFG], as 1.18 reports them in `SHOW CONFIG`. */
export const PGBOUNCER_DEFAULTS = {
  poolMode: 'session',
  defaultPoolSize: 20,
  maxClientConn: 100,
  /** 0: no limit. */
  maxDbConnections: 0,
  /** 0: no limit. */
  maxUserConnections: 0,
  reservePoolSize: 0,
} as const satisfies Record<string, PoolMode | number>;

/**
 * `max_prepared_statements` when not set: 0 before 1.24, 200 from 1.24.0 [PGB-NEWS 1.24.0]; undefined when the
 * version is unknown.
 */
export function defaultMaxPreparedStatements(version: string | undefined): number | undefined {
  const parsed = version === undefined ? undefined : parseVersion(version);
  return parsed === undefined ? undefined : atLeast(parsed, 1, 24) ? 200 : 0;
}

/** Settings that older versions refuse as `unknown parameter` (observed on 1.18: PgBouncer does not start). */
export const SETTING_SINCE: Readonly<Record<string, readonly [number, number]>> = {
  max_prepared_statements: [1, 21],
  track_extra_parameters: [1, 20],
};

/** The settings read here, by their ini name, and how each value is read. */
export const SETTINGS = {
  pool_mode: 'poolMode',
  max_prepared_statements: 'maxPreparedStatements',
  default_pool_size: 'defaultPoolSize',
  max_client_conn: 'maxClientConn',
  max_db_connections: 'maxDbConnections',
  max_user_connections: 'maxUserConnections',
  reserve_pool_size: 'reservePoolSize',
  ignore_startup_parameters: 'ignoreStartupParameters',
  track_extra_parameters: 'trackExtraParameters',
} as const satisfies Record<string, keyof PgBouncerConfig>;
export type SettingName = keyof typeof SETTINGS;

/**
 * Reads a pool mode as PgBouncer does (any case); undefined for anything else.
 * @example readPoolMode('Transaction') // 'transaction'
 */
export function readPoolMode(text: string): PoolMode | undefined {
  const mode = text.trim().toLowerCase();
  return mode === 'session' || mode === 'transaction' || mode === 'statement' ? mode : undefined;
}

/** An integer as PgBouncer's config parser reads it (C `strtol` with base 0), before any range check. */
const INTEGER = /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9]\d*))$/;

/**
 * Reads an integer as PgBouncer does (observed on 1.18): surrounding blanks allowed, `0x10` is 16 and `010` is
 * the octal 8, and anything after the number (`20 ; comment`, `1e3`, `08`) makes the value invalid. Undefined
 * for an invalid value.
 * @example readInteger(' 25 ') // 25
 * @example readInteger('010') // 8
 */
export function readInteger(text: string): number | undefined {
  const match = INTEGER.exec(text.trim());
  if (!match) return undefined;
  const [, sign, hex, octal, decimal] = match;
  const magnitude = hex !== undefined ? parseInt(hex, 16) : octal !== undefined ? parseInt(octal, 8) : Number(decimal);
  return sign === '-' ? -magnitude : magnitude;
}

/**
 * A count (0 or more) as PgBouncer reads it; undefined for an invalid or negative value.
 * @example readCount('0x10') // 16
 */
export function readCount(text: string): number | undefined {
  const value = readInteger(text);
  return value !== undefined && value >= 0 ? value : undefined;
}

/**
 * Reads a comma-separated list of parameter names, lower case.
 * @example readNames('extra_float_digits, Options') // ['extra_float_digits', 'options']
 */
export function readNames(text: string): string[] | undefined {
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  return names.every((name) => /^[\w.]+$/.test(name)) ? names : undefined;
}

/**
 * Sets one `[pgbouncer]` setting on `config` from its text; a value PgBouncer would refuse is left out with a
 * note. `where` names the place for the note: `pgbouncer.ini:12`.
 */
export function applySetting(config: PgBouncerConfig, setting: SettingName, text: string, at: Omit<Located<unknown>, 'value'>, where: string): void {
  const key = SETTINGS[setting];
  const refuse = (expected: string) => {
    config.notes.push(`${at.name} = '${text.trim()}' at ${where} is not ${expected}: PgBouncer refuses to start with it, so pooler-lint ignores it.`);
  };
  const ignore = (why: string) => {
    config.notes.push(`${at.name} = '${text.trim()}' at ${where} ${why}, so pooler-lint ignores it.`);
  };
  if (key === 'poolMode') {
    const mode = readPoolMode(text);
    if (mode === undefined) return refuse('session, transaction or statement');
    config.poolMode = { ...at, value: mode };
  } else if (key === 'ignoreStartupParameters' || key === 'trackExtraParameters') {
    const names = readNames(text);
    if (names === undefined) return refuse('a comma-separated list of parameter names');
    config[key] = { ...at, value: names };
  } else {
    const number = readInteger(text);
    if (number === undefined) return refuse('a whole number');
    if (number < 0) return ignore('is negative');
    if (/^0\d/.test(text.trim())) {
      config.notes.push(`${at.name} = '${text.trim()}' at ${where}: PgBouncer reads a leading 0 as octal, so this is ${number}.`);
    }
    config[key] = { ...at, value: number };
  }
}

/** An empty configuration. */
export function emptyConfig(file: string, line: number, column: number): PgBouncerConfig {
  return { file, line, column, databases: [], users: [], unknown: [], includes: [], notes: [] };
}

/**
 * Leaves out the settings the config's version does not know, with a note: PgBouncer refuses to start with an
 * unknown setting (observed on 1.18 for `max_prepared_statements` and `track_extra_parameters`).
 */
export function dropUnknownToVersion(config: PgBouncerConfig, where: string): void {
  const version = config.version === undefined ? undefined : parseVersion(config.version);
  if (version === undefined) return;
  for (const [setting, [major, minor]] of Object.entries(SETTING_SINCE)) {
    const key = SETTINGS[setting as SettingName];
    const given = config[key] as Located<unknown> | undefined;
    if (given === undefined || atLeast(version, major, minor)) continue;
    delete config[key];
    config.notes.push(
      `${given.name} (${where}) needs PgBouncer ${major}.${minor} or later, but the version is ${config.version}: ` +
        `PgBouncer ${config.version} refuses to start with an unknown setting, so pooler-lint ignores it.`,
    );
  }
}
