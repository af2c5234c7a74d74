/**
 * Never hang: a variable reassigned from itself many times is analysed in linear time, typed and untyped,
 * with its findings; a file over its analysis budget degrades to "unknown" with one notice
 * (`analysisIncomplete`) instead of running on.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../../src/index.js';
import { BUDGET_MESSAGE_ID } from '../../src/ast/budget.js';
import { APP, HANDLER } from '../program/fixture.js';

const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`pooler/${name}`, 'error' as const]));

function lint(code: string, typed: boolean): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, parserOptions: typed ? { projectService: true, tsconfigRootDir: APP } : {} },
        plugins: { pooler: plugin as never },
        rules,
      },
    ],
    typed ? HANDLER : 'handler.ts',
  );
}

const brief = (messages: Linter.LintMessage[]) => messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.messageId}`);

/** `let t = x;` reassigned from itself `count` times, sent as SQL, then a LISTEN at the last line. */
function reassigned(count: number): { code: string; listenLine: number } {
  const lines = [
    "import { Pool } from 'pg';",
    'const pool = new Pool({ connectionTimeoutMillis: 5000 });',
    'export async function handle(x: string) {',
    '  let t = x;',
    ...Array.from({ length: count }, (_, i) => `  t = t.startsWith('a${i}') ? 'b${i}' : t;`),
    '  await pool.query(t);',
    "  await pool.query('LISTEN jobs');",
    '}',
  ];
  return { code: lines.join('\n'), listenLine: lines.length - 1 };
}

/** A pool variable reassigned from itself: its value stays the pool. */
const SELF_REASSIGNED = [
  "import { Pool } from 'pg';",
  'const pool = new Pool({ connectionTimeoutMillis: 5000 });',
  'export async function handle(flag: boolean) {',
  '  let db = pool;',
  '  db = flag ? db : pool;',
  '  db = db ?? pool;',
  '  db = (flag ? db : db) || pool;',
  "  await db.query('LISTEN jobs');",
  '}',
].join('\n');

for (const typed of [false, true]) {
  describe(`value tracking through reassignments (${typed ? 'typed' : 'untyped'})`, () => {
    afterEach(() => {
      delete process.env.POOLER_STEP_BUDGET;
    });

    it('a variable reassigned from itself 40 times: the file is analysed, its finding kept, no notice', () => {
      const { code, listenLine } = reassigned(40);
      assert.deepEqual(brief(lint(code, typed)), [`${listenLine}:21 pooler/no-listen broken`]);
    });

    it('a pool reassigned from itself keeps its value: the LISTEN through it is found', () => {
      assert.deepEqual(brief(lint(SELF_REASSIGNED, typed)), ['8:19 pooler/no-listen broken']);
    });

    it('over the step budget: one notice (analysisIncomplete) where the analysis stopped, the rest unknown', () => {
      process.env.POOLER_STEP_BUDGET = '30';
      const { code } = reassigned(40);
      const messages = lint(code, typed);
      const notices = messages.filter((m) => m.messageId === BUDGET_MESSAGE_ID);
      assert.equal(notices.length, 1, brief(messages).join('\n'));
      const notice = notices[0]!;
      assert.equal(notice.severity, 2);
      assert.match(notice.ruleId ?? '', /^pooler\//);
      assert.match(notice.message, /^pooler stopped analysing this file here: it needed more than 30 analysis steps/);
      assert.match(notice.message, new RegExp(`around line ${notice.line} `));
      assert.ok(messages.every((m) => !m.fatal), brief(messages).join('\n'));
    });
  });
}
