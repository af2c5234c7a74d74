import { describe } from 'node:test';
import { pinCells } from './pin-cells.js';

const PORTABLE = undefined;
const PGB = { profile: 'pgbouncer' } as const;
const PGB_120 = { profile: 'pgbouncer', version: '1.20' } as const;
const PGB_121 = { profile: 'pgbouncer', version: '1.21' } as const;
const PGB_121_PS = { profile: 'pgbouncer', version: '1.21', maxPreparedStatements: 100 } as const;
const PGB_122_PS = { profile: 'pgbouncer', version: '1.22', maxPreparedStatements: 100 } as const;
const PGB_124 = { profile: 'pgbouncer', version: '1.24' } as const;
const PGB_124_OFF = { profile: 'pgbouncer', version: '1.24', maxPreparedStatements: 0 } as const;
const NEON = { profile: 'neon' } as const;
const AZURE = { profile: 'azure' } as const;
const LEAKS = 'leaks to the next client of that server connection and is lost by this one';
const NAMED_ERROR = '`prepared statement "…" already exists`';

describe('transaction (portable default) profile cells', () => {
  pinCells([
    { settings: PORTABLE, hazard: 'session-set', detail: { guc: 'search_path' }, verdict: 'broken', cite: 'truth#1', says: LEAKS },
    { settings: PORTABLE, hazard: 'session-set', detail: { guc: 'statement_timeout' }, verdict: 'broken', cite: 'truth#2' },
    { settings: PORTABLE, hazard: 'session-set', detail: { guc: 'app.tenant_id' }, verdict: 'broken', cite: 'truth#10' },
    { settings: PORTABLE, hazard: 'session-set', detail: { guc: 'TimeZone' }, verdict: 'ok', cite: 'truth#5' },
    { settings: PORTABLE, hazard: 'session-set', detail: { guc: 'datestyle' }, verdict: 'ok', cite: 'PGB-FEAT' },
    { settings: PORTABLE, hazard: 'session-set', detail: { guc: 'application_name' }, verdict: 'broken', cite: 'truth#3', says: 'no application_name of its own' },
    { settings: PORTABLE, hazard: 'session-set', detail: { guc: 'IntervalStyle' }, verdict: 'broken', cite: 'PGB-NEWS' },
    { settings: PORTABLE, hazard: 'session-set', verdict: 'broken', cite: 'PGB-FEAT' },
    { settings: PORTABLE, hazard: 'session-hook', detail: { guc: 'search_path' }, verdict: 'broken', cite: 'truth#41', says: LEAKS },
    { settings: PORTABLE, hazard: 'transaction-set', verdict: 'ok', cite: 'truth#7' },
    { settings: PORTABLE, hazard: 'transaction-set', verdict: 'ok', cite: 'truth#12' },
    { settings: PORTABLE, hazard: 'session-advisory-lock', verdict: 'broken', cite: 'truth#15' },
    { settings: PORTABLE, hazard: 'xact-advisory-lock', verdict: 'ok', cite: 'truth#17' },
    { settings: PORTABLE, hazard: 'listen', verdict: 'broken', cite: 'truth#18' },
    { settings: PORTABLE, hazard: 'notify', verdict: 'ok', cite: 'truth#20' },
    { settings: PORTABLE, hazard: 'sql-prepare', verdict: 'broken', cite: 'truth#30' },
    { settings: PORTABLE, hazard: 'discard', verdict: 'broken', cite: 'truth#14' },
    { settings: PORTABLE, hazard: 'temp-object', verdict: 'broken', cite: 'truth#32', says: '`relation "…" does not exist`' },
    { settings: PORTABLE, hazard: 'temp-on-commit-drop', verdict: 'ok', cite: 'truth#33' },
    { settings: PORTABLE, hazard: 'cursor-with-hold', verdict: 'broken', cite: 'truth#34', says: '`cursor "…" does not exist`' },
    { settings: PORTABLE, hazard: 'cursor', verdict: 'ok', cite: 'PGB-FEAT' },
    { settings: PORTABLE, hazard: 'load', verdict: 'broken', cite: 'PGB-FEAT' },
    { settings: PORTABLE, hazard: 'named-prepared-statement', verdict: 'broken', cite: 'truth#21', setting: 'max_prepared_statements > 0 (PgBouncer ≥ 1.21)', says: NAMED_ERROR },
    { settings: PORTABLE, hazard: 'startup-parameter', detail: { parameter: 'statement_timeout' }, verdict: 'broken', cite: 'truth#35', says: '`unsupported startup parameter: statement_timeout`' },
    { settings: PORTABLE, hazard: 'startup-parameter', detail: { parameter: 'options', guc: 'search_path' }, verdict: 'broken', cite: 'truth#36', says: '`unsupported startup parameter: options`' },
    { settings: PORTABLE, hazard: 'startup-parameter', detail: { parameter: 'application_name' }, verdict: 'ok', cite: 'truth#37' },
    { settings: PORTABLE, hazard: 'startup-parameter', detail: { parameter: 'idle_in_transaction_session_timeout' }, verdict: 'broken', cite: 'truth#38' },
    { settings: PORTABLE, hazard: 'startup-parameter', detail: { parameter: 'lock_timeout' }, verdict: 'broken', cite: 'truth#39' },
    { settings: PORTABLE, hazard: 'startup-parameter', detail: { parameter: 'search_path' }, verdict: 'broken', cite: 'truth#40', says: '`unsupported startup parameter: search_path`' },
    { settings: PORTABLE, hazard: 'startup-parameter', detail: { parameter: 'client_encoding' }, verdict: 'ok', cite: 'PGB-SRC' },
    { settings: PORTABLE, hazard: 'transaction-block', verdict: 'ok', cite: 'H18' },
    { settings: PORTABLE, hazard: 'pool-size', verdict: 'broken', cite: 'truth#44', says: 'max_connections' },
  ]);
});

