/**
 * The driver catalog, in one place: every kind's spec, the modules that bring a driver in, and the
 * type names that mean a driver value when type information is available.
 */
import type { ValueKind } from '../kinds.js';
import { drizzleKinds, drizzleTypeNames } from './drizzle.js';
import { knexKinds } from './knex.js';
import { kyselyKinds } from './kysely.js';
import { pgPromiseKinds } from './pg-promise.js';
import { pgKinds } from './pg.js';
import { postgresKinds } from './postgres.js';
import { prismaKinds } from './prisma.js';
import { sequelizeKinds } from './sequelize.js';
import { slonikKinds } from './slonik.js';
import { typeormKinds } from './typeorm.js';
import type { CallSpec, KindSpec, ModuleSpec, Produces, TypeSpec } from './types.js';

export type * from './types.js';

/** Every kind's spec. */
export const KINDS: { readonly [K in ValueKind]: KindSpec } = {
  ...pgKinds,
  ...postgresKinds,
  ...pgPromiseKinds,
  ...knexKinds,
  ...kyselyKinds,
  ...drizzleKinds,
  ...prismaKinds,
  ...sequelizeKinds,
  ...typeormKinds,
  ...slonikKinds,
};

/** MikroORM's packages: only their `knex` export is a driver (knex's own function). */
const MIKRO_ORM_KNEX: ModuleSpec = { kind: 'knex.module', onlyNames: ['knex'], reexportsOnly: true };

/** Module specifiers and the kind of what `require()` / a default or namespace import gives. */
export const MODULES: Readonly<Record<string, ModuleSpec>> = {
  pg: { kind: 'pg.module' },
  'pg-pool': { kind: 'pg.PoolClass' },
  'pg-cursor': { kind: 'pg.CursorClass' },
  postgres: { kind: 'postgres.module' },
  'pg-promise': { kind: 'pgp.module' },
  knex: { kind: 'knex.module' },
  kysely: { kind: 'kysely.module' },
  'drizzle-orm': { kind: 'drizzle.module' },
  'drizzle-orm/sql': { kind: 'drizzle.module' },
  'drizzle-orm/node-postgres': { kind: 'drizzle.nodePostgresModule' },
  'drizzle-orm/postgres-js': { kind: 'drizzle.postgresJsModule' },
  '@prisma/client': { kind: 'prisma.module' },
  '@prisma/adapter-pg': { kind: 'prisma.adapterPgModule' },
  sequelize: { kind: 'sequelize.module' },
  '@sequelize/core': { kind: 'sequelize.module' },
  typeorm: { kind: 'typeorm.module' },
  slonik: { kind: 'slonik.module' },
  // A published fork with slonik's API (logto uses it).
  '@silverhand/slonik': { kind: 'slonik.module' },
  // MikroORM 5/6 re-export knex (`export { Knex, knex } from 'knex'`); @mikro-orm/postgresql has `export * from '@mikro-orm/knex'`.
  '@mikro-orm/knex': MIKRO_ORM_KNEX,
  '@mikro-orm/postgresql': MIKRO_ORM_KNEX,
};

/** A generated Prisma client: only its `PrismaClient` / `Prisma` exports are taken as Prisma. */
const GENERATED_PRISMA: ModuleSpec = { kind: 'prisma.module', onlyNames: ['PrismaClient', 'Prisma'] };

/**
 * The module spec of an import specifier, or undefined when it is not a driver module. Generated
 * Prisma clients (`./generated/prisma`, `@/generated/prisma/client`, `.prisma/client`) count for
 * their `PrismaClient` / `Prisma` exports only.
 * @example moduleSpecOf('pg') // { kind: 'pg.module' }
 */
export function moduleSpecOf(specifier: string): ModuleSpec | undefined {
  // Asked for every import of every linted file: the same few hundred specifiers, answered once each.
  let found = specs.get(specifier);
  if (found === undefined) {
    if (specs.size >= 10_000) specs.clear();
    specs.set(specifier, (found = specOf(specifier) ?? null));
  }
  return found ?? undefined;
}

