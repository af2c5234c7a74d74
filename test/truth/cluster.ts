/**
 * Starts PostgreSQL 15 (initdb into a temporary directory, loopback port) and two PgBouncer 1.18 instances
 * in front of it (transaction mode, pool size 2; session mode, pool size 8), with the setup of
 * ../shared/docs/truth-table.md, and tears them down whatever happens: `stop()`, process exit, SIGINT/SIGTERM/
 * SIGHUP, and a watchdog shell that cleans up if this process is killed outright.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TruthTools } from './tools.js';

/** The three ways a client reaches PostgreSQL in this suite. */
export type Target = 'transaction' | 'session' | 'direct';
export const TARGETS: readonly Target[] = ['transaction', 'session', 'direct'];

/** Database, application role and superuser every scenario uses. */
export const DATABASE = 'app';
export const APP_USER = 'app';
export const SUPERUSER = 'truth';

/** A running cluster: ports, the temporary directory, and the way to stop it. */
export interface Cluster {
  readonly dir: string;
  readonly ports: Readonly<Record<Target, number>>;
  /** The log file of one PgBouncer instance, read now. Its admin console is on the same port, database `pgbouncer`. */
  readonly bouncerLog: (mode: 'transaction' | 'session') => string;
  readonly stop: () => Promise<void>;
}

interface Owner {
  readonly uid?: number;
  readonly gid?: number;
}

const SETUP_SQL = [
  'CREATE SCHEMA tenant_a',
  'CREATE TABLE public.t (v text)',
  "INSERT INTO public.t VALUES ('row of public (default search_path)')",
  'CREATE TABLE tenant_a.t (v text)',
  "INSERT INTO tenant_a.t VALUES ('row of tenant_a')",
];

/** PostgreSQL refuses to run as root: as root, run everything as TRUTH_RUN_AS (default `nobody`). */
function owner(): Owner {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const user = process.env.TRUTH_RUN_AS || 'nobody';
  const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `probe` until it resolves, the child exits, or `ms` pass. */
async function waitReady(child: ChildProcess, log: string, what: string, probe: () => Promise<void>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) during startup:\n${tail(log)}`);
    }
    try {
      return await probe();
    } catch (error) {
      last = error;
      await sleep(100);
    }
  }
  throw new Error(`${what} not ready after ${ms} ms (${String(last)}):\n${tail(log)}`);
}

async function probeSql(port: number, user: string, database: string, sql: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user, database, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function start(command: string, args: readonly string[], log: string, who: Owner): ChildProcess {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(command, args, {
      stdio: ['ignore', fd, fd],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' },
      ...(who.uid === undefined ? {} : { uid: who.uid, gid: who.gid }),
    });
    child.on('error', () => undefined);
    return child;
  } finally {
    closeSync(fd);
  }
}

function bouncerIni(dir: string, mode: 'transaction' | 'session', port: number, pgPort: number): string {
  return [
    '[databases]',
    `${DATABASE} = host=127.0.0.1 port=${pgPort} dbname=${DATABASE}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    'auth_type = trust',
    `auth_file = ${join(dir, 'userlist.txt')}`,
    `admin_users = ${SUPERUSER}`,
    `pool_mode = ${mode}`,
    `default_pool_size = ${mode === 'transaction' ? 2 : 8}`,
    'max_client_conn = 200',
    'query_wait_timeout = 5',
    'server_round_robin = 0',
    `logfile = ${join(dir, `pgbouncer-${mode}.log`)}`,
    `pidfile = ${join(dir, `pgbouncer-${mode}.pid`)}`,
    '',
  ].join('\n');
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * A detached shell that, once this process is gone however it died, kills the servers whose pid files are in
 * `dir` (PgBouncer's pidfile, PostgreSQL's postmaster.pid) and removes `dir`.
 */
function watchdog(dir: string): ChildProcess {
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
    `for f in '${dir}'/pgbouncer-*.pid; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done`,
    `[ -f '${dir}/data/postmaster.pid' ] && kill -QUIT "$(head -1 '${dir}/data/postmaster.pid')" 2>/dev/null`,
    'sleep 2',
    `rm -rf '${dir}'`,
  ].join('; ');
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return child;
}

