import { describe } from 'node:test';
import { finding, itFinds, type Case } from './helpers.js';

// The session family from pooler-facts.md §H11.
const SESSION_LOCKS = 'pg_advisory_lock pg_advisory_lock_shared pg_try_advisory_lock pg_try_advisory_lock_shared pg_advisory_unlock pg_advisory_unlock_shared'.split(' ');

const lock = (span: string, name: string) => finding('session-advisory-lock', span, { name });

describe('session advisory locks, anywhere in a statement', () => {
  itFinds([
    ...SESSION_LOCKS.map((fn): Case => [`${fn} → session-advisory-lock`, `SELECT ${fn}(42)`, [lock(`${fn}(42)`, fn)]]),
    ['pg_advisory_unlock_all()', 'SELECT pg_advisory_unlock_all()', [lock('pg_advisory_unlock_all()', 'pg_advisory_unlock_all')]],
    [
      'schema-qualified with pg_catalog, nested arguments',
      "SELECT pg_catalog.pg_try_advisory_lock(hashtext(concat('a', (1)::text)))",
      [lock("pg_catalog.pg_try_advisory_lock(hashtext(concat('a', (1)::text)))", 'pg_try_advisory_lock')],
    ],
    ['in a CTE', 'WITH l AS (SELECT pg_try_advisory_lock(7) AS ok) SELECT ok FROM l', [lock('pg_try_advisory_lock(7)', 'pg_try_advisory_lock')]],
    [
      'in a subquery and a WHERE clause',
      'SELECT * FROM (SELECT id FROM jobs WHERE pg_try_advisory_lock(id)) j',
      [lock('pg_try_advisory_lock(id)', 'pg_try_advisory_lock')],
    ],
    ['in the PL/pgSQL body of a DO block', 'DO $$ BEGIN PERFORM pg_advisory_lock(1); END $$', [lock('pg_advisory_lock(1)', 'pg_advisory_lock')]],
    [
      'in the body of a PL/pgSQL function',
      'CREATE FUNCTION f() RETURNS boolean LANGUAGE plpgsql AS $fn$\nBEGIN\n  RETURN pg_try_advisory_lock(3);\nEND\n$fn$',
      [lock('pg_try_advisory_lock(3)', 'pg_try_advisory_lock')],
    ],
    [
      'in a LANGUAGE sql body given as a string',
      "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'SELECT pg_advisory_lock(1)'",
      [lock('pg_advisory_lock(1)', 'pg_advisory_lock')],
    ],
    [
      'in a LANGUAGE sql BEGIN ATOMIC body',
      'CREATE FUNCTION g() RETURNS void LANGUAGE sql BEGIN ATOMIC SELECT pg_advisory_unlock(2); END',
      [lock('pg_advisory_unlock(2)', 'pg_advisory_unlock')],
    ],
  ]);
});

describe('LISTEN / UNLISTEN / NOTIFY', () => {
  itFinds([
    ['LISTEN channel → listen', 'LISTEN "Order Events"', [finding('listen', 'LISTEN "Order Events"', { name: 'Order Events' })]],
    [
      'UNLISTEN channel and UNLISTEN * → listen',
      'UNLISTEN jobs; UNLISTEN *',
      [finding('listen', 'UNLISTEN jobs', { name: 'jobs', inTransaction: 'implicit' }), finding('listen', 'UNLISTEN *', { name: '*' })],
    ],
    [
      'NOTIFY and pg_notify are recorded as notify (safe through PgBouncer)',
      "NOTIFY jobs, 'x'; SELECT pg_notify('jobs', $1)",
      [finding('notify', "NOTIFY jobs, 'x'", { name: 'jobs', inTransaction: 'implicit' }), finding('notify', "pg_notify('jobs', $1)", { name: 'jobs' })],
    ],
  ]);
});

