import { describe } from 'node:test';
import { pinCells } from './pin-cells.js';

const RDS = { profile: 'rds-proxy' } as const;
const SUPA = { profile: 'supavisor' } as const;
const PGCAT = { profile: 'pgcat' } as const;
const PGDOG = { profile: 'pgdog' } as const;
const ODY = { profile: 'odyssey' } as const;
const PINS = 'pins the client to one server connection';

describe('rds-proxy profile cells', () => {
  pinCells([
    { settings: RDS, hazard: 'session-set', detail: { guc: 'search_path' }, verdict: 'pinned', cite: 'RDS-PIN', setting: 'initialization query', says: PINS },
    { settings: RDS, hazard: 'session-set', detail: { guc: 'datestyle' }, verdict: 'pinned', cite: 'I-24' },
    { settings: RDS, hazard: 'session-hook', detail: { guc: 'timezone' }, verdict: 'pinned', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'transaction-set', verdict: 'ok', cite: '(e)3' },
    { settings: RDS, hazard: 'session-advisory-lock', verdict: 'pinned', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'xact-advisory-lock', verdict: 'ok', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'listen', verdict: 'pinned', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'notify', verdict: 'ok', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'sql-prepare', verdict: 'pinned', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'discard', verdict: 'pinned', cite: 'I-23' },
    { settings: RDS, hazard: 'temp-object', verdict: 'pinned', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'temp-on-commit-drop', verdict: 'pinned', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'cursor-with-hold', verdict: 'pinned', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'cursor', verdict: 'pinned', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'load', verdict: 'pinned', cite: 'RDS-PIN' },
    { settings: RDS, hazard: 'named-prepared-statement', verdict: 'ok', cite: 'RDS-EQP' },
    { settings: RDS, hazard: 'startup-parameter', detail: { parameter: 'statement_timeout' }, verdict: 'broken', cite: 'H4', setting: 'initialization query' },
    { settings: RDS, hazard: 'startup-parameter', detail: { parameter: 'application_name' }, verdict: 'ok', cite: 'H4' },
    { settings: RDS, hazard: 'transaction-block', verdict: 'ok', cite: 'H18' },
  ]);
});

describe('supavisor profile cells', () => {
  pinCells([
    { settings: SUPA, hazard: 'session-set', detail: { guc: 'search_path' }, verdict: 'broken', cite: 'SUPA-REPO' },
    { settings: SUPA, hazard: 'session-set', detail: { guc: 'timezone' }, verdict: 'broken', cite: 'H2', says: 'may leak' },
    { settings: SUPA, hazard: 'transaction-set', verdict: 'ok', cite: 'H3' },
    { settings: SUPA, hazard: 'session-advisory-lock', verdict: 'broken', cite: 'SUPA-REPO' },
    { settings: SUPA, hazard: 'listen', verdict: 'broken', cite: 'SUPA-REPO' },
    { settings: SUPA, hazard: 'notify', verdict: 'ok', cite: 'H6' },
    { settings: SUPA, hazard: 'named-prepared-statement', verdict: 'needs-setting', cite: 'SUPA-REPO', setting: 'NAMED_PREPARED_STATEMENTS_ENABLED=true' },
    { settings: SUPA, hazard: 'named-prepared-statement', verdict: 'needs-setting', cite: 'I-7', setting: 'NAMED_PREPARED_STATEMENTS_ENABLED=true', says: 'already exists' },
    { settings: SUPA, hazard: 'sql-prepare', verdict: 'broken', cite: 'SUPA-PR207' },
    { settings: SUPA, hazard: 'temp-object', verdict: 'broken', cite: 'H13' },
    { settings: SUPA, hazard: 'startup-parameter', detail: { parameter: 'search_path' }, verdict: 'ok', cite: 'SUPA-REPO' },
    { settings: SUPA, hazard: 'startup-parameter', detail: { parameter: 'options', guc: 'search_path' }, verdict: 'ok', cite: 'SUPA-REPO' },
    { settings: SUPA, hazard: 'startup-parameter', detail: { parameter: 'statement_timeout' }, verdict: 'broken', cite: '(e)17', says: 'dropped without an error' },
    { settings: SUPA, hazard: 'transaction-block', verdict: 'ok', cite: 'H18' },
  ]);
});

