/**
 * Rules over drivers re-exported by a monorepo's package (`export { Pool } from 'pg'`, `export * from 'pg'`):
 * with types a pool made through the re-export is a creation with its config, so `pool-size-budget` reads
 * its `max`; a workspace package's own `Pool` stays no pool. In-memory programs (`test/drivers/memory-packages.ts`).
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import parser from '@typescript-eslint/parser';
import rule from '../../rules/pool-size-budget.js';
import { memoryLint } from '../drivers/memory-packages.js';
import './session-cases.js'; // runs RuleTester on node:test

const CASES: Record<string, string> = {
  named: "import { Pool } from '@acme/db';\nexport const pool = new Pool({ max: 100, connectionTimeoutMillis: 5000 });",
  star: "import { Pool } from '@acme/pg-all';\nexport const pool = new Pool({ connectionTimeoutMillis: 5000, max: 100 });",
  own: "import { Pool } from '@acme/own';\nexport const pool = new Pool({ max: 100 });",
};
const fileOf = (name: string) => `/app/src/${name}.ts`;
const { program } = memoryLint({
  '/app/packages/db/index.ts': "export { Pool } from 'pg';",
  '/app/packages/pg-all/index.ts': "export * from 'pg';",
  '/app/packages/own/index.ts': 'export class Pool { constructor(readonly config: { max: number }) {} }',
  ...Object.fromEntries(Object.entries(CASES).map(([name, code]) => [fileOf(name), code])),
});
const tester = new RuleTester({ languageOptions: { parser, parserOptions: { programs: [program] } } });

tester.run('pool-size-budget (re-exported pg, typed)', rule as never, {
  valid: [{ name: 'own', code: CASES.own!, filename: fileOf('own') }],
  invalid: [
    { name: 'named', code: CASES.named!, filename: fileOf('named'), errors: [{ messageId: 'overBudget', line: 2, column: 37, endColumn: 40 }] },
    { name: 'star', code: CASES.star!, filename: fileOf('star'), errors: [{ messageId: 'overBudget', line: 2, column: 68, endColumn: 71 }] },
  ],
});
