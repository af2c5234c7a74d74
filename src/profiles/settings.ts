/**
 * Validation of `settings.pooler` (unknown input from an ESLint config). Every problem is one sentence that
 * names the key, what is expected, and what was given.
 */
import { KINDS } from '../drivers/catalog/index.js';
import { PROFILE_IDS, type DriverSpecifierInput, type PoolerSettings, type ProfileId } from './types.js';

/**
 * Thrown by `resolveProfile` for a bad `settings.pooler`; the message is one sentence. Its `stack` is the
 * message alone: ESLint prints a rule's error as `error.stack` (after adding the rule and the file to the
 * message), and a user's configuration mistake needs no call frames.
 */
export class PoolerSettingsError extends Error {
  override name = 'PoolerSettingsError';

  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'stack', { get: () => this.message, configurable: true });
  }
}

type OptionKey = Exclude<keyof PoolerSettings, 'profile'>;

/** Which profiles take which option. */
const OPTION_PROFILES: Readonly<Record<OptionKey, readonly ProfileId[]>> = {
  version: ['pgbouncer'],
  maxPreparedStatements: ['pgbouncer', 'azure'],
  trackExtraParameters: ['pgbouncer'],
  directUrlPattern: PROFILE_IDS,
  driverSpecifiers: PROFILE_IDS,
  nonServingFiles: PROFILE_IDS,
};
const KNOWN_KEYS: readonly string[] = ['profile', ...Object.keys(OPTION_PROFILES)];

/** A PgBouncer version as numbers: `[major, minor, patch]`. */
export type Version = readonly [number, number, number];

const VERSION_PATTERN = /^(\d+)\.(\d+)(?:\.(\d+))?$/;

/**
 * Parses a version string; undefined when it is not `major.minor[.patch]`.
 * @example parseVersion('1.24.1') // [1, 24, 1]
 */
export function parseVersion(text: string): Version | undefined {
  const match = VERSION_PATTERN.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/**
 * Whether `version` is at least `major.minor`.
 * @example atLeast([1, 21, 0], 1, 20) // true
 */
export function atLeast(version: Version, major: number, minor: number): boolean {
  return version[0] !== major ? version[0] > major : version[1] >= minor;
}

/** How a config value reads in a message: strings quoted, everything else as JSON. */
function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  return JSON.stringify(value) ?? String(value);
}

function fail(sentence: string): never {
  throw new PoolerSettingsError(sentence);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function readProfile(value: unknown): ProfileId {
  if (value === undefined) return 'transaction';
  const id = PROFILE_IDS.find((candidate) => candidate === value);
  return id ?? fail(`settings.pooler.profile ${show(value)} is not a pooler profile; use one of: ${PROFILE_IDS.join(', ')}.`);
}

function readVersion(value: unknown): string {
  if (typeof value === 'string' && parseVersion(value)) return value;
  return fail(`settings.pooler.version must be a PgBouncer version string such as '1.21' or '1.24.1', got ${show(value)}.`);
}

function readMaxPreparedStatements(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  return fail(`settings.pooler.maxPreparedStatements must be a whole number of 0 or more, got ${show(value)}.`);
}

function readTrackExtraParameters(value: unknown): string[] {
  if (Array.isArray(value) && value.every((name) => typeof name === 'string' && /^[\w.]+$/.test(name))) {
    return (value as string[]).map((name) => name.toLowerCase());
  }
  return fail(`settings.pooler.trackExtraParameters must be an array of parameter names such as ['search_path'], got ${show(value)}.`);
}

function readDirectUrlPattern(value: unknown): string {
  if (typeof value !== 'string') {
    return fail(`settings.pooler.directUrlPattern must be a regular expression in a string, got ${show(value)}.`);
  }
  try {
    new RegExp(value);
  } catch (error) {
    fail(`settings.pooler.directUrlPattern ${show(value)} is not a valid regular expression (${(error as Error).message}).`);
  }
  return value;
}

function readNonServingFiles(value: unknown): string[] {
  if (Array.isArray(value) && value.every((glob) => typeof glob === 'string' && glob.trim() !== '')) return value as string[];
  return fail(`settings.pooler.nonServingFiles must be an array of glob patterns such as ['**/test/**', 'tools/**'] (empty: every file serves), got ${show(value)}.`);
}

const SPECIFIER_KEYS = new Set(['from', 'name', 'package', 'path', 'kind', 'call', 'inTransaction']);

function readDriverSpecifiers(value: unknown, isKind: (kind: string) => boolean): DriverSpecifierInput[] {
  const example = "[{ from: 'file', path: 'src/db.ts', name: 'getClient', kind: 'pg.PoolClient', call: 'resolves' }]";
  if (!Array.isArray(value)) return fail(`settings.pooler.driverSpecifiers must be an array such as ${example}, got ${show(value)}.`);
  value.forEach((entry: unknown, index) => {
    const where = `settings.pooler.driverSpecifiers[${index}]`;
    if (!isPlainObject(entry)) fail(`${where} must be an object such as ${example}, got ${show(entry)}.`);
    const record = entry as Record<string, unknown>;
    const extra = Object.keys(record).find((key) => !SPECIFIER_KEYS.has(key));
    if (extra !== undefined) fail(`${where} has an unknown key '${extra}'; the known keys are ${[...SPECIFIER_KEYS].join(', ')}.`);
    if (record.from !== 'package' && record.from !== 'file') fail(`${where}.from must be 'package' or 'file', got ${show(record.from)}.`);
    const names = typeof record.name === 'string' ? [record.name] : record.name;
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && n !== '')) {
      fail(`${where}.name must be a name or an array of names, got ${show(record.name)}.`);
    }
    const location = record.from === 'package' ? 'package' : 'path';
    if (typeof record[location] !== 'string' || record[location] === '') fail(`${where}.${location} must be a non-empty string, got ${show(record[location])}.`);
    if (typeof record.kind !== 'string' || !isKind(record.kind)) fail(`${where}.kind must be a driver value kind such as 'pg.Pool', got ${show(record.kind)}.`);
    if (record.call !== undefined && record.call !== 'returns' && record.call !== 'resolves') {
      fail(`${where}.call must be 'returns' or 'resolves', got ${show(record.call)}.`);
    }
    if (record.inTransaction !== undefined && typeof record.inTransaction !== 'boolean') {
      fail(`${where}.inTransaction must be true or false, got ${show(record.inTransaction)}.`);
    }
  });
  return value as DriverSpecifierInput[];
}

