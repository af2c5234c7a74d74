import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSql } from '../../src/sql/index.js';
import { seen } from './helpers.js';

/** Each look-alike must parse (so the grammar, not luck, decides) and yield no finding. */
function assertNoFinding(sql: string): void {
  const analysis = analyzeSql(sql);
  assert.equal(analysis.confidence, 'parsed', `${sql} should parse`);
  assert.deepEqual(seen(sql), []);
}

describe('look-alikes that are never findings', () => {
  it('UPDATE … SET', () => assertNoFinding("UPDATE users SET search_path = 'x', role = 'admin' WHERE id = 1"));

  it('ON CONFLICT … DO UPDATE SET', () =>
    assertNoFinding('INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v'));

  it('ALTER ROLE … SET / RESET', () => {
    assertNoFinding('ALTER ROLE app SET search_path = app, public');
    assertNoFinding('ALTER ROLE app IN DATABASE shop RESET ALL');
  });

  it('ALTER DATABASE … SET / RESET', () => {
    assertNoFinding("ALTER DATABASE shop SET statement_timeout = '30s'");
    assertNoFinding('ALTER DATABASE shop RESET search_path');
  });

  it('CREATE FUNCTION … SET (a function-level setting)', () => {
    assertNoFinding("CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = app, pg_temp AS 'SELECT 1'");
    assertNoFinding('CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql SET work_mem = 1 AS $$ BEGIN NULL; END $$');
  });

  it('SET CONSTRAINTS', () => assertNoFinding('SET CONSTRAINTS ALL DEFERRED'));

  it('words inside comments', () => {
    assertNoFinding('SELECT 1 /* SET search_path TO x; LISTEN y */');
    assertNoFinding('SELECT 1 -- SELECT pg_advisory_lock(1)\n');
  });

  it('words inside string literals and dollar quotes', () => {
    assertNoFinding("SELECT 'SET search_path TO x', E'LISTEN y\\n', $q$ SELECT pg_advisory_lock(1) $q$");
    assertNoFinding("INSERT INTO log (line) VALUES ('RESET ALL; DISCARD ALL')");
  });

  it('identifiers that contain or equal a hazard name', () => {
    assertNoFinding('SELECT pg_advisory_lock_count, l.pg_advisory_lock FROM lock_stats l');
    assertNoFinding('SELECT "set_config" FROM t');
    assertNoFinding("SELECT my_set_config('a', 'b', false)");
  });

  it('a function of another schema with a hazard name', () => assertNoFinding('SELECT app.pg_advisory_lock(1)'));

  it('PL/pgSQL dynamic EXECUTE is not SQL-level EXECUTE', () =>
    assertNoFinding('DO $$ BEGIN EXECUTE format($f$SELECT %L$f$, 1); END $$'));

  it('transaction-scoped forms inside a function body are bound to the caller', () => {
    assertNoFinding('DO $$ BEGIN SET LOCAL search_path = a; PERFORM pg_advisory_xact_lock(1); END $$');
  });

  it('plain EXPLAIN does not run its statement', () => assertNoFinding("EXPLAIN SELECT set_config('a.b', 'c', false)"));

  it('tables that are not temporary', () => {
    assertNoFinding('CREATE TABLE temp_orders (id int)');
    assertNoFinding('CREATE UNLOGGED TABLE scratch (id int)');
    assertNoFinding('SELECT * INTO archive FROM orders');
  });

  it('reading settings', () => {
    assertNoFinding("SELECT current_setting('search_path'), current_setting('app.tenant_id', true)");
    assertNoFinding('SHOW search_path');
  });
});
