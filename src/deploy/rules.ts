/**
 * The deployment checks: what a connection string, a Prisma datasource and the Prisma Client version mean
 * under the profile's pooler (pooler-facts.md H4, H7, H11, I-7, I-8, I-10). Each check returns findings with a
 * rule-like id (`DEPLOY_RULES`); verdicts come from the profile, as for the code rules.
 */
import path from 'node:path';
import { explain, type ResolvedProfile } from '../profiles/index.js';
import type { EnvEntry } from './env-files.js';
import type { PrismaClientInfo, PrismaDatasource, PrismaValue } from './prisma.js';
import type { DeployFinding, DeployLocation } from './types.js';
import { parsePostgresUrl, routingOf, urlParam, urlStartupParameters, type PostgresUrl, type Routing } from './urls.js';

/** The deployment rules: id (without the namespace) → one-line description, as the code rules have. */
export const DEPLOY_RULES = {
  'url-startup-parameter': 'Disallow startup parameters the pooler rejects in connection strings of env files, config files and Prisma schemas',
  'prisma-migrate-through-pooler': 'Require a direct (unpooled) connection string for Prisma Migrate',
  'prisma-named-prepared-statements': "Disallow Prisma Client ≤ 6's named prepared statements through a pooler that does not support them",
  'prisma-pgbouncer-mode': 'Disallow `pgbouncer=true` in Prisma connection strings where PgBouncer supports prepared statements (≥ 1.21)',
  'pooler-size-budget': "Require a PgBouncer's server pools (pool size and reserve per database and user) to fit the database's max_connections",
  'pooler-pool-mode': 'Disallow PgBouncer in session mode (set, or by default) in front of more clients than its pools hold',
  'pooler-max-client-conn': "Require PgBouncer's max_client_conn to cover the app's client connections at peak",
} as const;

export type DeployRuleId = keyof typeof DEPLOY_RULES;

/** What the checks need besides the files: the profile and the names of direct connection strings. */
export interface DeployContext {
  profile: ResolvedProfile;
  directUrlPattern: RegExp;
}

/** A connection string and where it is written: an env variable's value, or a literal. */
export interface UrlSite extends DeployLocation {
  /** The variable that holds it (`DATABASE_URL`), if any. */
  name?: string;
  url: PostgresUrl;
}

/** How a message names a connection string: its variable, or "the connection string". */
function named(site: { name?: string | undefined }): string {
  return site.name !== undefined ? `\`${site.name}\`` : 'the connection string';
}

function finding(id: DeployRuleId, at: DeployLocation, message: string): DeployFinding {
  return { id, file: at.file, line: at.line, column: at.column, message };
}

const STARTUP_ADVICE =
  'Remove it from the connection string; set it per role with `ALTER ROLE … SET`, or with `SET LOCAL` inside transactions.';

/**
 * Startup parameters in a pooled connection string that the profile's pooler does not accept.
 * @example startupFindings(site, ctx)[0].message // '`DATABASE_URL` sends `-c search_path` in the `options` startup parameter: under …'
 */
export function startupFindings(site: UrlSite, context: DeployContext, driver?: string): DeployFinding[] {
  const routing = routingOf(site.name, site.url, context.directUrlPattern);
  if (!routing.pooled) return [];
  return urlStartupParameters(site.url, driver).flatMap((p) => {
    const detail = { parameter: p.parameter, guc: p.guc };
    if (context.profile.verdict('startup-parameter', detail).verdict === 'ok') return [];
    const what = p.parameter === 'options' && p.guc !== 'options' ? `\`-c ${p.guc}\` in the \`options\` startup parameter` : `the startup parameter \`${p.parameter}\``;
    return [finding('url-startup-parameter', site, `${named(site)} sends ${what}: ${explain(context.profile, 'startup-parameter', detail)}. ${STARTUP_ADVICE}`)];
  });
}

/** PgBouncer-based profiles whose PgBouncer keeps named prepared statements itself (≥ 1.21, `max_prepared_statements` > 0). */
function pgbouncerKeepsStatements(profile: ResolvedProfile): boolean {
  return ['pgbouncer', 'neon', 'azure'].includes(profile.id) && profile.verdict('named-prepared-statement').verdict === 'ok';
}

/**
 * `pgbouncer=true` where PgBouncer supports prepared statements: Prisma then deallocates them all the time;
 * PgBouncer 1.21 did not intercept that `DEALLOCATE ALL` and corrupted its statement cache (I-8).
 */
export function pgbouncerModeFindings(site: UrlSite, context: DeployContext): DeployFinding[] {
  if (urlParam(site.url, 'pgbouncer') !== 'true' || !pgbouncerKeepsStatements(context.profile)) return [];
  const version = context.profile.settings.version ?? '';
  const effect = version.startsWith('1.21')
    ? "PgBouncer 1.21 passes it on without updating its own statement cache, which then names statements that no longer exist (`prepared statement \"PGBOUNCER_…\" does not exist`, prisma/orm#21635)"
    : 'PgBouncer deallocates every statement it prepared for this client, so each query is prepared again';
  return [
    finding(
      'prisma-pgbouncer-mode',
      site,
      `${named(site)} sets \`pgbouncer=true\`: Prisma then runs \`DEALLOCATE ALL\` around its queries, and under ${context.profile.label} ` +
        `${effect}. Prisma's docs say not to set it from PgBouncer 1.21 on: remove \`pgbouncer=true\`; PgBouncer's \`max_prepared_statements\` handles Prisma's named statements.`,
    ),
  ];
}