describe('pgbouncer profile cells by version and settings', () => {
  pinCells([
    { settings: PGB, hazard: 'named-prepared-statement', verdict: 'broken', cite: 'PGB-FEAT-HIST', setting: 'max_prepared_statements > 0 (PgBouncer ≥ 1.21)' },
    { settings: PGB_121, hazard: 'named-prepared-statement', verdict: 'needs-setting', cite: 'PGB-CFG', setting: 'max_prepared_statements > 0', says: NAMED_ERROR },
    { settings: PGB_121_PS, hazard: 'named-prepared-statement', verdict: 'ok', cite: 'PGB-CFG' },
    { settings: PGB_124, hazard: 'named-prepared-statement', verdict: 'ok', cite: 'PGB-NEWS' },
    { settings: PGB_124_OFF, hazard: 'named-prepared-statement', verdict: 'needs-setting', cite: 'PGB-CFG', setting: 'max_prepared_statements > 0' },
    { settings: PGB, hazard: 'discard', verdict: 'broken', cite: 'H10' },
    { settings: PGB_121_PS, hazard: 'discard', verdict: 'broken', cite: 'I-8', says: 'PGBOUNCER_' },
    { settings: PGB_122_PS, hazard: 'discard', verdict: 'ok', cite: 'PGB-NEWS' },
    { settings: PGB_124, hazard: 'discard', verdict: 'ok', cite: 'PGB-NEWS' },
    { settings: PGB_124_OFF, hazard: 'discard', verdict: 'broken', cite: 'truth#14' },
    { settings: PGB_124, hazard: 'sql-prepare', verdict: 'broken', cite: 'PGB-CFG' },
    { settings: PGB_124, hazard: 'session-set', detail: { guc: 'application_name' }, verdict: 'broken', cite: 'truth#3' },
    { settings: PGB, hazard: 'session-set', detail: { guc: 'intervalstyle' }, verdict: 'broken', cite: 'PGB-NEWS' },
    { settings: PGB_120, hazard: 'session-set', detail: { guc: 'intervalstyle' }, verdict: 'ok', cite: 'PGB-NEWS' },
    { settings: PGB, hazard: 'startup-parameter', detail: { parameter: 'IntervalStyle' }, verdict: 'broken', cite: 'PGB-SRC' },
    { settings: PGB_120, hazard: 'startup-parameter', detail: { parameter: 'IntervalStyle' }, verdict: 'ok', cite: 'PGB-SRC' },
    { settings: PGB_120, hazard: 'startup-parameter', detail: { parameter: 'options', guc: 'statement_timeout' }, verdict: 'broken', cite: 'I-1', says: '`unsupported startup parameter in options: statement_timeout`' },
    { settings: PGB_120, hazard: 'startup-parameter', detail: { parameter: 'options', guc: 'TimeZone' }, verdict: 'ok', cite: 'PGB-NEWS' },
    { settings: PGB_124, hazard: 'listen', verdict: 'broken', cite: 'PGB-FEAT' },
    { settings: PGB_124, hazard: 'notify', verdict: 'ok', cite: 'PGB-FEAT-HIST' },
  ]);
});

