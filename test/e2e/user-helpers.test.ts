/**
 * The project's own helpers as a real `eslint` run with the README's `recommended` config sees them (packed
 * tarball, no types): a same-file `withTransaction` runs its callback inside a transaction (SET LOCAL and an
 * xact lock there are fine), a `withClient` lends a client without one (SET LOCAL there does nothing, LISTEN
 * breaks). The typed cases, helpers in another module, are in test/program (the sandbox has no @types/pg).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { app, eslint, sandbox } from './sandbox.js';

/** Same-file helpers of a JavaScript file (lines 3–24), their uses from line 25 on. */
const HELPERS = [
  "import pg from 'pg';",
  'const pool = new pg.Pool({ connectionTimeoutMillis: 5000 });',
  'async function withTransaction(db, work) {',
  '  const client = await db.connect();',
  '  try {',
  "    await client.query('BEGIN');",
  '    const result = await work(client);',
  "    await client.query('COMMIT');",
  '    return result;',
  '  } catch (error) {',
  "    await client.query('ROLLBACK');",
  '    throw error;',
  '  } finally {',
  '    client.release();',
  '  }',
  '}',
  'async function withClient(db, work) {',
  '  const c = await db.connect();',
  '  try {',
  '    return await work(c);',
  '  } finally {',
  '    c.release();',
  '  }',
  '}',
  '',
].join('\n');

const USES = [
  'await withTransaction(pool, async (client) => {',
  "  await client.query(\"SET LOCAL app.tenant = '1'\");",
  "  await client.query('SELECT pg_advisory_xact_lock(1)');",
  '});',
  'await withClient(pool, async (client) => {',
  "  await client.query(\"SET LOCAL app.tenant = '1'\");",
  "  await client.query('LISTEN jobs');",
  '});',
  '',
].join('\n');

const FILES = {
  'eslint.config.js': "import pooler from 'eslint-plugin-pooler';\n\nexport default [pooler.configs.recommended];\n",
  'src/tenant.mjs': HELPERS + USES,
};

describe("the project's own helpers, linted by eslint", () => {
  before(async () => {
    await sandbox();
  });

  it('a callback of withTransaction is inside its transaction, of withClient not, and its client is a pg client', async () => {
    const dir = await app('user-helpers', FILES);
    const result = await eslint(dir, ['--format', 'json', '.']);
    assert.ok(result.stdout.startsWith('['), `eslint printed no JSON (exit ${result.code}):\n${result.stderr}`);
    const files = JSON.parse(result.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number; messageId?: string }> }>;
    const findings = files
      .flatMap((file) => file.messages.map((m) => `${path.relative(dir, file.filePath)}:${m.line} ${m.ruleId ?? 'fatal'} ${m.messageId ?? ''}`))
      .sort();
    assert.deepEqual(findings, [
      'src/tenant.mjs:30 pooler/no-session-set noEffectOutsideTransaction',
      'src/tenant.mjs:31 pooler/no-listen broken',
    ]);
    assert.equal(result.code, 1);
  });
});
