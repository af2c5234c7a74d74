/**
 * pooler/no-named-prepared-statements with types: a Drizzle database typed `NodePgDatabase`,
 * `PgDatabase<NodePgQueryResultHKT>` or `PgTransaction<NodePgQueryResultHKT>` runs on node-postgres, which
 * sends `.prepare(name)` as a protocol-level named statement, wherever the database was created (another
 * file, a parameter). Over postgres.js (`PostgresJsDatabase`) Drizzle ignores the name and calls
 * `client.unsafe()` (pooler-facts [DRIZZLE]); a `PgDatabase` whose driver the type does not tell is not
 * reported, nor one typed as either (`NodePgDatabase | PostgresJsDatabase`). In-memory programs with drizzle-orm's declarations (`test/drivers/memory-packages.ts`).
 */
import parser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-named-prepared-statements.js';
import { memoryLint } from '../drivers/memory-packages.js';
import './session-cases.js'; // runs RuleTester on node:test

const SHARED: Record<string, string> = {
  '/app/src/schema.ts': "export const users = { name: 'users' };",
  '/app/src/db.ts': [
    "import { Pool } from 'pg';",
    "import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';",
    "import * as schema from './schema.js';",
    'export const pool = new Pool();',
    'export const db: NodePgDatabase<typeof schema> = drizzle(pool);',
    'export const inferred = drizzle(pool);',
  ].join('\n'),
  '/app/src/pg-core-db.ts': [
    "import { Pool } from 'pg';",
    "import { drizzle, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';",
    "import type { PgDatabase } from 'drizzle-orm/pg-core';",
    'export const db: PgDatabase<NodePgQueryResultHKT> = drizzle(new Pool());',
  ].join('\n'),
  '/app/src/postgres-js-db.ts': "import { drizzle } from 'drizzle-orm/postgres-js';\nexport const db = drizzle({});",
};

const CASES: Record<string, string> = {
  imported: "import { db } from './db.js';\nimport { users } from './schema.js';\nexport const q = db.select().from(users).prepare('get_users');",
  inferred: "import { inferred } from './db.js';\nimport { users } from './schema.js';\nexport const q = inferred.select().from(users).prepare('get_users');",
  parameter: [
    "import type { NodePgDatabase } from 'drizzle-orm/node-postgres';",
    "import { users } from './schema.js';",
    'export function repo(db: NodePgDatabase) {',
    "  return db.select().from(users).prepare('q');",
    '}',
  ].join('\n'),
  pgCore: "import { db } from './pg-core-db.js';\nimport { users } from './schema.js';\nexport const q = db.select().from(users).where(1).prepare('by_id');",
  transaction: [
    "import { db } from './db.js';",
    "import { users } from './schema.js';",
    "export const q = db.transaction(async (tx) => tx.select().from(users).prepare('in_tx'));",
  ].join('\n'),
  transactionParameter: [
    "import type { PgTransaction } from 'drizzle-orm/pg-core';",
    "import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';",
    "import { users } from './schema.js';",
    "export const f = (tx: PgTransaction<NodePgQueryResultHKT>) => tx.select().from(users).prepare('tx_q');",
  ].join('\n'),
  nodePgTransactionParameter: [
    "import type { NodePgTransaction } from 'drizzle-orm/node-postgres';",
    "import { users } from './schema.js';",
    "export const f = (tx: NodePgTransaction) => tx.select().from(users).prepare('tx_q');",
  ].join('\n'),
  eitherDriver: [
    "import type { NodePgDatabase } from 'drizzle-orm/node-postgres';",
    "import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';",
    "import { users } from './schema.js';",
    "export const f = (db: NodePgDatabase | PostgresJsDatabase) => db.select().from(users).prepare('q');",
  ].join('\n'),
  postgresJsParameter: [
    "import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';",
    "import { users } from './schema.js';",
    "export const f = (db: PostgresJsDatabase) => db.select().from(users).prepare('q');",
  ].join('\n'),
  postgresJsImported: "import { db } from './postgres-js-db.js';\nimport { users } from './schema.js';\nexport const q = db.select().from(users).prepare('q');",
  unknownDriver: [
    "import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';",
    "import { users } from './schema.js';",
    "export const f = (db: PgDatabase<PgQueryResultHKT>) => db.select().from(users).prepare('q');",
  ].join('\n'),
  unnamed: "import { db } from './db.js';\nimport { users } from './schema.js';\nexport const q = db.select().from(users).prepare();",
};

const fileOf = (name: string) => `/app/src/${name}.ts`;
const { program } = memoryLint({ ...SHARED, ...Object.fromEntries(Object.entries(CASES).map(([name, code]) => [fileOf(name), code])) });
const languageOptions = { parser, parserOptions: { programs: [program] } };
const tester = new RuleTester({ languageOptions });

const valid = (name: string) => ({ name, code: CASES[name]!, filename: fileOf(name) });
/** The case reported once, as broken, on the statement name's string literal at `line`, columns `column`-`endColumn`. */
const invalid = (name: string, line: number, column: number, endColumn: number) => ({
  name,
  code: CASES[name]!,
  filename: fileOf(name),
  errors: [{ messageId: 'broken', line, column, endLine: line, endColumn }],
});

tester.run('no-named-prepared-statements (typed Drizzle databases)', rule as never, {
  valid: [valid('postgresJsParameter'), valid('postgresJsImported'), valid('unknownDriver'), valid('eitherDriver'), valid('unnamed')],
  invalid: [
    invalid('imported', 3, 50, 61),
    invalid('inferred', 3, 56, 67),
    invalid('parameter', 4, 42, 45),
    invalid('pgCore', 3, 59, 66),
    invalid('transaction', 3, 79, 86),
    invalid('transactionParameter', 4, 95, 101),
    invalid('nodePgTransactionParameter', 3, 77, 83),
  ],
});
