/**
 * The files every generated application shares: `src/lib` (errors, logging, validation, pagination, HTTP
 * helpers, retries — no database), `src/db` (one pg pool, a knex instance, a Prisma client, a TypeORM data
 * source), the wiring of routes, and the project files: package.json, tsconfig.json for typed runs, and
 * minimal type stubs under node_modules/ for the packages this repository does not install (express,
 * @prisma/client, typeorm), so type-aware rules see the same types a real application would.
 */

/** A generated file: path relative to the corpus root, and its text. */
export interface CorpusFile {
  path: string;
  text: string;
}

const LIB: Record<string, string> = {
  'errors.ts': `export class NotFoundError extends Error {
  readonly status = 404;
  constructor(readonly entity: string, readonly id: string) {
    super(\`\${entity} \${id} not found\`);
  }
}

export class ConflictError extends Error {
  readonly status = 409;
}

export function statusOf(error: unknown): number {
  if (error instanceof NotFoundError || error instanceof ConflictError) return error.status;
  return 500;
}`,
  'logger.ts': `type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = LEVELS[(process.env.LOG_LEVEL as Level | undefined) ?? 'info'] ?? 20;

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
}

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};`,
  'validation.ts': `export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(error: string): Result<T> {
  return { ok: false, error };
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function isIsoDate(value: unknown): boolean {
  return typeof value === 'string' && /^\\d{4}-\\d{2}-\\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
}`,
  'pagination.ts': `export interface Page {
  limit: number;
  offset: number;
}

export function pageOf(limit: unknown, offset: unknown): Page {
  const l = Number(limit ?? 50);
  const o = Number(offset ?? 0);
  return {
    limit: Number.isInteger(l) && l > 0 ? Math.min(l, 500) : 50,
    offset: Number.isInteger(o) && o >= 0 ? o : 0,
  };
}`,
  'http.ts': `import express, { type Request, type Response } from 'express';
import { logger } from './logger.js';

export function tenantOf(req: Request): string {
  const tenant = req.header('x-tenant-id');
  if (!tenant) throw new Error('missing x-tenant-id');
  return tenant;
}

export function badRequest(res: Response, message: string): void {
  res.status(400).json({ error: message });
}

export function start(port = Number(process.env.PORT ?? 3000)) {
  const app = express();
  const server = app.listen(port, () => logger.info('listening', { port }));
  return { app, server };
}`,
  'actor.ts': `export interface Actor {
  userId: string;
  tenantId: string;
  roles: readonly string[];
  plan: 'free' | 'team' | 'enterprise';
}`,
  'retry.ts': `export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function retry<T>(attempts: number, work: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await work();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 50));
    }
  }
  throw last;
}`,
  'cache.ts': `export class MemoryCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  constructor(private readonly ttlMs: number) {}

  async connect(): Promise<void> {
    this.entries.clear();
  }

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expires < now) return undefined;
    return entry.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    this.entries.set(key, { value, expires: now + this.ttlMs });
  }
}`,
  'money.ts': `export function formatCents(cents: number, currency = 'EUR'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}

export function splitCents(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const out = Array.from({ length: parts }, () => base);
  for (let i = 0; i < total - base * parts; i++) out[i] = (out[i] ?? 0) + 1;
  return out;
}`,
};

const DB: Record<string, string> = {
  'pool.ts': `import pg from 'pg';

export type { PoolClient } from 'pg';

export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.PG_POOL_MAX ?? 10),
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: 5_000,
});`,
  'knex.ts': `import knex from 'knex';

export const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 10 } });`,
  'prisma.ts': `import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient();`,
  'data-source.ts': `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 10 } });`,
};

