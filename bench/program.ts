/**
 * `node dist/bench/program.js [--runs N] [--domains N] [--dir <project>]…`: the cost of the TypeScript
 * program pass (`src/program`) in a typed lint run.
 *
 * Lints, with `@typescript-eslint/parser` + `projectService` and `pooler.configs['recommended-type-checked']`,
 * the demo application `fixtures/apps/legacy-api` and a generated corpus (written deterministically to a
 * temporary directory: `--domains` domains of routes, services and repositories over a `db.ts` wrapper, a
 * `queries.ts` of constants and a repository base class), once with the pass and once with
 * `POOLER_PROGRAM_PASS=off`. Every run is a fresh child process; the rounds alternate the order. Prints the
 * median `lintFiles` time (wall and CPU) of each setting, the overhead, and the problems found (what the pass
 * adds). `--dir` adds a project of your own (its `src/`, with its tsconfig.json).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Linter } from 'eslint';

const SELF = fileURLToPath(import.meta.url);
const MODES = ['off', 'on'] as const;
type Mode = (typeof MODES)[number];

/** What one child process measured. */
interface RunResult {
  files: number;
  /** `lintFiles` only: wall time, and CPU time of the process (user + system). */
  lintMs: number;
  lintCpuMs: number;
  problems: number;
  fatal: number;
}

// ---- child: one typed ESLint run ---------------------------------------------------------------------

async function child(dir: string, out: string): Promise<void> {
  const { ESLint } = await import('eslint');
  const parser = await import('@typescript-eslint/parser');
  const plugin = (await import('../src/index.js')).default;
  const preset = plugin.configs['recommended-type-checked']!;
  const config: Linter.Config[] = [
    { ignores: ['**/node_modules/', '**/dist/'] },
    {
      ...preset,
      files: ['**/*.ts'],
      languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: dir } },
    },
  ];
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, errorOnUnmatchedPattern: false });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const results = await eslint.lintFiles(['src']);
  const cpu = process.cpuUsage(cpuStart);
  const lintMs = performance.now() - start;
  const result: RunResult = {
    files: results.length,
    lintMs,
    lintCpuMs: (cpu.user + cpu.system) / 1000,
    problems: results.reduce((sum, r) => sum + r.messages.filter((m) => m.ruleId?.startsWith('pooler/')).length, 0),
    fatal: results.reduce((sum, r) => sum + r.fatalErrorCount, 0),
  };
  writeFileSync(out, JSON.stringify(result));
}

// ---- the generated corpus ----------------------------------------------------------------------------

const DB = `import pg from 'pg';

export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params: unknown[] = []) {
  return pool.query<T>(text, params);
}

export const exec = (statement: string) => query('/* app */ ' + statement);

export async function getClient(): Promise<pg.PoolClient> {
  return pool.connect();
}

export async function withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

export function releaseClient(client: pg.PoolClient): void {
  client.release();
}
`;

const REPOSITORY = `import type { Pool, QueryResultRow } from 'pg';
import { pool } from './db.js';

export abstract class Repository<Row extends QueryResultRow> {
  constructor(protected readonly db: Pool = pool) {}

  protected run(sql: string, values?: unknown[]) {
    return this.db.query<Row>(sql, values);
  }
}
`;

const name = (i: number) => `domain${String(i).padStart(3, '0')}`;
const pascal = (i: number) => `Domain${String(i).padStart(3, '0')}`;

function queriesFile(domains: number): string {
  const lines = ["export const SET_TENANT_PATH = 'SET search_path TO tenant, public';", '', 'export const QUERIES = {'];
  for (let i = 0; i < domains; i++) {
    lines.push(`  ${name(i)}ById: 'SELECT * FROM ${name(i)} WHERE id = $1',`);
    lines.push(`  ${name(i)}List: 'SELECT * FROM ${name(i)} ORDER BY created_at DESC LIMIT $1',`);
    if (i % 10 === 3) lines.push(`  ${name(i)}Lock: 'SELECT pg_advisory_lock(${i})',`);
  }
  lines.push('} as const;', '');
  return lines.join('\n');
}

