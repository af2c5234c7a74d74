/**
 * Shared setup for the six session-rule test files (no-session-set, no-session-advisory-lock, no-listen,
 * no-named-prepared-statements, no-session-state, no-unsupported-startup-parameter). Nothing here is
 * rule-specific.
 *
 * Importing this module wires @typescript-eslint/rule-tester to node:test (`describe`/`it`/`after`), so every
 * `ruleTester.run(...)` becomes a node:test suite.
 *
 * @example
 * import rule from '../../rules/no-listen.js';
 * import { ruleTester } from './session-cases.js';
 *
 * ruleTester.run('no-listen', rule as never, { valid: ['server.listen(3000)'], invalid: [] });
 */
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import type { HazardId } from '../../src/hazards.js';
import { PROFILE_IDS, resolveProfile, type HazardDetail, type ProfileId } from '../../src/profiles/index.js';
import { repoPath } from '../repo-root.js';
import { extractTruthBlocks } from '../truth/doc-blocks.js';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/**
 * An untyped RuleTester (no `parserOptions.project`) that parses cases with @typescript-eslint/parser.
 *
 * @example
 * ruleTester.run('no-session-set', rule as never, {
 *   valid: [{ code: "console.log('SET search_path')" }],
 *   invalid: [],
 * });
 */
export const ruleTester = new RuleTester({ languageOptions: { parser } });

/** The drivers the session rules recognise, by the name tests use for them. */
export type DriverName = 'pg' | 'postgres' | 'pg-promise' | 'knex' | 'kysely' | 'drizzle' | 'prisma' | 'sequelize' | 'typeorm' | 'slonik';

/**
 * Two lines per driver that import it and create its handle, so a case body always starts on line 3:
 * pg `pool`; postgres.js `sql`; pg-promise `db`; knex `db`; Kysely `db` and `sql`; Drizzle (node-postgres)
 * `db` and `sql`; Prisma `prisma`; Sequelize `sequelize`; TypeORM `dataSource`; slonik `pool` and `sql`.
 */
export const PRELUDE: Readonly<Record<DriverName, string>> = {
  pg: "import pg from 'pg';\nconst pool = new pg.Pool();\n",
  postgres: "import postgres from 'postgres';\nconst sql = postgres({ prepare: false });\n",
  'pg-promise': "import pgPromise from 'pg-promise';\nconst db = pgPromise()(process.env.DATABASE_URL);\n",
  knex: "import knex from 'knex';\nconst db = knex({ client: 'pg' });\n",
  kysely:
    "import { Kysely, PostgresDialect, sql } from 'kysely'; import pg from 'pg';\n" +
    'const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });\n',
  drizzle:
    "import { sql } from 'drizzle-orm'; import { drizzle } from 'drizzle-orm/node-postgres';\n" +
    'const db = drizzle(process.env.DATABASE_URL);\n',
  prisma: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n",
  sequelize: "import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize(process.env.DATABASE_URL);\n",
  typeorm: "import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'postgres' });\n",
  slonik: "import { createPool, sql } from 'slonik';\nconst pool = await createPool(process.env.DATABASE_URL);\n",
};

/**
 * A case's code: the driver's two-line {@link PRELUDE}, then `body` (which therefore starts on line 3).
 *
 * @example withDriver('pg', "await pool.query('SET search_path TO a');") // line 3, column 19 is `SET`
 */
export function withDriver(driver: DriverName, body: string): string {
  return PRELUDE[driver] + body;
}

/**
 * A pg case: a function that checks out `client`, sends `BEGIN`, then `statements` (indented four spaces; the
 * first of them is on line 7), then `COMMIT`, and releases the client in `finally`.
 *
 * @example pgTransaction("    await client.query('SET LOCAL search_path TO a');") // the SET is on line 7
 */
export function pgTransaction(statements: string): string {
  return withDriver(
    'pg',
    `async function run(id) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
${statements}
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
  );
}

/**
 * RuleTester `settings` selecting a pooler profile (and its options).
 *
 * @example { code, settings: poolerSettings('rds-proxy') }
 * @example poolerSettings('pgbouncer', { version: '1.20' })
 */
export function poolerSettings(profile: ProfileId, options: Record<string, unknown> = {}): { pooler: Record<string, unknown> } {
  return { pooler: { profile, ...options } };
}

/**
 * `code` with `before` replaced by `after`; throws when `before` does not occur exactly once, so an expected
 * suggestion output always names the one place it edits.
 *
 * @example replaceOnce("SET search_path TO a", 'SET', 'SET LOCAL') // 'SET LOCAL search_path TO a'
 */
export function replaceOnce(code: string, before: string, after: string): string {
  const at = code.indexOf(before);
  if (at < 0 || code.indexOf(before, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(before)} in the case`);
  return code.slice(0, at) + after + code.slice(at + before.length);
}

/** One expected report of an invalid case, on one line. */
export interface Report {
  messageId: string;
  line: number;
  column: number;
  endColumn: number;
  /** The one suggestion (messageId `suggestEdit`) as [text before, text after]; none when absent. */
  suggest?: readonly [string, string];
}

/**
 * An expected report from `column` to `endColumn` of `line`, with its suggestion edit if it has one.
 *
 * @example at('broken', 3, 19, 46) // no suggestion
 * @example at('broken', 6, 25, 52, ["'SET search_path", "'SET LOCAL search_path"])
 */