const STUBS: Record<string, string> = {
  express: `export interface Request { params: Record<string, string | undefined>; query: Record<string, string | undefined>; body: unknown; header(name: string): string | undefined; }
export interface Response { status(code: number): Response; json(body: unknown): Response; end(): void; }
export type NextFunction = (error?: unknown) => void;
export type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
export interface Router {
  get(path: string, ...handlers: Handler[]): Router;
  post(path: string, ...handlers: Handler[]): Router;
  patch(path: string, ...handlers: Handler[]): Router;
  delete(path: string, ...handlers: Handler[]): Router;
  use(path: string, router: Router): Router;
}
export function Router(): Router;
export interface Application extends Router { listen(port: number, callback?: () => void): { close(): void }; }
declare function express(): Application;
export default express;`,
  '@prisma/client': `export declare namespace Prisma {
  type TransactionClient = Omit<PrismaClient, '$transaction' | '$connect' | '$disconnect'>;
  class Sql { readonly sql: string; }
  function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql;
  function raw(text: string): Sql;
}
export declare class PrismaClient {
  constructor(options?: { datasourceUrl?: string });
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $transaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T>;
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- model delegates are generated per schema
  [model: string]: any;
}`,
  typeorm: `export interface DataSourceOptions { type: 'postgres'; url?: string; extra?: Record<string, unknown>; }
export declare class EntityManager {
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T>;
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}
export declare class QueryRunner {
  readonly manager: EntityManager;
  connect(): Promise<void>;
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T>;
  startTransaction(): Promise<void>;
  commitTransaction(): Promise<void>;
  rollbackTransaction(): Promise<void>;
  release(): Promise<void>;
}
export declare class DataSource {
  constructor(options: DataSourceOptions);
  readonly manager: EntityManager;
  initialize(): Promise<DataSource>;
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T>;
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  createQueryRunner(): QueryRunner;
  destroy(): Promise<void>;
}`,
};

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['src'],
};

/**
 * The files every corpus has, whatever its size.
 * @example sharedFiles().some((f) => f.path === 'tsconfig.json') // true
 */
export function sharedFiles(): CorpusFile[] {
  return [
    { path: 'package.json', text: JSON.stringify({ name: 'bench-corpus', private: true, type: 'module' }, null, 2) },
    { path: 'tsconfig.json', text: JSON.stringify(TSCONFIG, null, 2) },
    ...Object.entries(STUBS).flatMap(([name, text]) => [
      { path: `node_modules/${name}/package.json`, text: JSON.stringify({ name, version: '0.0.0-stub', type: 'module', types: 'index.d.ts' }) },
      { path: `node_modules/${name}/index.d.ts`, text },
    ]),
    ...Object.entries(LIB).map(([name, text]) => ({ path: `src/lib/${name}`, text })),
    ...Object.entries(DB).map(([name, text]) => ({ path: `src/db/${name}`, text })),
  ];
}

/** What the wiring needs to know of a domain. */
export interface WiredDomain {
  name: string;
  entity: string;
  variable: string;
}

/**
 * `src/app/routes-<n>.ts` (one per group of domains) and `src/server.ts`: every router mounted on the app.
 * @example wiringFiles([[{ name: 'invoice', entity: 'Invoice', variable: 'invoice' }]])
 */
export function wiringFiles(groups: readonly (readonly WiredDomain[])[]): CorpusFile[] {
  const files = groups.map((group, index) => ({
    path: `src/app/routes-${index + 1}.ts`,
    text: [
      "import type { Router } from 'express';",
      ...group.flatMap((d) => [
        `import { ${d.variable}Repository } from '../modules/${d.name}/${d.name}.repository.js';`,
        `import { ${d.variable}Routes } from '../modules/${d.name}/${d.name}.routes.js';`,
        `import { ${d.entity}Service } from '../modules/${d.name}/${d.name}.service.js';`,
      ]),
      '',
      `export function mount${index + 1}(app: Router): void {`,
      ...group.map((d) => `  app.use('/api', ${d.variable}Routes(new ${d.entity}Service(${d.variable}Repository)));`),
      '}',
    ].join('\n'),
  }));
  files.push({
    path: 'src/server.ts',
    text: [
      "import { start } from './lib/http.js';",
      ...groups.map((_, i) => `import { mount${i + 1} } from './app/routes-${i + 1}.js';`),
      '',
      'const { app } = start();',
      ...groups.map((_, i) => `mount${i + 1}(app);`),
    ].join('\n'),
  });
  return files;
}
