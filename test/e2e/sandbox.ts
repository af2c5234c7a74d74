/**
 * The way a stranger meets the package: `npm pack` of this repository, installed with its peers into a
 * throwaway app outside the repository, then real `eslint` / `pooler-lint` runs there.
 *
 * The install is shared: one directory per tarball content (its SHA-256) under the OS temp dir holds
 * `node_modules` with the tarball, ESLint and pg; each scenario is a folder beneath it (`app()`), so Node's
 * resolution finds the installed packages by walking up, as in a monorepo. The tarball is packed from the
 * built `dist/` (`npm test` builds first) with `--ignore-scripts`, so packing does not rebuild.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoPath, repoRoot } from '../repo-root.js';

/** What a child process did. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command; never rejects on a non-zero exit (the code is in the result).
 * @example await run('npm', ['ls'], { cwd })
 */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (options.input !== undefined) child.stdin!.end(options.input);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The ESLint version the throwaway app installs: the one this repository develops against. */
function eslintSpec(): string {
  const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  return `eslint@${pkg.devDependencies.eslint}`;
}

let packed: string | undefined;

/**
 * Packs the repository (from the built `dist/`) into a tarball in a temp directory, once per process.
 * @example packTarball() // '/tmp/pooler-pack-x/eslint-plugin-pooler-0.1.0.tgz'
 */
export function packTarball(): string {
  if (packed) return packed;
  if (!existsSync(repoPath('dist', 'src', 'index.js'))) throw new Error('dist/ is not built: run npm run build first.');
  const dir = mkdtempSync(path.join(tmpdir(), 'pooler-pack-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const [info] = JSON.parse(out) as Array<{ filename: string }>;
  packed = path.join(dir, info!.filename);
  return packed;
}

let sandboxRoot: string | undefined;

/**
 * A directory whose `node_modules` holds the packed plugin, ESLint and pg, installed from the registry as a
 * user would (`npm install <tarball> eslint pg`); shared by every test process of the same tarball.
 * @example const root = await sandbox(); // root/node_modules/.bin/pooler-lint exists
 */
export async function sandbox(): Promise<string> {
  if (sandboxRoot) return sandboxRoot;
  const tarball = packTarball();
  const hash = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 16);
  const root = path.join(tmpdir(), `pooler-e2e-${hash}`);
  if (!existsSync(path.join(root, '.installed'))) {
    const staging = mkdtempSync(path.join(tmpdir(), 'pooler-e2e-staging-'));
    writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify({ name: 'throwaway-app', private: true, type: 'module' }, null, 2)}\n`);
    const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, eslintSpec(), 'pg@8'], { cwd: staging });
    if (install.code !== 0) throw new Error(`npm install in the throwaway app failed:\n${install.stderr}`);
    writeFileSync(path.join(staging, '.installed'), tarball);
    rmSync(root, { recursive: true, force: true });
    try {
      renameSync(staging, root);
    } catch (error) {
      // Another test process finished the same install first.
      if (!existsSync(path.join(root, '.installed'))) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
  }
  sandboxRoot = root;
  return root;
}

let appCount = 0;

/**
 * A fresh scenario folder under the sandbox with the given files (paths relative to it, folders created).
 * @example const dir = await app('ts-untyped', { 'eslint.config.js': '…', 'src/db.ts': '…' });
 */
export async function app(name: string, files: Readonly<Record<string, string>>): Promise<string> {
  const root = await sandbox();
  const dir = path.join(root, 'apps', `${name}-${process.pid}-${appCount++}`);
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Runs the installed `eslint` in a scenario folder.
 * @example const { code, stdout } = await eslint(dir, ['--format', 'json', '.']);
 */
export async function eslint(cwd: string, args: readonly string[]): Promise<Run> {
  const root = await sandbox();
  return run(process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), ...args], { cwd });
}

/**
 * Runs the installed `pooler-lint` (the package's bin link) in a scenario folder.
 * @example const { code, stdout } = await poolerLint(dir, ['--format', 'json']);
 */
export async function poolerLint(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Run> {
  const root = await sandbox();
  return run(path.join(root, 'node_modules', '.bin', 'pooler-lint'), args, { cwd, ...(env ? { env } : {}) });
}
