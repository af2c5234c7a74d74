/**
 * The truth harness: one cluster per test file (PostgreSQL 15, PgBouncer transaction mode, PgBouncer session
 * mode), clients A/B/busy for the three targets, the per-scenario reset of truth-table.md
 * (`KILL app; RESUME app`, so every scenario starts from an empty pool), and views of every pooled server
 * connection. `truthSuite` wires it into node:test and tears everything down whatever happens.
 */
import { after, afterEach, before, describe } from 'node:test';
import pg from 'pg';
import { APP_USER, DATABASE, SUPERUSER, startCluster, type Cluster, type Target } from './cluster.js';
import { TruthClient, withTimeout, type Endpoint } from './clients.js';
import { startProgram, type RunningProgram } from './program.js';
import { truthPlan, type TruthTools } from './tools.js';

export type { Target } from './cluster.js';
export { TARGETS } from './cluster.js';

type Mode = 'transaction' | 'session';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` every 20 ms until it returns a value other than undefined, or fails after `ms`.
 *
 * @example
 * const pid = await pollUntil('busy client running', async () => (await findPid()) ?? undefined, 5000);
 */
export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${ms} ms`);
    await sleep(20);
  }
}

/** One server connection of a pool, as PgBouncer's `SHOW SERVERS` reports it. */
export interface PooledServer {
  readonly pid: number;
  readonly state: string;
}

/** A running truth environment. Create it with {@link truthSuite}; scenarios get it from the suite callback. */
export class Truth {
  /** Superuser connection straight to PostgreSQL (database `app`): pg_stat_activity, pg_locks, cancel. */
  readonly control: TruthClient;
  private readonly admins: Record<Mode, TruthClient>;
  private readonly closers: Array<() => Promise<void>> = [];
  private busyCount = 0;

  private constructor(
    readonly cluster: Cluster,
    control: TruthClient,
    admins: Record<Mode, TruthClient>,
  ) {
    this.control = control;
    this.admins = admins;
  }

