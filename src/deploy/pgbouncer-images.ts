/**
 * Well-known pooler images in Compose files. For a PgBouncer image, the environment its entrypoint turns into
 * `pgbouncer.ini` (each image's own variable names, read from its entrypoint script) and the version in its
 * tag; for Supavisor, PgCat and PgDog images, only the profile. An image pooler-lint does not know yields
 * nothing: its variables could mean anything.
 *
 * Entrypoints read: edoburu/docker-pgbouncer `entrypoint.sh` (2025), brainsam/pgbouncer `entrypoint.sh`,
 * bitnami/containers `bitnami/pgbouncer/1/debian-12/.../libpgbouncer.sh` and `pgbouncer-env.sh`, and
 * sportsru/docker-pgbouncer `entrypoint.sh` (the source of the `pgbouncer/pgbouncer` image). Each writes
 * `ignore_startup_parameters = extra_float_digits` unless told otherwise, and each but `pgbouncer/pgbouncer`
 * keeps a `pgbouncer.ini` that is mounted into the container instead of writing one.
 */
import path from 'node:path';
import type { ProfileId } from '../profiles/index.js';
import { composeServices, interpolationDefault, parseImage, type ComposeEnvEntry, type ComposeService } from './compose.js';
import { SETTINGS, applySetting, dropUnknownToVersion, emptyConfig, readCount, readPoolMode, type PgBouncerConfig, type PgBouncerDatabase, type SettingName } from './pgbouncer-config.js';
import { connectionPairs } from './pgbouncer-ini.js';

/** The environment of a service by variable name, with the values Compose uses when the shell sets nothing. */
type Environment = ReadonlyMap<string, ComposeEnvEntry>;

/** A PgBouncer image family: how its entrypoint turns variables into `pgbouncer.ini`. */
interface PgBouncerImage {
  /** Repositories without registry: `bitnami/pgbouncer`. */
  repositories: readonly string[];
  /** The variable its entrypoint writes into each setting. */
  env: Partial<Record<SettingName, string>>;
  /** Where the entrypoint keeps a mounted `pgbouncer.ini` instead of writing one (none: it always writes). */
  configFile?: string;
  /** The databases its entrypoint writes into `[databases]`. */
  databases(env: Environment, service: ComposeService): PgBouncerDatabase[];
}

/** Settings named like the `[pgbouncer]` key in upper case, with a prefix. */
function envNames(prefix: string, settings: readonly SettingName[]): Partial<Record<SettingName, string>> {
  return Object.fromEntries(settings.map((setting) => [setting, `${prefix}${setting.toUpperCase()}`]));
}

const COMMON: readonly SettingName[] = ['pool_mode', 'max_client_conn', 'default_pool_size', 'max_db_connections', 'reserve_pool_size', 'ignore_startup_parameters'];

function value(env: Environment, name: string): string | undefined {
  const raw = env.get(name)?.value;
  return raw === undefined ? undefined : interpolationDefault(raw);
}

function oneDatabase(service: ComposeService, name: string, forcedUser: boolean, extra: Partial<PgBouncerDatabase> = {}): PgBouncerDatabase {
  return { name, line: service.imageLine ?? service.line, column: service.imageColumn ?? service.column, forcedUser, ...extra };
}

/** A count from a variable (`DATABASES_POOL_SIZE=10`). */
function countOf(env: Environment, name: string): number | undefined {
  return readCount(value(env, name) ?? '');
}