/** Rejects options set against a PgBouncer version that does not have them. */
function checkVersionSupports(settings: PoolerSettings): void {
  const version = settings.version === undefined ? undefined : parseVersion(settings.version);
  if (!version) return;
  if ((settings.maxPreparedStatements ?? 0) > 0 && !atLeast(version, 1, 21)) {
    fail(`settings.pooler.maxPreparedStatements needs PgBouncer 1.21 or later, but version is '${settings.version}'.`);
  }
  if ((settings.trackExtraParameters?.length ?? 0) > 0 && !atLeast(version, 1, 20)) {
    fail(`settings.pooler.trackExtraParameters needs PgBouncer 1.20 or later, but version is '${settings.version}'.`);
  }
}

/**
 * Validates `settings.pooler`; `undefined` (no setting) means the default `transaction` profile. Throws
 * `PoolerSettingsError` on the first problem. The result holds only the keys that were given, plus `profile`.
 * @example validateSettings({ profile: 'pgbouncer', version: '1.21' }) // { profile: 'pgbouncer', version: '1.21' }
 * @example validateSettings({ profile: 'pgbouncr' }) // throws: settings.pooler.profile 'pgbouncr' is not a pooler profile; …
 */
export function validateSettings(input: unknown): PoolerSettings & { profile: ProfileId } {
  if (input === undefined || input === null) return { profile: 'transaction' };
  if (!isPlainObject(input)) {
    return fail(`settings.pooler must be an object such as { profile: 'pgbouncer' }, got ${show(input)}.`);
  }
  const unknownKey = Object.keys(input).find((key) => !KNOWN_KEYS.includes(key));
  if (unknownKey !== undefined) {
    fail(`settings.pooler has an unknown key '${unknownKey}'; the known keys are ${KNOWN_KEYS.join(', ')}.`);
  }
  const result: PoolerSettings & { profile: ProfileId } = { profile: readProfile(input.profile) };
  for (const key of Object.keys(OPTION_PROFILES) as OptionKey[]) {
    if (input[key] === undefined) continue;
    const profiles = OPTION_PROFILES[key];
    if (!profiles.includes(result.profile)) {
      fail(`settings.pooler.${key} does not apply to profile '${result.profile}'; it applies to: ${profiles.join(', ')}.`);
    }
  }
  if (input.version !== undefined) result.version = readVersion(input.version);
  if (input.maxPreparedStatements !== undefined) {
    result.maxPreparedStatements = readMaxPreparedStatements(input.maxPreparedStatements);
  }
  if (input.trackExtraParameters !== undefined) {
    result.trackExtraParameters = readTrackExtraParameters(input.trackExtraParameters);
  }
  if (input.directUrlPattern !== undefined) result.directUrlPattern = readDirectUrlPattern(input.directUrlPattern);
  if (input.driverSpecifiers !== undefined) {
    result.driverSpecifiers = readDriverSpecifiers(input.driverSpecifiers, (kind) => Object.hasOwn(KINDS, kind));
  }
  if (input.nonServingFiles !== undefined) result.nonServingFiles = readNonServingFiles(input.nonServingFiles);
  checkVersionSupports(result);
  return result;
}