describe('SQL-level prepared statements, DISCARD, LOAD', () => {
  itFinds([
    ['PREPARE → sql-prepare', 'PREPARE q (int) AS SELECT $1', [finding('sql-prepare', 'PREPARE q (int) AS SELECT $1', { name: 'q' })]],
    ['EXECUTE → sql-prepare', 'EXECUTE q(1)', [finding('sql-prepare', 'EXECUTE q(1)', { name: 'q' })]],
    ['DEALLOCATE name → sql-prepare', 'DEALLOCATE PREPARE q', [finding('sql-prepare', 'DEALLOCATE PREPARE q', { name: 'q' })]],
    ['DEALLOCATE ALL → discard', 'DEALLOCATE ALL', [finding('discard', 'DEALLOCATE ALL', { name: 'deallocate-all' })]],
    ...['ALL', 'PLANS', 'SEQUENCES', 'TEMP'].map((target): Case => [
      `DISCARD ${target} → discard`,
      `DISCARD ${target}`,
      [finding('discard', `DISCARD ${target}`, { name: target.toLowerCase() })],
    ]),
    ['PREPARE TRANSACTION is transaction control, not sql-prepare', "PREPARE TRANSACTION 'gid'", []],
    ["LOAD 'library' → load", "LOAD 'auto_explain'", [finding('load', "LOAD 'auto_explain'", { name: 'auto_explain' })]],
  ]);
});

const temp = (span: string, name: string) => finding('temp-object', span, { name });

describe('temporary objects and cursors that outlive the transaction', () => {
  itFinds([
    ['CREATE TEMP TABLE → temp-object(table)', 'CREATE TEMP TABLE t (id int)', [temp('CREATE TEMP TABLE t (id int)', 'table')]],
    [
      'ON COMMIT DELETE ROWS still outlives the transaction',
      'CREATE TEMPORARY TABLE t (id int) ON COMMIT DELETE ROWS',
      [temp('CREATE TEMPORARY TABLE t (id int) ON COMMIT DELETE ROWS', 'table')],
    ],
    ['a table created in pg_temp is temporary', 'CREATE TABLE pg_temp.t (id int)', [temp('CREATE TABLE pg_temp.t (id int)', 'table')]],
    ['CREATE TEMP SEQUENCE → temp-object(sequence)', 'CREATE TEMP SEQUENCE s', [temp('CREATE TEMP SEQUENCE s', 'sequence')]],
    ['CREATE TEMP VIEW → temp-object(view)', 'CREATE TEMP VIEW v AS SELECT 1', [temp('CREATE TEMP VIEW v AS SELECT 1', 'view')]],
    ['SELECT … INTO TEMP → temp-object(table)', 'SELECT * INTO TEMP t FROM orders', [temp('SELECT * INTO TEMP t FROM orders', 'table')]],
    [
      'SELECT … INTO TEMP under a set operation',
      'SELECT 1 INTO TEMPORARY t UNION SELECT 2',
      [temp('SELECT 1 INTO TEMPORARY t UNION SELECT 2', 'table')],
    ],
    ['CREATE TEMP TABLE … AS → temp-object(table)', 'CREATE TEMP TABLE t AS SELECT 1', [temp('CREATE TEMP TABLE t AS SELECT 1', 'table')]],
    [
      'DECLARE … WITH HOLD → cursor-with-hold',
      'DECLARE c1 SCROLL CURSOR WITH HOLD FOR SELECT 1',
      [finding('cursor-with-hold', 'DECLARE c1 SCROLL CURSOR WITH HOLD FOR SELECT 1', { name: 'c1' })],
    ],
    [
      'EXPLAIN ANALYZE runs its statement',
      'EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT pg_advisory_lock(1)',
      [temp('EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT pg_advisory_lock(1)', 'table'), lock('pg_advisory_lock(1)', 'pg_advisory_lock')],
    ],
    ['plain EXPLAIN does not', 'EXPLAIN (ANALYZE false) SELECT pg_advisory_lock(1)', []],
  ]);
});
