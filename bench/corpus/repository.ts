/**
 * The repository of a domain, in one of four drivers: pg (a shared pool, an injected pool or a pool of its
 * own), knex (query builder and `raw`), Prisma (model delegates and `$queryRaw`) or TypeORM
 * (`dataSource.query`, transactions, query runners). Now and then a method sets session state, takes an
 * advisory lock, uses a named statement or forgets to release a client: the work the rules exist for.
 */
import { writable, type Domain } from './domain.js';
import type { Random } from './random.js';
import { dollar, hazard, question, statements, type Statement } from './sql.js';

/** The drivers a repository may use. */
export type RepositoryDriver = 'pg' | 'knex' | 'prisma' | 'typeorm';

/** What the generated repository offers the service. */
export interface RepositoryFile {
  text: string;
  driver: RepositoryDriver;
  methods: ReadonlySet<string>;
}

const RETURNS: Record<Statement['returns'], string> = {
  one: 'Promise<Row | undefined>',
  many: 'Promise<Row[]>',
  count: 'Promise<number>',
};

function quote(sql: string): string {
  return sql.includes('\n') || sql.includes("'") ? `\`${sql}\`` : `'${sql}'`;
}

function constName(method: string): string {
  return method.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}

interface Flavor {
  header: string[];
  /** The constructor's parameter (with its default). */
  field: string;
  /** Lines of a method's body for a statement; `sql` is an expression (constant name or literal). */
  body(statement: Statement, sql: string): string[];
  extras(random: Random, d: Domain): string[];
  /** `$1` or `?` */
  dollar: boolean;
}

function method(s: Statement, lines: string[]): string[] {
  return ['', `  async ${s.method}(${s.signature}): ${RETURNS[s.returns]} {`, ...lines.map((l) => `    ${l}`), '  }'];
}

function hazardParams(sql: string, ph: string): string {
  return sql.includes(ph) ? ', [tenantId]' : '';
}

function pgFlavor(random: Random, d: Domain): Flavor {
  // `bare` imports only the app's own pool module: a driver file that only type information reveals.
  const variant = random.pick(['shared', 'bare', 'injected', 'own'] as const);
  const header =
    variant === 'own'
      ? ["import pg, { type PoolClient } from 'pg';", '', `const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: ${random.int(2, 20)} });`]
      : variant === 'bare'
        ? ["import { pool, type PoolClient } from '../../db/pool.js';"]
        : variant === 'shared'
        ? ["import type { PoolClient } from 'pg';", "import { pool } from '../../db/pool.js';"]
        : ["import type { Pool, PoolClient } from 'pg';", "import { pool } from '../../db/pool.js';"];
  const named = random.chance(0.15);
  return {
    header,
    field: {
      own: 'private readonly db: pg.Pool = pool',
      shared: 'private readonly db: typeof pool = pool',
      bare: 'private readonly db: typeof pool = pool',
      injected: 'private readonly db: Pool = pool',
    }[variant],
    dollar: true,
    body(s, sql) {
      const values = `[${s.params.join(', ')}]`;
      const args = named && s.method === 'findById' ? `{ name: '${d.name}-find-by-id', text: ${sql}, values: ${values} }` : `${sql}, ${values}`;
      if (s.returns === 'count') return [`const result = await this.db.query(${args});`, 'return result.rowCount ?? 0;'];
      if (s.returns === 'one') return [`const result = await this.db.query(${args});`, 'return result.rows[0];'];
      return [`const { rows } = await this.db.query(${args});`, 'return rows;'];
    },
    extras(r) {
      const out: string[] = [];
      if (r.chance(0.25)) {
        const h = hazard(r);
        out.push(
          '',
          '  async withTenant<T>(tenantId: string, work: (client: PoolClient) => Promise<T>): Promise<T> {',
          '    const client = await this.db.connect();',
          '    try {',
          ...(h.transactionScoped ? ["      await client.query('BEGIN');"] : []),
          `      await client.query(${quote(h.sql)}${hazardParams(h.sql, '$1')});`,
          '      const result = await work(client);',
          ...(h.transactionScoped ? ["      await client.query('COMMIT');"] : []),
          '      return result;',
          '    } finally {',
          '      client.release();',
          '    }',
          '  }',
        );
      }
      if (r.chance(0.08)) {
        out.push(
          '',
          '  async firstIds(tenantId: string): Promise<string[]> {',
          '    const client = await this.db.connect();',
          `    const result = await client.query('SELECT id FROM ${d.table} WHERE tenant_id = $1 LIMIT 10', [tenantId]);`,
          '    client.release();',
          '    return result.rows.map((row) => String(row.id));',
          '  }',
        );
      }
      return out;
    },
  };
}

