/**
 * Background work of a domain: maintenance jobs under a session advisory lock, a LISTEN worker, batch
 * imports through a temporary table, and reporting queries. All on pg or knex, each file importing its driver.
 */
import type { Domain } from './domain.js';
import type { Random } from './random.js';

/**
 * A pg transaction on `client`: BEGIN, the body, COMMIT and `return returns`, ROLLBACK on error, release in finally.
 * @example inPgTransaction('    ', ["await client.query('DELETE FROM t');"], '0')
 */
export function inPgTransaction(indent: string, body: readonly string[], returns: string): string[] {
  return [
    'try {',
    "  await client.query('BEGIN');",
    ...body.map((line) => `  ${line}`),
    "  await client.query('COMMIT');",
    `  return ${returns};`,
    '} catch (error) {',
    "  await client.query('ROLLBACK');",
    '  throw error;',
    '} finally {',
    '  client.release();',
    '}',
  ].map((line) => `${indent}${line}`);
}

/**
 * `<domain>.jobs.ts`: pg jobs with their own small pool.
 * @example jobsFile(random, domain) // "await client.query('SELECT pg_try_advisory_lock(…)')"
 */
export function jobsFile(random: Random, d: Domain): string {
  const E = d.entity;
  const out = [
    "import pg from 'pg';",
    "import { logger } from '../../lib/logger.js';",
    "import { chunk, retry } from '../../lib/retry.js';",
    '',
    `const pool = new pg.Pool({ connectionString: process.env.${random.chance(0.2) ? 'DIRECT_DATABASE_URL' : 'DATABASE_URL'}, max: ${random.int(1, 4)} });`,
    '',
    `export async function purgeOld${E}s(tenantId: string, days = ${random.int(30, 365)}): Promise<number> {`,
    '  const client = await pool.connect();',
    '  try {',
    `    const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', ['${d.name}-purge']);`,
    '    if (!rows[0]?.locked) return 0;',
    ...(random.chance(0.3) ? ["    await client.query(\"SET statement_timeout = '5min'\");"] : []),
    '    try {',
    `      const result = await client.query("DELETE FROM ${d.table} WHERE tenant_id = $1 AND created_at < now() - make_interval(days => $2)", [tenantId, days]);`,
    `      logger.info('purged ${d.table}', { tenantId, count: result.rowCount });`,
    '      return result.rowCount ?? 0;',
    '    } finally {',
    `      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['${d.name}-purge']);`,
    '    }',
    '  } finally {',
    '    client.release();',
    '  }',
    '}',
  ];
  if (random.chance(0.4)) {
    out.push(
      '',
      `export async function listenFor${E}Changes(onChange: (id: string) => void): Promise<() => Promise<void>> {`,
      '  const client = await pool.connect();',
      `  await client.query('LISTEN ${d.table}_changes');`,
      "  client.on('notification', (message) => {",
      '    if (message.payload) onChange(message.payload);',
      '  });',
      '  return async () => {',
      `    await client.query('UNLISTEN ${d.table}_changes');`,
      '    client.release();',
      '  };',
      '}',
    );
  }
  if (random.chance(0.5)) {
    out.push(
      '',
      `export async function import${E}s(tenantId: string, rows: readonly { id: string; payload: string }[]): Promise<number> {`,
      '  let imported = 0;',
      `  for (const batch of chunk(rows, ${random.pick([100, 250, 500])})) {`,
      '    imported += await retry(3, async () => {',
      '      const client = await pool.connect();',
      ...inPgTransaction(
        '      ',
        [
          `await client.query('CREATE TEMP TABLE ${d.table}_import (id text, payload jsonb) ON COMMIT DROP');`,
          'for (const row of batch) {',
          random.chance(0.3)
            ? `  await client.query({ name: 'insert-${d.name}-import', text: 'INSERT INTO ${d.table}_import (id, payload) VALUES ($1, $2)', values: [row.id, row.payload] });`
            : `  await client.query('INSERT INTO ${d.table}_import (id, payload) VALUES ($1, $2)', [row.id, row.payload]);`,
          '}',
          `const result = await client.query('INSERT INTO ${d.table} (id, tenant_id) SELECT id, $1 FROM ${d.table}_import ON CONFLICT DO NOTHING', [tenantId]);`,
        ],
        'result.rowCount ?? 0',
      ),
      '    });',
      '  }',
      '  return imported;',
      '}',
    );
  }
  return out.join('\n');
}

/**
 * `<domain>.reports.ts`: reporting queries through knex or pg, plus the plain code that shapes them.
 * @example reportsFile(random, domain) // 'export async function weekly…'
 */
export function reportsFile(random: Random, d: Domain): string {
  const E = d.entity;
  const knex = random.chance(0.5);
  const sql =
    `SELECT date_trunc('week', e.created_at) AS week, count(*)::int AS created,\n` +
    `         count(DISTINCT e.created_by)::int AS authors\n    FROM ${d.table} e\n` +
    `    WHERE e.tenant_id = ${knex ? '?' : '$1'} AND e.created_at >= ${knex ? '?' : '$2'}\n    GROUP BY 1\n    ORDER BY 1`;
  const call = knex ? `(await db.raw(WEEKLY, [tenantId, since])).rows` : '(await pool.query(WEEKLY, [tenantId, since])).rows';
  return [
    knex ? "import { db } from '../../db/knex.js';" : "import { pool } from '../../db/pool.js';",
    knex ? "import type { Knex } from 'knex';" : "import type { QueryResultRow } from 'pg';",
    '',
    `export interface ${E}WeeklyRow {`,
    '  week: Date;',
    '  created: number;',
    '  authors: number;',
    '}',
    '',
    `const WEEKLY = \`${sql}\`;`,
    '',
    `export async function weekly${E}Report(tenantId: string, since: Date): Promise<${E}WeeklyRow[]> {`,
    `  const rows: ${knex ? 'Record<string, unknown>' : 'QueryResultRow'}[] = ${call};`,
    '  return rows.map((row) => ({ week: new Date(String(row.week)), created: Number(row.created), authors: Number(row.authors) }));',
    '}',
    '',
    `export function trend(rows: readonly ${E}WeeklyRow[]): 'up' | 'down' | 'flat' {`,
    '  if (rows.length < 2) return \'flat\';',
    '  const last = rows[rows.length - 1]!.created;',
    '  const before = rows[rows.length - 2]!.created;',
    "  return last > before * 1.1 ? 'up' : last < before * 0.9 ? 'down' : 'flat';",
    '}',
    ...(knex ? ['', `export type ${E}ReportDb = Knex;`] : []),
  ].join('\n');
}