  /** Starts a cluster and the control/admin connections. */
  static async start(tools: TruthTools): Promise<Truth> {
    const cluster = await startCluster(tools);
    try {
      const host = '127.0.0.1';
      const control = await new TruthClient({ host, port: cluster.ports.direct, user: SUPERUSER, database: DATABASE }).connect();
      const admin = (mode: Mode) =>
        new TruthClient({ host, port: cluster.ports[mode], user: SUPERUSER, database: 'pgbouncer' }).connect();
      return new Truth(cluster, control, { transaction: await admin('transaction'), session: await admin('session') });
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** Closes every client of the current scenario, the control connections, and the cluster. */
  async stop(): Promise<void> {
    await this.closeAll();
    await Promise.all([this.control.end(), this.admins.transaction.end(), this.admins.session.end()]);
    await this.cluster.stop();
  }

  /** Host/port/user/database of a target for the application role. */
  endpoint(target: Target): Endpoint {
    return { host: '127.0.0.1', port: this.cluster.ports[target], user: APP_USER, database: DATABASE };
  }

  /** A connection URL for a target, e.g. `postgres://app@127.0.0.1:6432/app`. */
  url(target: Target): string {
    const { host, port, user, database } = this.endpoint(target);
    return `postgres://${user}@${host}:${port}/${database}`;
  }

  /**
   * The environment a doc example runs with through `target`: PGHOST, PGPORT, PGUSER, PGDATABASE (read by
   * pg, pg-promise and postgres.js), DATABASE_URL (the same as a URL) and DIRECT_DATABASE_URL (PostgreSQL itself).
   */
  programEnv(target: Target): Record<string, string> {
    const { host, port, user, database } = this.endpoint(target);
    return {
      PGHOST: host,
      PGPORT: String(port),
      PGUSER: user,
      PGDATABASE: database,
      DATABASE_URL: this.url(target),
      DIRECT_DATABASE_URL: this.url('direct'),
    };
  }

  /** Starts a doc example through `target` (see {@link programEnv}); it is killed after the scenario if still running. */
  startProgram(source: string, target: Target, timeoutMs: number): RunningProgram {
    const running = startProgram(source, this.programEnv(target), timeoutMs);
    this.onClose(async () => running.kill());
    return running;
  }

  /** Opens a client of the application role through `target`; it is closed after the scenario. */
  async connect(target: Target, config: pg.ClientConfig = {}): Promise<TruthClient> {
    const client = new TruthClient({ ...this.endpoint(target), ...config });
    this.onClose(() => client.end());
    return client.connect();
  }

  /** A pg.Pool through `target`; it is ended after the scenario. */
  pool(target: Target, config: pg.PoolConfig = {}): pg.Pool {
    const pool = new pg.Pool({ ...this.endpoint(target), ...config });
    // A reset terminates leftover backends: an idle client's error reaches the pool, a checked-out one's the
    // client. Neither is the scenario's result, and unhandled it would fail the whole file.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    this.onClose(() => withTimeout(pool.end(), 3000, 'pool.end').catch(() => undefined));
    return pool;
  }

  /** Registers cleanup for something a scenario opened (a postgres.js or pg-promise instance). */
  onClose(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  /** Closes everything registered by the current scenario. */
  async closeAll(): Promise<void> {
    const closers = this.closers.splice(0).reverse();
    await Promise.all(closers.map((close) => close().catch(() => undefined)));
  }

  /** Runs commands on a PgBouncer admin console, e.g. `admin('transaction', 'SHOW SERVERS')`. */
  async admin(mode: Mode, sql: string): Promise<Array<Record<string, unknown>>> {
    return this.admins[mode].rows(sql);
  }

  /**
   * Starts the next scenario from an empty pool: closes the scenario's clients, `KILL app; RESUME app` on both
   * PgBouncers, `server_round_robin = 0`, `default_pool_size = 2`, and terminates any backend left in database `app`.
   */
  async reset(): Promise<void> {
    await this.closeAll();
    for (const mode of ['transaction', 'session'] as const) {
      await this.admin(mode, `KILL ${DATABASE}`);
      await this.admin(mode, `RESUME ${DATABASE}`);
    }
    await this.admin('transaction', 'SET server_round_robin = 0');
    await this.admin('transaction', 'SET default_pool_size = 2');
    const others = `from pg_stat_activity where datname = '${DATABASE}' and pid <> pg_backend_pid() and backend_type = 'client backend'`;
    await this.control.rows(`select pg_terminate_backend(pid) ${others}`);
    await pollUntil('backends gone after reset', async () =>
      (await this.control.value(`select count(*) ${others}`)) === '0' ? true : undefined,
    );
  }

  /** Server connections PgBouncer holds for database `app` (none for `direct`). */
  async servers(target: Target): Promise<PooledServer[]> {
    if (target === 'direct') return [];
    const rows = await this.admin(target, 'SHOW SERVERS');
    return rows
      .filter((row) => row.database === DATABASE)
      .map((row) => ({ pid: Number(row.remote_pid), state: String(row.state) }));
  }

  /**
   * Waits (up to 5 s) until no transaction-mode server connection is still linked to a client. A client sees
   * an error before PgBouncer has read the server's ReadyForQuery, so right after an error the server
   * connection can still be busy for a moment, and the next client would get another one.
   */
  async settle(target: Target): Promise<void> {
    if (target !== 'transaction') return;
    const idle = async () => ((await this.servers(target)).every((s) => s.state !== 'active') ? true : undefined);
    await pollUntil('transaction-mode server connections idle', idle, 5000).catch(() => undefined);
  }

  /**
   * Keeps one server connection busy with `pg_sleep` from a third client while `fn` runs, then cancels it.
   * Through transaction mode the busy client gets the most recently used server connection (LIFO), so the
   * next statement of the client that used it lands on another one. `fn` receives the busy backend's pid.
   */
  async withBusy<T>(target: Target, fn: (busyPid: number) => Promise<T>): Promise<T> {
    await this.settle(target);
    const busy = await this.connect(target);
    const marker = `truth-busy-${++this.busyCount}`;
    const sleeping = busy.rows(`select pg_sleep(30) /* ${marker} */`, [], 35_000).catch(() => undefined);
    const pid = await pollUntil(`busy client ${marker} running`, async () => {
      const value = await this.control.value(
        `select pid from pg_stat_activity where state = 'active' and pid <> pg_backend_pid() and query like $1`,
        [`%${marker}%`],
      );
      return value === null ? undefined : Number(value);
    });
    try {
      return await fn(pid);
    } finally {
      await this.control.rows('select pg_cancel_backend($1)', [pid]);
      await withTimeout(sleeping, 5000, 'busy client cancelled');
      // The client sees the cancel error before PgBouncer has read the server's ReadyForQuery; a client
      // that disconnects then makes PgBouncer close that server connection, and the session state on it
      // (what the scenario observes) would vanish. Wait until the server connection is idle again.
      await this.settle(target);
      await busy.end();
    }
  }

  /**
   * Runs `sql` once on every server connection of the pool (clients opened together, each pinning one
   * server connection with BEGIN, then ROLLBACK). For `direct`, runs it on one fresh connection.
   */
  async everyServer<R extends Record<string, unknown>>(target: Target, sql: string, values: readonly unknown[] = []): Promise<R[]> {
    await this.settle(target);
    // Every server connection of the pool, also one still finishing a statement (a cancelled busy client
    // under load): the last client then waits for it, so no server connection goes unread.
    const count = target === 'direct' ? 1 : (await this.servers(target)).length;
    const clients = await Promise.all(Array.from({ length: count }, () => this.connect(target)));
    await Promise.all(clients.map((client) => client.rows('BEGIN')));
    const results = await Promise.all(clients.map((client) => client.rows<R>(sql, values)));
    await Promise.all(clients.map((client) => client.rows('ROLLBACK')));
    await Promise.all(clients.map((client) => client.end()));
    return results.flat();
  }

  /**
   * Makes the transaction-mode pool hand out `servers` (2 or 3) server connections in turn: opens them
   * (raising default_pool_size for 3), then `server_round_robin = 1`, so consecutive transactions of one
   * client cycle through them. With 2 and with 3, the k-th statement after any statement lands on another
   * server connection unless k is a multiple of 6. The next {@link reset} restores the table's setup.
   */
  async rotate(servers: 2 | 3 = 2): Promise<void> {
    await this.admin('transaction', `SET default_pool_size = ${servers}`);
    const clients = await Promise.all(Array.from({ length: servers }, () => this.connect('transaction')));
    await Promise.all(clients.map((client) => client.rows('BEGIN')));
    await Promise.all(clients.map((client) => client.rows('COMMIT')));
    await Promise.all(clients.map((client) => client.end()));
    await this.admin('transaction', 'SET server_round_robin = 1');
    const open = await this.servers('transaction');
    if (open.length !== servers) throw new Error(`rotate: expected ${servers} pooled server connections, got ${open.length}`);
  }

  /** A bookmark in a PgBouncer log; `logSince` returns what was written after it. */
  logMark(mode: Mode): number {
    return this.cluster.bouncerLog(mode).length;
  }

  /** PgBouncer log text written since `mark`. */
  logSince(mode: Mode, mark: number): string {
    return this.cluster.bouncerLog(mode).slice(mark);
  }
}

/**
 * Declares a node:test suite that owns a truth environment: skipped locally without PostgreSQL/PgBouncer,
 * failed in CI without them; started before its tests, scenario clients closed after each test, stopped after.
 *
 * @example
 * truthSuite('facts: session state', (truth) => {
 *   it('reads t', async () => { const a = await truth().connect('transaction'); await a.rows('select v from t'); });
 * });
 */
export function truthSuite(name: string, body: (truth: () => Truth) => void): void {
  const plan = truthPlan();
  describe(name, { skip: plan.skip }, () => {
    let truth: Truth | undefined;
    before(
      async () => {
        if (plan.fail !== undefined || !plan.tools) throw new Error(plan.fail ?? 'truth tools missing');
        truth = await Truth.start(plan.tools);
      },
      { timeout: 120_000 },
    );
    after(async () => {
      await truth?.stop();
    });
    afterEach(async () => {
      await truth?.closeAll();
    });
    body(() => {
      if (!truth) throw new Error('truth environment not started');
      return truth;
    });
  });
}
