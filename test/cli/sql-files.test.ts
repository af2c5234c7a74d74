import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SQL_HAZARD_RULES, sqlMessages, type SqlScanContext } from '../../src/cli/sql-files.js';
import { resolveProfile } from '../../src/profiles/index.js';

const ALL_RULES = new Set(Object.values(SQL_HAZARD_RULES).map((rule) => `pooler/${rule}`));

function context(profile: Parameters<typeof resolveProfile>[0] = undefined, enabledRules = ALL_RULES): SqlScanContext {
  return { profile: resolveProfile(profile), enabledRules, namespace: 'pooler' };
}

function brief(text: string, ctx = context()): string[] {
  return sqlMessages(text, ctx).map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId}`);
}

describe('.sql files', () => {
  it('reports a session SET of a pg_dump header under the rule that owns session-set, with its position', () => {
    const text = '-- dump\nSET statement_timeout = 0;\nSELECT pg_catalog.set_config(\'search_path\', \'\', false);\n';
    assert.deepEqual(brief(text), ['2:1-2:26 pooler/no-session-set', '3:8-3:55 pooler/no-session-set']);
  });

  it('words the message with the hazard, the profile and its consequence', () => {
    const [message] = sqlMessages('SET lock_timeout = 0;', context({ profile: 'pgbouncer', version: '1.21' }));
    assert.equal(message?.severity, 2);
    assert.match(message!.message, /^`SET lock_timeout = 0` changes `lock_timeout` for the whole session: under PgBouncer/);
    assert.match(message!.message, /leaks to the next client/);
    assert.match(message!.message, /Or run this file over a direct connection \(`--sql-direct`\)\.$/);
  });

  it('reports temp tables, WITH HOLD cursors, SQL PREPARE, LISTEN and session advisory locks', () => {
    const text = [
      'CREATE TEMP TABLE t AS SELECT 1;',
      'DECLARE c CURSOR WITH HOLD FOR SELECT 1;',
      'PREPARE p AS SELECT 1;',
      'LISTEN jobs;',
      'SELECT pg_advisory_lock(42);',
    ].join('\n');
    assert.deepEqual(
      sqlMessages(text, context()).map((m) => `${m.line} ${m.ruleId}`),
      ['1 pooler/no-session-state', '2 pooler/no-session-state', '3 pooler/no-named-prepared-statements', '4 pooler/no-listen', '5 pooler/no-session-advisory-lock'],
    );
  });

  it('leaves transaction-scoped forms, NOTIFY and ordinary statements alone', () => {
    const text = [
      'BEGIN;',
      "SET LOCAL statement_timeout = '5s';",
      'CREATE TEMP TABLE t ON COMMIT DROP AS SELECT 1;',
      'SELECT pg_advisory_xact_lock(1);',
      'UPDATE users SET name = lower(name);',
      "NOTIFY cache, 'users';",
      'COMMIT;',
    ].join('\n');
    assert.deepEqual(brief(text), []);
  });

  it('follows the profile: a tracked parameter is fine on PgBouncer and pinned on RDS Proxy', () => {
    const text = "SET TimeZone = 'UTC';";
    assert.deepEqual(brief(text, context({ profile: 'pgbouncer' })), []);
    assert.deepEqual(brief(text, context({ profile: 'rds-proxy' })), ['1:1-1:21 pooler/no-session-set']);
    assert.equal(sqlMessages(text, context({ profile: 'rds-proxy' }))[0]?.messageId, 'pinned');
  });

  it('reports only hazards whose rule is enabled', () => {
    const text = 'SET search_path TO app;\nLISTEN jobs;';
    assert.deepEqual(brief(text, context(undefined, new Set(['pooler/no-listen']))), ['2:1-2:12 pooler/no-listen']);
    assert.deepEqual(brief(text, context(undefined, new Set())), []);
  });

  it('never throws on text that is not SQL', () => {
    assert.deepEqual(brief("SELECT 'unterminated"), []);
    assert.deepEqual(brief('\u0000\u0001 garbage ;;; $$'), []);
  });
});

describe('the hazard → rule map of .sql files', () => {
  it('names, for each SQL hazard, the session rule that reports it in code', () => {
    assert.deepEqual(SQL_HAZARD_RULES, {
      'session-set': 'no-session-set',
      'session-advisory-lock': 'no-session-advisory-lock',
      listen: 'no-listen',
      'sql-prepare': 'no-named-prepared-statements',
      discard: 'no-session-state',
      'temp-object': 'no-session-state',
      'cursor-with-hold': 'no-session-state',
      load: 'no-session-state',
    });
  });

  it('quotes the statement without its comments', () => {
    const [message] = sqlMessages('CREATE TEMP TABLE t AS -- scratch\nSELECT 1;', context());
    assert.match(message!.message, /^`CREATE TEMP TABLE t AS SELECT 1` creates a temporary table/);
  });
});
