import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSql } from '../../src/sql/index.js';
import { finding, seen } from './helpers.js';

describe('PL/pgSQL bodies', () => {
  it('finds session locks and settings in PERFORM, SELECT INTO, IF, assignments, defaults and FOR queries', () => {
    const sql = [
      'DO $$',
      'DECLARE v int := pg_try_advisory_lock(1);',
      'BEGIN',
      '  PERFORM pg_advisory_lock(2);',
      '  SELECT pg_try_advisory_lock_shared(3) INTO v;',
      "  IF pg_advisory_unlock(4) THEN RAISE NOTICE 'x'; END IF;",
      "  v := set_config('app.t', 'a', false)::int;",
      '  FOR v IN SELECT pg_advisory_unlock_shared(5) LOOP NULL; END LOOP;',
      '  SET search_path = tenant;',
      'END $$',
    ].join('\n');
    assert.deepEqual(seen(sql), [
      finding('session-advisory-lock', 'pg_try_advisory_lock(1)', { name: 'pg_try_advisory_lock' }),
      finding('session-advisory-lock', 'pg_advisory_lock(2)', { name: 'pg_advisory_lock' }),
      finding('session-advisory-lock', 'pg_try_advisory_lock_shared(3)', { name: 'pg_try_advisory_lock_shared' }),
      finding('session-advisory-lock', 'pg_advisory_unlock(4)', { name: 'pg_advisory_unlock' }),
      finding('session-set', "set_config('app.t', 'a', false)", { guc: 'app.t' }),
      finding('session-advisory-lock', 'pg_advisory_unlock_shared(5)', { name: 'pg_advisory_unlock_shared' }),
      finding('session-set', 'SET search_path = tenant', { guc: 'search_path' }),
    ]);
  });

  it('identical calls in PERFORM and SELECT … INTO map to their own places', () => {
    const sql = 'DO $$ DECLARE v bool; BEGIN PERFORM pg_advisory_lock(1); SELECT pg_advisory_lock(1) INTO v; END $$';
    const first = sql.indexOf('pg_advisory_lock');
    const second = sql.lastIndexOf('pg_advisory_lock');
    assert.deepEqual(
      analyzeSql(sql).findings.map((f) => [f.start, f.end]),
      [
        [first, first + 'pg_advisory_lock(1)'.length],
        [second, second + 'pg_advisory_lock(1)'.length],
      ],
    );
  });

  it('a DO block in a plain string literal maps spans into it', () => {
    assert.deepEqual(seen("DO 'BEGIN PERFORM pg_advisory_lock(1); END'"), [
      finding('session-advisory-lock', 'pg_advisory_lock(1)', { name: 'pg_advisory_lock' }),
    ]);
  });

  it('a body whose string has escapes falls back to the whole statement span', () => {
    const sql = "DO 'BEGIN PERFORM pg_advisory_lock(1); RAISE NOTICE ''x''; END'";
    assert.deepEqual(seen(sql), [finding('session-advisory-lock', sql, { name: 'pg_advisory_lock' })]);
  });

  it('a DO block whose body contains the usual wrapper tag still parses', () => {
    assert.deepEqual(seen('DO $x$ BEGIN PERFORM pg_advisory_lock(1); RAISE NOTICE $$ $pooler$ $$; END $x$'), [
      finding('session-advisory-lock', 'pg_advisory_lock(1)', { name: 'pg_advisory_lock' }),
    ]);
  });

  it('findings in a DO block inside a transaction are explicit', () => {
    assert.deepEqual(seen('BEGIN; DO $$ BEGIN PERFORM pg_advisory_lock(1); END $$; COMMIT'), [
      finding('session-advisory-lock', 'pg_advisory_lock(1)', { name: 'pg_advisory_lock', inTransaction: 'explicit' }),
    ]);
  });

  it("a body PostgreSQL's PL/pgSQL parser rejects is scanned for calls", () => {
    const sql = 'DO $$ BEGIN PERFORM pg_advisory_lock(1); IF THEN END $$';
    assert.deepEqual(seen(sql), [finding('session-advisory-lock', 'pg_advisory_lock(1)', { name: 'pg_advisory_lock', confidence: 'scanned' })]);
  });

  it('other languages are not analysed', () => {
    assert.deepEqual(seen("DO LANGUAGE plv8 $$ plv8.execute('SELECT pg_advisory_lock(1)') $$"), []);
  });

  it('function bodies: session hazards kept, transaction-scoped ones dropped', () => {
    const sql = [
      'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql SET search_path = app AS $$',
      'BEGIN',
      '  PERFORM pg_advisory_xact_lock(1);',
      "  PERFORM set_config('app.a', 'x', true);",
      '  CREATE TEMP TABLE scratch (id int) ON COMMIT DROP;',
      '  CREATE TEMP TABLE kept (id int);',
      '  LISTEN jobs;',
      'END $$',
    ].join('\n');
    assert.deepEqual(seen(sql), [
      finding('temp-object', 'CREATE TEMP TABLE kept (id int)', { name: 'table' }),
      finding('listen', 'LISTEN jobs', { name: 'jobs' }),
    ]);
  });

  it("a parameter in the function's own SET clause is restored at exit, so setting it in the body does not leak", () => {
    const sql = [
      'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql SET search_path = app AS $$',
      'BEGIN',
      '  SET search_path = tenant;',
      "  PERFORM set_config('search_path', 'x', false);",
      "  SET statement_timeout = '1s';",
      'END $$',
    ].join('\n');
    assert.deepEqual(seen(sql), [finding('session-set', "SET statement_timeout = '1s'", { guc: 'statement_timeout' })]);
  });

  it('a LANGUAGE sql body given as a string is analysed as SQL', () => {
    assert.deepEqual(seen("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SET search_path = a; SELECT 1 $$"), [
      finding('session-set', 'SET search_path = a', { guc: 'search_path' }),
    ]);
  });
});