function knexFlavor(random: Random, d: Domain): Flavor {
  const own = random.chance(0.3);
  const fields = writable(d);
  const record = `{ tenant_id: tenantId, ${fields.map((f) => `${f.column}: input.${f.name}`).join(', ')} }`;
  return {
    header: own
      ? ["import knex, { type Knex } from 'knex';", '', `const knexDb = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: ${random.int(2, 10)} } });`]
      : ["import type { Knex } from 'knex';", "import { db as knexDb } from '../../db/knex.js';"],
    field: 'private readonly db: Knex = knexDb',
    dollar: false,
    body(s, sql) {
      switch (s.method) {
        case 'findById':
          return [`return this.db('${d.table}').where({ tenant_id: tenantId, id }).first();`];
        case 'list':
          return [`return this.db('${d.table}').where({ tenant_id: tenantId }).orderBy('created_at', 'desc').limit(page.limit).offset(page.offset);`];
        case 'insert':
          return [`const [row] = await this.db('${d.table}').insert(${record}).returning('id');`, 'return row;'];
        case 'remove':
          return [`return this.db('${d.table}').where({ tenant_id: tenantId, id }).delete();`];
        default: {
          const raw = `await this.db.raw(${sql}, [${s.params.join(', ')}])`;
          if (s.returns === 'count') return [`const result = ${raw};`, 'return result.rowCount ?? 0;'];
          return s.returns === 'one' ? [`const result = ${raw};`, 'return result.rows[0];'] : [`const result = ${raw};`, 'return result.rows;'];
        }
      }
    },
    extras(r) {
      if (!r.chance(0.3)) return [];
      const h = hazard(r);
      const sql = h.sql.replace('$1', '?');
      const call = `${quote(sql)}${hazardParams(sql, '?')}`;
      return h.transactionScoped
        ? [
            '',
            `  async archiveAll(tenantId: string): Promise<number> {`,
            '    const changed = await this.db.transaction(async (trx) => {',
            `      await trx.raw(${call});`,
            `      return trx('${d.table}').where({ tenant_id: tenantId }).update({ ${fields[0]!.column}: null });`,
            '    });',
            '    return Number(changed ?? 0);',
            '  }',
          ]
        : ['', '  async prepareSession(tenantId: string): Promise<void> {', `    await this.db.raw(${call});`, '  }'];
    },
  };
}

function prismaFlavor(random: Random, d: Domain): Flavor {
  const template = (s: Statement, sql: string): string => sql.replace(/\$(\d+)/g, (_, n: string) => `\${${s.params[Number(n) - 1]}}`);
  return {
    header: ["import { PrismaClient } from '@prisma/client';", "import { prisma } from '../../db/prisma.js';"],
    field: 'private readonly db: PrismaClient = prisma',
    dollar: true,
    body(s, sql) {
      const delegate = `this.db.${d.variable}`;
      switch (s.method) {
        case 'findById':
          return [`const row = await ${delegate}.findFirst({ where: { id, tenantId } });`, 'return row ?? undefined;'];
        case 'list':
          return [`return ${delegate}.findMany({ where: { tenantId }, orderBy: { createdAt: 'desc' }, take: page.limit, skip: page.offset });`];
        case 'remove':
          return [`const result = await ${delegate}.deleteMany({ where: { id, tenantId } });`, 'return result.count;'];
        default: {
          const text = template(s, s.sql);
          if (s.returns === 'count') return [`return this.db.$executeRaw\`${text}\`;`];
          return s.returns === 'one'
            ? [`const rows = await this.db.$queryRaw<Row[]>\`${text}\`;`, 'return rows[0];']
            : [`return this.db.$queryRaw<Row[]>\`${text}\`;`];
        }
      }
    },
    extras(r) {
      if (!r.chance(0.3)) return [];
      const h = hazard(r);
      const sql = h.sql.replace('$1', '${tenantId}');
      return h.transactionScoped
        ? [
            '',
            '  async inTenant<T>(tenantId: string, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {',
            '    return this.db.$transaction(async (tx) => {',
            `      await tx.$executeRaw\`${sql}\`;`,
            '      return work(tx);',
            '    });',
            '  }',
          ]
        : ['', '  async prepareSession(tenantId: string): Promise<void> {', `    await this.db.$executeRaw\`${sql}\`;`, '  }'];
    },
  };
}

