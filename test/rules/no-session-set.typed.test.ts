/**
 * pooler/no-session-set with types: a Kysely migration (`export async function up(db: Kysely<…>)`) runs in the
 * transaction Kysely's `Migrator` opens for each migration on PostgreSQL, so its `SET LOCAL` is inside a transaction
 * even though `db` is typed as the database, not a transaction (real code: atproto's ozone migrations). The same
 * statement in any other function on a `Kysely` database runs outside a transaction. In-memory programs with a
 * minimal `kysely` declaration.
 */
import parser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-session-set.js';
import { memoryLint } from '../drivers/memory-packages.js';
import './session-cases.js'; // runs RuleTester on node:test

const KYSELY: Record<string, string> = {
  '/app/node_modules/kysely/package.json': JSON.stringify({ name: 'kysely', types: 'index.d.ts' }),
  '/app/node_modules/kysely/index.d.ts': [
    'export declare class Kysely<DB> { transaction(): { execute<T>(cb: (trx: Transaction<DB>) => Promise<T>): Promise<T> }; }',
    'export declare class Transaction<DB> extends Kysely<DB> {}',
    'export interface RawBuilder<T> { execute(db: Kysely<any>): Promise<T>; }',
    'export declare function sql<T = unknown>(strings: TemplateStringsArray, ...values: unknown[]): RawBuilder<T>;',
  ].join('\n'),
};

const CASES: Record<string, string> = {
  migration: [
    "import { type Kysely, sql } from 'kysely';",
    'export async function up(db: Kysely<any>): Promise<void> {',
    "  await sql`SET LOCAL lock_timeout = '5s'`.execute(db);",
    '}',
  ].join('\n'),
  notMigration: [
    "import { type Kysely, sql } from 'kysely';",
    'export async function tune(db: Kysely<any>): Promise<void> {',
    "  await sql`SET LOCAL lock_timeout = '5s'`.execute(db);",
    '}',
  ].join('\n'),
};

const fileOf = (name: string) => `/app/src/${name}.ts`;
const { program } = memoryLint(Object.fromEntries(Object.entries(CASES).map(([name, code]) => [fileOf(name), code])), KYSELY);
const tester = new RuleTester({ languageOptions: { parser, parserOptions: { programs: [program] } } });

tester.run('no-session-set (typed Kysely migrations)', rule as never, {
  valid: [{ name: 'migration', code: CASES.migration!, filename: fileOf('migration') }],
  invalid: [
    {
      name: 'notMigration',
      code: CASES.notMigration!,
      filename: fileOf('notMigration'),
      errors: [{ messageId: 'noEffectOutsideTransaction', line: 3, column: 13, endLine: 3, endColumn: 42 }],
    },
  ],
});

/**
 * A transaction-scoped statement on a connection the function was handed (a parameter, a field of its context
 * object, `this.client`) runs in whatever transaction the caller opened, out of sight of the file: not reported as
 * outside a transaction (real code: graphile/starter's `pgClient` of a PostGraphile mutation, which PostGraphile runs in
 * its own transaction). A client the function checks out itself is known to be outside one until it sends `BEGIN`; a
 * session `SET` on the caller's connection is still a session `SET`.
 */
const HANDED: Record<string, string> = {
  contextClient: [
    "import type { PoolClient } from 'pg';",
    'export async function login(_m: unknown, args: { id: string }, context: { pgClient: PoolClient }) {',
    '  const { pgClient } = context;',
    "  await pgClient.query(`select set_config('jwt.claims.session_id', $1, true)`, [args.id]);",
    "  await context.pgClient.query('SET LOCAL statement_timeout = 1000');",
    '}',
  ].join('\n'),
  parameterAndField: [
    "import type { PoolClient } from 'pg';",
    'export async function tune(client: PoolClient) {',
    "  await client.query('SET LOCAL lock_timeout = 1000');",
    '}',
    'export class Repo {',
    '  constructor(private readonly client: PoolClient) {}',
    "  async run() { await this.client.query('SET LOCAL lock_timeout = 1000'); }",
    '}',
  ].join('\n'),
  unknownHelper: [
    "import type { PoolClient } from 'pg';",
    'export async function tune(inTransaction: (work: (client: PoolClient) => Promise<void>) => Promise<void>) {',
    "  await inTransaction(async (client) => { await client.query('SET LOCAL lock_timeout = 1000'); });",
    '}',
  ].join('\n'),
  ownCheckout: [
    "import { Pool } from 'pg';",
    'const pool = new Pool();',
    'export async function run() {',
    '  const client = await pool.connect();',
    "  await client.query('SET LOCAL lock_timeout = 1000');",
    '  client.release();',
    '}',
  ].join('\n'),
  // A connect hook registered by name after its body: its statement is the hook's, reported once.
  namedHookAfterItsBody: [
    "import { Pool, type PoolClient } from 'pg';",
    'async function onConnect(client: PoolClient) {',
    "  await client.query('SET search_path TO a');",
    '}',
    'export const pool = new Pool({ connectionTimeoutMillis: 5000 });',
    "pool.on('connect', onConnect);",
  ].join('\n'),
  sessionSetOnContextClient: [
    "import type { PoolClient } from 'pg';",
    'export async function login(context: { pgClient: PoolClient }) {',
    "  await context.pgClient.query('SET search_path TO tenant_a');",
    '}',
  ].join('\n'),
};

const handedFile = (name: string) => `/app/src/handed/${name}.ts`;
const handed = memoryLint(Object.fromEntries(Object.entries(HANDED).map(([name, code]) => [handedFile(name), code])));
const handedTester = new RuleTester({ languageOptions: { parser, parserOptions: { programs: [handed.program] } } });

handedTester.run('no-session-set (typed: connections handed in by the caller)', rule as never, {
  valid: [
    { name: 'contextClient', code: HANDED.contextClient!, filename: handedFile('contextClient') },
    { name: 'parameterAndField', code: HANDED.parameterAndField!, filename: handedFile('parameterAndField') },
    { name: 'unknownHelper', code: HANDED.unknownHelper!, filename: handedFile('unknownHelper') },
  ],
  invalid: [
    {
      name: 'ownCheckout',
      code: HANDED.ownCheckout!,
      filename: handedFile('ownCheckout'),
      errors: [{ messageId: 'noEffectOutsideTransaction', line: 5, column: 23, endLine: 5, endColumn: 52 }],
    },
    {
      name: 'namedHookAfterItsBody',
      code: HANDED.namedHookAfterItsBody!,
      filename: handedFile('namedHookAfterItsBody'),
      errors: [{ messageId: 'broken', line: 3, column: 23, endLine: 3, endColumn: 43 }],
    },
    {
      name: 'sessionSetOnContextClient',
      code: HANDED.sessionSetOnContextClient!,
      filename: handedFile('sessionSetOnContextClient'),
      errors: [{ messageId: 'broken', line: 3, column: 33, endLine: 3, endColumn: 60 }],
    },
  ],
});