describe('neon profile cells (PgBouncer, max_prepared_statements=1000)', () => {
  pinCells([
    { settings: NEON, hazard: 'named-prepared-statement', verdict: 'ok', cite: 'NEON' },
    { settings: NEON, hazard: 'discard', verdict: 'ok', cite: 'NEON' },
    { settings: NEON, hazard: 'session-set', detail: { guc: 'search_path' }, verdict: 'broken', cite: 'NEON' },
    { settings: NEON, hazard: 'listen', verdict: 'broken', cite: 'NEON' },
    { settings: NEON, hazard: 'notify', verdict: 'ok', cite: 'PGB-FEAT-HIST' },
    { settings: NEON, hazard: 'load', verdict: 'broken', cite: 'NEON' },
    { settings: NEON, hazard: 'startup-parameter', detail: { parameter: 'options', guc: 'lock_timeout' }, verdict: 'broken', cite: 'I-6', says: 'in options: lock_timeout' },
  ]);
});

describe('azure profile cells (PgBouncer, max_prepared_statements 0 by default)', () => {
  pinCells([
    { settings: AZURE, hazard: 'named-prepared-statement', verdict: 'needs-setting', cite: 'AZ-PGB', setting: 'pgbouncer.max_prepared_statements > 0' },
    { settings: { profile: 'azure', maxPreparedStatements: 100 }, hazard: 'named-prepared-statement', verdict: 'ok', cite: 'AZ-PGB' },
    { settings: AZURE, hazard: 'discard', verdict: 'broken', cite: 'AZ-PGB' },
    { settings: { profile: 'azure', maxPreparedStatements: 100 }, hazard: 'discard', verdict: 'ok', cite: 'PGB-NEWS' },
    { settings: AZURE, hazard: 'session-set', detail: { guc: 'statement_timeout' }, verdict: 'broken', cite: 'AZ-PGB' },
  ]);
});

describe('session profile cells: only startup parameters and pool size matter', () => {
  const SESSION = { profile: 'session' } as const;
  pinCells([
    { settings: SESSION, hazard: 'session-set', detail: { guc: 'search_path' }, verdict: 'ok', cite: 'truth#1' },
    { settings: SESSION, hazard: 'session-hook', detail: { guc: 'search_path' }, verdict: 'ok', cite: 'truth#41' },
    { settings: SESSION, hazard: 'session-advisory-lock', verdict: 'ok', cite: 'truth#15' },
    { settings: SESSION, hazard: 'listen', verdict: 'ok', cite: 'truth#18' },
    { settings: SESSION, hazard: 'named-prepared-statement', verdict: 'ok', cite: 'truth#21' },
    { settings: SESSION, hazard: 'sql-prepare', verdict: 'ok', cite: 'truth#30' },
    { settings: SESSION, hazard: 'temp-object', verdict: 'ok', cite: 'truth#32' },
    { settings: SESSION, hazard: 'cursor-with-hold', verdict: 'ok', cite: 'truth#34' },
    { settings: SESSION, hazard: 'discard', verdict: 'ok', cite: 'truth#14' },
    { settings: SESSION, hazard: 'startup-parameter', detail: { parameter: 'statement_timeout' }, verdict: 'broken', cite: 'truth#35' },
    { settings: SESSION, hazard: 'startup-parameter', detail: { parameter: 'options' }, verdict: 'broken', cite: 'truth#36' },
    { settings: SESSION, hazard: 'startup-parameter', detail: { parameter: 'application_name' }, verdict: 'ok', cite: 'truth#37' },
    { settings: SESSION, hazard: 'startup-parameter', detail: { parameter: 'search_path' }, verdict: 'broken', cite: 'truth#40' },
    { settings: SESSION, hazard: 'pool-size', verdict: 'broken', cite: 'PGB-CFG', says: 'max_connections' },
  ]);
});