const specs = new Map<string, ModuleSpec | null>();

function specOf(specifier: string): ModuleSpec | undefined {
  const known = Object.hasOwn(MODULES, specifier) ? MODULES[specifier] : undefined;
  if (known) return known;
  if (specifier.startsWith('@prisma/client/') || specifier.startsWith('.prisma/client')) return MODULES['@prisma/client'];
  const local = /^(\.{1,2}\/|\/|@\/|~\/|#)/.test(specifier);
  if (local && /(^|\/)prisma(\/client|\/edge|\/index(\.[cm]?[jt]s)?)?$/.test(specifier)) return GENERATED_PRISMA;
  return undefined;
}

/** slonik's type names (also of its fork @silverhand/slonik). */
const SLONIK_TYPES = {
  DatabasePool: 'slonik.Pool',
  DatabasePoolType: 'slonik.Pool',
  DatabasePoolConnection: 'slonik.Connection',
  DatabasePoolConnectionType: 'slonik.Connection',
  DatabaseTransactionConnection: 'slonik.Transaction',
  DatabaseTransactionConnectionType: 'slonik.Transaction',
} as const;

/**
 * Type names that mean a driver value, by the package that declares them (`@types/x` counts as `x`).
 * Used only with type information.
 */
export const TYPE_NAMES: Readonly<Record<string, Readonly<Record<string, ValueKind | TypeSpec>>>> = {
  pg: { Pool: 'pg.Pool', Client: 'pg.Client', ClientBase: 'pg.Client', PoolClient: 'pg.PoolClient' },
  'pg-pool': { Pool: 'pg.Pool' },
  postgres: { Sql: 'postgres.Sql', TransactionSql: 'postgres.TransactionSql', ReservedSql: 'postgres.Reserved' },
  'pg-promise': { IMain: 'pgp.Main', IDatabase: 'pgp.Database', ITask: 'pgp.Task', IConnected: 'pgp.Connection' },
  knex: { Knex: 'knex.Knex', Transaction: 'knex.Transaction' },
  kysely: { Kysely: 'kysely.Kysely', Transaction: 'kysely.Transaction', ControlledTransaction: 'kysely.Transaction' },
  'drizzle-orm': drizzleTypeNames,
  '@prisma/client': { PrismaClient: 'prisma.Client', TransactionClient: 'prisma.Transaction' },
  '.prisma': { PrismaClient: 'prisma.Client', TransactionClient: 'prisma.Transaction' },
  sequelize: { Sequelize: 'sequelize.Sequelize', Transaction: 'sequelize.Transaction' },
  '@sequelize/core': { Sequelize: 'sequelize.Sequelize', Transaction: 'sequelize.Transaction' },
  typeorm: {
    DataSource: 'typeorm.DataSource',
    Connection: 'typeorm.DataSource',
    EntityManager: 'typeorm.EntityManager',
    QueryRunner: 'typeorm.QueryRunner',
    Repository: 'typeorm.Repository',
  },
  slonik: SLONIK_TYPES,
  '@silverhand/slonik': SLONIK_TYPES,
  '@slonik/types': {
    DatabasePool: 'slonik.Pool',
    DatabasePoolConnection: 'slonik.Connection',
    DatabaseTransactionConnection: 'slonik.Transaction',
  },
};

/**
 * A `TYPE_NAMES` entry as a `TypeSpec` (the string shorthand expanded).
 * @example typeSpecOf('pg', 'PoolClient') // { kind: 'pg.PoolClient' }
 */
export function typeSpecOf(pkg: string, name: string): TypeSpec | undefined {
  const table = Object.hasOwn(TYPE_NAMES, pkg) ? TYPE_NAMES[pkg]! : undefined;
  const entry = table && Object.hasOwn(table, name) ? table[name] : undefined;
  return typeof entry === 'string' ? { kind: entry } : entry;
}

/**
 * Method names of the catalog whose spec passes `has`: typed lint asks for a receiver's type only for these.
 * @example methodNames((spec) => spec.sql !== undefined).has('query') // true
 */
export function methodNames(has: (spec: CallSpec) => boolean): ReadonlySet<string> {
  const names = new Set<string>();
  for (const kind of Object.values(KINDS)) {
    for (const [name, spec] of Object.entries(kind.methods ?? {})) if (has(spec)) names.add(name);
  }
  return names;
}

/** Every method name of every kind: a call `x.m()` whose `m` is not here is no driver method, whatever `x` is. */
export const METHOD_NAMES = methodNames(() => true);

/**
 * Method names that give a checked-out handle back: on the handle (`client.release()`, `connection.done()`)
 * and on its owner (`knex.client.releaseConnection(c)`), from the acquisitions' release specs.
 */
export const RELEASES: { readonly methods: ReadonlySet<string>; readonly ownerMethods: ReadonlySet<string> } = (() => {
  const methods = new Set<string>();
  const ownerMethods = new Set<string>();
  for (const spec of Object.values(KINDS)) {
    for (const call of Object.values(spec.methods ?? {})) {
      const release = call.acquires?.release;
      if (release && 'method' in release) methods.add(release.method);
      if (release && 'ownerMethod' in release) ownerMethods.add(release.ownerMethod);
    }
  }
  return { methods, ownerMethods };
})();

/** Every method name that gives a handle back, on the handle or on its owner. */
export const RELEASE_METHODS: ReadonlySet<string> = new Set([...RELEASES.methods, ...RELEASES.ownerMethods]);

/** Per method name, the argument that is SQL in every kind that has the method (`map` → 0), if they agree. */
const SQL_ARGUMENT = new Map<string, number | null>();
for (const kind of Object.values(KINDS)) {
  for (const [name, spec] of Object.entries(kind.methods ?? {})) {
    const arg = spec.sql?.arg ?? null;
    SQL_ARGUMENT.set(name, SQL_ARGUMENT.has(name) && SQL_ARGUMENT.get(name) !== arg ? null : arg);
  }
}

/**
 * Whether `x.name(…args)` can be a driver method call, from its name and the shape of its arguments:
 * a function where every driver takes SQL (`items.map((x) => …)`) rules it out.
 * @example mayBeDriverMethod('map', [arrowFunction]) // false
 */
export function mayBeDriverMethod(name: string, args: readonly { type: string }[]): boolean {
  if (!METHOD_NAMES.has(name)) return false;
  const sql = SQL_ARGUMENT.get(name);
  const type = sql === null || sql === undefined ? undefined : args[sql]?.type;
  return type !== 'ArrowFunctionExpression' && type !== 'FunctionExpression';
}

/** Property names that lead to a callable kind (`db.$config.pgp(…)`): the checker is asked about `x` in `x.name(…)`. */
export const CALLABLE_PROP_NAMES: ReadonlySet<string> = propNamesLeadingTo('call');

/** Property names that lead to a constructible kind (`new pgp.PreparedStatement(…)`). */
export const CONSTRUCTIBLE_PROP_NAMES: ReadonlySet<string> = propNamesLeadingTo('construct');

function propNamesLeadingTo(use: 'call' | 'construct'): ReadonlySet<string> {
  const names = new Set<string>();
  for (const [kind, spec] of Object.entries(KINDS) as [ValueKind, KindSpec][]) {
    for (const name of Object.keys(spec.props ?? {})) if (KINDS[propOf(kind, name)!.kind][use]) names.add(name);
  }
  return names;
}

/**
 * A kind's property as a `Produces` (the catalog's string shorthand expanded).
 * @example propOf('pg.module', 'Pool') // { kind: 'pg.PoolClass' }
 */
export function propOf(kind: ValueKind, name: string): Produces | undefined {
  const props = KINDS[kind].props;
  const prop = props && Object.hasOwn(props, name) ? props[name] : undefined;
  return typeof prop === 'string' ? { kind: prop } : prop;
}
