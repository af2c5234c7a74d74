/**
 * The hazards this project knows, one stable id each. The SQL engine (`src/sql`) finds the SQL ones, the
 * driver analysis (`src/drivers`) the API ones, and the pooler profiles (`src/profiles`) say what each
 * one does under each pooler. Ids are part of the public output (JSON, SARIF, markdown): never rename one.
 */
export const HAZARDS = {
  'session-set': 'session SET / RESET / set_config(…, false)',
  'transaction-set': 'SET LOCAL / SET TRANSACTION / set_config(…, true)',
  'session-advisory-lock': 'session advisory lock',
  'xact-advisory-lock': 'transaction advisory lock',
  listen: 'LISTEN / UNLISTEN',
  notify: 'NOTIFY / pg_notify',
  'sql-prepare': 'SQL PREPARE / EXECUTE / DEALLOCATE',
  discard: 'DISCARD / DEALLOCATE ALL',
  'temp-object': 'temporary object that outlives the transaction',
  'temp-on-commit-drop': 'CREATE TEMP … ON COMMIT DROP',
  'cursor-with-hold': 'DECLARE … WITH HOLD cursor',
  cursor: 'DECLARE … CURSOR (without hold)',
  load: 'LOAD',
  'named-prepared-statement': 'protocol-level named prepared statement',
  'startup-parameter': 'startup parameter',
  'session-hook': 'session state set on every new connection',
  'transaction-block': 'multi-statement transaction',
  'pool-size': 'pool size',
} as const;

export type HazardId = keyof typeof HAZARDS;

/**
 * Hazards whose statement is right inside a transaction and does nothing useful outside one
 * (`SET LOCAL`, `set_config(…, true)`, `pg_advisory_xact_lock`, `ON COMMIT DROP`, plain cursors).
 */
export const TRANSACTION_SCOPED: ReadonlySet<HazardId> = new Set<HazardId>([
  'transaction-set',
  'xact-advisory-lock',
  'temp-on-commit-drop',
  'cursor',
]);

/**
 * Parameters the server reports (GUC_REPORT) and PgBouncer tracks per client by default; lower case.
 * A session SET of one of these is restored per client by PgBouncer, but still pins RDS Proxy.
 */
export const TRACKED_PARAMETERS: readonly string[] = [
  'timezone',
  'datestyle',
  'intervalstyle',
  'client_encoding',
  'standard_conforming_strings',
  'application_name',
];