function repositoryFile(i: number): string {
  const hazard =
    i % 10 === 3
      ? `\n  lock() {\n    return this.run(QUERIES.${name(i)}Lock);\n  }\n`
      : i % 10 === 6
        ? `\n  useTenant(tenant: string) {\n    return this.run(\`SET search_path TO \${tenant}\`);\n  }\n`
        : '';
  return `import { Repository } from '../repository.js';
import { QUERIES } from '../queries.js';

export interface ${pascal(i)}Row {
  id: string;
  name: string;
  createdAt: Date;
}

export class ${pascal(i)}Repository extends Repository<${pascal(i)}Row> {
  async byId(id: string): Promise<${pascal(i)}Row | undefined> {
    const { rows } = await this.run(QUERIES.${name(i)}ById, [id]);
    return rows[0];
  }

  async list(limit = 50): Promise<${pascal(i)}Row[]> {
    const { rows } = await this.run(QUERIES.${name(i)}List, [limit]);
    return rows;
  }
${hazard}}
`;
}

function serviceFile(i: number): string {
  const leak = i % 10 === 5;
  const batch = leak
    ? `  const client = await getClient();\n  await client.query('DELETE FROM ${name(i)}_staging');\n  return client.query('INSERT INTO ${name(i)} SELECT * FROM ${name(i)}_staging');`
    : `  const client = await getClient();\n  try {\n    await client.query('DELETE FROM ${name(i)}_staging');\n    return await client.query('INSERT INTO ${name(i)} SELECT * FROM ${name(i)}_staging');\n  } finally {\n    releaseClient(client);\n  }`;
  const setting = i % 10 === 8 ? `\n\nexport async function prepare${pascal(i)}() {\n  await exec(SET_TENANT_PATH);\n}` : '';
  return `import { exec, getClient, query, releaseClient, withClient } from '../db.js';
import { SET_TENANT_PATH } from '../queries.js';
import { ${pascal(i)}Repository, type ${pascal(i)}Row } from './${name(i)}.repository.js';

const repository = new ${pascal(i)}Repository();

export function describe${pascal(i)}(row: ${pascal(i)}Row): string {
  return \`\${row.name} (\${row.id}), created \${row.createdAt.toISOString()}\`;
}

export async function find${pascal(i)}(id: string): Promise<string | undefined> {
  const row = await repository.byId(id);
  return row && describe${pascal(i)}(row);
}

export async function count${pascal(i)}(): Promise<number> {
  const { rows } = await query<{ n: string }>('SELECT count(*) AS n FROM ${name(i)}');
  return Number(rows[0]?.n ?? 0);
}

export async function touch${pascal(i)}(id: string): Promise<void> {
  await withClient((client) => client.query('UPDATE ${name(i)} SET touched_at = now() WHERE id = $1', [id]));
}

export async function load${pascal(i)}Batch() {
${batch}
}${setting}
`;
}

function routesFile(i: number): string {
  return `import { count${pascal(i)}, find${pascal(i)}, touch${pascal(i)} } from './${name(i)}.service.js';

interface Request {
  params: Record<string, string | undefined>;
}

interface Response {
  status(code: number): Response;
  json(body: unknown): void;
}

export async function get${pascal(i)}(req: Request, res: Response): Promise<void> {
  const id = req.params.id;
  if (!id) return res.status(400).json({ error: 'missing id' });
  const found = await find${pascal(i)}(id);
  if (!found) return res.status(404).json({ error: 'not found' });
  await touch${pascal(i)}(id);
  res.json({ found, total: await count${pascal(i)}() });
}
`;
}

