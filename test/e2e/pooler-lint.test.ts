/**
 * `pooler-lint` as a stranger runs it after `npm install eslint-plugin-pooler`: a monorepo without a root
 * tsconfig, files that cannot be analysed, a JavaScript-only app, hook runs over a few files, the project's
 * own `settings.pooler`, and JSON that matches ESLint's.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { app, eslint, poolerLint } from './sandbox.js';

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; severity: number; fatal?: boolean }>;
  source?: string;
}

/** `"<path relative to dir>:<line> <rule id>"` for every error of a JSON report. */
function errorsOf(dir: string, stdout: string): string[] {
  return (JSON.parse(stdout) as JsonResult[])
    .flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId}`))
    .sort();
}

/** No stack trace: no `    at …` frame, no "internal error". */
function assertNoStack(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at .+\(.*\)$|internal error/m, stderr);
}

const TSCONFIG = `${JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true },
  include: ['src'],
})}\n`;

/** A package whose only hazard is SQL text in a constant of another file: typed lint alone sees it. */
function workspacePackage(name: string): Record<string, string> {
  return {
    [`packages/${name}/package.json`]: `${JSON.stringify({ name, type: 'module' })}\n`,
    [`packages/${name}/tsconfig.json`]: TSCONFIG,
    [`packages/${name}/src/queries.ts`]: "export const SET_PATH = 'SET search_path TO app';\n",
    [`packages/${name}/src/db.ts`]:
      "import pg from 'pg';\nimport { SET_PATH } from './queries.js';\n" +
      'export const pool = new pg.Pool({ max: 5, connectionTimeoutMillis: 1000 });\n' +
      'export async function useApp() {\n  await pool.query(SET_PATH);\n}\n',
  };
}

describe('pooler-lint in a monorepo with a tsconfig per package and none at the root', () => {
  it('lints every package with types from the root, as a run in each package does', async () => {
    const dir = await app('monorepo', {
      'package.json': `${JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] })}\n`,
      ...workspacePackage('api'),
      ...workspacePackage('jobs'),
    });
    const root = await poolerLint(dir, ['--format', 'json']);
    assert.equal(root.code, 1, root.stderr);
    const expected = ['packages/api/src/db.ts:5 pooler/no-session-set', 'packages/jobs/src/db.ts:5 pooler/no-session-set'];
    assert.deepEqual(errorsOf(dir, root.stdout), expected);
    assert.match(root.stderr, /Analysed 4 JS\/TS files \(4 with type information\) and 0 SQL files\./);
    for (const name of ['api', 'jobs']) {
      const pkg = path.join(dir, 'packages', name);
      const alone = await poolerLint(pkg, ['--format', 'json']);
      assert.deepEqual(errorsOf(dir, alone.stdout), expected.filter((line) => line.startsWith(`packages/${name}/`)), name);
    }
    const stylish = await poolerLint(dir, []);
    assert.match(stylish.stdout, /✖ 2 blockers for transaction pooling/);
  });

  it('stops with exit 2 and one line when one package\'s tsconfig cannot be read', async () => {
    const dir = await app('monorepo-bad-tsconfig', {
      ...workspacePackage('api'),
      ...workspacePackage('jobs'),
      'packages/jobs/tsconfig.json': '{ "extends": "./missing.json" }\n',
    });
    const run = await poolerLint(dir, []);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^pooler-lint: cannot read packages\/jobs\/tsconfig\.json: .+\n$/);
  });
});

describe('pooler-lint fails closed on what it could not analyse', () => {
  const files = {
    'tsconfig.json': TSCONFIG,
    'package.json': '{ "type": "module" }\n',
    '.gitignore': 'generated/\n',
    'src/db.ts': "import pg from 'pg';\nexport const pool = new pg.Pool({ max: 5, connectionTimeoutMillis: 1000 });\n",
    'src/broken.ts': 'export const = ;\n',
    'scripts/seed.ts': "console.log('outside the tsconfig');\n",
    'generated/client.js': "import pg from 'pg';\nnew pg.Client().query('LISTEN x');\n",
    'dist/db.js': "import pg from 'pg';\nnew pg.Client().query('LISTEN x');\n",
  };

  it('names a file that does not parse and says "not ready", exit 1, in every format', async () => {
    const dir = await app('broken-file', files);
    const stylish = await poolerLint(dir, []);
    assert.equal(stylish.code, 1, stylish.stderr);
    assert.match(stylish.stdout, /^Analysed 2 JS\/TS files \(1 with type information\) and 0 SQL files\. Not analysed: 1 file\.$/m);
    assert.match(stylish.stdout, /^ {2}src\/broken\.ts: does not parse: Variable declaration expected \(line 1\)$/m);
    assert.match(stylish.stdout, /✖ not ready for transaction pooling on a transaction-mode pooler: 1 file could not be analysed\n$/);
    const markdown = await poolerLint(dir, ['--format', 'markdown']);
    assert.equal(markdown.code, 1);
    assert.match(markdown.stdout, /^## ❌ pooler-lint: not ready for transaction pooling on a transaction-mode pooler: 1 file could not be analysed\n/);
    assert.match(markdown.stdout, /\nAnalysed 2 JS\/TS files \(1 with type information\) and 0 SQL files with profile `transaction`\. Not analysed: 1 file\.\n/);
    assert.match(markdown.stdout, /### Not analysed\n\n.*\n\n- `src\/broken\.ts`: does not parse: /);
    const json = await poolerLint(dir, ['--format', 'json']);
    assert.equal(json.code, 1);
    assert.ok(Array.isArray(JSON.parse(json.stdout)));
    assert.match(json.stderr, /^pooler-lint: Analysed 2 JS\/TS files \(1 with type information\) and 0 SQL files\. Not analysed: 1 file\. src\/broken\.ts: does not parse: .+ Verdict: not ready .+\n$/);
    const quiet = await poolerLint(dir, ['--format', 'json', '--quiet']);
    assert.match(quiet.stderr, /src\/broken\.ts: does not parse/);
  });

  it('names a path given on the command line that is ignored, and does not say ready', async () => {
    const dir = await app('ignored-paths', { ...files, 'src/broken.ts': 'export {};\n' });
    const run = await poolerLint(dir, ['src/db.ts', 'generated/client.js', 'dist/db.js', 'dist']);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /^ {2}generated\/client\.js: ignored by \.gitignore$/m);
    assert.match(run.stdout, /^ {2}dist\/db\.js: ignored: pooler-lint never lints dist\/$/m);
    assert.match(run.stdout, /^ {2}dist: ignored: pooler-lint never lints dist\/$/m);
    assert.match(run.stdout, /✖ not ready for transaction pooling on a transaction-mode pooler: 3 files could not be analysed\n$/);
    const fine = await poolerLint(dir, ['src/db.ts']);
    assert.equal(fine.code, 0, fine.stdout);
  });
});

describe('pooler-lint in a JavaScript project with no TypeScript and no tsconfig', () => {
  it('reports the hazards of .js, .cjs and .mjs files, without a stack trace', async () => {
    const dir = await app('js-only', {
      'package.json': '{ "name": "js-only", "private": true }\n',
      'src/db.js': "const { Pool } = require('pg');\nconst pool = new Pool({ max: 5, connectionTimeoutMillis: 1000 });\npool.query('LISTEN jobs');\n",
      'src/tenant.cjs': "const pg = require('pg');\nconst client = new pg.Client();\nclient.query('SET search_path TO t1');\n",
      'src/lock.mjs': "import pg from 'pg';\nconst client = new pg.Client();\nawait client.query('SELECT pg_advisory_lock(1)');\n",
    });
    const run = await poolerLint(dir, ['--format', 'json']);
    assertNoStack(run.stderr);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(errorsOf(dir, run.stdout), [
      'src/db.js:3 pooler/no-listen',
      'src/lock.mjs:3 pooler/no-session-advisory-lock',
      'src/tenant.cjs:3 pooler/no-session-set',
    ]);
    assert.match(run.stderr, /Analysed 3 JS\/TS files \(0 with type information\)/);
  });
});

describe('pooler-lint over files given one by one (a commit hook)', () => {
  it('says the pool inventory covers only those files and does not call the budget fine', async () => {
    const dir = await app('hook-files', {
      'src/a.js': "import pg from 'pg';\nexport const a = new pg.Pool({ max: 20, connectionTimeoutMillis: 1000 });\n",
      'src/b.js': "import pg from 'pg';\nexport const b = new pg.Pool({ max: 20, connectionTimeoutMillis: 1000 });\n",
      'src/c.js': 'export const c = 1;\n',
    });
    const markdown = await poolerLint(dir, ['src/a.js', 'src/c.js', '--format', 'markdown']);
    assert.equal(markdown.code, 0, markdown.stdout);
    assert.match(markdown.stdout, /The pool inventory covers the 2 files given, not the whole project: run pooler-lint on the project for the budget\./);
    assert.match(markdown.stdout, /ℹ️ At peak the pools of these files open up to 20 connections/);
    assert.doesNotMatch(markdown.stdout, /✅ At peak/);
    const stylish = await poolerLint(dir, ['src/a.js', '--format', 'stylish']);
    assert.match(stylish.stdout, /The pool inventory covers the file given, not the whole project/);
    const project = await poolerLint(dir, ['--format', 'markdown']);
    assert.match(project.stdout, /✅ At peak the pools open up to 40 connections/);
    assert.doesNotMatch(project.stdout, /covers the/);
  });
});

const POOLER_CONFIG = (settings: string) =>
  `import pooler from 'eslint-plugin-pooler';\nexport default [\n  pooler.configs.recommended,\n  { settings: { pooler: ${settings} } },\n];\n`;
/** SET search_path: broken behind every transaction pooler; startup parameter options: RDS Proxy pins instead. */
const TENANT = "import pg from 'pg';\nconst client = new pg.Client();\nawait client.query('SET search_path TO t1');\n";

describe("pooler-lint reads settings.pooler from the project's ESLint config", () => {
  it('uses the profile the config sets; a flag overrides it; --config names another file', async () => {
    const dir = await app('eslint-settings', {
      'package.json': '{ "type": "module" }\n',
      'eslint.config.js': POOLER_CONFIG("{ profile: 'rds-proxy' }"),
      'other.config.js': POOLER_CONFIG("{ profile: 'supavisor' }"),
      'src/tenant.js': TENANT,
    });
    const fromConfig = await poolerLint(dir, ['--format', 'markdown']);
    assert.match(fromConfig.stdout, /^## ❌ pooler-lint: 1 blocker for transaction pooling on RDS Proxy\n/);
    assert.match(fromConfig.stdout, /with profile `rds-proxy`/);
    const flag = await poolerLint(dir, ['--format', 'markdown', '--pooler', 'pgbouncer']);
    assert.match(flag.stdout, /with profile `pgbouncer`/);
    const other = await poolerLint(dir, ['--format', 'markdown', '--config', 'other.config.js']);
    assert.match(other.stdout, /with profile `supavisor`/);
  });

  it('gives one line and exit 2 for an invalid setting or a config that does not load', async () => {
    const dir = await app('eslint-settings-bad', {
      'package.json': '{ "type": "module" }\n',
      'eslint.config.js': POOLER_CONFIG("{ profile: 'pgbouncr' }"),
      'broken.config.js': 'export default [;\n',
      'src/tenant.js': TENANT,
    });
    const invalid = await poolerLint(dir, []);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /^pooler-lint: .*pgbouncr.* \(in eslint\.config\.js\)\.\n$/);
    const broken = await poolerLint(dir, ['--config', 'broken.config.js']);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^pooler-lint: cannot load the ESLint config broken\.config\.js: .+\n$/);
    const missing = await poolerLint(dir, ['--config', 'nope.config.js']);
    assert.deepEqual([missing.code, missing.stderr], [2, "pooler-lint: --config 'nope.config.js' does not exist.\n"]);
  });
});

describe('pooler-lint --format json', () => {
  it("matches ESLint's own JSON formatter: source only on files with messages", async () => {
    const dir = await app('json-like-eslint', {
      'package.json': '{ "type": "module" }\n',
      'eslint.config.js': "import pooler from 'eslint-plugin-pooler';\nexport default [pooler.configs.recommended];\n",
      'src/db.js': "import pg from 'pg';\nexport const pool = new pg.Pool({ max: 5, connectionTimeoutMillis: 1000 });\n",
      'src/tenant.js': TENANT,
      'src/plain.js': 'export const x = 1;\n',
      'migrations/001.sql': 'SET statement_timeout = 0;\n',
      'migrations/002.sql': 'CREATE TABLE t (id int);\n',
    });
    const ours = await poolerLint(dir, ['--format', 'json', 'src']);
    const theirs = await eslint(dir, ['--format', 'json', 'src']);
    assert.equal(theirs.code, 1, theirs.stderr);
    assert.deepEqual(JSON.parse(ours.stdout), JSON.parse(theirs.stdout));
    const all = JSON.parse((await poolerLint(dir, ['--format', 'json'])).stdout) as JsonResult[];
    const sql = Object.fromEntries(all.filter((r) => r.filePath.endsWith('.sql')).map((r) => [path.basename(r.filePath), r.source]));
    assert.deepEqual(sql, { '001.sql': 'SET statement_timeout = 0;\n', '002.sql': undefined });
    assert.ok(all.filter((r) => r.filePath.endsWith('.sql')).every((r) => r.messages.length > 0 === 'source' in r));
  });
});
