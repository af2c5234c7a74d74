/**
 * Never hang, as a user runs it: a file with a variable reassigned from itself 40 times is linted by the
 * installed `eslint` (untyped) and `pooler-lint` (typed, a tsconfig is found) with its findings; over the
 * analysis budget (lowered with `POOLER_STEP_BUDGET`) both show the notice naming the file.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { app, poolerLint, run, sandbox } from './sandbox.js';

/** `let t = x;` reassigned from itself 40 times and sent as SQL, then a LISTEN (line 46). */
function reassigned(): string {
  const lines = [
    "import pg from 'pg';",
    'const pool = new pg.Pool({ connectionTimeoutMillis: 5000 });',
    'export async function handle(x) {',
    '  let t = x;',
    ...Array.from({ length: 40 }, (_, i) => `  t = t.startsWith('a${i}') ? 'b${i}' : t;`),
    '  await pool.query(t);',
    "  await pool.query('LISTEN jobs');",
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

const CONFIG = "import pooler from 'eslint-plugin-pooler';\nexport default [pooler.configs.recommended];\n";
const TSCONFIG = JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, allowJs: false }, include: ['src'] });
const LOW_BUDGET = { POOLER_STEP_BUDGET: '30' };

interface EslintMessage {
  ruleId: string | null;
  messageId?: string;
  line: number;
  message: string;
}

describe('a file that used to take exponential time', () => {
  let root: string;
  before(async () => {
    root = await sandbox();
  });

  const eslintJson = async (dir: string, env?: NodeJS.ProcessEnv) => {
    const bin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const result = await run(process.execPath, [bin, '--format', 'json', 'src'], { cwd: dir, ...(env ? { env } : {}) });
    assert.equal(result.stderr, '');
    return { code: result.code, messages: (JSON.parse(result.stdout) as Array<{ messages: EslintMessage[] }>)[0]!.messages };
  };

  it('eslint: the LISTEN is found, no notice', async () => {
    const dir = await app('budget-eslint', { 'eslint.config.js': CONFIG, 'src/handler.js': reassigned() });
    const { code, messages } = await eslintJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(messages.map((m) => `${m.line} ${m.ruleId} ${m.messageId}`), ['46 pooler/no-listen broken']);
  });

  it('eslint over the budget: one analysisIncomplete notice', async () => {
    const dir = await app('budget-eslint-low', { 'eslint.config.js': CONFIG, 'src/handler.js': reassigned() });
    const { messages } = await eslintJson(dir, LOW_BUDGET);
    const notices = messages.filter((m) => m.messageId === 'analysisIncomplete');
    assert.equal(notices.length, 1, JSON.stringify(messages));
    assert.match(notices[0]!.ruleId ?? '', /^pooler\//);
    assert.match(notices[0]!.message, /^pooler stopped analysing this file here/);
  });

  it('pooler-lint (typed): the LISTEN is found', async () => {
    const dir = await app('budget-cli', { 'tsconfig.json': TSCONFIG, 'src/handler.ts': reassigned() });
    const result = await poolerLint(dir, ['--format', 'json', '--quiet']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /pooler\/no-listen/);
    assert.doesNotMatch(result.stdout, /analysisIncomplete/);
  });

  it('pooler-lint over the budget: the file is listed as analysed only in part, and the run is not ready', async () => {
    const dir = await app('budget-cli-low', { 'tsconfig.json': TSCONFIG, 'src/handler.ts': reassigned() });
    const result = await poolerLint(dir, ['--quiet'], LOW_BUDGET);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /src\/handler\.ts: analysed only up to line \d+: over the per-file analysis budget/);
    assert.match(result.stdout, /not ready for transaction pooling/);
    const json = await poolerLint(dir, ['--format', 'json', '--quiet'], LOW_BUDGET);
    assert.doesNotMatch(json.stdout, /analysisIncomplete/, 'the notice is no finding');
    assert.match(json.stderr, /handler\.ts: analysed only up to line/);
  });
});