/** A datasource value resolved: its connection string (parsed) and the variable, when known. */
interface Resolved {
  name?: string;
  url?: PostgresUrl;
  /** The env file entry that gave the value. */
  entry?: EnvEntry;
}

export type EnvLookup = (name: string) => EnvEntry | undefined;

function resolveValue(value: PrismaValue, lookup: EnvLookup): Resolved {
  if (value.literal !== undefined) {
    const url = parsePostgresUrl(value.literal);
    return url ? { url } : {};
  }
  const entry = value.env !== undefined ? lookup(value.env) : undefined;
  const url = entry && parsePostgresUrl(entry.value);
  return { ...(value.env !== undefined ? { name: value.env } : {}), ...(url ? { url } : {}), ...(entry ? { entry } : {}) };
}

/** "`DATABASE_URL`, which goes through the pooler (.env.example: Supabase's transaction-mode pooler, port 6543)". */
function routingText(resolved: Resolved, routing: Routing): string {
  const where = resolved.entry ? `${path.basename(resolved.entry.file)}: ${routing.reason}` : routing.reason;
  return `${named(resolved)}, which goes through the pooler (${where})`;
}

/**
 * Prisma Migrate through the pooler: the URL it connects with (`directUrl`, else `url`; in prisma.config.ts
 * `datasource.directUrl`, else `datasource.url`) goes through a pooler where session advisory locks break.
 */
export function migrateFindings(datasource: PrismaDatasource, lookup: EnvLookup, context: DeployContext): DeployFinding[] {
  const value = datasource.directUrl ?? datasource.url;
  if (!value) return [];
  const lock = context.profile.verdict('session-advisory-lock');
  if (lock.verdict === 'ok' || lock.verdict === 'pinned') return [];
  const resolved = resolveValue(value, lookup);
  const routing = routingOf(resolved.name, resolved.url, context.directUrlPattern);
  if (!routing.pooled) return [];
  const which = datasource.directUrl
    ? '`directUrl`'
    : datasource.origin === 'config'
      ? "prisma.config.ts's `datasource.url` (no `directUrl`)"
      : '`url` (the datasource has no `directUrl`)';
  const fix =
    datasource.origin === 'config'
      ? "Point prisma.config.ts's datasource at a direct connection string (`env('DIRECT_URL')`, the database itself, not the pooler) and give the app the pooled one through its adapter."
      : 'Add `directUrl = env("DIRECT_URL")` with a connection string to the database itself (not the pooler); the client keeps `url`.';
  const at = { file: datasource.file, ...(datasource.directUrl ?? (datasource.origin === 'config' ? value : datasource)) };
  return [
    finding(
      'prisma-migrate-through-pooler',
      at,
      `\`prisma migrate\` connects with ${which}: ${routingText(resolved, routing)}. ` +
        `Migrate holds a session advisory lock (\`pg_advisory_lock\`) for the whole run, and ${explain(context.profile, 'session-advisory-lock')}; ` +
        `its prepared statements fail with \`prepared statement "s0" already exists\` (prisma/orm#6480). ${fix}`,
    ),
  ];
}

/**
 * Prisma Client ≤ 6 (Rust query engine, no driver adapter) on a pooled `url` without `pgbouncer=true`: named
 * prepared statements `s0`, `s1`, … under a profile where they are not `ok` (H7, I-7).
 */
export function namedStatementFindings(
  datasource: PrismaDatasource,
  client: PrismaClientInfo,
  rustEngine: boolean,
  lookup: EnvLookup,
  context: DeployContext,
): DeployFinding[] {
  if (!datasource.url || !rustEngine || client.major === undefined || client.major > 6 || client.adapter !== undefined) return [];
  if (context.profile.verdict('named-prepared-statement').verdict === 'ok') return [];
  const resolved = resolveValue(datasource.url, lookup);
  if (resolved.url && urlParam(resolved.url, 'pgbouncer') === 'true') return [];
  const routing = routingOf(resolved.name, resolved.url, context.directUrlPattern);
  if (!routing.pooled) return [];
  const unknown = resolved.url ? '' : ' (no env file gives its value: unless the deployed value carries `pgbouncer=true`)';
  return [
    finding(
      'prisma-named-prepared-statements',
      { file: datasource.file, line: datasource.url.line, column: datasource.url.column },
      `Prisma Client ${client.major} (\`${client.version}\`, Rust query engine) prepares every query as a named statement (\`s0\`, \`s1\`, …) on ` +
        `${routingText(resolved, routing)}${unknown}: ${explain(context.profile, 'named-prepared-statement')} (prisma/orm#11643). Enable the pooler's prepared-statement support (PgBouncer ≥ 1.21 \`max_prepared_statements\`), ` +
        'add `pgbouncer=true` to the connection string (older PgBouncer, Supavisor), or use a driver adapter (`@prisma/adapter-pg`, unnamed statements).',
    ),
  ];
}
