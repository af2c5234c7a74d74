/**
 * Declared types without the checker (untyped `recommended`): a parameter, variable or field annotated with a
 * driver type (`client: PoolClient`, `conn: pg.PoolClient | undefined`, `pool: InstanceType<typeof Pool>`), and a
 * field annotated with a project class (`ctx: AppContext`) whose own fields are read in its module, through any
 * number of modules (`this.ctx.db.pool.connect()`), type-only imports included where the file checks a
 * connection out, and a callback's parameter typed by the parameter it is passed to (`super(…, async (db) => …)`
 * where the base class declares `task: (db: Database) => …`, or an interface's call signature does), fields a class
 * or an interface inherits (`class UserRepo extends BaseRepo`, `interface Ctx extends BaseCtx`), and type
 * assertions (`container.get('db') as Knex`). What an
 * annotation cannot say (a union of two driver types, a package's own type, a generic) stays unknown.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ESLint, type Linter } from 'eslint';
import plugin from '../../src/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pooler-declared-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string[]>): void {
  for (const [name, lines] of Object.entries(files)) writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
}

/** `file:line:column rule messageId` of every report of `files` linted with `recommended` (no type information). */
async function lint(files: string[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as Linter.Config] });
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.messageId ?? m.message}`));
}

const DATABASE = [
  "import pg from 'pg';",
  'const { Pool: PgPool } = pg;',
  'type PgPool = InstanceType<typeof PgPool>;',
  'export class Database {',
  '  pool: PgPool;',
  '  constructor(url: string, instances?: { pool: PgPool }) {',
  '    this.pool = instances ? instances.pool : new PgPool({ connectionString: url, connectionTimeoutMillis: 5000 });',
  '  }',
  '}',
];

describe('declared types, untyped', () => {
  it('reads driver types from annotations in the linted file', async () => {
    write({
      'annotated.ts': [
        "import type { PoolClient, Pool } from 'pg';",
        "import pg from 'pg';",
        "import type { Widget } from 'widgets';",
        'const { Pool: PgPool } = pg;',
        'type PgPoolT = InstanceType<typeof PgPool>;',
        'export async function subscribe(client: PoolClient) {',
        "  await client.query('LISTEN jobs');",
        '}',
        'export async function either(client: PoolClient | Pool, other: Widget) {',
        "  await client.query('LISTEN either');",
        "  await other.query('LISTEN widget');",
        '}',
        'export class Holder {',
        '  conn: pg.PoolClient | undefined;',
        '  pool: PgPoolT;',
        '  constructor(opts: { pool: PgPoolT }) {',
        '    this.pool = opts.pool;',
        '  }',
        '  async start(source: { take(): Promise<never> }) {',
        '    this.conn = await source.take();',
        "    await this.conn.query('LISTEN holder');",
        "    await this.pool.query('SET search_path TO app');",
        '  }',
        '}',
      ],
    });
    assert.deepEqual(await lint(['annotated.ts']), [
      'annotated.ts:7:23 pooler/no-listen broken',
      'annotated.ts:21:28 pooler/no-listen broken',
      'annotated.ts:22:28 pooler/no-session-set broken',
    ]);
  });

  it('follows fields annotated with project classes across modules', async () => {
    write({
      'db.ts': DATABASE,
      'context.ts': ["import { Database } from './db.js';", 'export class AppContext {', '  constructor(public db: Database) {}', '}'],
      'service.ts': [
        "import { AppContext } from './context.js';",
        'export class Service {',
        '  constructor(private ctx: AppContext) {}',
        '  async start() {',
        '    const conn = await this.ctx.db.pool.connect();',
        '    try {',
        "      await conn.query('LISTEN jobs');",
        '    } finally {',
        '      conn.release();',
        '    }',
        '  }',
        '}',
      ],
      // A type-only import counts where the file checks a connection out.
      'stats.ts': [
        "import type { Database } from './db.js';",
        'export class Stats {',
        '  constructor(private db: Database) {}',
        '  async run() {',
        '    const client = await this.db.pool.connect();',
        '    try {',
        "      await client.query('SELECT pg_try_advisory_lock(1)');",
        '    } finally {',
        '      client.release();',
        '    }',
        '  }',
        '}',
      ],
    });
    assert.deepEqual(await lint(['service.ts', 'stats.ts']), [
      'service.ts:7:25 pooler/no-listen broken',
      'stats.ts:7:34 pooler/no-session-advisory-lock broken',
    ]);
  });

  it("types a callback's parameter by the parameter it is passed to: super(), an imported helper", async () => {
    write({
      'db.ts': DATABASE,
      // Type-only imports: the module is read for its declarations all the same.
      'background.ts': [
        "import type { Database } from './db.js';",
        'type Task = (db: Database, signal: AbortSignal) => Promise<void>;',
        'export class PeriodicTask {',
        '  constructor(protected interval: number, protected task: Task | undefined) {}',
        '}',
        'export function runWith(db: Database, fn: (db: Database) => Promise<void>, other: (x: unknown) => void) {',
        '  other(db);',
        '  return fn(db);',
        '}',
      ],
      'refresher.ts': [
        "import { PeriodicTask, runWith } from './background.js';",
        "import { Database } from './db.js';",
        'export class Refresher extends PeriodicTask {',
        '  constructor(interval: number) {',
        '    super(interval, async (db, signal) => {',
        '      const client = await db.pool.connect();',
        '      try {',
        "        await client.query('SET statement_timeout = 1000');",
        '      } finally {',
        '        client.release();',
        '      }',
        '    });',
        '  }',
        '}',
        'export const once = (db: Database) => runWith(db, async (inner) => {',
        "  await inner.pool.query('LISTEN once');",
        '}, (x: any) => {',
        "  x.pool.query('LISTEN unknown');",
        '});',
      ],
    });
    assert.deepEqual(await lint(['refresher.ts']), [
      'refresher.ts:8:29 pooler/no-session-set broken',
      'refresher.ts:16:27 pooler/no-listen broken',
    ]);
  });

  it("types a callback's parameter by an interface's call signature, and reads an interface's properties", async () => {
    write({
      // Only types: `interfaces.ts` imports pg's types, `jobs.ts` imports its interfaces with `import type`.
      'interfaces.ts': [
        "import type { PoolClient, Pool } from 'pg';",
        'export interface WithPgClient {',
        '  <T = void>(callback: (pgClient: PoolClient) => Promise<T>): Promise<T>;',
        '}',
        'export interface EnhancedWithPgClient extends WithPgClient {',
        '  withRetries: WithPgClient;',
        '}',
        'export type Deps = { pool: Pool; label: string };',
      ],
      'jobs.ts': [
        "import type { Deps, EnhancedWithPgClient, WithPgClient } from './interfaces.js';",
        'export async function complete(withPgClient: WithPgClient, enhanced: EnhancedWithPgClient, deps: Deps, name?: string) {',
        "  await withPgClient((client) => client.query({ text: 'DELETE FROM jobs WHERE id = $1', values: [1], name: 'complete_job' }));",
        "  await enhanced.withRetries((client) => client.query({ text: 'SELECT 1', name }));",
        "  await deps.pool.query('LISTEN jobs');",
        "  await (deps.label as unknown as { query(t: string): Promise<void> }).query('LISTEN label');",
        '}',
      ],
    });
    assert.deepEqual(await lint(['jobs.ts']), [
      'jobs.ts:3:102 pooler/no-named-prepared-statements broken',
      'jobs.ts:4:75 pooler/no-named-prepared-statements broken',
      'jobs.ts:5:26 pooler/no-listen broken',
    ]);
  });

  it('reads fields a class or an interface inherits, here and from project modules; cycles stay unknown', async () => {
    write({
      'base.ts': [
        "import type { Pool, PoolClient } from 'pg';",
        'export class BaseRepo {',
        '  constructor(protected readonly pool: Pool) {}',
        '}',
        'export interface BaseCtx { client: PoolClient }',
      ],
      'repos.ts': [
        "import { BaseRepo, type BaseCtx } from './base.js';",
        "import type { PoolClient } from 'pg';",
        'export class UserRepo extends BaseRepo {',
        "  async tenant(t: string) { await this.pool.query(`SET app.tenant = '${t}'`); }",
        "  async list() { return this.pool.query('SELECT * FROM users'); }",
        '}',
        'interface Ctx extends BaseCtx { other: number }',
        "export async function listen(ctx: Ctx) { await ctx.client.query('LISTEN jobs'); }",
        'interface Own { conn: PoolClient }',
        'interface Ctx2 extends Own, BaseCtx { n: number }',
        "export async function listen2(ctx: Ctx2) { await ctx.conn.query('LISTEN own'); }",
        'class LocalBase { constructor(protected client: PoolClient) {} }',
        "class Sub extends LocalBase { async run() { await this.client.query('LISTEN sub'); } }",
        "class Deeper extends Sub { async run2() { await this.client.query('LISTEN deeper'); } }",
        'interface A extends B { a: number }',
        'interface B extends A { b: number }',
        "export async function cycle(x: A) { await (x as unknown as { client: { query(t: string): void } }).client.query('LISTEN a'); }",
        'class C1 extends C2 {}',
        "class C2 extends C1 { m() { return (this as unknown as { pool: { query(t: string): void } }).pool.query('LISTEN c'); } }",
        'export { Sub, Deeper, C2 };',
      ],
    });
    assert.deepEqual(await lint(['repos.ts']), [
      'repos.ts:4:52 pooler/no-session-set broken',
      'repos.ts:8:66 pooler/no-listen broken',
      'repos.ts:11:66 pooler/no-listen broken',
      'repos.ts:13:70 pooler/no-listen broken',
      'repos.ts:14:68 pooler/no-listen broken',
    ]);
  });

  it('reads what a type assertion says a value is when nothing else tells', async () => {
    write({
      'asserted.ts': [
        "import type { Knex } from 'knex';",
        "import type { PoolClient } from 'pg';",
        'declare const container: { get(name: string): unknown };',
        'export async function run() {',
        "  const db = container.get('db') as Knex;",
        "  await db.raw('LISTEN asserted');",
        "  const client = <PoolClient>container.get('client');",
        "  await client.query('SET search_path TO app');",
        "  await (container.get('other') as unknown as { query(t: string): void }).query('LISTEN literal');",
        "  await (container.get('any') as any).query('LISTEN any');",
        "  await (container.get('ctx') as Holder).conn.query('LISTEN holder');",
        '}',
        "export interface Holder { conn: PoolClient }",
      ],
    });
    assert.deepEqual(await lint(['asserted.ts']), [
      'asserted.ts:6:17 pooler/no-listen broken',
      'asserted.ts:8:23 pooler/no-session-set broken',
      'asserted.ts:11:54 pooler/no-listen broken',
    ]);
  });

  it('leaves unknown what the annotation does not tell', async () => {
    write({
      'db.ts': DATABASE,
      'shapes.ts': [
        'export interface Holder { pool: unknown }',
        'export class Plain {',
        '  pool = { query: (text: string) => text };',
        '}',
        'export class Chain {',
        '  next: Chain | undefined;',
        '}',
      ],
      'unknowns.ts': [
        "import { Database } from './db.js';",
        "import { Plain, type Chain, type Holder } from './shapes.js';",
        'export class Unknowns {',
        '  constructor(private plain: Plain, private holder: Holder, private db: Database) {}',
        '  async run(missing: Database[], chain: Chain) {',
        "    await (chain.next!.next!.next as unknown as { query(t: string): Promise<void> }).query('LISTEN chain');",
        "    this.plain.pool.query('LISTEN plain');",
        "    await (this.holder.pool as { query(t: string): Promise<void> }).query('LISTEN holder');",
        "    await missing[0]!.pool.query('LISTEN element');",
        "    await this.db.pool.query('LISTEN known');",
        '  }',
        '}',
      ],
    });
    assert.deepEqual(await lint(['unknowns.ts']), ['unknowns.ts:10:31 pooler/no-listen broken']);
  });
});
