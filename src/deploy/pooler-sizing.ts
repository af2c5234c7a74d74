/**
 * The sizing checks of a PgBouncer configuration found in the repository, with the budget the
 * `pool-size-budget` rule uses (src/pools/budget.ts: `max_connections` less the reserved connections):
 * - `pooler-size-budget`: the server connections PgBouncer may open (pool size + reserve, per database and
 *   user, capped by `max_db_connections`) exceed what the database allows;
 * - `pooler-pool-mode`: session mode (set, or PgBouncer's default) gives each client a server connection of
 *   its own, so the app's clients at peak need as many server connections: no multiplexing;
 * - `pooler-max-client-conn`: the app's client connections at peak exceed `max_client_conn`.
 */
import path from 'node:path';
import { poolBudget, type Budget } from '../pools/index.js';
import { PGBOUNCER_DEFAULTS, type Located, type PgBouncerConfig, type SettingName } from './pgbouncer-config.js';
import type { DeployFinding } from './types.js';

/** What the checks compare the configuration with. */
export interface SizingOptions {
  /** The database's `max_connections` (`--max-connections`; default as in the pool budget). */
  maxConnections?: number;
  /** Where `maxConnections` was read, when not from the command line: `docker-compose.yml:9`. */
  maxConnectionsAt?: string;
  /** Connections kept free for admin tools and migrations (`--reserved`; default as in the pool budget). */
  reserved?: number;
  /** The app's client connections at peak: the pool inventory's total × instances; undefined when unknown. */
  peakClients?: number;
}

/** The server connections PgBouncer may open. */
interface ServerConnections {
  total: number;
  /** Connections per database, in config order. */
  perDatabase: { name: string; connections: number }[];
  /** A `*` entry: every other database name gets pools of its own, so the total is a floor. */
  wildcard: boolean;
  /** Some database has no forced user: each user that logs in gets pools of its own. */
  perUser: boolean;
}

function serverConnections(config: PgBouncerConfig): ServerConnections {
  const defaultPool = config.defaultPoolSize?.value ?? PGBOUNCER_DEFAULTS.defaultPoolSize;
  const defaultReserve = config.reservePoolSize?.value ?? PGBOUNCER_DEFAULTS.reservePoolSize;
  const globalCap = config.maxDbConnections?.value ?? PGBOUNCER_DEFAULTS.maxDbConnections;
  const perDatabase = config.databases.map((database) => {
    const pool = (database.poolSize ?? defaultPool) + (database.reservePool ?? defaultReserve);
    const cap = database.maxDbConnections ?? globalCap;
    return { name: database.name, connections: cap > 0 ? Math.min(cap, pool) : pool };
  });
  return {
    total: perDatabase.reduce((sum, database) => sum + database.connections, 0),
    perDatabase,
    wildcard: config.databases.some((database) => database.name === '*'),
    perUser: config.databases.some((database) => !database.forcedUser),
  };
}

/** `PgBouncer (pgbouncer.ini)` or `PgBouncer (edoburu/pgbouncer:1.22.1, service pgbouncer)`. */
function poolerName(config: PgBouncerConfig): string {
  return config.image ? `PgBouncer (${config.image.reference}, service ${config.image.service})` : `PgBouncer (${path.basename(config.file)})`;
}

/** The name a setting is written with here: the ini key, or the image's variable. */
function nameOf(config: PgBouncerConfig, setting: SettingName): string {
  return config.image?.variables[setting] ?? setting;
}

/** How a setting reads in a message: `DEFAULT_POOL_SIZE=25 at docker-compose.yml:8`, or its default. */
function shown(config: PgBouncerConfig, setting: SettingName, given: Located<number | string> | undefined, fallback: number | string): string {
  if (given) return `${given.name}=${given.value} at ${path.basename(config.file)}:${given.line}`;
  return `${nameOf(config, setting)} not set: PgBouncer's default ${fallback}`;
}

function at(config: PgBouncerConfig, given: { line: number; column: number } | undefined): Pick<DeployFinding, 'file' | 'line' | 'column'> {
  return { file: config.file, line: given?.line ?? config.line, column: given?.column ?? config.column };
}

