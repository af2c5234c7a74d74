/**
 * The command line of `pooler-lint`: flags parsed strictly with `node:util` `parseArgs`. Every problem is a
 * `UsageError` whose message is one line, printed on stderr with exit code 2.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_CONNECTIONS, type BudgetOptions } from '../pools/budget.js';
import type { DeploySource } from '../deploy/scan.js';
import type { PoolerSettings } from '../profiles/index.js';

/** A usage or configuration problem: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The first non-empty line of an error's message, for a one-line report.
 * @example firstLine(new Error('Unexpected token\n  at …')) // 'Unexpected token'
 */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}

export const FORMATS = ['stylish', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** Everything the command line says, validated. */
export interface CliOptions {
  paths: string[];
  /** `settings.pooler` as given (validated later by `resolveProfile`, whose errors also exit 2). */
  pooler: Record<string, unknown>;
  /** The pool budget flags that were given, as the `pool-size-budget` rule takes them. */
  budget: BudgetOptions;
  format: Format;
  output?: string;
  /** `--config`: the ESLint config file whose `settings.pooler` applies (default: the one ESLint finds). */
  config?: string;
  concurrency: number | 'auto' | 'off';
  suppressionsLocation?: string;
  suppressAll: boolean;
  pruneSuppressions: boolean;
  /** `.sql` files run over a direct connection (not through the pooler): do not scan them. */
  sqlDirect: boolean;
  /**
   * Deployment files to read, by source: `--no-prisma`, `--no-env-files`, `--no-compose`, `--no-pooler-config`,
   * `--no-config-files` turn one off (`pooler`: pgbouncer.ini files and the pooler images of Compose files;
   * `config`: the project's JSON/YAML config files).
   */
  deploySources: Record<DeploySource, boolean>;
  quiet: boolean;
  help: boolean;
  version: boolean;
}

const FLAGS = {
  pooler: { type: 'string' },
  'pgbouncer-version': { type: 'string' },
  'max-prepared-statements': { type: 'string' },
  'track-extra-parameters': { type: 'string' },
  'direct-url-pattern': { type: 'string' },
  'non-serving-files': { type: 'string', multiple: true },
  'max-connections': { type: 'string' },
  instances: { type: 'string' },
  reserved: { type: 'string' },
  config: { type: 'string', short: 'c' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  concurrency: { type: 'string' },
  'suppressions-location': { type: 'string' },
  'suppress-all': { type: 'boolean' },
  'prune-suppressions': { type: 'boolean' },
  'sql-direct': { type: 'boolean' },
  'no-prisma': { type: 'boolean' },
  'no-env-files': { type: 'boolean' },
  'no-compose': { type: 'boolean' },
  'no-pooler-config': { type: 'boolean' },
  'no-config-files': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export const HELP = `Usage: pooler-lint [options] [paths...]

Finds code that breaks behind a transaction-mode PostgreSQL pooler. Lints JS/TS files with
eslint-plugin-pooler's recommended config (typed where a tsconfig.json covers them), scans .sql
files and reads the deployment files (Prisma schemas, env and Compose files; never printing their
values). Paths default to the current directory. The pooler settings come from settings.pooler of the
project's ESLint config when it has one; the flags below override them key by key.

Pooler:
  -c, --config <file>              the ESLint config to read settings.pooler from (default: the one
                                   ESLint finds)
  --pooler <profile>               transaction (default), pgbouncer, rds-proxy, supavisor, pgcat,
                                   pgdog, odyssey, neon, azure, session
  --pgbouncer-version <x.y[.z]>    PgBouncer version (profile pgbouncer)
  --max-prepared-statements <n>    PgBouncer max_prepared_statements (pgbouncer, azure)
  --track-extra-parameters <a,b>   PgBouncer track_extra_parameters (pgbouncer >= 1.20)
  --direct-url-pattern <regex>     connection strings that bypass the pooler
  --sql-direct                     .sql files run over a direct connection: do not scan them

Deployment files:
  --no-prisma                      do not read Prisma schemas (*.prisma) and prisma.config.ts
  --no-env-files                   do not read env files (.env, .env.*, .env.example)
  --no-compose                     do not read Compose files (compose*.yml, docker-compose*.yml)
  --no-pooler-config               do not read the pooler's own configuration (pgbouncer*.ini, the
                                   PgBouncer/Supavisor/PgCat/PgDog images of Compose files): it then
                                   sets neither the profile nor the pooler sizing checks
  --no-config-files                do not read connection strings in the project's config files
                                   (config/*.json|yml, ormconfig.*, database.json, app.json, render.yaml)

Pool budget:
  --max-connections <n>            the database's max_connections (default 100)
  --instances <n>                  processes at peak (default 1)
  --reserved <n>                   connections kept for admin tools (default 10% of max)
  --non-serving-files <glob>       files whose pools serve no request, listed apart and not counted;
                                   repeat for more globs; replaces the default (*.test.*, *.spec.*,
                                   __tests__/, __mocks__/, test/, tests/, e2e/, scripts/,
                                   migrations/, seeds/ at any depth);
                                   --non-serving-files= counts every file

Output:
  -f, --format <name>              stylish (default), json, sarif, markdown
  -o, --output <file>              write the report to a file instead of stdout
  -q, --quiet                      report errors only, no progress

Run:
  --concurrency <n|auto|off>       ESLint worker threads (default off)
  --suppressions-location <file>   bulk-suppressions file (default eslint-suppressions.json)
  --suppress-all                   record every current error in the suppressions file
  --prune-suppressions             drop suppressions that no longer match an error
  -h, --help                       show this help
  -v, --version                    show the version

Exit codes: 0 ready; 1 not ready: blockers found, pools over the connection budget, or files that
could not be analysed (do not parse, unreadable, or given by path but ignored); 2 usage or
configuration error.
`;

function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new UsageError(`--${flag} must be a whole number of ${min} or more, got '${text}'.`);
  }
  return Number(text);
}

function readFormat(text: string | undefined): Format {
  if (text === undefined) return 'stylish';
  const format = FORMATS.find((name) => name === text);
  if (!format) throw new UsageError(`--format '${text}' is not a format; use one of: ${FORMATS.join(', ')}.`);
  return format;
}

function readConcurrency(text: string | undefined): CliOptions['concurrency'] {
  if (text === undefined || text === 'off') return 'off';
  if (text === 'auto') return 'auto';
  return wholeNumber('concurrency', text, 1) ?? 'off';
}

function readPooler(values: Record<string, string | boolean | string[] | undefined>): Record<string, unknown> {
  const pooler: Record<string, unknown> & PoolerSettings = {};
  const text = (key: string) => values[key] as string | undefined;
  const globs = values['non-serving-files'] as string[] | undefined;
  // `--non-serving-files=` (an empty glob) empties the list: every file's pools count.
  if (globs !== undefined) pooler.nonServingFiles = globs.filter((glob) => glob.trim() !== '');
  if (text('pooler') !== undefined) pooler.profile = text('pooler') as PoolerSettings['profile'];
  if (text('pgbouncer-version') !== undefined) pooler.version = text('pgbouncer-version');
  const maxPrepared = wholeNumber('max-prepared-statements', text('max-prepared-statements'), 0);
  if (maxPrepared !== undefined) pooler.maxPreparedStatements = maxPrepared;
  const tracked = text('track-extra-parameters');
  if (tracked !== undefined) pooler.trackExtraParameters = tracked.split(',').map((name) => name.trim()).filter(Boolean);
  if (text('direct-url-pattern') !== undefined) pooler.directUrlPattern = text('direct-url-pattern');
  return pooler;
}

function readBudget(values: Record<string, string | boolean | string[] | undefined>): BudgetOptions {
  const budget: BudgetOptions = {};
  const maxConnections = wholeNumber('max-connections', values['max-connections'] as string | undefined, 1);
  const instances = wholeNumber('instances', values.instances as string | undefined, 1);
  const reserved = wholeNumber('reserved', values.reserved as string | undefined, 0);
  if (maxConnections !== undefined) budget.maxConnections = maxConnections;
  if (instances !== undefined) budget.instances = instances;
  if (reserved !== undefined) {
    const max = maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    if (reserved >= max) throw new UsageError(`--reserved (${reserved}) must be less than --max-connections (${max}).`);
    budget.reserved = reserved;
  }
  return budget;
}

/** Turns parseArgs' own errors (unknown option, missing value) into one short line. */
function usageFromParseError(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return new UsageError(`unknown option '${unknown[1]}'; see pooler-lint --help.`);
  const missing = /Option '([^']+)'.* argument missing/.exec(message);
  if (missing) return new UsageError(`option '${missing[1]}' needs a value; see pooler-lint --help.`);
  const ambiguous = /Option '([^']+)' argument is ambiguous/.exec(message);
  if (ambiguous) return new UsageError(`the value of '${ambiguous[1]}' starts with '-': write ${ambiguous[1]}=<value>.`);
  return new UsageError(`${message.split('\n')[0]!.replace(/\.$/, '')}; see pooler-lint --help.`);
}