/** Writes the corpus (`domains` × repository, service, routes, plus db.ts, repository.ts, queries.ts). */
function writeCorpus(dir: string, domains: number, nodeModules: string): number {
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify(
      {
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] },
        include: ['src'],
      },
      null,
      2,
    ),
    'src/db.ts': DB,
    'src/repository.ts': REPOSITORY,
    'src/queries.ts': queriesFile(domains),
  };
  for (let i = 0; i < domains; i++) {
    files[`src/${name(i)}/${name(i)}.repository.ts`] = repositoryFile(i);
    files[`src/${name(i)}/${name(i)}.service.ts`] = serviceFile(i);
    files[`src/${name(i)}/${name(i)}.routes.ts`] = routesFile(i);
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  symlinkSync(nodeModules, path.join(dir, 'node_modules'), 'dir'); // pg's types, as an installed app has them
  return Object.keys(files).length - 1;
}

// ---- parent: rounds of child processes -------------------------------------------------------------

function runChild(mode: Mode, dir: string, out: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, POOLER_PROGRAM_PASS: mode };
    const proc = spawn(process.execPath, [SELF, '--child', dir, out], { stdio: ['ignore', 'inherit', 'inherit'], env });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${mode} run exited with ${code}`));
      resolve(JSON.parse(readFileSync(out, 'utf8')) as RunResult);
    });
  });
}

function middle(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function measure(label: string, dir: string, runs: number, out: string): Promise<string> {
  await runChild('on', dir, out); // warms the file system cache; not counted
  const results: Record<Mode, RunResult[]> = { off: [], on: [] };
  for (let round = 0; round < runs; round++) {
    for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
      const result = await runChild(mode, dir, out);
      results[mode].push(result);
      console.error(`${label} round ${round + 1}/${runs} pass ${mode}: ${(result.lintMs / 1000).toFixed(2)} s`);
    }
  }
  const cell = (key: 'lintMs' | 'lintCpuMs') => {
    const off = middle(results.off.map((r) => r[key]));
    const on = middle(results.on.map((r) => r[key]));
    const overhead = ((on - off) / off) * 100;
    return [`${(off / 1000).toFixed(2)} s`, `${(on / 1000).toFixed(2)} s`, `${overhead >= 0 ? '+' : ''}${overhead.toFixed(1)} %`];
  };
  const first = results.on[0]!;
  const problems = `${results.off[0]!.problems} → ${first.problems}`;
  return `| ${[label, first.files, ...cell('lintMs'), ...cell('lintCpuMs'), problems].join(' | ')} |`;
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv[1]!, argv[2]!);
  let runs = 5;
  let domains = 66;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--runs' && Number.isInteger(value) && value > 0) runs = value;
    else if (argv[i] === '--domains' && Number.isInteger(value) && value > 0) domains = value;
    else if (argv[i] === '--dir' && argv[i + 1]) dirs.push(path.resolve(argv[i + 1]!));
    else throw new Error(`usage: node dist/bench/program.js [--runs N] [--domains N] [--dir <project>]; got ${argv[i]}`);
    i++;
  }
  let root = path.dirname(SELF);
  while (!existsSync(path.join(root, 'package.json'))) root = path.dirname(root);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pooler-program-bench-'));
  try {
    const corpus = path.join(scratch, 'corpus');
    const files = writeCorpus(corpus, domains, path.join(root, 'node_modules'));
    const out = path.join(scratch, 'run.json');
    const rows = [
      await measure('fixtures/apps/legacy-api', path.join(root, 'fixtures', 'apps', 'legacy-api'), runs, out),
      await measure(`generated corpus (${files} files)`, corpus, runs, out),
    ];
    for (const dir of dirs) rows.push(await measure(path.relative(process.cwd(), dir) || dir, dir, runs, out));
    console.log(
      [
        `Typed lint (\`recommended-type-checked\`, projectService), median of ${runs} runs each, with the program pass off (\`POOLER_PROGRAM_PASS=off\`) and on:`,
        '',
        '| target | files | wall, off | wall, on | wall overhead | CPU, off | CPU, on | CPU overhead | problems (off → on) |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
        ...rows,
      ].join('\n'),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