function typeormFlavor(random: Random, d: Domain): Flavor {
  return {
    header: ["import type { DataSource } from 'typeorm';", "import { dataSource } from '../../db/data-source.js';"],
    field: 'private readonly db: DataSource = dataSource',
    dollar: true,
    body(s, sql) {
      const call = `await this.db.query(${sql}, [${s.params.join(', ')}])`;
      if (s.returns === 'count') return [`const result: unknown[] = ${call};`, 'return Number(result[1] ?? 0);'];
      return s.returns === 'one' ? [`const rows: Row[] = ${call};`, 'return rows[0];'] : [`return ${call};`];
    },
    extras(r) {
      if (!r.chance(0.3)) return [];
      const h = hazard(r);
      if (h.transactionScoped) {
        return [
          '',
          '  async replaceAll(tenantId: string, rows: readonly Row[]): Promise<void> {',
          '    await this.db.transaction(async (manager) => {',
          `      await manager.query(${quote(h.sql)}${hazardParams(h.sql, '$1')});`,
          `      await manager.query('DELETE FROM ${d.table} WHERE tenant_id = $1', [tenantId]);`,
          `      for (const row of rows) await manager.query('INSERT INTO ${d.table} (id, tenant_id) VALUES ($1, $2)', [row.id, tenantId]);`,
          '    });',
          '  }',
        ];
      }
      return [
        '',
        '  async withRunner(tenantId: string): Promise<number> {',
        '    const runner = this.db.createQueryRunner();',
        '    await runner.connect();',
        '    try {',
        `      await runner.query(${quote(h.sql)}${hazardParams(h.sql, '$1')});`,
        `      const rows: Row[] = await runner.query('SELECT count(*)::int AS total FROM ${d.table} WHERE tenant_id = $1', [tenantId]);`,
        '      return Number(rows[0]?.total ?? 0);',
        '    } finally {',
        '      await runner.release();',
        '    }',
        '  }',
      ];
    },
  };
}

const FLAVORS: Record<RepositoryDriver, (random: Random, d: Domain) => Flavor> = {
  pg: pgFlavor,
  knex: knexFlavor,
  prisma: prismaFlavor,
  typeorm: typeormFlavor,
};

/**
 * `<domain>.repository.ts` for the given driver.
 * @example repositoryFile(random, domain, 'pg').methods.has('countByStatus')
 */
export function repositoryFile(random: Random, d: Domain, driver: RepositoryDriver): RepositoryFile {
  const flavor = FLAVORS[driver](random, d);
  const list = statements(random, d, flavor.dollar ? dollar : question);
  const constants = list.filter(() => random.chance(0.5));
  const out = [
    ...flavor.header,
    ...(driver === 'prisma' && flavor.header.length > 0 ? ["import type { Prisma } from '@prisma/client';"] : []),
    "import type { Page } from '../../lib/pagination.js';",
    `import type { Create${d.entity}Input, Update${d.entity}Input } from './${d.name}.dto.js';`,
    '',
    'type Row = Record<string, unknown>;',
    ...constants.flatMap((s) => ['', `const ${constName(s.method)} = ${quote(s.sql)};`]),
    '',
    `export class ${d.entity}Repository {`,
    `  constructor(${flavor.field}) {}`,
    ...list.flatMap((s) => method(s, flavor.body(s, constants.includes(s) ? constName(s.method) : quote(s.sql)))),
    ...flavor.extras(random, d),
    '}',
    '',
    `export const ${d.variable}Repository = new ${d.entity}Repository();`,
  ];
  return { text: out.join('\n'), driver, methods: new Set(list.map((s) => s.method)) };
}
