/**
 * From a pooler configuration found in the repository to the profile settings it implies, and how those
 * settings merge with the user's: CLI flags > the project's `settings.pooler` > the found configuration >
 * the default (`transaction`). The report says where the profile came from:
 * "profile pgbouncer (1.22.1, max_prepared_statements=200) from docker-compose.yml:12".
 */
import path from 'node:path';
import type { PoolerSettings, ProfileId } from '../profiles/index.js';
import { validateSettings } from '../profiles/settings.js';
import { PGBOUNCER_DEFAULTS, dropUnknownToVersion, type PgBouncerConfig } from './pgbouncer-config.js';
import type { ImagePooler } from './pgbouncer-images.js';
import type { DeployLocation, FoundPoolerConfig } from './types.js';

/** A Supavisor, PgCat or PgDog image: the profile only. */
export type OtherPooler = Extract<ImagePooler, { kind: 'other' }>;

/** Startup parameters every PgBouncer image ignores by default, and clients send routinely (pg, JDBC). */
const ROUTINE_IGNORED = new Set(['extra_float_digits']);

function sourceOf(config: { file: string; line: number; column: number }): DeployLocation {
  return { file: config.file, line: config.line, column: config.column };
}

/** The notes about the pool mode and the ignored startup parameters, which the profile model does not carry. */
function modelNotes(config: PgBouncerConfig, mode: string): string[] {
  const notes: string[] = [];
  if (config.poolMode === undefined) {
    notes.push(`No pool_mode is set: PgBouncer's default is ${PGBOUNCER_DEFAULTS.poolMode} mode, so this configuration implies the session profile.`);
  }
  if (mode === 'statement') {
    notes.push('pool_mode = statement is checked as transaction mode; statement mode also refuses every multi-statement transaction.');
  }
  for (const [kind, entries] of [['database', config.databases], ['user', config.users]] as const) {
    for (const entry of entries.filter((candidate) => candidate.poolMode !== undefined && candidate.poolMode !== mode)) {
      notes.push(`${kind} ${entry.name} (${path.basename(config.file)}:${entry.line}) runs in ${entry.poolMode} mode; the profile follows the global ${mode} mode.`);
    }
  }
  const dropped = (config.ignoreStartupParameters?.value ?? []).filter((name) => !ROUTINE_IGNORED.has(name));
  if (dropped.length > 0) {
    notes.push(
      `ignore_startup_parameters lists ${dropped.join(', ')}: PgBouncer accepts these startup parameters and drops their values ` +
        'silently, so a client that sets them connects but runs without them.',
    );
  }
  return notes;
}

/** The profile settings a PgBouncer configuration implies, keeping only what validates. */
function pgbouncerSettings(config: PgBouncerConfig, mode: string): Partial<PoolerSettings> {
  if (mode === 'session') return { profile: 'session' };
  const settings: PoolerSettings = { profile: 'pgbouncer' };
  if (config.version !== undefined) settings.version = config.version;
  if (config.maxPreparedStatements !== undefined) settings.maxPreparedStatements = config.maxPreparedStatements.value;
  if (config.trackExtraParameters !== undefined) settings.trackExtraParameters = config.trackExtraParameters.value;
  try {
    validateSettings(settings);
    return settings;
  } catch {
    // A version too old for a setting is dropped while reading; anything else left invalid keeps the profile only.
    return { profile: 'pgbouncer', ...(settings.version === undefined ? {} : { version: settings.version }) };
  }
}

/**
 * The profile settings a found pooler configuration implies, where it was found, and what could not be used.
 * A PgBouncer whose pool mode is decided outside the repository implies no profile.
 * @example foundPoolerConfig(parsePgBouncerIni('[pgbouncer]\npool_mode = transaction\nmax_prepared_statements = 200\n', file)).settings
 *   // { profile: 'pgbouncer', maxPreparedStatements: 200 }
 */
export function foundPoolerConfig(pooler: PgBouncerConfig | OtherPooler): FoundPoolerConfig {
  if ('kind' in pooler) return { source: sourceOf(pooler), settings: { profile: pooler.profile }, notes: [] };
  if (pooler.poolMode === undefined && pooler.unknown.includes('pool_mode')) {
    return { source: sourceOf(pooler), settings: {}, notes: [...pooler.notes, 'The pool mode is not known, so this configuration sets no profile.'] };
  }
  const mode = pooler.poolMode?.value ?? PGBOUNCER_DEFAULTS.poolMode;
  return { source: sourceOf(pooler), settings: pgbouncerSettings(pooler, mode), notes: [...pooler.notes, ...modelNotes(pooler, mode)] };
}

