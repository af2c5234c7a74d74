import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSql, analyzeSqlHazards } from '../../src/sql/index.js';

describe('analyzeSqlHazards: the word filter in front of the parser', () => {
  it('does not parse text without a hazard or transaction-control word; keeps its text for locating', () => {
    const analysis = analyzeSqlHazards({ parts: ['SELECT id FROM users WHERE id = ', ''], holes: ['value'] });
    assert.deepEqual(analysis.statements, []);
    assert.deepEqual(analysis.findings, []);
    assert.equal(analysis.transactionEffect, 'none');
    assert.equal(analysis.text, analyzeSql({ parts: ['SELECT id FROM users WHERE id = ', ''], holes: ['value'] }).text);
  });

  it('parses every text with such a word, in any case and inside a qualified or quoted name', () => {
    for (const [sql, hazard] of [
      ['select pg_catalog.set_config($1, $2, false)', 'session-set'],
      ['SELECT "pg_try_advisory_lock"(1)', 'session-advisory-lock'],
      ['create table pg_temp.scratch (id int)', 'temp-object'],
      ['Listen jobs', 'listen'],
      ['UPDATE users SET name = $1; RESET ROLE', 'session-set'],
    ] as const) {
      assert.equal(analyzeSqlHazards(sql).findings[0]?.hazard, hazard, sql);
    }
    assert.equal(analyzeSqlHazards('start transaction').transactionEffect, 'opens');
    assert.equal(analyzeSqlHazards('END').transactionEffect, 'closes');
  });

  it('does not parse a row update (UPDATE … SET, an upsert’s DO UPDATE SET / DO NOTHING); parses what else the text holds', () => {
    for (const sql of [
      'UPDATE accounts SET email = $1 WHERE id = $2',
      'update only "app"."Accounts" as a\n  set email = $1',
      'INSERT INTO t (id, a) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET a = EXCLUDED.a',
      'INSERT INTO t (id) VALUES ($1) ON CONFLICT DO NOTHING',
    ]) {
      assert.deepEqual(analyzeSqlHazards(sql).statements, [], sql);
      assert.deepEqual(analyzeSqlHazards(sql).findings, analyzeSql(sql).findings, sql);
    }
    for (const [sql, hazard] of [
      ['UPDATE t SET a = 1; SET search_path TO app', 'session-set'],
      ['UPDATE t SET a = set_config($1, $2, false)', 'session-set'],
      ['UPDATE t SET locked = pg_try_advisory_lock(id)', 'session-advisory-lock'],
      ['INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING; LISTEN jobs', 'listen'],
    ] as const) {
      assert.equal(analyzeSqlHazards(sql).findings[0]?.hazard, hazard, sql);
    }
    assert.equal(analyzeSqlHazards('UPDATE t SET a = 1; COMMIT').transactionEffect, 'closes');
  });

  it('always analyses a fragment with a raw hole: its text is unknown SQL', () => {
    const fragment = { parts: ['', ' TO app'], holes: ['raw'] } as const;
    assert.deepEqual(analyzeSqlHazards(fragment), analyzeSql(fragment));
    assert.ok(analyzeSqlHazards(fragment).statements.length > 0);
  });
});