async function startPostgres(tools: TruthTools, dir: string, who: Owner): Promise<{ child: ChildProcess; port: number }> {
  const data = join(dir, 'data');
  const initLog = join(dir, 'initdb.log');
  const fd = openSync(initLog, 'a');
  try {
    execFileSync(tools.initdb, ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '-N'], {
      stdio: ['ignore', fd, fd],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' },
      timeout: 60_000,
      ...(who.uid === undefined ? {} : { uid: who.uid, gid: who.gid }),
    });
  } catch (error) {
    throw new Error(`initdb failed: ${String(error)}\n${tail(initLog)}`);
  } finally {
    closeSync(fd);
  }
  const log = join(dir, 'postgres.log');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const settings = {
      listen_addresses: '127.0.0.1',
      port: String(port),
      unix_socket_directories: '',
      max_connections: '20',
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      timezone: 'Etc/UTC',
      log_timezone: 'Etc/UTC',
    };
    const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const child = start(tools.postgres, args, log, who);
    try {
      await waitReady(child, log, 'postgres', () => probeSql(port, SUPERUSER, 'postgres', 'select 1'));
      return { child, port };
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt >= 3) throw error;
    }
  }
}

async function startBouncer(
  tools: TruthTools,
  dir: string,
  who: Owner,
  mode: 'transaction' | 'session',
  pgPort: number,
): Promise<{ child: ChildProcess; port: number }> {
  const log = join(dir, `pgbouncer-${mode}.out`);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const ini = join(dir, `pgbouncer-${mode}.ini`);
    writeFileSync(ini, bouncerIni(dir, mode, port, pgPort));
    const child = start(tools.pgbouncer, [ini], log, who);
    try {
      await waitReady(child, log, `pgbouncer (${mode})`, () => probeSql(port, SUPERUSER, 'pgbouncer', 'SHOW VERSION'));
      return { child, port };
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt >= 3) throw error;
    }
  }
}

async function createDatabase(pgPort: number): Promise<void> {
  await probeSql(pgPort, SUPERUSER, 'postgres', `CREATE ROLE ${APP_USER} LOGIN`);
  await probeSql(pgPort, SUPERUSER, 'postgres', `CREATE DATABASE ${DATABASE} OWNER ${APP_USER}`);
  for (const sql of SETUP_SQL) await probeSql(pgPort, APP_USER, DATABASE, sql);
}

/**
 * Starts the whole setup; resolves once every server accepts connections and the schema exists.
 * Removes PG* variables from this process's environment first, so no client picks up PGOPTIONS & co.
 *
 * @example
 * const cluster = await startCluster(tools);
 * try { console.log(cluster.ports.transaction); } finally { await cluster.stop(); }
 */
export async function startCluster(tools: TruthTools): Promise<Cluster> {
  for (const key of Object.keys(process.env)) if (key.startsWith('PG')) delete process.env[key];
  const who = owner();
  const dir = mkdtempSync(join(tmpdir(), 'pooler-truth-'));
  if (who.uid !== undefined && who.gid !== undefined) chownSync(dir, who.uid, who.gid);
  writeFileSync(join(dir, 'userlist.txt'), `"${APP_USER}" ""\n"${SUPERUSER}" ""\n`);
  const children: ChildProcess[] = [];
  const ports: Record<Target, number> = { transaction: 0, session: 0, direct: 0 };
  const dog = watchdog(dir);
  const killNow = () => {
    for (const child of children) child.kill(child === children[0] ? 'SIGQUIT' : 'SIGKILL');
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // the watchdog removes it once the servers are gone
      return;
    }
    dog.kill('SIGKILL');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killNow();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.on('exit', killNow);
  for (const signal of signals) process.on(signal, onSignal);
  const detach = () => {
    process.off('exit', killNow);
    for (const signal of signals) process.off(signal, onSignal);
  };
  try {
    const postgres = await startPostgres(tools, dir, who);
    children.push(postgres.child);
    ports.direct = postgres.port;
    await createDatabase(postgres.port);
    const transaction = await startBouncer(tools, dir, who, 'transaction', postgres.port);
    children.push(transaction.child);
    ports.transaction = transaction.port;
    const session = await startBouncer(tools, dir, who, 'session', postgres.port);
    children.push(session.child);
    ports.session = session.port;
  } catch (error) {
    killNow();
    detach();
    throw error;
  }
  const [postgres, transaction, session] = children as [ChildProcess, ChildProcess, ChildProcess];
  const stop = async () => {
    transaction.kill('SIGTERM');
    session.kill('SIGTERM');
    postgres.kill('SIGINT');
    for (const child of children) if (!(await exited(child, 10_000))) child.kill('SIGKILL');
    killNow();
    detach();
  };
  return {
    dir,
    ports,
    bouncerLog: (mode) => {
      try {
        return readFileSync(join(dir, `pgbouncer-${mode}.log`), 'utf8');
      } catch {
        return '';
      }
    },
    stop,
  };
}