const IMAGES: readonly PgBouncerImage[] = [
  {
    repositories: ['edoburu/pgbouncer'],
    env: envNames('', [...COMMON, 'max_user_connections', 'max_prepared_statements']),
    configFile: '/etc/pgbouncer/pgbouncer.ini',
    // One entry per URL of DATABASE_URLS, else one for DATABASE_URL's database or DB_NAME (else `*`);
    // `auth_user=`, never a forced user.
    databases(env, service) {
      const urls = value(env, 'DATABASE_URLS')?.split(',').filter((url) => url.trim() !== '');
      if (urls && urls.length > 0) return urls.map((_, index) => oneDatabase(service, `DATABASE_URLS[${index}]`, false));
      const name = env.has('DATABASE_URL') ? 'DATABASE_URL' : value(env, 'DB_NAME') || '*';
      return [oneDatabase(service, name, false)];
    },
  },
  {
    repositories: ['brainsam/pgbouncer'],
    env: envNames('', [...COMMON, 'max_user_connections']),
    configFile: '/etc/pgbouncer/pgbouncer.ini',
    // `* = host=… user=${DB_USER:-postgres}`: every client shares the one user's pool.
    databases: (_, service) => [oneDatabase(service, '*', true)],
  },
  {
    repositories: ['bitnami/pgbouncer', 'bitnamilegacy/pgbouncer', 'bitnamisecure/pgbouncer'],
    env: envNames('PGBOUNCER_', [...COMMON, 'max_prepared_statements']),
    configFile: '/bitnami/pgbouncer/conf/pgbouncer.ini',
    // PGBOUNCER_DATABASE (default `postgres`), then PGBOUNCER_DSN_0, _1, … as `name=connection string`.
    databases(env, service) {
      const forced = /^(?:yes|true|1)$/i.test(value(env, 'PGBOUNCER_SET_DATABASE_USER') ?? '');
      const databases = [oneDatabase(service, value(env, 'PGBOUNCER_DATABASE') || 'postgres', forced)];
      for (let index = 0; ; index++) {
        const dsn = value(env, `PGBOUNCER_DSN_${index}`);
        if (!dsn) break;
        const equals = dsn.indexOf('=');
        const pairs = connectionPairs(dsn.slice(equals + 1));
        const entry = env.get(`PGBOUNCER_DSN_${index}`)!;
        const name = equals > 0 ? dsn.slice(0, equals).trim() : `PGBOUNCER_DSN_${index}`;
        const database: PgBouncerDatabase = { name, line: entry.line, column: entry.column, forcedUser: (pairs.get('user') ?? '') !== '' };
        const poolSize = readCount(pairs.get('pool_size') ?? '');
        if (poolSize !== undefined) database.poolSize = poolSize;
        databases.push(database);
      }
      return databases;
    },
  },
  {
    repositories: ['pgbouncer/pgbouncer'],
    env: envNames('PGBOUNCER_', [...COMMON, 'max_user_connections']),
    // One entry: DATABASES_CLIENT_SIDE_DBNAME (or `*`) with DATABASES_* overrides.
    databases(env, service) {
      const extra: Partial<PgBouncerDatabase> = {};
      const poolSize = countOf(env, 'DATABASES_POOL_SIZE');
      if (poolSize !== undefined) extra.poolSize = poolSize;
      const reserve = countOf(env, 'DATABASES_RESERVE_POOL');
      if (reserve !== undefined) extra.reservePool = reserve;
      const maxDb = countOf(env, 'DATABASES_MAX_DB_CONNECTIONS');
      if (maxDb !== undefined) extra.maxDbConnections = maxDb;
      const mode = readPoolMode(value(env, 'DATABASES_POOL_MODE') ?? '');
      if (mode !== undefined) extra.poolMode = mode;
      return [oneDatabase(service, value(env, 'DATABASES_CLIENT_SIDE_DBNAME') || '*', Boolean(value(env, 'DATABASES_USER')), extra)];
    },
  },
];

/** Images of the other poolers: the profile only. */
const OTHER_POOLERS: ReadonlyArray<{ repositories: readonly string[]; profile: ProfileId }> = [
  { repositories: ['supabase/supavisor'], profile: 'supavisor' },
  { repositories: ['postgresml/pgcat'], profile: 'pgcat' },
  { repositories: ['pgdogdev/pgdog'], profile: 'pgdog' },
];

/**
 * The repository without its registry host or Docker Hub's `library/`: `ghcr.io/postgresml/pgcat` →
 * `postgresml/pgcat`.
 */
function shortRepository(repository: string): string {
  const parts = repository.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/');
}

/**
 * The PgBouncer version a tag names: `v1.22.1-p0` → `1.22.1`, `1.24.1-debian-12-r3` → `1.24.1`, `1.21` →
 * `1.21`; undefined for `latest`, a major alone (`1`), or no tag.
 */
export function versionFromTag(tag: string | undefined): string | undefined {
  const match = tag === undefined ? null : /^v?(\d+\.\d+(?:\.\d+)?)(?:[-_+.][\w.+-]*)?$/.exec(tag);
  return match?.[1];
}

/** A pooler image found in a Compose file. */
export type ImagePooler =
  | {
      kind: 'pgbouncer';
      config: PgBouncerConfig;
      /**
       * The host path (absolute) of a `pgbouncer.ini` the service mounts where its entrypoint reads one: that
       * file, not the environment, configures the pooler.
       */
      mountedIni?: string;
    }
  | { kind: 'other'; profile: ProfileId; file: string; line: number; column: number; image: string; service: string };

/** The host path of a `pgbouncer.ini` mounted at the image's config file, or the folder holding it. */
function mountedIni(service: ComposeService, configFile: string | undefined): string | undefined {
  if (configFile === undefined) return undefined;
  const folder = path.posix.dirname(configFile);
  for (const mount of service.mounts) {
    // A path under the user's home is not in the repository.
    if (mount.source.startsWith('~')) continue;
    const target = mount.target.replace(/\/+$/, '');
    const source = path.resolve(path.dirname(service.file), mount.source);
    if (target === configFile) return source;
    if (target === folder) return path.join(source, path.posix.basename(configFile));
  }
  return undefined;
}