/**
 * Parses the arguments after `pooler-lint`. Throws `UsageError` on an unknown flag, a missing or bad value,
 * or conflicting flags. Profile options are checked later by `resolveProfile`.
 * @example parseCliArgs(['src', '--pooler', 'rds-proxy', '--format', 'json']).pooler // { profile: 'rds-proxy' }
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof FLAGS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageFromParseError(error);
  }
  const { values, positionals } = parsed;
  if (values['suppress-all'] && values['prune-suppressions']) {
    throw new UsageError('--suppress-all and --prune-suppressions cannot be used together.');
  }
  const options: CliOptions = {
    paths: positionals.length > 0 ? positionals : ['.'],
    pooler: readPooler(values),
    budget: readBudget(values),
    format: readFormat(values.format),
    concurrency: readConcurrency(values.concurrency),
    suppressAll: values['suppress-all'] === true,
    pruneSuppressions: values['prune-suppressions'] === true,
    sqlDirect: values['sql-direct'] === true,
    deploySources: {
      prisma: values['no-prisma'] !== true,
      env: values['no-env-files'] !== true,
      compose: values['no-compose'] !== true,
      pooler: values['no-pooler-config'] !== true,
      config: values['no-config-files'] !== true,
    },
    quiet: values.quiet === true,
    help: values.help === true,
    version: values.version === true,
  };
  if (values.output !== undefined) options.output = values.output;
  if (values.config !== undefined) options.config = values.config;
  if (values['suppressions-location'] !== undefined) options.suppressionsLocation = values['suppressions-location'];
  return options;
}
