/**
 * Hazards written with template holes wherever they sit: a bare identifier, inside a quoted identifier or a
 * string literal, touching a word, after a whole-statement hole, after a keyword-position hole. Each report
 * asserts messageId and position through the rule, and the message quotes the statement with the hole as the
 * source writes it (`${channel}`), never the engine's placeholder.
 */
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import noListen from '../../rules/no-listen.js';
import noSessionAdvisoryLock from '../../rules/no-session-advisory-lock.js';
import noSessionSet from '../../rules/no-session-set.js';
import noSessionState from '../../rules/no-session-state.js';
import { at, invalidCase as bad, ruleTester, validCase as good, withDriver } from './session-cases.js';

const pg = (body: string) => withDriver('pg', body);

ruleTester.run('no-listen: holes', noListen as never, {
  valid: [good('LISTEN inside a string literal with a hole', pg("await pool.query(`SELECT 'LISTEN ${channel}' AS hint`);"))],
  invalid: [
    bad('LISTEN "${channel}"', pg('await pool.query(`LISTEN "${channel}"`);'), [at('broken', 3, 19, 38)]),
    bad('LISTEN "jobs_${tenant}"', pg('await pool.query(`LISTEN "jobs_${tenant}"`);'), [at('broken', 3, 19, 42)]),
    bad('UNLISTEN "${channel}"', pg('await pool.query(`UNLISTEN "${channel}"`);'), [at('broken', 3, 19, 40)]),
    bad('LISTEN jobs_${tenant} (touching a word)', pg('await pool.query(`LISTEN jobs_${tenant}`);'), [at('broken', 3, 18, 41)]),
    bad('LISTEN ${channel} (bare)', pg('await pool.query(`LISTEN ${channel}`);'), [at('broken', 3, 18, 37)]),
    bad('after a whole-statement hole', pg('await pool.query(`${setup}; LISTEN jobs`);'), [at('broken', 3, 29, 40)]),
    bad('after LIMIT ${n}', pg('await pool.query(`SELECT * FROM jobs LIMIT ${n}; LISTEN jobs`);'), [at('broken', 3, 50, 61)]),
    bad('after a quote opened and closed across holes', pg("await pool.query(`SELECT '${a} and ${b}'; LISTEN jobs`);"), [at('broken', 3, 43, 54)]),
    bad('knex raw: LISTEN "${channel}"', withDriver('knex', 'await db.raw(`LISTEN "${channel}"`);'), [at('broken', 3, 15, 34)]),
  ],
});

ruleTester.run('no-session-set: holes', noSessionSet as never, {
  valid: [],
  invalid: [
    bad('SET search_path TO "${schema}"', pg('await pool.query(`SET search_path TO "${schema}"`);'), [at('broken', 3, 19, 49)]),
    bad('SET search_path TO tenant_${id}, public', pg('await pool.query(`SET search_path TO tenant_${id}, public`);'), [at('broken', 3, 19, 58)]),
    bad("SET app.tenant = '${id}'", pg("await pool.query(`SET app.tenant = '${id}'`);"), [at('broken', 3, 19, 43)]),
    bad("SET app.note = E'it\\'s ${note}'", pg("await pool.query(`SET app.note = E'it\\\\'s ${note}'`);"), [at('broken', 3, 19, 51)]),
    bad('SET after a hole that is several statements', pg('await pool.query(`${migrations}; SET search_path TO app`);'), [at('broken', 3, 34, 56)]),
    bad('SET after ORDER BY a ${dir}', pg('await pool.query(`SELECT * FROM t ORDER BY a ${dir}; SET search_path TO app`);'), [at('broken', 3, 54, 76)]),
  ],
});

ruleTester.run('no-session-advisory-lock: holes', noSessionAdvisoryLock as never, {
  valid: [],
  invalid: [
    bad("pg_advisory_lock(hashtext('${key}'))", pg("await pool.query(`SELECT pg_advisory_lock(hashtext('${key}'))`);"), [at('broken', 3, 26, 62)]),
    bad('a lock in a DO body with a hole', pg('await pool.query(`DO $$ BEGIN PERFORM pg_advisory_lock(${key}); END $$`);'), [at('broken', 3, 39, 63)]),
    bad('a lock in a statement with an operator hole', pg('await pool.query(`SELECT pg_advisory_lock(1) FROM t WHERE a ${op} b`);'), [at('broken', 3, 26, 45)]),
  ],
});

ruleTester.run('no-session-state: holes', noSessionState as never, {
  valid: [],
  invalid: [
    bad('CREATE TEMP TABLE "tmp_${id}"', pg('await pool.query(`CREATE TEMP TABLE "tmp_${id}" (x int)`);'), [at('broken', 3, 19, 56)]),
    bad('DECLARE "${name}" CURSOR WITH HOLD', pg('await pool.query(`DECLARE "${name}" CURSOR WITH HOLD FOR SELECT 1`);'), [at('broken', 3, 19, 66)]),
  ],
});

describe('messages quote the statement with its holes as written', () => {
  const rules = { 'no-listen': noListen, 'no-session-set': noSessionSet, 'no-session-state': noSessionState };
  const lint = (code: string) =>
    new Linter({ configType: 'flat' })
      .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser }, plugins: { pooler: { rules: rules as never } }, rules: { 'pooler/no-listen': 'error', 'pooler/no-session-set': 'error', 'pooler/no-session-state': 'error' } }], 'x.ts')
      .map((m) => m.message);
  const quoted = (message: string | undefined) => /^`([^`]*)`/.exec(message ?? '')?.[1];

  for (const [sql, shown] of [
    ['LISTEN "${channel}"', 'LISTEN "${channel}"'],
    ['SET search_path TO tenant_${id}, public', 'SET search_path TO tenant_${id}, public'],
    ["SET app.tenant = '${id}'", "SET app.tenant = '${id}'"],
    ['CREATE TEMP TABLE "tmp_${id}" (x int)', 'CREATE TEMP TABLE "tmp_${id}" (x int)'],
    ['${setup}; LISTEN "${channel}"', 'LISTEN "${channel}"'],
  ] as const) {
    it(sql, () => {
      const messages = lint(pg(`await pool.query(\`${sql}\`);`));
      assert.equal(messages.length, 1, messages.join('\n'));
      assert.equal(quoted(messages[0]), shown);
      assert.ok(!messages[0]!.includes('__pooler_hole'), messages[0]);
    });
  }
});
