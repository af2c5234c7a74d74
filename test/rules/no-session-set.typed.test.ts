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