describe('pgcat profile cells', () => {
  pinCells([
    { settings: PGCAT, hazard: 'session-set', detail: { guc: 'search_path' }, verdict: 'broken', cite: '(e)12', says: '`RESET ALL`' },
    { settings: PGCAT, hazard: 'session-set', detail: { guc: 'timezone' }, verdict: 'ok', cite: 'PGCAT' },
    { settings: PGCAT, hazard: 'session-set', detail: { guc: 'intervalstyle' }, verdict: 'broken', cite: 'PGCAT' },
    { settings: PGCAT, hazard: 'transaction-set', verdict: 'ok', cite: 'PGCAT' },
    { settings: PGCAT, hazard: 'session-advisory-lock', verdict: 'broken', cite: 'PGCAT' },
    { settings: PGCAT, hazard: 'xact-advisory-lock', verdict: 'ok', cite: 'PGCAT' },
    { settings: PGCAT, hazard: 'listen', verdict: 'broken', cite: 'H5' },
    { settings: PGCAT, hazard: 'sql-prepare', verdict: 'broken', cite: 'PGCAT', says: 'deallocated' },
    { settings: PGCAT, hazard: 'named-prepared-statement', verdict: 'needs-setting', cite: 'PGCAT', setting: 'prepared_statements_cache_size > 0' },
    { settings: PGCAT, hazard: 'startup-parameter', detail: { parameter: 'statement_timeout' }, verdict: 'broken', cite: 'H4' },
  ]);
});

describe('pgdog profile cells', () => {
  pinCells([
    { settings: PGDOG, hazard: 'session-set', detail: { guc: 'search_path' }, verdict: 'ok', cite: 'PGDOG' },
    { settings: PGDOG, hazard: 'session-hook', detail: { guc: 'statement_timeout' }, verdict: 'ok', cite: 'PGDOG' },
    { settings: PGDOG, hazard: 'startup-parameter', detail: { parameter: 'statement_timeout' }, verdict: 'ok', cite: 'PGDOG' },
    { settings: PGDOG, hazard: 'session-advisory-lock', verdict: 'needs-setting', cite: '(e)13', setting: 'query_parser = "session_control_and_locks"' },
    { settings: PGDOG, hazard: 'listen', verdict: 'needs-setting', cite: 'PGDOG', setting: 'pub_sub_channel_size > 0' },
    { settings: PGDOG, hazard: 'notify', verdict: 'ok', cite: 'PGDOG' },
    { settings: PGDOG, hazard: 'sql-prepare', verdict: 'needs-setting', cite: 'PGDOG', setting: 'prepared_statements = "full"' },
    { settings: PGDOG, hazard: 'named-prepared-statement', verdict: 'ok', cite: 'PGDOG' },
    { settings: PGDOG, hazard: 'temp-object', verdict: 'broken', cite: 'PGDOG', says: '`DISCARD TEMP`' },
    { settings: PGDOG, hazard: 'cursor-with-hold', verdict: 'broken', cite: 'H15' },
  ]);
});

describe('odyssey profile cells', () => {
  pinCells([
    { settings: ODY, hazard: 'session-set', detail: { guc: 'search_path' }, verdict: 'broken', cite: 'ODY' },
    { settings: ODY, hazard: 'session-set', detail: { guc: 'timezone' }, verdict: 'ok', cite: 'H2' },
    { settings: ODY, hazard: 'startup-parameter', detail: { parameter: 'statement_timeout' }, verdict: 'ok', cite: 'ODY' },
    { settings: ODY, hazard: 'listen', verdict: 'needs-setting', cite: 'ODY', setting: 'pool_pin_on_listen yes' },
    { settings: ODY, hazard: 'named-prepared-statement', verdict: 'needs-setting', cite: 'ODY', setting: 'pool_reserve_prepared_statement yes' },
    { settings: ODY, hazard: 'temp-object', verdict: 'broken', cite: 'ODY' },
    { settings: ODY, hazard: 'session-advisory-lock', verdict: 'broken', cite: 'H11' },
  ]);
});
