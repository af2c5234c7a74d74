import type { CallSpec, SqlArgSpec } from './types.js';

/**
 * The same call spec for several method names.
 * @example sameMethods(['query', 'one', 'many'], { sql: { arg: 0, form: 'query' } })
 */
export function sameMethods(names: readonly string[], spec: CallSpec): Record<string, CallSpec> {
  return Object.fromEntries(names.map((name) => [name, spec]));
}

/**
 * Methods whose argument `arg` carries SQL.
 * @example sqlMethods(['unsafe'], 'text') // { unsafe: { sql: { arg: 0, form: 'text' } } }
 */
export function sqlMethods(
  names: readonly string[],
  form: SqlArgSpec['form'],
  extra: Omit<SqlArgSpec, 'form' | 'arg'> & { arg?: number } = {},
): Record<string, CallSpec> {
  return sameMethods(names, { sql: { arg: 0, form, ...extra } });
}
