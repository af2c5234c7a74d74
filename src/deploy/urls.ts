/**
 * Postgres connection strings found outside the code (env files, schema.prisma, compose files): what they say
 * about the pooler. Parsed by hand, not with `new URL`, so that templated values (`postgres://${USER}@db/app`),
 * several hosts and key=value strings (`host=db options='-c search_path=app'`) still read. The password is
 * never kept: a parsed URL holds the host, port, database and query parameters only.
 */
import { optionsGucs, PG_STARTUP_KEYS, POSTGRES_JS_OPTIONS } from '../session/startup.js';
import { connectionPairs } from './pgbouncer-ini.js';

/** A connection string without its credentials. */
export interface PostgresUrl {
  form: 'url' | 'keywords';
  /** Lower case; the last host of a multi-host string. */
  host?: string;
  port?: number;
  database?: string;
  /** Query parameters (or keywords other than host, port, dbname, user, password), keys lower case. */
  params: ReadonlyArray<{ key: string; value: string }>;
}

const URL_FORM = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?/i;
const CREDENTIALS = new Set(['user', 'password', 'passfile']);

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function hostAndPort(text: string): { host?: string; port?: number } {
  const last = text.split(',').pop()!.trim();
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(last);
  if (!match) return {};
  return { ...(match[1] ? { host: decode(match[1]).toLowerCase() } : {}), ...(match[2] ? { port: Number(match[2]) } : {}) };
}

/**
 * Parses a Postgres connection string (URL or key=value form); undefined when the text is neither.
 * @example parsePostgresUrl('postgres://app:secret@db.example.com:6543/app?pgbouncer=true')
 *   // { form: 'url', host: 'db.example.com', port: 6543, database: 'app', params: [{ key: 'pgbouncer', value: 'true' }] }
 */
export function parsePostgresUrl(text: string): PostgresUrl | undefined {
  const trimmed = text.trim();
  const url = URL_FORM.exec(trimmed);
  if (url) {
    const params = (url[3] ?? '')
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => {
        const at = pair.indexOf('=');
        return { key: decode(at < 0 ? pair : pair.slice(0, at)).toLowerCase(), value: at < 0 ? '' : decode(pair.slice(at + 1)) };
      });
    return { form: 'url', ...hostAndPort(url[1] ?? ''), ...(url[2] ? { database: decode(url[2]) } : {}), params };
  }
  const pairs = connectionPairs(trimmed);
  if (pairs.size < 2 || !['host', 'hostaddr', 'dbname'].some((key) => pairs.has(key))) return undefined;
  const result: { form: 'keywords'; host?: string; port?: number; database?: string; params: Array<{ key: string; value: string }> } = { form: 'keywords', params: [] };
  for (const [key, value] of pairs) {
    if (key === 'host' || key === 'hostaddr') Object.assign(result, hostAndPort(value));
    else if (key === 'port' && /^\d+$/.test(value)) result.port = Number(value);
    else if (key === 'dbname') result.database = value;
    else if (!CREDENTIALS.has(key)) result.params.push({ key, value });
  }
  return result;
}

/**
 * The value of a query parameter (first one), lower-case key.
 * @example urlParam(parsePostgresUrl('postgres://db/app?connection_limit=5')!, 'connection_limit') // '5'
 */
export function urlParam(url: PostgresUrl, key: string): string | undefined {
  return url.params.find((p) => p.key === key)?.value;
}

/** Whether a connection string goes through a transaction pooler, and what says so. */
export interface Routing {
  pooled: boolean;
  /** "named like a direct connection", "Supabase's transaction pooler port 6543", … */
  reason: string;
}