function budgetFinding(config: PgBouncerConfig, budget: Budget, maxConnectionsAt: string | undefined): DeployFinding | undefined {
  if (config.databases.length === 0 || config.unknown.some((setting) => ['default_pool_size', 'reserve_pool_size', 'max_db_connections'].includes(setting))) return undefined;
  const server = serverConnections(config);
  if (server.total <= budget.available) return undefined;
  const usesDefault = config.databases.some((database) => database.poolSize === undefined);
  const largest = config.databases[server.perDatabase.indexOf(server.perDatabase.reduce((a, b) => (b.connections > a.connections ? b : a)))];
  const where = usesDefault ? config.defaultPoolSize : largest;
  const pool = shown(config, 'default_pool_size', config.defaultPoolSize, PGBOUNCER_DEFAULTS.defaultPoolSize);
  const reserve = config.reservePoolSize ? `, ${shown(config, 'reserve_pool_size', config.reservePoolSize, 0)}` : '';
  const split = server.perDatabase.map((database) => `${database.name} ${database.connections}`).join(', ');
  const floor = server.wildcard ? 'at least ' : '';
  const perUser = server.perUser ? ', for each user that logs in through it' : '';
  return {
    id: 'pooler-size-budget',
    ...at(config, where),
    message:
      `${poolerName(config)} may open ${floor}${server.total} server connections (${split}; ${pool}${reserve})${perUser}, more than the ` +
      `${budget.available} the database allows (max_connections ${budget.maxConnections}${maxConnectionsAt ? ` at ${maxConnectionsAt}` : ''} − ${budget.reserved} reserved). When its pools fill, ` +
      'PostgreSQL refuses further connections ("sorry, too many clients already") and migrations, admin tools and other services cannot connect. ' +
      `Lower ${nameOf(config, 'default_pool_size')} (or pool_size per database), or cap each database with ${nameOf(config, 'max_db_connections')}, ` +
      `so the total stays within ${budget.available}; if the database allows more, pass --max-connections.`,
  };
}

/** The pool mode in force: set, PgBouncer's default, or undefined when decided outside the repository. */
function poolMode(config: PgBouncerConfig): string | undefined {
  if (config.poolMode) return config.poolMode.value;
  return config.unknown.includes('pool_mode') ? undefined : PGBOUNCER_DEFAULTS.poolMode;
}

function poolModeFinding(config: PgBouncerConfig, peakClients: number | undefined): DeployFinding | undefined {
  if (poolMode(config) !== 'session') return undefined;
  const capacity = config.databases.length > 0 ? serverConnections(config).total : undefined;
  const crowded = peakClients !== undefined && capacity !== undefined && peakClients > capacity;
  // Session mode chosen on purpose is only a problem when the clients outnumber the server connections.
  if (config.poolMode && !crowded) return undefined;
  const mode = config.poolMode
    ? `runs in session mode (${config.poolMode.name}=session, ${path.basename(config.file)}:${config.poolMode.line})`
    : `has no ${nameOf(config, 'pool_mode')}, so it runs in PgBouncer's default session mode`;
  const load = crowded
    ? `The app's pools open up to ${peakClients} client connections at peak but PgBouncer's pools hold ${capacity}: the other clients wait and time out.`
    : 'With many clients this is the problem a pooler is meant to solve: idle client connections keep server connections busy.';
  const setting = config.image ? `${nameOf(config, 'pool_mode')}=transaction` : 'pool_mode = transaction';
  return {
    id: 'pooler-pool-mode',
    ...at(config, config.poolMode),
    message:
      `${poolerName(config)} ${mode}: each client holds a server connection until it disconnects, so nothing is multiplexed. ${load} ` +
      `Set ${setting} and fix what pooler-lint reports under --pooler pgbouncer (session state, named prepared statements), ` +
      'or size the app\'s pools within what PgBouncer holds.',
  };
}

function maxClientConnFinding(config: PgBouncerConfig, peakClients: number | undefined): DeployFinding | undefined {
  if (peakClients === undefined || config.unknown.includes('max_client_conn')) return undefined;
  const limit = config.maxClientConn?.value ?? PGBOUNCER_DEFAULTS.maxClientConn;
  if (peakClients <= limit) return undefined;
  const name = nameOf(config, 'max_client_conn');
  return {
    id: 'pooler-max-client-conn',
    ...at(config, config.maxClientConn),
    message:
      `${poolerName(config)} accepts at most ${limit} client connections (${shown(config, 'max_client_conn', config.maxClientConn, PGBOUNCER_DEFAULTS.maxClientConn)}), ` +
      `but the app's pools open up to ${peakClients} at peak: the connections beyond ${limit} are refused ` +
      '("no more connections allowed (max_client_conn)") and the requests that wait for them fail. ' +
      `Raise ${name} to at least ${peakClients} (PgBouncer needs a file descriptor for each: check its ulimit -n), or shrink the app's pools.`,
  };
}

/**
 * The sizing findings of one PgBouncer configuration, in the order budget, pool mode, max_client_conn.
 * @example poolerSizingFindings(parsePgBouncerIni(text, file), { maxConnections: 100, peakClients: 240 }).map((f) => f.id)
 *   // ['pooler-size-budget', 'pooler-max-client-conn']
 */
export function poolerSizingFindings(config: PgBouncerConfig, options: SizingOptions = {}): DeployFinding[] {
  const budget = poolBudget({ maxConnections: options.maxConnections, reserved: options.reserved });
  const peak = options.peakClients;
  return [budgetFinding(config, budget, options.maxConnectionsAt), poolModeFinding(config, peak), maxClientConnFinding(config, peak)].filter(
    (finding): finding is DeployFinding => finding !== undefined,
  );
}
