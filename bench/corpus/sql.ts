/**
 * SQL text of the generated repositories: the everyday statements of an application (selects, joins,
 * aggregates, CTEs, inserts, upserts, updates, deletes) and, now and then, the session-state statements the
 * plugin's rules exist for. Placeholders in the driver's style: `$1` (pg, TypeORM) or `?` (knex).
 */
import { writable, type Domain } from './domain.js';
import type { Random } from './random.js';

/** How a driver spells the n-th (1-based) parameter. */
export type Placeholder = (n: number) => string;

/** pg and TypeORM placeholders. @example dollar(2) // '$2' */
export const dollar: Placeholder = (n) => `$${n}`;
/** knex placeholders. @example question(2) // '?' */
export const question: Placeholder = () => '?';

/** An everyday statement and the parameters it takes (as source expressions). */
export interface Statement {
  /** The repository method: findById, list, listWithOwner, countByStatus, recentActivity, insert, upsert, update, remove. */
  method: string;
  /** Its TypeScript parameter list. */
  signature: string;
  sql: string;
  params: readonly string[];
  /** `one`: a single row; `many`: a list; `count`: affected rows. */
  returns: 'one' | 'many' | 'count';
}

function columns(domain: Domain, alias = ''): string {
  const prefix = alias ? `${alias}.` : '';
  return domain.fields.map((f) => (f.column === f.name ? `${prefix}${f.column}` : `${prefix}${f.column} AS "${f.name}"`)).join(', ');
}

/**
 * The repository statements of a domain, in a fixed order with some left out at random.
 * @example statements(random, domain, dollar)[0].sql // 'SELECT id, … FROM invoices WHERE id = $1 AND tenant_id = $2'
 */
export function statements(random: Random, domain: Domain, ph: Placeholder): Statement[] {
  const { table: t, entity } = domain;
  const fields = writable(domain);
  const out: Statement[] = [
    {
      method: 'findById',
      signature: 'tenantId: string, id: string',
      sql: `SELECT ${columns(domain)} FROM ${t} WHERE id = ${ph(1)} AND tenant_id = ${ph(2)}`,
      params: ['id', 'tenantId'],
      returns: 'one',
    },
    {
      method: 'list',
      signature: 'tenantId: string, page: Page',
      sql: `SELECT ${columns(domain)}\n  FROM ${t}\n  WHERE tenant_id = ${ph(1)}\n  ORDER BY created_at DESC\n  LIMIT ${ph(2)} OFFSET ${ph(3)}`,
      params: ['tenantId', 'page.limit', 'page.offset'],
      returns: 'many',
    },
  ];
  if (random.chance(0.6)) {
    out.push({
      method: 'listWithOwner',
      signature: 'tenantId: string, since: Date',
      sql:
        `SELECT ${columns(domain, 'e')}, u.display_name AS "ownerName"\n  FROM ${t} e\n  JOIN users u ON u.id = e.created_by\n` +
        `  LEFT JOIN teams tm ON tm.id = u.team_id AND tm.tenant_id = e.tenant_id\n  WHERE e.tenant_id = ${ph(1)} AND e.created_at >= ${ph(2)}\n  ORDER BY e.created_at DESC`,
      params: ['tenantId', 'since'],
      returns: 'many',
    });
  }
  if (domain.status && random.chance(0.7)) {
    const sum = domain.amount ? `, coalesce(sum(${domain.amount.column}), 0)::bigint AS "totalCents"` : '';
    out.push({
      method: 'countByStatus',
      signature: 'tenantId: string',
      sql: `SELECT status, count(*)::int AS total${sum}\n  FROM ${t}\n  WHERE tenant_id = ${ph(1)}\n  GROUP BY status\n  ORDER BY status`,
      params: ['tenantId'],
      returns: 'many',
    });
  }
  if (random.chance(0.3)) {
    out.push({
      method: 'recentActivity',
      signature: 'tenantId: string',
      sql:
        `WITH recent AS (\n    SELECT id, created_at FROM ${t} WHERE tenant_id = ${ph(1)} AND created_at > now() - interval '7 days'\n  )\n` +
        `  SELECT date_trunc('day', created_at) AS day, count(*)::int AS created\n  FROM recent\n  GROUP BY 1\n  ORDER BY 1`,
      params: ['tenantId'],
      returns: 'many',
    });
  }
  const cols = fields.map((f) => f.column);
  const values = ['tenant_id', ...cols];
  out.push({
    method: 'insert',
    signature: `tenantId: string, input: Create${entity}Input`,
    sql: `INSERT INTO ${t} (${values.join(', ')})\n  VALUES (${values.map((_, i) => ph(i + 1)).join(', ')})\n  RETURNING id`,
    params: ['tenantId', ...fields.map((f) => `input.${f.name}`)],
    returns: 'one',
  });
  if (random.chance(0.4)) {
    const key = domain.fields.some((f) => f.column === 'external_ref') ? 'external_ref' : 'id';
    out.push({
      method: 'upsert',
      signature: `tenantId: string, input: Create${entity}Input`,
      sql:
        `INSERT INTO ${t} (${values.join(', ')})\n  VALUES (${values.map((_, i) => ph(i + 1)).join(', ')})\n` +
        `  ON CONFLICT (tenant_id, ${key}) DO UPDATE SET ${cols.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}\n  RETURNING id`,
      params: ['tenantId', ...fields.map((f) => `input.${f.name}`)],
      returns: 'one',
    });
  }
  const first = fields[0]!;
  out.push({
    method: 'update',
    signature: `tenantId: string, id: string, input: Update${entity}Input`,
    sql: `UPDATE ${t} SET ${first.column} = ${ph(1)} WHERE id = ${ph(2)} AND tenant_id = ${ph(3)}`,
    params: [`input.${first.name} ?? null`, 'id', 'tenantId'],
    returns: 'count',
  });
  out.push({
    method: 'remove',
    signature: 'tenantId: string, id: string',
    sql: `DELETE FROM ${t} WHERE id = ${ph(1)} AND tenant_id = ${ph(2)}`,
    params: ['id', 'tenantId'],
    returns: 'count',
  });
  return out;
}

/** A session-state statement: the work the pooler rules exist for. */
export interface Hazard {
  sql: string;
  /** Correct only inside a transaction (`SET LOCAL`, `pg_advisory_xact_lock`). */
  transactionScoped: boolean;
}

const HAZARDS: readonly Hazard[] = [
  { sql: 'SET search_path TO tenant_data, public', transactionScoped: false },
  { sql: 'SET statement_timeout = 15000', transactionScoped: false },
  { sql: "SELECT set_config('app.tenant_id', $1, false)", transactionScoped: false },
  { sql: 'SELECT pg_advisory_lock($1)', transactionScoped: false },
  { sql: 'SELECT pg_try_advisory_lock(hashtext($1))', transactionScoped: false },
  { sql: 'CREATE TEMP TABLE import_rows (LIKE staging_rows INCLUDING DEFAULTS)', transactionScoped: false },
  { sql: "SET LOCAL lock_timeout = '2s'", transactionScoped: true },
  { sql: "SELECT set_config('app.tenant_id', $1, true)", transactionScoped: true },
  { sql: 'SELECT pg_advisory_xact_lock($1)', transactionScoped: true },
];

/**
 * A random session-state statement.
 * @example hazard(random).sql // 'SET statement_timeout = 15000'
 */
export function hazard(random: Random): Hazard {
  return random.pick(HAZARDS);
}