/** Hosts and ports that say which side of a pooler a connection string is on (pooler-facts.md §b). */
function knownRouting(url: PostgresUrl): Routing | undefined {
  const host = url.host ?? '';
  if (host.endsWith('pooler.supabase.com')) {
    return url.port === 5432
      ? { pooled: false, reason: "Supabase's session-mode pooler, port 5432" }
      : { pooled: true, reason: "Supabase's transaction-mode pooler, port 6543" };
  }
  if (url.port === 6543) return { pooled: true, reason: "port 6543, Supabase's transaction-mode pooler" };
  if (/^db\.[a-z0-9]+\.supabase\.co$/.test(host)) return { pooled: false, reason: "Supabase's direct database host" };
  if (/-pooler\./.test(host)) return { pooled: true, reason: 'a `-pooler` host (Neon, Vercel Postgres)' };
  if (host.endsWith('.neon.tech')) return { pooled: false, reason: "a Neon host without `-pooler`, a direct connection" };
  if (/\.proxy-[a-z0-9]+\.[a-z0-9-]+\.rds\.amazonaws\.com$/.test(host)) return { pooled: true, reason: 'an RDS Proxy endpoint' };
  if (url.port === 6432) return { pooled: true, reason: "port 6432, PgBouncer's default" };
  if (/(^|[.-])(pgbouncer|pooler|supavisor|pgcat|pgdog|odyssey)([.-]|$)/.test(host)) return { pooled: true, reason: `the host \`${host}\`` };
  if (urlParam(url, 'pgbouncer') === 'true') return { pooled: true, reason: '`pgbouncer=true`' };
  return undefined;
}

/**
 * Whether the connection string in variable `name` goes through the pooler: its name matches the direct-URL
 * pattern, or its host and port are a known pooler's or a known direct endpoint; otherwise, as pooler-lint
 * assumes for every connection in the code, it goes through the pooler the profile describes.
 * @example routingOf('DIRECT_URL', parsePostgresUrl('postgres://db:5432/app'), /DIRECT/i) // { pooled: false, reason: 'named like a direct connection' }
 */
export function routingOf(name: string | undefined, url: PostgresUrl | undefined, directPattern: RegExp): Routing {
  const known = url && knownRouting(url);
  if (known && known.pooled) return known;
  if (name !== undefined && directPattern.test(name)) return { pooled: false, reason: 'named like a direct connection' };
  return known ?? { pooled: true, reason: 'not named or addressed as a direct connection' };
}

/** A startup parameter a connection string makes a driver send. */
export interface UrlStartupParameter {
  parameter: string;
  /** For `options`: the GUC inside `-c name=value`; otherwise the parameter itself. */
  guc: string;
}

/**
 * The startup parameters a connection string sends: node-postgres's (and libpq's) `options` and timeout keys,
 * for every consumer; with `driver: 'postgres'` also every parameter postgres.js does not know as an option
 * (`schema`, `pgbouncer`), which it sends as is.
 * @example urlStartupParameters(parsePostgresUrl('postgres://db/app?options=-c%20search_path%3Dapp')!) // [{ parameter: 'options', guc: 'search_path' }]
 */
export function urlStartupParameters(url: PostgresUrl, driver?: string): UrlStartupParameter[] {
  const found: UrlStartupParameter[] = [];
  for (const { key, value } of url.params) {
    if (key === 'options') {
      const gucs = optionsGucs(value);
      found.push(...(gucs.length > 0 ? gucs.map((guc) => ({ parameter: key, guc })) : [{ parameter: key, guc: key }]));
    } else if (PG_STARTUP_KEYS.includes(key) || (driver === 'postgres' && !POSTGRES_JS_OPTIONS.has(key))) {
      found.push({ parameter: key, guc: key });
    }
  }
  return found;
}

/**
 * A connection string as a message may show it: scheme, host, port and database, never the credentials nor
 * the query.
 * @example safeUrl(parsePostgresUrl('postgres://u:pw@db:6543/app?x=1')!) // 'db:6543/app'
 */
export function safeUrl(url: PostgresUrl): string {
  return `${url.host ?? ''}${url.port !== undefined ? `:${url.port}` : ''}${url.database ? `/${url.database}` : ''}`;
}
