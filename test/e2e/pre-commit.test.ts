/**
 * The pre-commit hook as the README tells a stranger to use it: a `.pre-commit-config.yaml` whose `repo:` is
 * this repository (a clone of HEAD, so only committed changes count) and whose `rev:` is HEAD's commit; a real
 * `pre-commit run --all-files` installs the hook's environment (a git install: npm runs the `prepare` script,
 * which builds dist/) and runs `pooler-lint` over the repository.
 *
 * One environment install (about a minute, `PRE_COMMIT_HOME` in a temp dir) serves every case, run in order in
 * one throwaway repository. Without `pre-commit` on PATH the file skips locally and fails in CI (`CI` set),
 * like the truth suite; `.ci/run` installs it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../repo-root.js';
import { isCi } from '../truth/tools.js';
import { run, type Run } from './sandbox.js';

function preCommitVersion(): string | undefined {
  try {
    return execFileSync('pre-commit', ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch {
    return undefined;
  }
}

const version = preCommitVersion();
const missing = version
  ? undefined
  : 'pre-commit hook test needs `pre-commit` on PATH (pip install pre-commit, or run .ci/run)';
const plan = missing && !isCi() ? { skip: missing } : { skip: false as const };

const HAZARD_MTS = `import pg from 'pg';
const pool = new pg.Pool({ max: 5, connectionTimeoutMillis: 5000 });
export async function setTenant(id: string) {
  await pool.query("SET search_path TO tenant_" + id);
}
`;
const CLEAN_MTS = `import pg from 'pg';
const pool = new pg.Pool({ max: 5, connectionTimeoutMillis: 5000 });
export async function userName(id: number) {
  const { rows } = await pool.query('SELECT name FROM users WHERE id = $1', [id]);
  return rows[0];
}
`;

describe('the pre-commit hook, installed from this repository at HEAD', plan, () => {
  let work: string;
  let project: string;
  let preCommitHome: string;

  const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  /** Replaces the project's files (paths relative to it; `undefined` deletes), stages them and runs the hook. */
  const commitAttempt = async (files: Record<string, string | undefined>): Promise<Run> => {
    for (const [file, text] of Object.entries(files)) {
      const target = path.join(project, file);
      if (text === undefined) rmSync(target, { force: true });
      else {
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, text);
      }
    }
    git(project, ['add', '--all']);
    return run('pre-commit', ['run', '--all-files', '--color', 'never'], {
      cwd: project,
      env: { PRE_COMMIT_HOME: preCommitHome, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' },
    });
  };
  const output = (result: Run) => `exit ${result.code}\n${result.stdout}\n${result.stderr}`;

  before(() => {
    if (missing) throw new Error(`${missing} (CI is set, so this is a failure, not a skip)`);
    work = mkdtempSync(path.join(tmpdir(), 'pooler-pre-commit-'));
    preCommitHome = path.join(work, 'pre-commit-home');
    const plugin = path.join(work, 'eslint-plugin-pooler');
    execFileSync('git', ['clone', '--quiet', repoRoot, plugin]);
    const rev = git(plugin, ['rev-parse', 'HEAD']);
    project = path.join(work, 'project');
    mkdirSync(project);
    git(project, ['init', '--quiet']);
    const config = ['repos:', `  - repo: ${plugin}`, `    rev: ${rev}`, '    hooks:', '      - id: pooler-lint', ''].join('\n');
    writeFileSync(path.join(project, '.pre-commit-config.yaml'), config);
    writeFileSync(path.join(project, 'README.md'), '# a project\n');
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is skipped when no JS, TS or SQL file is in the commit', { timeout: 900_000 }, async () => {
    const result = await commitAttempt({});
    assert.equal(result.code, 0, output(result));
    assert.match(result.stdout, /^pooler-lint\.+\(no files to check\)Skipped$/m, output(result));
  });

  it('fails (exit 1) on a session SET in a .sql migration, naming the rule', { timeout: 900_000 }, async () => {
    const result = await commitAttempt({ 'migrations/001_init.sql': 'SET statement_timeout = 0;\nCREATE TABLE users (id int, name text);\n' });
    assert.equal(result.code, 1, output(result));
    assert.match(result.stdout, /^pooler-lint\.+Failed$/m, output(result));
    assert.match(result.stdout, /migrations\/001_init\.sql\n\s+1:1\s+error\s+`SET statement_timeout = 0`.*pooler\/no-session-set/, output(result));
  });

  it('fails (exit 1) on a session SET in a .mts module, naming the rule', { timeout: 900_000 }, async () => {
    const result = await commitAttempt({ 'migrations/001_init.sql': undefined, 'src/tenant.mts': HAZARD_MTS });
    assert.equal(result.code, 1, output(result));
    assert.match(result.stdout, /^pooler-lint\.+Failed$/m, output(result));
    assert.match(result.stdout, /src\/tenant\.mts\n\s+4:\d+\s+error\s+.*search_path.*pooler\/no-session-set/, output(result));
  });

  it('passes (exit 0) once the file is clean', { timeout: 900_000 }, async () => {
    const result = await commitAttempt({ 'src/tenant.mts': CLEAN_MTS });
    assert.equal(result.code, 0, output(result));
    assert.match(result.stdout, /^pooler-lint\.+Passed$/m, output(result));
  });
});
