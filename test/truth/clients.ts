/**
 * Client helpers for the truth suite: every await that could hang has a timeout, every client records the
 * notices (WARNINGs) and notifications it receives, and outcomes are plain strings comparable with the table.
 */
import pg from 'pg';

/** Default limit for one query or connect in a scenario (PgBouncer's query_wait_timeout is 5 s). */
export const QUERY_TIMEOUT_MS = 8000;

/** Raised by {@link withTimeout}, so a scenario can tell a hang from an error. */
export class TimeoutError extends Error {}

/**
 * Rejects with a {@link TimeoutError} if `promise` has not settled after `ms`.
 *
 * @example
 * await withTimeout(client.query('select 1'), 8000, 'select 1');
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
    // After a timeout the promise is abandoned; when a reset later terminates its connection it rejects, and
    // unhandled that rejection would fail whatever test runs then.
    promise.catch(() => undefined);
  }
}

/** How a promise ended within a time window: a value, an error message, or still pending (a hang). */
export type Settled<T> =
  | { readonly state: 'ok'; readonly value: T; readonly ms: number }
  | { readonly state: 'error'; readonly message: string; readonly ms: number }
  | { readonly state: 'pending'; readonly ms: number };

/**
 * Waits at most `ms` for `promise` and reports how it ended, without throwing.
 *
 * @example
 * const third = await settleWithin(pool.connect(), 1500); // { state: 'pending', ms: 1500 } when it hangs
 */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  const started = Date.now();
  try {
    const value = await withTimeout(promise, ms, 'settle');
    return { state: 'ok', value, ms: Date.now() - started };
  } catch (error) {
    if (error instanceof TimeoutError) return { state: 'pending', ms: Date.now() - started };
    return { state: 'error', message: errorText(error), ms: Date.now() - started };
  }
}

/**
 * The message of an error, or its string form.
 *
 * @example
 * errorText(new Error('boom')); // 'boom'
 */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `promise` and describes the outcome the way truth-table.md does: JSON rows, or `error: <message>`.
 *
 * @example
 * await outcome(a.rows('EXECUTE s1')); // '[{"v":1}]' or 'error: prepared statement "s1" does not exist'
 */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    return JSON.stringify(await promise);
  } catch (error) {
    return `error: ${errorText(error)}`;
  }
}

/** Connection settings for one target as a pg config (host, port, user, database). */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

/** A pg.Client with timeouts and a record of notices and notifications. */
export class TruthClient {
  /** Notices as `SEVERITY: message`, e.g. `WARNING: SET LOCAL can only be used in transaction blocks`. */
  readonly notices: string[] = [];
  /** Notifications as `channel:payload`. */
  readonly notifications: string[] = [];
  readonly raw: pg.Client;

  constructor(config: pg.ClientConfig) {
    this.raw = new pg.Client(config);
    this.raw.on('notice', (notice) => this.notices.push(`${notice.severity ?? 'NOTICE'}: ${notice.message}`));
    this.raw.on('notification', (msg) => this.notifications.push(`${msg.channel}:${msg.payload ?? ''}`));
    this.raw.on('error', () => undefined);
  }

  /** Connects, failing after `ms`. */
  async connect(ms = QUERY_TIMEOUT_MS): Promise<this> {
    await withTimeout(this.raw.connect(), ms, 'connect');
    return this;
  }

  /** Runs a query (text, or a pg QueryConfig such as a named statement) and returns its rows. */
  async rows<R extends Record<string, unknown> = Record<string, unknown>>(
    query: string | pg.QueryConfig,
    values?: readonly unknown[],
    ms = QUERY_TIMEOUT_MS,
  ): Promise<R[]> {
    const text = typeof query === 'string' ? query : query.text;
    const result = await withTimeout(this.raw.query(query as string, values as unknown[]), ms, text);
    return (result as unknown as pg.QueryResult<R>).rows;
  }

  /** The first column of the first row as a string (null stays null). */
  async value(query: string | pg.QueryConfig, values?: readonly unknown[]): Promise<string | null> {
    const [row] = await this.rows(query, values);
    const first = row ? Object.values(row)[0] : undefined;
    return first === null || first === undefined ? null : String(first);
  }

  /** The PostgreSQL backend pid that runs this client's next statement (through a pooler: the server connection). */
  async pid(): Promise<number> {
    return Number(await this.value('select pg_backend_pid()'));
  }

  /** Ends the connection; destroys the socket if a graceful end does not finish in time. */
  async end(): Promise<void> {
    try {
      await withTimeout(this.raw.end(), 2000, 'end');
    } catch {
      (this.raw as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    }
  }
}

/** Text `t` stores in each schema, as truth-table.md quotes it. */
export const ROW_PUBLIC = 'row of public (default search_path)';
export const ROW_TENANT = 'row of tenant_a';
