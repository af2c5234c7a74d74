/**
 * The deployment files of a run: which files they are (`isDeployFile`), and what the checks of ./rules.ts find
 * in them. Env files and the `environment` of Compose services give values to the `env("X")` of Prisma
 * datasources; every Postgres connection string in them or in a schema is checked on its own.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { composeServices, interpolationDefault, isComposeFile } from './compose.js';
import { CONFIG_FILE_PATTERNS, configUrls, isConfigFile } from './config-files.js';
import { lookupEnv, parseEnvFile, type EnvEntry } from './env-files.js';
import { isPgBouncerIni } from './pgbouncer-ini.js';
import { poolerFromService } from './pgbouncer-images.js';
import { configDatasource, prismaClientInfo, schemaDatasources, schemaGenerators, type PrismaDatasource } from './prisma.js';
import { migrateFindings, namedStatementFindings, pgbouncerModeFindings, startupFindings, type DeployContext, type UrlSite } from './rules.js';
import type { DeployFinding } from './types.js';
import { parsePostgresUrl, urlParam } from './urls.js';

/** The sources of deployment files; a flag turns each off. */
export type DeploySource = 'prisma' | 'env' | 'compose' | 'pooler' | 'config';

/** Glob patterns of deployment files, by source (relative to a scanned directory). */
export const DEPLOY_PATTERNS: Readonly<Record<DeploySource, readonly string[]>> = {
  prisma: ['**/*.prisma', '**/prisma.config.{ts,mts,cts,js,mjs,cjs}'],
  env: ['**/.env', '**/.env.*'],
  compose: ['**/compose*.{yml,yaml}', '**/docker-compose*.{yml,yaml}'],
  pooler: ['**/pgbouncer*.ini'],
  config: CONFIG_FILE_PATTERNS,
};

/** The source a file belongs to, or undefined when it is no deployment file. */
export function deploySourceOf(file: string): DeploySource | undefined {
  const name = path.basename(file);
  if (name.endsWith('.prisma') || /^prisma\.config\.[cm]?[jt]s$/.test(name)) return 'prisma';
  if (/^\.env(\.[\w.-]+)?$/.test(name) && !/\.[cm]?[jt]sx?$/.test(name)) return 'env';
  if (isComposeFile(file)) return 'compose';
  if (isPgBouncerIni(file)) return 'pooler';
  if (isConfigFile(file)) return 'config';
  return undefined;
}

/**
 * Whether a file is an env template (`.env.example`, `.env.sample`, `.env.template`): committed on purpose, often
 * under a `.gitignore` that ignores `.env.*`, and meant to hold no secret.
 * @example isEnvTemplate('/app/.env.example') // true
 */
export function isEnvTemplate(file: string): boolean {
  return deploySourceOf(file) === 'env' && /^\.env\.(?:[\w-]+\.)*(example|sample|template|dist|defaults?)(\.[\w-]+)*$/i.test(path.basename(file));
}

/**
 * Whether a file is read as a deployment file. Such files may hold secrets: their text is never attached to
 * results (no `source` in the json output), and messages name variables, never values.
 * @example isDeployFile('/app/.env.production') // true
 */
export function isDeployFile(file: string): boolean {
  return deploySourceOf(file) !== undefined;
}

/** A Prisma datasource's pooled `url` and its `connection_limit`, for the pool inventory. */
export interface PrismaPoolSize {
  /** The datasource: schema file and line. */
  datasource: PrismaDatasource;
  /** The variable, when the URL comes from one. */
  variable?: string;
  connectionLimit: number;
  /** Where the value was read (env file or schema). */
  file: string;
}

/** What a scan found. */
export interface DeployScan {
  findings: DeployFinding[];
  /** Files read. */
  files: number;
  /** Files that could not be read, with the reason. */
  unreadable: Array<{ file: string; reason: string }>;
  /** The variables of every env file read: joined with the code's `process.env.X`. */
  env: EnvEntry[];
  /** The `connection_limit` of each Prisma datasource whose URL sets one. */
  prismaPools: PrismaPoolSize[];
}

const MAX_BYTES = 1_000_000;

