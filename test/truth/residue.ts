/**
 * Session state left on server connections after a program ended: what another client of the same pool
 * inherits. Read on every pooled server connection (see `Truth.everyServer`).
 */
import { TRACKED_PARAMETERS } from '../../src/hazards.js';
import type { Target, Truth } from './harness.js';

/** Session state of one server connection; every list empty means a clean connection. */
export interface Residue {
  readonly pid: number;
  /** Untracked settings changed by SET/set_config in the session, `name=value` (tracked ones PgBouncer restores). */
  readonly settings: string[];
  /** Custom variables (`app.tenant_id`) with a non-empty value, `name=value`. */
  readonly custom: string[];
  /** Session advisory locks held, as the key (`42`) or key pair (`1,2`). */
  readonly advisoryLocks: string[];
  readonly preparedStatements: string[];
  readonly cursors: string[];
  readonly tempRelations: string[];
  readonly channels: string[];
}

const RESIDUE_SQL = `select pg_backend_pid() as pid,
  array(select name || '=' || setting from pg_settings
        where source = 'session' and lower(name) <> all($1::text[]) order by name) as settings,
  array(select n || '=' || current_setting(n, true) from unnest($2::text[]) n
        where coalesce(current_setting(n, true), '') <> '' order by n) as custom,
  array(select case when objsubid = 1 then ((classid::bigint << 32) | objid::bigint)::text else classid || ',' || objid end
        from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted order by 1) as advisory_locks,
  array(select name from pg_prepared_statements order by name) as prepared_statements,
  array(select name from pg_cursors where name <> '' order by name) as cursors,
  array(select relname::text from pg_class where relnamespace = pg_my_temp_schema() and relkind in ('r', 'p', 'v', 'S')
        order by relname) as temp_relations,
  array(select c from pg_listening_channels() c order by c) as channels`;

/**
 * Custom variable names (`x.y`) a program sets with `set_config('x.y', ...)` or `SET [SESSION] x.y`:
 * their placeholders are invisible in pg_settings, so the residue query asks for them by name.
 *
 * @example
 * customSettingNames("await pool.query(\"select set_config('app.tenant_id', $1, false)\")"); // ['app.tenant_id']
 */
export function customSettingNames(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/set_config\(\s*['"`]([a-z_]\w*\.[\w.]+)['"`]/gi)) if (m[1]) names.add(m[1].toLowerCase());
  for (const m of code.matchAll(/\bSET\s+(?:SESSION\s+)?([a-z_]\w*\.\w+)/gi)) if (m[1]) names.add(m[1].toLowerCase());
  return [...names].sort();
}

/**
 * Reads the session state of every server connection in `target`'s pool (one fresh connection for direct)
 * and returns only the connections that carry some.
 *
 * @example
 * await residue(truth, 'transaction', ['app.tenant_id']); // [{ pid: 4242, settings: ['search_path=tenant_a'], ... }]
 */
export async function residue(truth: Truth, target: Target, customNames: readonly string[] = []): Promise<Residue[]> {
  const rows = await truth.everyServer<Record<string, unknown>>(target, RESIDUE_SQL, [TRACKED_PARAMETERS, customNames]);
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  return rows
    .map((row) => ({
      pid: Number(row.pid),
      settings: list(row.settings),
      custom: list(row.custom),
      advisoryLocks: list(row.advisory_locks),
      preparedStatements: list(row.prepared_statements),
      cursors: list(row.cursors),
      tempRelations: list(row.temp_relations),
      channels: list(row.channels),
    }))
    .filter((r) => Object.entries(r).some(([key, value]) => key !== 'pid' && (value as string[]).length > 0));
}
