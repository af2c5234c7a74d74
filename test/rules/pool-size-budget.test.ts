import { RuleTester } from '@typescript-eslint/rule-tester';
import { after, describe, it } from 'node:test';
import rule from '../../rules/pool-size-budget.js';
import { resolveProfile } from '../../src/profiles/index.js';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();

/** The 1-based line and column where `snippet` starts in `code` (its `occurrence`-th match). */
function at(code: string, snippet: string, occurrence = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = code.indexOf(snippet, index + 1);
  if (index < 0) throw new Error(`snippet ${snippet} not in test code`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

type MessageId = 'overBudget' | 'defaultOverBudget' | 'minOverMax';

function error(code: string, messageId: MessageId, snippet: string, occurrence = 1) {
  return { messageId, ...at(code, snippet, occurrence) };
}

const PG = "import { Pool } from 'pg';\n";
const TIMEOUT = 'connectionTimeoutMillis: 5000';

/** Small budget: 30 − 3 reserved = 27 for one instance. */
const SMALL = [{ maxConnections: 30 }] as [{ maxConnections: number }];

// Each invalid case: [name, code, options, errors as [messageId, snippet, occurrence?]].
type Case = [string, string, Array<Record<string, number>> | undefined, Array<[MessageId, string, number?]>];

const invalid: Case[] = [
  ['pg literal max over the default budget', `${PG}new Pool({ max: 100, ${TIMEOUT} });`, undefined, [['overBudget', '100']]],
  ['pg max over the budget of 4 instances', `${PG}new Pool({ max: 25, ${TIMEOUT} });`, [{ instances: 4 }], [['overBudget', '25']]],
  ['pg max from a const', `${PG}const SIZE = 40;\nnew Pool({ max: SIZE, ${TIMEOUT} });`, SMALL, [['overBudget', 'SIZE', 2]]],
  [
    'pg max from an env lookup with ?? default',
    `${PG}new Pool({ max: Number(process.env.PG_MAX ?? 40), ${TIMEOUT} });`,
    SMALL,
    [['overBudget', 'Number(']],
  ],
  [
    'pg max from parseInt(env || string)',
    `${PG}new Pool({ max: parseInt(process.env.PG_MAX || '40', 10), ${TIMEOUT} });`,
    SMALL,
    [['overBudget', 'parseInt(']],
  ],
  ['pg max from +env || default', `${PG}new Pool({ max: +process.env.PG_MAX || 40, ${TIMEOUT} });`, SMALL, [['overBudget', '+process']]],
  [
    'pg max from a property of a const settings object',
    `${PG}const settings = { db: { poolSize: 40 } };\nnew Pool({ max: settings.db.poolSize, ${TIMEOUT} });`,
    SMALL,
    [['overBudget', 'settings.db.poolSize']],
  ],
  ['pg config bound to a const', `${PG}const config = { max: 40, ${TIMEOUT} };\nnew Pool(config);`, SMALL, [['overBudget', '40']]],
  ['pg max inside a spread const', `${PG}const base = { max: 40 };\nnew Pool({ ...base, ${TIMEOUT} });`, SMALL, [['overBudget', '40']]],
  ['pg default namespace import', `import pg from 'pg';\nnew pg.Pool({ max: 99, ${TIMEOUT} });`, undefined, [['overBudget', '99']]],
  ['pg require', `const { Pool } = require('pg');\nnew Pool({ max: 99, ${TIMEOUT} });`, undefined, [['overBudget', '99']]],
  [
    'pg default size over a tiny budget',
    `${PG}new Pool({ ${TIMEOUT} });`,
    [{ maxConnections: 20, instances: 2 }],
    [['defaultOverBudget', 'new Pool']],
  ],
  ['pg min over max', `${PG}new Pool({ min: 8, max: 4, ${TIMEOUT} });`, undefined, [['minOverMax', '8']]],
  ['pg min over the default max', `${PG}new Pool({ min: 12, ${TIMEOUT} });`, undefined, [['minOverMax', '12']]],
  [
    'pg over budget and min over max at once (no timeout is require-checkout-timeout\'s)',
    `${PG}new Pool({ max: 40, min: 50 });`,
    SMALL,
    [
      ['overBudget', '40'],
      ['minOverMax', '50'],
    ],
  ],
  ['postgres.js max', "import postgres from 'postgres';\npostgres(process.env.DATABASE_URL, { max: 40 });", SMALL, [['overBudget', '40']]],
  ['postgres.js default size', "import postgres from 'postgres';\npostgres('postgres://db/app');", [{ maxConnections: 10 }], [['defaultOverBudget', 'postgres(']]],
  ['knex pool.max', "import knex from 'knex';\nknex({ client: 'pg', pool: { min: 2, max: 40 } });", SMALL, [['overBudget', '40']]],
  ['knex pool.min over pool.max', "import knex from 'knex';\nknex({ client: 'pg', pool: { min: 20, max: 10 } });", undefined, [['minOverMax', '20']]],
  ['knex default size', "import knex from 'knex';\nknex({ client: 'pg', connection: process.env.DATABASE_URL });", [{ maxConnections: 10 }], [['defaultOverBudget', 'knex(']]],
  ['Sequelize pool.max', "import { Sequelize } from 'sequelize';\nnew Sequelize(process.env.DATABASE_URL, { pool: { max: 40 } });", SMALL, [['overBudget', '40']]],
  ['Sequelize default size (5)', "import { Sequelize } from 'sequelize';\nnew Sequelize('postgres://db/app');", [{ maxConnections: 5 }], [['defaultOverBudget', 'new Sequelize']]],
  ['TypeORM poolSize', "import { DataSource } from 'typeorm';\nnew DataSource({ type: 'postgres', poolSize: 40 });", SMALL, [['overBudget', '40']]],
  [
    'TypeORM extra.max wins over poolSize',
    "import { DataSource } from 'typeorm';\nnew DataSource({ type: 'postgres', poolSize: 5, extra: { max: 40 } });",
    SMALL,
    [['overBudget', '40']],
  ],
  ['slonik maximumPoolSize', "import { createPool } from 'slonik';\nawait createPool(process.env.DATABASE_URL, { maximumPoolSize: 40 });", SMALL, [['overBudget', '40']]],
  [
    'slonik minimumPoolSize over maximumPoolSize',
    "import { createPool } from 'slonik';\nawait createPool('postgres://db/app', { minimumPoolSize: 9, maximumPoolSize: 3 });",
    undefined,
    [['minOverMax', '9']],
  ],
  ['pg-promise connection max', "import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\npgp({ host: 'db', max: 40 });", SMALL, [['overBudget', '40']]],
  [
    'Prisma connection_limit in a connection string',
    "import { PrismaClient } from '@prisma/client';\nnew PrismaClient({ datasourceUrl: 'postgresql://app@db/app?schema=public&connection_limit=40' });",
    SMALL,
    [['overBudget', "'postgresql"]],
  ],
  [
    'Prisma 7: the PrismaPg adapter opens a pg pool of `max`',
    "import { PrismaPg } from '@prisma/adapter-pg';\nnew PrismaPg({ connectionString: process.env.DATABASE_URL, max: 40, connectionTimeoutMillis: 5000 });",
    SMALL,
    [['overBudget', '40']],
  ],
  ['explicit reserved', `${PG}new Pool({ max: 21, ${TIMEOUT} });`, [{ maxConnections: 100, instances: 4, reserved: 20 }], [['overBudget', '21']]],
];

const valid: Array<[string, string, Array<Record<string, number>>?]> = [
  ['pg max within the budget', `${PG}new Pool({ max: 20, ${TIMEOUT} });`],
  ['pg max exactly the budget (90)', `${PG}new Pool({ max: 90, ${TIMEOUT} });`],
  ['pg budget per process, 4 instances', `${PG}new Pool({ max: 22, ${TIMEOUT} });`, [{ instances: 4 }]],
  ['env lookup without a default is unknown', `${PG}new Pool({ max: Number(process.env.PG_MAX), ${TIMEOUT} });`, SMALL],
  ['imported config is unknown, no default assumed', `${PG}import { config } from './config.js';\nnew Pool(config);`, [{ maxConnections: 5 }]],
  ['opaque spread may hold max and the timeout', `${PG}import { base } from './config.js';\nnew Pool({ ...base });`, [{ maxConnections: 5 }]],
  ['a function parameter config is unknown', `${PG}export function make(config) { return new Pool(config); }`, [{ maxConnections: 5 }]],
  ['a retry max is not a pool size', `${PG}const retry = { max: 500 };\nnew Pool({ max: 5, ${TIMEOUT} });`],
  ['a rate limiter max is not a pool size', "import rateLimit from 'express-rate-limit';\nrateLimit({ windowMs: 60000, max: 1000 });"],
  ['a zod validator max is not a pool size', "import { z } from 'zod';\nz.number().max(500);"],
  ['Sequelize retry.max is not the pool size', "import { Sequelize } from 'sequelize';\nnew Sequelize('postgres://db/app', { retry: { max: 500 }, pool: { max: 5 } });"],
  ['a Pool of another library', "import { Pool } from 'generic-pool';\nnew Pool({ max: 500 });"],
  ['knex on mysql is not a PostgreSQL pool', "import knex from 'knex';\nknex({ client: 'mysql2', pool: { max: 500 } });"],
  ['TypeORM on mysql is not a PostgreSQL pool', "import { DataSource } from 'typeorm';\nnew DataSource({ type: 'mysql', poolSize: 500 });"],
  ['a pg Client is one connection, no timeout check', "import { Client } from 'pg';\nnew Client({ connectionString: process.env.DATABASE_URL });", [{ maxConnections: 1 }]],
  ['drizzle over an existing pool opens no pool of its own', `${PG}import { drizzle } from 'drizzle-orm/node-postgres';\nconst pool = new Pool({ max: 5, ${TIMEOUT} });\ndrizzle(pool);`],
  ['Prisma without a literal URL is unknown', "import { PrismaClient } from '@prisma/client';\nnew PrismaClient();", [{ maxConnections: 2 }]],
  [
    'Prisma 7: PrismaPg over a pg pool opens none of its own',
    `${PG}import { PrismaPg } from '@prisma/adapter-pg';\nconst pool = new Pool({ max: 5, ${TIMEOUT} });\nnew PrismaPg(pool, { schema: 'app' });`,
    [{ maxConnections: 7, reserved: 1 }],
  ],
  [
    'Prisma 7: a PrismaClient with an adapter opens no pool; the adapter counts (default 10)',
    "import { PrismaPg } from '@prisma/adapter-pg';\nimport { PrismaClient } from '@prisma/client';\nconst adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5000 });\nnew PrismaClient({ adapter });",
    [{ maxConnections: 12, reserved: 2 }],
  ],
  ['no pg import: Pool is something else', `class Pool { constructor(o) {} }\nnew Pool({ max: 500 });`],
  [
    'a pool created and ended in one function (a script or a test) waits for nobody else',
    `${PG}async function main() {\n  const pool = new Pool({ max: 5 });\n  try {\n    await pool.query('SELECT 1');\n  } finally {\n    await pool.end();\n  }\n}\nawait main();`,
  ],
  ['a local let assigned in try and ended in finally', `${PG}export async function migrate() {\n  let pool;\n  try {\n    pool = new Pool();\n    await pool.query('SELECT 1');\n  } finally {\n    await pool?.end();\n  }\n}`],
  ['an arrow that creates and ends its pool', `${PG}export const check = async () => {\n  const pool = new Pool();\n  await pool.query('SELECT 1');\n  await pool.end();\n};`],
  ['a pool without a checkout timeout is not this rule\'s', `${PG}export const pool = new Pool({ max: 5 });`],
];

// Pools in tests and scripts serve no request: their sizes are not checked against the budget.
const OVERSIZED = `${PG}export const pool = new Pool({ max: 100, ${TIMEOUT} });`;
const nonServingValid = [
  ...['test/db.test.ts', 'src/db.spec.ts', 'src/__tests__/pool.ts', 'tests/helpers/db.ts', 'e2e/setup.ts', 'scripts/seed.ts', 'db/migrations/001.ts', 'db/seeds/users.ts'].map(
    (filename) => ({ name: `no budget in ${filename} (default list)`, code: OVERSIZED, filename }),
  ),
  {
    name: 'settings.pooler.nonServingFiles adds a folder of its own',
    code: OVERSIZED,
    filename: 'tools/load.ts',
    settings: { pooler: { nonServingFiles: ['tools/**'] } },
  },
];
const nonServingInvalid = [
  { name: 'a pool in src/ counts', code: OVERSIZED, filename: 'src/db.ts', errors: [error(OVERSIZED, 'overBudget', '100')] },
  { name: 'a file named like a test folder counts: src/testing.ts', code: OVERSIZED, filename: 'src/testing.ts', errors: [error(OVERSIZED, 'overBudget', '100')] },
  { name: 'fixtures/ is not a test folder (sample apps live there)', code: OVERSIZED, filename: 'fixtures/app/src/db.ts', errors: [error(OVERSIZED, 'overBudget', '100')] },
  {
    name: 'min over max is still reported in a test file',
    code: `${PG}new Pool({ min: 8, max: 4, ${TIMEOUT} });`,
    filename: 'test/db.test.ts',
    errors: [error(`${PG}new Pool({ min: 8, max: 4, ${TIMEOUT} });`, 'minOverMax', '8')],
  },
  {
    name: 'settings.pooler.nonServingFiles replaces the default list',
    code: OVERSIZED,
    filename: 'test/db.test.ts',
    settings: { pooler: { nonServingFiles: ['tools/**'] } },
    errors: [error(OVERSIZED, 'overBudget', '100')],
  },
  {
    name: 'an empty nonServingFiles counts every file',
    code: OVERSIZED,
    filename: 'scripts/seed.ts',
    settings: { pooler: { nonServingFiles: [] } },
    errors: [error(OVERSIZED, 'overBudget', '100')],
  },
];

// rule-tester pins its own @typescript-eslint/utils, whose RuleModule type differs only nominally.
const WORDED = `${PG}new Pool({ max: Number(process.env.PG_MAX ?? 30), ${TIMEOUT} });`;

ruleTester.run('pool-size-budget', rule as never, {
  valid: [...valid.map(([name, code, options]) => ({ name, code, ...(options ? { options: options as never } : {}) })), ...nonServingValid],
  invalid: [
    ...invalid.map(([name, code, options, errors]) => ({
      name,
      code,
      ...(options ? { options: options as never } : {}),
      errors: errors.map(([messageId, snippet, occurrence]) => error(code, messageId, snippet, occurrence)),
    })),
    ...nonServingInvalid,
    {
      name: 'words the budget and the profile of settings.pooler',
      code: WORDED,
      options: [{ maxConnections: 100, instances: 4 }] as never,
      settings: { pooler: { profile: 'rds-proxy' } },
      errors: [
        {
          ...error(WORDED, 'overBudget', 'Number('),
          data: {
            option: 'max',
            size: '30',
            sizeNote: ' when the environment does not set it',
            budget: '22',
            maxConnections: '100',
            reserved: '10',
            instances: '4 instances',
            pooler: 'RDS Proxy',
            consequence: resolveProfile({ profile: 'rds-proxy' }).verdict('pool-size').consequence,
          },
        },
      ],
    },
  ],
});
