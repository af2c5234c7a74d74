/**
 * Where each driver keeps its pool size, minimum and checkout timeout, and its default size (pooler-facts.md
 * §(c)). Only these option paths of a recognised creation are pool sizes: a `max` anywhere else (retry counts,
 * validators, rate limits) never is.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { DriverCreation } from '../drivers/index.js';
import { stringValue } from '../ast/nodes.js';
import type { ValueKind } from '../drivers/kinds.js';
import { findProperty, objectLiteralOf, type GetScope } from '../ast/objects.js';

/** What a creation's config says about its pool. */
export interface PoolSpec {
  role: 'pool' | 'client';
  /** Option paths of the size, the winning one first (TypeORM's `extra.max` overrides `poolSize`). */
  size: ReadonlyArray<readonly string[]>;
  min?: readonly string[];
  /** The size when the config does not set one. */
  defaultSize?: number;
  /** An argument may be a connection string (not a config whose size is unknown). */
  takesUrl?: boolean;
  /** The size is a parameter of the connection string (Prisma `connection_limit`). */
  urlParameter?: string;
  /** The checkout timeout whose absence (or 0) makes a checkout from an exhausted pool wait forever. */
  checkoutTimeout?: readonly string[];
  /** False when the creation is not a PostgreSQL pool of its own (another dialect, a wrapper over a client). */
  applies?(creation: DriverCreation, getScope: GetScope): boolean;
}

/** A string option of the config, when written as a literal. */
function literalOption(config: TSESTree.ObjectExpression | undefined, key: string, getScope: GetScope): string | undefined {
  const found = config && findProperty(config, key, getScope);
  return found && !found.unknown ? stringValue(found.value) : undefined;
}

/** The config names a dialect other than PostgreSQL (an absent or computed one may be PostgreSQL). */
function dialectIs(key: string, postgres: readonly string[]) {
  return (creation: DriverCreation, getScope: GetScope): boolean => {
    const dialect = literalOption(creation.config, key, getScope);
    return dialect === undefined || postgres.includes(dialect);
  };
}

/** drizzle(url) or drizzle({ connection }) opens its own pool; drizzle(pool) or drizzle({ client }) does not. */
function drizzleOwnsPool(creation: DriverCreation, getScope: GetScope): boolean {
  if (creation.config && findProperty(creation.config, 'client', getScope)) return false;
  return creation.url !== undefined || (creation.config !== undefined && findProperty(creation.config, 'connection', getScope) !== undefined);
}

/** `new PrismaPg({ connectionString, max })` opens a pool; `new PrismaPg(pool, { schema })` uses the one given. */
function configFirst(creation: DriverCreation, getScope: GetScope): boolean {
  const first = creation.node.arguments[0];
  return creation.config !== undefined && first !== undefined && first.type !== 'SpreadElement' && objectLiteralOf(first, getScope) === creation.config;
}

/** `new PrismaClient({ adapter })` queries through the adapter's pool. */
function withoutAdapter(creation: DriverCreation, getScope: GetScope): boolean {
  return !(creation.config && findProperty(creation.config, 'adapter', getScope));
}

/** The pool spec of each creation kind. */
export const POOL_SPECS: Readonly<Partial<Record<ValueKind, PoolSpec>>> = {
  'pg.Pool': { role: 'pool', size: [['max']], min: ['min'], defaultSize: 10, checkoutTimeout: ['connectionTimeoutMillis'] },
  'pg.Client': { role: 'client', size: [] },
  'postgres.Sql': { role: 'pool', size: [['max']], defaultSize: 10, takesUrl: true },
  'pgp.Database': { role: 'pool', size: [['max']], min: ['min'], defaultSize: 10, takesUrl: true },
  'knex.Knex': {
    role: 'pool',
    size: [['pool', 'max']],
    min: ['pool', 'min'],
    defaultSize: 10,
    applies: dialectIs('client', ['pg', 'postgres', 'postgresql', 'pg-native', 'pgnative', 'cockroachdb']),
  },
  'sequelize.Sequelize': {
    role: 'pool',
    size: [['pool', 'max']],
    min: ['pool', 'min'],
    defaultSize: 5,
    takesUrl: true,
    applies: dialectIs('dialect', ['postgres']),
  },
  'typeorm.DataSource': {
    role: 'pool',
    size: [['extra', 'max'], ['poolSize']],
    min: ['extra', 'min'],
    defaultSize: 10,
    applies: dialectIs('type', ['postgres', 'cockroachdb', 'aurora-postgres']),
  },
  'slonik.Pool': { role: 'pool', size: [['maximumPoolSize']], min: ['minimumPoolSize'], defaultSize: 10, takesUrl: true },
  // With a driver adapter (Prisma 7), the adapter's pool is the pool: the client opens none of its own.
  'prisma.Client': { role: 'pool', size: [], urlParameter: 'connection_limit', takesUrl: true, applies: withoutAdapter },
  'prisma.PgAdapter': {
    role: 'pool',
    size: [['max']],
    min: ['min'],
    defaultSize: 10,
    checkoutTimeout: ['connectionTimeoutMillis'],
    applies: configFirst,
  },
  'drizzle.Database': {
    role: 'pool',
    size: [['connection', 'max']],
    defaultSize: 10,
    takesUrl: true,
    applies: drizzleOwnsPool,
  },
};
