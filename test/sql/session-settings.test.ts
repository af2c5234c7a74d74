import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRACKED_PARAMETERS } from '../../src/hazards.js';
import { finding, itFinds, seen } from './helpers.js';

const set = (span: string, guc: string, inTransaction: 'none' | 'implicit' = 'none') =>
  finding('session-set', span, { guc, inTransaction });

describe('session settings → session-set', () => {
  itFinds([
    ['SET name TO value', 'SET search_path TO app, public', [set('SET search_path TO app, public', 'search_path')]],
    ['SET name = value, dotted and quoted names lower-cased', `SET "App"."Tenant_Id" = '42'`, [set(`SET "App"."Tenant_Id" = '42'`, 'app.tenant_id')]],
    ['SET SESSION name', "SET SESSION statement_timeout = '5s'", [set("SET SESSION statement_timeout = '5s'", 'statement_timeout')]],
    ['RESET name', 'RESET lock_timeout', [set('RESET lock_timeout', 'lock_timeout')]],
    ['RESET ALL → all', 'RESET ALL', [set('RESET ALL', 'all')]],
    ['SET ROLE / RESET ROLE → role', 'SET ROLE admin; RESET ROLE', [set('SET ROLE admin', 'role', 'implicit'), set('RESET ROLE', 'role')]],
    ['SET SESSION AUTHORIZATION → session_authorization', "SET SESSION AUTHORIZATION 'bob'", [set("SET SESSION AUTHORIZATION 'bob'", 'session_authorization')]],
    ['SET TIME ZONE → timezone', "SET TIME ZONE 'Asia/Tokyo'", [set("SET TIME ZONE 'Asia/Tokyo'", 'timezone')]],
    ['SET SCHEMA → search_path', "SET SCHEMA 'tenant_a'", [set("SET SCHEMA 'tenant_a'", 'search_path')]],
    ['SET NAMES → client_encoding', "SET NAMES 'UTF8'", [set("SET NAMES 'UTF8'", 'client_encoding')]],
    [
      'SET SESSION CHARACTERISTICS → default_transaction_* of its first option',
      'SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY',
      [set('SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY', 'default_transaction_isolation')],
    ],
    [
      "set_config(name, value, false): the call's span and the parameter",
      "SELECT set_config('app.tenant_id', $1, false)",
      [set("set_config('app.tenant_id', $1, false)", 'app.tenant_id')],
    ],
    [
      'set_config whose third argument is not a literal true',
      "SELECT set_config('app.a', 'x', $2), pg_catalog.set_config('app.b', 'y', 'off')",
      [set("set_config('app.a', 'x', $2)", 'app.a'), set("pg_catalog.set_config('app.b', 'y', 'off')", 'app.b')],
    ],
    ['set_config with a non-literal name has no guc', 'SELECT set_config($1, $2, false)', [finding('session-set', 'set_config($1, $2, false)')]],
    [
      'the span starts at the first keyword and ends before the semicolon, after comments',
      '  /* setup */ SET work_mem = 64 /* MB */ ; ',
      [set('SET work_mem = 64', 'work_mem')],
    ],
    [
      'spans are string offsets after non-ASCII text',
      "SELECT 'é😀'; SELECT set_config('app.x', 'ü', false)",
      [set("set_config('app.x', 'ü', false)", 'app.x')],
    ],
  ]);

  it('SET SESSION CHARACTERISTICS … READ ONLY → default_transaction_read_only', () => {
    assert.equal(seen('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY')[0]?.guc, 'default_transaction_read_only');
  });

  it('reports tracked parameters under the names TRACKED_PARAMETERS uses', () => {
    const sql =
      "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET IntervalStyle = 'sql_standard'; " +
      "SET client_encoding = 'UTF8'; SET standard_conforming_strings = on; SET application_name = 'x'";
    assert.deepEqual(seen(sql).map((f) => f.guc).sort(), [...TRACKED_PARAMETERS].sort());
  });
});