async function readText(file: string, unreadable: DeployScan['unreadable']): Promise<string | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    if (text.length > MAX_BYTES) {
      unreadable.push({ file, reason: 'over 1 MB: not read as a deployment file' });
      return undefined;
    }
    return text;
  } catch (error) {
    unreadable.push({ file, reason: `could not be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
    return undefined;
  }
}

/**
 * The `environment` entries of a Compose file's app services, as env entries (Compose's `${X:-default}` read as
 * its default). A pooler's own service is left out: its `DATABASE_URL` is the pooler's way to the database.
 */
function composeEnvironment(file: string, text: string): EnvEntry[] {
  return composeServices(text, file)
    .filter((service) => poolerFromService(service) === undefined)
    .flatMap((service) =>
      service.environment.flatMap((entry) =>
        entry.value === undefined ? [] : [{ name: entry.name, value: interpolationDefault(entry.value) ?? entry.value, file, line: entry.line, column: entry.column }],
      ),
    );
}

function isPostgres(datasource: PrismaDatasource): boolean {
  return datasource.provider === 'postgresql' || datasource.provider === 'postgres';
}

/** The prisma.config.ts that applies to a schema: the nearest one in its directory or above. */
function configFor(schemaFile: string, configs: readonly PrismaDatasource[]): PrismaDatasource | undefined {
  const inside = configs.filter((config) => !path.relative(path.dirname(config.file), schemaFile).startsWith('..'));
  return inside.sort((a, b) => b.file.length - a.file.length)[0];
}

/** The connection string of an env entry (or a config file's value) with where it is written; none when it is not one. */
function urlSite(entry: EnvEntry): UrlSite[] {
  const url = parsePostgresUrl(entry.value);
  return url ? [{ file: entry.file, line: entry.line, column: entry.column, name: entry.name, url }] : [];
}

/** A pool or client of the code given its own connection string: an environment variable (`process.env.DATABASE_URL`) or another expression. */
export interface UrlReader {
  /** The variable, when the connection string is `process.env.X`. */
  variable?: string;
  /** The driver id: `pg`, `postgres`, `prisma`. */
  driver: string;
  /** Absolute path. */
  file: string;
  line: number;
}

/** " Read by pg at src/db.ts:12." */
function readersNote(readers: readonly UrlReader[], root: string): string {
  if (readers.length === 0) return '';
  const list = readers.map((r) => `${r.driver === 'postgres' ? 'postgres.js' : r.driver} at ${path.relative(root, r.file).split(path.sep).join('/')}:${r.line}`);
  return ` Read by ${list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list[0]}.`;
}

function withReaders(findings: DeployFinding[], readers: readonly UrlReader[], root: string): DeployFinding[] {
  const note = readersNote(readers, root);
  return note === '' ? findings : findings.map((f) => ({ ...f, message: `${f.message}${note}` }));
}

/** postgres.js sends every URL parameter it does not know (`schema`, `pgbouncer`) as a startup parameter. */
function postgresJsFindings(site: UrlSite, context: DeployContext, readers: readonly UrlReader[], root: string): DeployFinding[] {
  const sentByAll = new Set(startupFindings(site, context).map((f) => f.message));
  const postgres = readers.filter((r) => r.driver === 'postgres');
  return startupFindings(site, context, 'postgres')
    .filter((f) => !sentByAll.has(f.message))
    .map((f) => ({ ...f, message: `${f.message}${readersNote(postgres, root).replace(/\.$/, ', which sends every URL parameter it does not know as a startup parameter.')}` }));
}

/**
 * Whether the code gives Prisma Client a connection string other than the datasource's `url`
 * (`new PrismaClient({ datasourceUrl: getDatabaseUrl() })`): the runtime URL is then the code's, which may add
 * `pgbouncer=true` itself, so the schema's `url` says nothing about the client's statements.
 */
function urlSetInCode(datasource: PrismaDatasource, consumers: readonly UrlReader[]): boolean {
  return consumers.some((c) => c.driver === 'prisma' && c.variable !== datasource.url?.env);
}

/**
 * Reads the deployment files and runs the checks. `root` bounds the search for package.json and lockfiles;
 * `consumers` are the code's pools and clients fed from an environment variable, named in the findings of its
 * value (postgres.js ones add the parameters only postgres.js sends).
 * @example await scanDeployment(['/app/prisma/schema.prisma', '/app/.env.example'], '/app', context)
 */
export async function scanDeployment(files: readonly string[], root: string, context: DeployContext, consumers: readonly UrlReader[] = []): Promise<DeployScan> {
  const scan: DeployScan = { findings: [], files: 0, unreadable: [], env: [], prismaPools: [] };
  const schemas: Array<{ file: string; text: string }> = [];
  const configs: PrismaDatasource[] = [];
  // Connection strings of the project's config files: checked as env values are, but they are no variables.
  const configEntries: EnvEntry[] = [];
  for (const file of files) {
    const text = await readText(file, scan.unreadable);
    if (text === undefined) continue;
    scan.files++;
    const source = deploySourceOf(file);
    if (source === 'env') scan.env.push(...parseEnvFile(file, text));
    else if (source === 'compose') scan.env.push(...composeEnvironment(file, text));
    else if (source === 'config') configEntries.push(...configUrls(file, text));
    else if (file.endsWith('.prisma')) schemas.push({ file, text });
    else if (source === 'prisma') {
      const config = configDatasource(file, text);
      if (config) configs.push(config);
    }
  }
  for (const site of configEntries.flatMap(urlSite)) {
    scan.findings.push(...startupFindings(site, context), ...pgbouncerModeFindings(site, context));
  }
  for (const entry of scan.env) {
    const [site] = urlSite(entry);
    if (!site) continue;
    const readers = consumers.filter((c) => c.variable === entry.name && lookupEnv(scan.env, c.variable, path.dirname(c.file)) === entry);
    scan.findings.push(...withReaders(startupFindings(site, context), readers, root), ...pgbouncerModeFindings(site, context));
    if (readers.some((reader) => reader.driver === 'postgres')) scan.findings.push(...postgresJsFindings(site, context, readers, root));
  }
  const generators = schemaGenerators(schemas.map((s) => s.text).join('\n'));
  for (const schema of schemas) {
    const dir = path.dirname(schema.file);
    const lookup = (name: string) => lookupEnv(scan.env, name, dir);
    for (const datasource of schemaDatasources(schema.file, schema.text).filter(isPostgres)) {
      const literal = datasource.url?.literal !== undefined ? parsePostgresUrl(datasource.url.literal) : undefined;
      if (literal && datasource.url) {
        const site: UrlSite = { file: schema.file, line: datasource.url.line, column: datasource.url.column, url: literal };
        scan.findings.push(...startupFindings(site, context), ...pgbouncerModeFindings(site, context));
      }
      const client = prismaClientInfo(dir, root);
      const config = configFor(schema.file, configs);
      const migrateSource = config?.url || config?.directUrl ? config : datasource;
      scan.findings.push(
        ...migrateFindings(migrateSource, lookup, context),
        ...(urlSetInCode(datasource, consumers) ? [] : namedStatementFindings(datasource, client, !generators.noRustEngine, lookup, context)),
      );
      const entry = datasource.url?.env !== undefined ? lookup(datasource.url.env) : undefined;
      const url = literal ?? (entry && parsePostgresUrl(entry.value));
      const limit = url && urlParam(url, 'connection_limit');
      if (limit !== undefined && /^\d+$/.test(limit)) {
        scan.prismaPools.push({
          datasource,
          ...(datasource.url?.env !== undefined ? { variable: datasource.url.env } : {}),
          connectionLimit: Number(limit),
          file: entry?.file ?? schema.file,
        });
      }
    }
  }
  // A prisma.config.ts without a schema next to it (Prisma 7 keeps the URL there alone) is still Migrate's URL.
  for (const config of configs) {
    if (!schemas.some((schema) => configFor(schema.file, configs) === config)) {
      const lookup = (name: string) => lookupEnv(scan.env, name, path.dirname(config.file));
      scan.findings.push(...migrateFindings(config, lookup, context));
    }
  }
  scan.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.id.localeCompare(b.id));
  return scan;
}