export function at(messageId: string, line: number, column: number, endColumn: number, suggest?: readonly [string, string]): Report {
  return { messageId, line, column, endColumn, ...(suggest ? { suggest } : {}) };
}

/**
 * An invalid RuleTester case: every report asserts messageId, line, column, endLine, endColumn and its
 * suggestions (the exact output, or `[]`).
 *
 * @example invalidCase('pg: SET', withDriver('pg', "await pool.query('SET search_path TO a');"), [at('broken', 3, 19, 39)])
 */
export function invalidCase(
  name: string,
  code: string,
  reports: readonly Report[],
  settings?: Record<string, unknown>,
): InvalidTestCase<string, []> {
  const errors = reports.map((report) => ({
    messageId: report.messageId,
    line: report.line,
    column: report.column,
    endLine: report.line,
    endColumn: report.endColumn,
    suggestions: report.suggest
      ? [{ messageId: 'suggestEdit', output: replaceOnce(code, report.suggest[0], report.suggest[1]) }]
      : [],
  }));
  return { name, code, errors, ...(settings ? { settings } : {}) };
}

/**
 * A valid RuleTester case, optionally under pooler settings.
 *
 * @example validCase('session mode', code, poolerSettings('session'))
 */
export function validCase(name: string, code: string, settings?: Record<string, unknown>): ValidTestCase<[]> {
  return { name, code, ...(settings ? { settings } : {}) };
}

/** One column of a rule doc's verdict table: the text its header contains and the hazard it shows. */
export interface VerdictColumn {
  header: string;
  hazard: HazardId;
  detail?: HazardDetail;
}

const VERDICTS = ['broken', 'pinned', 'ok', 'needs-setting'] as const;

function cellsOf(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
}

/**
 * The rows of the first table in `markdown` whose first header cell mentions "profile": the header cells and,
 * per profile id (the first backticked word of a row), the row's cells.
 *
 * @example verdictTable('| profile | x |\n|---|---|\n| `session` | ok |').rows.get('session') // ['`session`', 'ok']
 */
export function verdictTable(markdown: string): { header: string[]; rows: Map<string, string[]> } {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith('|') && /profile/i.test(cellsOf(line)[0] ?? ''));
  const rows = new Map<string, string[]>();
  if (start < 0) return { header: [], rows };
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = cellsOf(line);
    const id = /`([\w-]+)`/.exec(cells[0] ?? '')?.[1];
    if (id !== undefined) rows.set(id, cells);
  }
  return { header: cellsOf(lines[start]!), rows };
}

/**
 * Registers tests that `rules/<rule>.md` has a verdict table (one row per pooler profile, one column per
 * entry of `columns`) that agrees with `resolveProfile({ profile }).verdict(hazard, detail)`, so the doc
 * cannot drift from src/profiles. A cell starts with its verdict (`broken`, `pinned`, `ok`, `needs-setting`),
 * optionally in bold; anything after it is free text.
 *
 * @example
 * describeVerdictTable('no-listen', [{ header: '`LISTEN`', hazard: 'listen' }]);
 */
export function describeVerdictTable(rule: string, columns: readonly VerdictColumn[]): void {
  describe(`rules/${rule}.md verdict table`, () => {
    const table = () => verdictTable(readFileSync(repoPath('rules', `${rule}.md`), 'utf8'));

    it('has the expected columns and one row per profile', () => {
      const { header, rows } = table();
      assert.equal(header.length, columns.length + 1, `header: ${header.join(' | ')}`);
      columns.forEach((column, n) => assert.ok(header[n + 1]?.includes(column.header), `column ${n + 1} is ${column.header}`));
      assert.deepEqual([...rows.keys()], [...PROFILE_IDS]);
    });

    for (const profile of PROFILE_IDS) {
      it(`row ${profile} matches resolveProfile`, () => {
        const resolved = resolveProfile({ profile });
        const cells = table().rows.get(profile) ?? [];
        columns.forEach((column, n) => {
          const shown = VERDICTS.find((verdict) => (cells[n + 1] ?? '').replace(/\*/g, '').startsWith(verdict));
          assert.equal(shown, resolved.verdict(column.hazard, column.detail).verdict, `${profile}, ${column.header}`);
        });
      });
    }
  });
}

/**
 * Registers one test per truth-annotated example of `rules/<rule>.md`: linted with the rule under the default
 * profile, a ❌ example gets at least one report and a ✅ example none, so the doc's examples show what the rule
 * does as well as what the pooler does.
 *
 * @example describeDocExamples('no-listen', rule);
 */
export function describeDocExamples(rule: string, module: unknown): void {
  const file = `rules/${rule}.md`;
  describe(`${file} examples lint as marked`, () => {
    const { blocks } = extractTruthBlocks(readFileSync(repoPath(file), 'utf8'), file);
    for (const block of blocks.filter((b) => b.marker !== undefined)) {
      it(`${block.marker} ${block.scenario} (line ${block.line})`, () => {
        const config: Linter.Config = {
          files: ['**/*.ts'],
          languageOptions: { parser },
          plugins: { pooler: { rules: { [rule]: module as never } } },
          rules: { [`pooler/${rule}`]: 'error' },
        };
        const messages = new Linter({ configType: 'flat' }).verify(block.code, [config], 'example.ts');
        assert.ok(messages.every((m) => m.ruleId === `pooler/${rule}`), JSON.stringify(messages));
        if (block.marker === '✅') assert.deepEqual(messages, []);
        else assert.ok(messages.length > 0, 'a ❌ example is reported');
      });
    }
  });
}
