import { RuleTester } from '@typescript-eslint/rule-tester';
import { after, describe, it } from 'node:test';
import rule from '../../rules/require-checkout-timeout.js';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();

/** The 1-based line and column where `snippet` starts in `code`. */
function at(code: string, snippet: string): { line: number; column: number } {
  const index = code.indexOf(snippet);
  if (index < 0) throw new Error(`snippet ${snippet} not in test code`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

type MessageId = 'noCheckoutTimeout' | 'zeroCheckoutTimeout';

const PG = "import { Pool } from 'pg';\n";

// Each invalid case: [name, code, messageId, where the report starts].
const invalid: Array<[string, string, MessageId, string]> = [
  ['pg with no connectionTimeoutMillis', `${PG}new Pool({ max: 5 });`, 'noCheckoutTimeout', 'new Pool'],
  ['pg with no config at all', `${PG}export const pool = new Pool();`, 'noCheckoutTimeout', 'new Pool'],
  ['pg connectionTimeoutMillis 0', `${PG}new Pool({ max: 5, connectionTimeoutMillis: 0 });`, 'zeroCheckoutTimeout', '0 }'],
  ['pg default namespace import', "import pg from 'pg';\nexport const pool = new pg.Pool({ max: 5 });", 'noCheckoutTimeout', 'new pg.Pool'],
  ['pg require', "const { Pool } = require('pg');\nmodule.exports = new Pool();", 'noCheckoutTimeout', 'new Pool'],
  ['pg-pool', "import Pool from 'pg-pool';\nexport const pool = new Pool({ max: 5 });", 'noCheckoutTimeout', 'new Pool'],
  [
    'a pool of a function that ends it elsewhere (on exit) is long-lived',
    `${PG}export function start() {\n  const pool = new Pool({ max: 5 });\n  process.on('exit', () => pool.end());\n  return pool;\n}`,
    'noCheckoutTimeout',
    'new Pool',
  ],
  [
    'a class field pool is long-lived even when a method ends it',
    `${PG}export class Store {\n  pool = new Pool({ max: 5 });\n  async close() {\n    await this.pool.end();\n  }\n}`,
    'noCheckoutTimeout',
    'new Pool',
  ],
  [
    'a module-level let assigned in a function that ends it is still shared',
    `${PG}let pool;\nexport async function run() {\n  pool = new Pool();\n  await pool.query('SELECT 1');\n  await pool.end();\n}`,
    'noCheckoutTimeout',
    'new Pool',
  ],
];

const valid: Array<[string, string]> = [
  ['pg with a checkout timeout', `${PG}export const pool = new Pool({ max: 5, connectionTimeoutMillis: 5000 });`],
  ['timeout from an env lookup with a default', `${PG}new Pool({ max: 5, connectionTimeoutMillis: Number(process.env.T ?? 3000) });`],
  ['timeout from an env lookup without a default is not assumed 0', `${PG}new Pool({ max: 5, connectionTimeoutMillis: Number(process.env.T) });`],
  ['an imported config may set it', `${PG}import { config } from './config.js';\nexport const pool = new Pool(config);`],
  ['an opaque spread may set it', `${PG}import { base } from './config.js';\nexport const pool = new Pool({ ...base });`],
  ['a pg Client is one connection, no checkout', "import { Client } from 'pg';\nexport const client = new Client();"],
  ['knex bounds its own wait (acquireConnectionTimeout)', "import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });"],
  ['a Pool of another library', "import { Pool } from 'generic-pool';\nexport const pool = new Pool({ max: 5 });"],
  ['no pg import: Pool is something else', 'class Pool {}\nexport const pool = new Pool();'],
  [
    'a pool created and ended in one function (a script) waits for nobody else',
    `${PG}async function main() {\n  const pool = new Pool({ max: 5 });\n  try {\n    await pool.query('SELECT 1');\n  } finally {\n    await pool.end();\n  }\n}\nawait main();`,
  ],
  ['a local let assigned in try and ended in finally', `${PG}export async function migrate() {\n  let pool;\n  try {\n    pool = new Pool();\n    await pool.query('SELECT 1');\n  } finally {\n    await pool?.end();\n  }\n}`],
];

const SHARED = `${PG}export const pool = new Pool({ max: 5 });`;

ruleTester.run('require-checkout-timeout', rule as never, {
  valid: [
    ...valid.map(([name, code]) => ({ name, code })),
    ...['test/db.test.ts', 'test/helpers/db.ts', 'scripts/seed.ts'].map((filename) => ({ name: `no report in ${filename} (serves no request)`, code: SHARED, filename })),
    { name: 'settings.pooler.nonServingFiles adds a folder', code: SHARED, filename: 'tools/db.ts', settings: { pooler: { nonServingFiles: ['tools/**'] } } },
  ],
  invalid: [
    ...invalid.map(([name, code, messageId, snippet]) => ({ name, code, errors: [{ messageId, ...at(code, snippet) }] })),
    { name: 'a pool in src/ is reported', code: SHARED, filename: 'src/db.ts', errors: [{ messageId: 'noCheckoutTimeout' as const, ...at(SHARED, 'new Pool') }] },
    {
      name: 'the message names the pooler of settings.pooler',
      code: SHARED,
      settings: { pooler: { profile: 'rds-proxy' } },
      errors: [{ messageId: 'noCheckoutTimeout' as const, ...at(SHARED, 'new Pool'), data: { pooler: 'RDS Proxy' } }],
    },
    {
      name: 'an empty nonServingFiles reports tests too',
      code: SHARED,
      filename: 'test/db.test.ts',
      settings: { pooler: { nonServingFiles: [] } },
      errors: [{ messageId: 'noCheckoutTimeout' as const, ...at(SHARED, 'new Pool') }],
    },
  ],
});