/** A PgBouncer configuration and, for an image that mounts a `pgbouncer.ini`, the file it reads. */
export interface ChosenPooler {
  /** The configuration whose settings apply; undefined when none was found. */
  found?: FoundPoolerConfig;
  /** Every PgBouncer configuration, mounted files joined to their image: each gets the sizing checks. */
  pgbouncers: PgBouncerConfig[];
}

/** An ini file mounted by an image: the file's settings, the image's version. */
function joinMounted(image: PgBouncerConfig, ini: PgBouncerConfig): PgBouncerConfig {
  const joined: PgBouncerConfig = { ...ini, notes: [...image.notes, ...ini.notes] };
  if (image.version !== undefined) joined.version = image.version;
  if (image.image !== undefined) joined.image = image.image;
  dropUnknownToVersion(joined, `${path.basename(ini.file)}, read by ${image.image?.reference ?? 'the image'}`);
  return joined;
}

/**
 * Chooses the pooler configuration that sets the profile among those found: a Compose service's (with the
 * `pgbouncer.ini` it mounts), else a `pgbouncer.ini` no service mounts. When several are found, the first is
 * used and a note names the others. An image that mounts a file not found in the repository has unknown
 * settings.
 */
export function choosePoolerConfig(inis: readonly PgBouncerConfig[], images: readonly ImagePooler[], cwd: string): ChosenPooler {
  const mounted = new Set<string>();
  const candidates: (PgBouncerConfig | OtherPooler)[] = [];
  for (const image of images) {
    if (image.kind === 'other') {
      candidates.push(image);
      continue;
    }
    if (image.mountedIni === undefined) {
      candidates.push(image.config);
      continue;
    }
    const ini = inis.find((candidate) => candidate.file === image.mountedIni);
    if (ini) {
      mounted.add(ini.file);
      candidates.push(joinMounted(image.config, ini));
    } else {
      const unknown = { ...image.config, unknown: ['pool_mode' as const], notes: [...image.config.notes] };
      unknown.notes.push(`${path.relative(cwd, image.mountedIni)} was not read, so its settings are unknown.`);
      candidates.push(unknown);
    }
  }
  candidates.push(...inis.filter((ini) => !mounted.has(ini.file)));
  const pgbouncers = candidates.filter((candidate): candidate is PgBouncerConfig => !('kind' in candidate));
  const [first, ...others] = candidates;
  if (first === undefined) return { pgbouncers };
  const found = foundPoolerConfig(first);
  if (others.length > 0) {
    const where = others.map((other) => `${path.relative(cwd, other.file)}:${other.line}`).join(', ');
    found.notes = [...(found.notes ?? []), `Other pooler configurations were found (${where}); the profile follows the first. Set settings.pooler to choose.`];
  }
  return { found, pgbouncers };
}

/** Where a setting came from, highest precedence first. */
export type SettingOrigin = 'flags' | 'settings' | 'found' | 'default';

/** The merged `settings.pooler` and where each key came from. */
export interface MergedPoolerSettings {
  settings: PoolerSettings;
  origin: Partial<Record<keyof PoolerSettings, SettingOrigin>>;
  /** The found configuration, when it contributed. */
  found?: FoundPoolerConfig;
  /** Why a found configuration did not contribute, or contributed only its profile. */
  notes: string[];
}

function validates(settings: PoolerSettings): boolean {
  try {
    validateSettings(settings);
    return true;
  } catch {
    return false;
  }
}

function originOf(layers: ReadonlyArray<[SettingOrigin, Partial<PoolerSettings>]>, settings: PoolerSettings): MergedPoolerSettings['origin'] {
  const origin: MergedPoolerSettings['origin'] = {};
  for (const key of Object.keys(settings) as (keyof PoolerSettings)[]) {
    origin[key] = layers.find(([, layer]) => layer[key] !== undefined)?.[0] ?? 'default';
  }
  origin.profile ??= 'default';
  return origin;
}

