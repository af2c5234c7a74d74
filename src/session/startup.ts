/**
 * Startup parameters: what each driver puts in the connection's StartupMessage from its config or
 * connection string. PgBouncer refuses the connection for any parameter it does not know
 * (`unsupported startup parameter: statement_timeout`), in every pool mode.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { ResolveOptions } from '../ast/sql-text.js';
import { propName, stringValue } from '../ast/nodes.js';
import type { DriverCreation } from '../drivers/index.js';
import { objectLiteral, objectProperty } from './uses.js';

/** One startup parameter a creation sends. */
export interface StartupParameter {
  /** The parameter as sent (`statement_timeout`, `options`, `search_path`). */
  parameter: string;
  /** For `options`: the GUC inside `-c name=value`; otherwise the parameter itself. */
  guc: string;
  /** Where it is set: a config property, a connection string, or the creation (a driver default). */
  node: TSESTree.Node;
  /** Sent by the driver's defaults, not by the config. */
  byDefault?: boolean;
}

/** node-postgres `getStartupConf()`: the config keys it sends (besides user, database, application_name). */
export const PG_STARTUP_KEYS: readonly string[] = ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'options', 'replication'];

/** postgres.js options: URL query parameters with these names are options, every other one is sent at startup. */
export const POSTGRES_JS_OPTIONS: ReadonlySet<string> = new Set([
  'ssl', 'sslmode', 'max', 'idle_timeout', 'connect_timeout', 'max_lifetime', 'max_pipeline', 'backoff', 'keep_alive',
  'prepare', 'debug', 'fetch_types', 'publications', 'target_session_attrs', 'host', 'port', 'path', 'database', 'db',
  'user', 'username', 'pass', 'password', 'onnotice', 'onparameter', 'socket', 'transform', 'types', 'connection',
  'application_name', 'no_prepare',
]);

/** slonik's defaults send both as startup parameters unless set to `'DISABLE_TIMEOUT'`. */
const SLONIK_TIMEOUTS: ReadonlyArray<[string, string]> = [
  ['statementTimeout', 'statement_timeout'],
  ['idleInTransactionSessionTimeout', 'idle_in_transaction_session_timeout'],
];

/** Where a driver keeps the pg config it passes on. */
const PG_CONFIG_PATHS: Partial<Record<string, readonly string[]>> = {
  'pg.Pool': [],
  'pg.Client': [],
  'prisma.PgAdapter': [],
  'pgp.Database': [],
  'knex.Knex': ['connection'],
  'typeorm.DataSource': ['extra'],
  'sequelize.Sequelize': ['dialectOptions'],
};

function isUnset(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && (node.value === null || node.value === 0 || node.value === false)) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined')
  );
}

/**
 * The GUC names inside an `options` value, lower case.
 * @example optionsGucs('-c search_path=app --lock_timeout=5s') // ['search_path', 'lock_timeout']
 */
export function optionsGucs(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [...value.matchAll(/(?:-c\s*|--)([\w.]+)\s*=/g)].map((m) => m[1]!.toLowerCase());
}

function fromKey(property: TSESTree.Property, parameter: string): StartupParameter[] {
  if (isUnset(property.value)) return [];
  if (parameter !== 'options') return [{ parameter, guc: parameter, node: property.key }];
  const gucs = optionsGucs(stringValue(property.value));
  return gucs.length > 0 ? gucs.map((guc) => ({ parameter, guc, node: property.key })) : [{ parameter, guc: 'options', node: property.key }];
}

/** Query parameters of a connection-string literal, with the literal as their node. */
function urlParameters(node: TSESTree.Node | undefined): Array<{ key: string; value: string; node: TSESTree.Node }> {
  const text = node && stringValue(node);
  if (!node || !text || !text.includes('?')) return [];
  try {
    const url = new URL(text.replace(/^postgres(ql)?:/, 'http:'));
    return [...url.searchParams].map(([key, value]) => ({ key: key.toLowerCase(), value, node }));
  } catch {
    return [];
  }
}

function pgConfigParameters(config: TSESTree.ObjectExpression, options: ResolveOptions): StartupParameter[] {
  return PG_STARTUP_KEYS.flatMap((key) => {
    const property = objectProperty(config, key, options);
    return property ? fromKey(property, key) : [];
  });
}

function pgUrlParameters(url: TSESTree.Node | undefined): StartupParameter[] {
  return urlParameters(url)
    .filter((p) => PG_STARTUP_KEYS.includes(p.key))
    .flatMap((p) =>
      p.key === 'options'
        ? optionsGucs(p.value).map((guc) => ({ parameter: 'options', guc, node: p.node }))
        : [{ parameter: p.key, guc: p.key, node: p.node }],
    );
}

function postgresJsParameters(creation: DriverCreation, options: ResolveOptions): StartupParameter[] {
  const found: StartupParameter[] = [];
  const connection = creation.config && objectProperty(creation.config, 'connection', options);
  const object = connection && objectLiteral(connection.value, options);
  for (const property of object?.properties ?? []) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propName(property);
    if (key !== undefined && !isUnset(property.value)) found.push({ parameter: key, guc: key.toLowerCase(), node: property.key });
  }
  for (const p of urlParameters(creation.url)) {
    if (!POSTGRES_JS_OPTIONS.has(p.key)) found.push({ parameter: p.key, guc: p.key, node: p.node });
  }
  return found;
}

function slonikParameters(creation: DriverCreation, options: ResolveOptions): StartupParameter[] {
  return SLONIK_TIMEOUTS.flatMap(([option, parameter]): StartupParameter[] => {
    const property = creation.config && objectProperty(creation.config, option, options);
    if (!property) return [{ parameter, guc: parameter, node: creation.node, byDefault: true }];
    return stringValue(property.value) === 'DISABLE_TIMEOUT' ? [] : [{ parameter, guc: parameter, node: property.key }];
  });
}

/**
 * The startup parameters a pool or client creation sends, by driver: pg config keys (also through
 * pg-promise, knex `connection`, TypeORM `extra`, Sequelize `dialectOptions`), connection-string query
 * parameters, postgres.js `connection` and unknown URL parameters, slonik's timeout defaults.
 *
 * @example startupParameters(creationOf("new Pool({ statement_timeout: 5000 })"), options)
 *   // [{ parameter: 'statement_timeout', guc: 'statement_timeout', node: <key> }]
 */
export function startupParameters(creation: DriverCreation, options: ResolveOptions): StartupParameter[] {
  if (creation.driver === 'postgres') return postgresJsParameters(creation, options);
  if (creation.driver === 'slonik') return slonikParameters(creation, options);
  const path = PG_CONFIG_PATHS[creation.kind];
  if (!path) return [];
  let config: TSESTree.ObjectExpression | undefined = creation.config;
  for (const key of path) {
    const property = config && objectProperty(config, key, options);
    config = property && objectLiteral(property.value, options);
  }
  const urlNode = path.length > 0 && creation.config ? objectProperty(creation.config, path[0]!, options)?.value : creation.url;
  return [...(config ? pgConfigParameters(config, options) : []), ...pgUrlParameters(config ? creation.url : urlNode ?? creation.url)];
}