function versionNote(reference: string, tag: string | undefined): string {
  const what = tag === undefined ? 'has no tag' : `has the tag '${tag}', which names no PgBouncer version`;
  return `The image ${reference} ${what}: the version is unknown, so pooler-lint assumes the oldest version the settings allow; set settings.pooler.version to the one you run.`;
}

function pgbouncerFromImage(image: PgBouncerImage, service: ComposeService, reference: string): ImagePooler {
  const { tag } = parseImage(reference);
  const config = emptyConfig(service.file, service.imageLine ?? service.line, service.imageColumn ?? service.column);
  config.image = { reference, service: service.name, variables: image.env };
  const version = versionFromTag(tag);
  if (version !== undefined) config.version = version;
  else config.notes.push(versionNote(reference, tag));
  const mounted = mountedIni(service, image.configFile);
  if (mounted !== undefined) {
    config.notes.push(`Service ${service.name} mounts ${path.basename(mounted)} where ${reference} reads its config: that file, not the environment, configures PgBouncer.`);
    return { kind: 'pgbouncer', config, mountedIni: mounted };
  }
  const env: Environment = new Map(service.environment.map((entry) => [entry.name, entry]));
  const where = `${path.basename(service.file)}, service ${service.name}`;
  for (const setting of Object.keys(SETTINGS) as SettingName[]) {
    const name = image.env[setting];
    if (name === undefined) {
      const unread = [setting.toUpperCase(), `PGBOUNCER_${setting.toUpperCase()}`].find((candidate) => env.has(candidate));
      if (unread) config.notes.push(`${unread} is set for service ${service.name}, but ${reference} does not write it into pgbouncer.ini: it has no effect.`);
      continue;
    }
    const entry = env.get(name);
    if (entry?.value === undefined) continue;
    const text = interpolationDefault(entry.value);
    if (text === undefined) {
      config.unknown.push(setting);
      config.notes.push(`${name} (${where}) takes its value from the shell: pooler-lint does not know it.`);
      continue;
    }
    // The entrypoints skip an empty variable (`${VAR:+…}`, Bitnami's is_empty_value).
    if (text.trim() === '') continue;
    applySetting(config, setting, text, { name, line: entry.line, column: entry.column }, `${where}, line ${entry.line}`);
  }
  if (service.envFiles.length > 0) {
    // A variable the environment does not set may be set in an env file: its value is unknown, not the default.
    const unset = (Object.keys(image.env) as SettingName[]).filter((setting) => config[SETTINGS[setting]] === undefined && !config.unknown.includes(setting));
    config.unknown.push(...unset);
    if (unset.length > 0) {
      config.notes.push(`Service ${service.name} reads env_file ${service.envFiles.join(', ')}, which pooler-lint does not follow: ${unset.map((setting) => image.env[setting]).join(', ')} may be set there.`);
    }
  }
  if (config.ignoreStartupParameters === undefined && !config.unknown.includes('ignore_startup_parameters') && image.env.ignore_startup_parameters !== undefined) {
    // Every entrypoint read writes this default when the variable is unset or empty.
    config.ignoreStartupParameters = { value: ['extra_float_digits'], name: `${image.env.ignore_startup_parameters} (image default)`, line: config.line, column: config.column };
  }
  config.databases = image.databases(env, service);
  dropUnknownToVersion(config, where);
  return { kind: 'pgbouncer', config };
}

/**
 * The pooler a Compose service runs, when its image is one pooler-lint knows.
 * @example poolerFromService(service) // { kind: 'pgbouncer', config: { poolMode: { value: 'transaction', … }, version: '1.22.1', … } }
 */
export function poolerFromService(service: ComposeService): ImagePooler | undefined {
  if (service.image === undefined) return undefined;
  const repository = shortRepository(parseImage(service.image).repository);
  const image = IMAGES.find((candidate) => candidate.repositories.includes(repository));
  if (image) return pgbouncerFromImage(image, service, service.image);
  const other = OTHER_POOLERS.find((candidate) => candidate.repositories.includes(repository));
  if (!other) return undefined;
  const line = service.imageLine ?? service.line;
  const column = service.imageColumn ?? service.column;
  return { kind: 'other', profile: other.profile, file: service.file, line, column, image: service.image, service: service.name };
}

/**
 * The poolers of a Compose file, in service order. Never throws.
 * @example poolersInCompose(text, '/r/docker-compose.yml').map((p) => p.kind) // ['pgbouncer']
 */
export function poolersInCompose(text: string, file: string): ImagePooler[] {
  return composeServices(text, file).flatMap((service) => poolerFromService(service) ?? []);
}