/**
 * Merges the pooler settings key by key: CLI flags > the project's `settings.pooler` > the found configuration
 * > the default. A found configuration of another profile than the one the flags or settings name does not
 * contribute; found options that would make the user's settings invalid are dropped (the user's own mistakes
 * are left for `resolveProfile` to report). Never throws.
 * @example mergePoolerSettings({ flags: {}, project: { nonServingFiles: [] }, found }).origin.profile // 'found'
 */
export function mergePoolerSettings(input: { flags?: Partial<PoolerSettings>; project?: Partial<PoolerSettings>; found?: FoundPoolerConfig }): MergedPoolerSettings {
  const flags = input.flags ?? {};
  const project = input.project ?? {};
  const base: PoolerSettings = { ...project, ...flags };
  const found = input.found;
  const foundProfile: ProfileId | undefined = found?.settings.profile;
  const layers: [SettingOrigin, Partial<PoolerSettings>][] = [
    ['flags', flags],
    ['settings', project],
  ];
  const result = (settings: PoolerSettings, notes: string[], contributed: Partial<PoolerSettings> | undefined): MergedPoolerSettings => {
    const all: [SettingOrigin, Partial<PoolerSettings>][] = contributed ? [...layers, ['found', contributed]] : layers;
    const merged: MergedPoolerSettings = { settings, origin: originOf(all, settings), notes };
    if (contributed && found) merged.found = found;
    return merged;
  };
  if (found === undefined || foundProfile === undefined) return result(base, [], undefined);
  const where = `${path.basename(found.source.file)}:${found.source.line}`;
  if (base.profile !== undefined && base.profile !== foundProfile) {
    const by = flags.profile !== undefined ? `--pooler ${base.profile}` : `settings.pooler.profile '${base.profile}'`;
    return result(base, [`${by} wins over the ${foundProfile} configuration found at ${where}.`], undefined);
  }
  const full = { ...found.settings, ...base };
  if (validates(full)) return result(full, [], found.settings);
  const profileOnly = { profile: foundProfile, ...base };
  const notes = [`The options of the configuration found at ${where} conflict with your pooler settings; only its profile is used.`];
  if (validates(profileOnly)) return result(profileOnly, notes, { profile: foundProfile });
  return result(base, [`The configuration found at ${where} does not fit your pooler settings and is not used.`], undefined);
}

/** How an option reads in the origin line: `max_prepared_statements=200`, as the pooler spells it. */
const OPTION_LABEL: Partial<Record<keyof PoolerSettings, (value: unknown) => string>> = {
  version: (value) => String(value),
  maxPreparedStatements: (value) => `max_prepared_statements=${String(value)}`,
  trackExtraParameters: (value) => `track_extra_parameters=${(value as string[]).join(',')}`,
};

const ORIGIN_LABEL: Readonly<Record<Exclude<SettingOrigin, 'found'>, string>> = {
  flags: 'the command line',
  settings: 'settings.pooler',
  default: 'the default',
};

/**
 * One line saying which profile applies and where it came from.
 * @example describePoolerOrigin(merged, '/repo') // 'profile pgbouncer (1.22.1, max_prepared_statements=200) from docker-compose.yml:12'
 */
export function describePoolerOrigin(merged: MergedPoolerSettings, cwd: string): string {
  const where = (origin: SettingOrigin) =>
    origin === 'found' && merged.found ? `${path.relative(cwd, merged.found.source.file)}:${merged.found.source.line}` : ORIGIN_LABEL[origin as Exclude<SettingOrigin, 'found'>];
  const profileOrigin = merged.origin.profile ?? 'default';
  const options = (Object.keys(OPTION_LABEL) as (keyof PoolerSettings)[]).filter((key) => merged.settings[key] !== undefined);
  const same = options.filter((key) => merged.origin[key] === profileOrigin);
  const elsewhere = options.filter((key) => merged.origin[key] !== profileOrigin);
  const label = (key: keyof PoolerSettings) => OPTION_LABEL[key]!(merged.settings[key]);
  const details = same.length > 0 ? ` (${same.map(label).join(', ')})` : '';
  const rest = elsewhere.map((key) => `; ${key === 'version' ? 'version ' : ''}${label(key)} from ${where(merged.origin[key] ?? 'default')}`).join('');
  return `profile ${merged.settings.profile ?? 'transaction'}${details} from ${where(profileOrigin)}${rest}`;
}
