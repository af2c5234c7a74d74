/**
 * Runs a doc example as its own Node.js process (an ES module, cwd = repository root so `import pg from 'pg'`
 * resolves to the devDependencies), with only PATH and the connection variables in its environment, and
 * kills it when its time is up.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TruthBlock } from './doc-blocks.js';

/** How one run of a program ended. */
export interface ProgramRun {
  /** Exit code; null when it was killed. */
  readonly code: number | null;
  /** True when the harness killed it because it was still running when its time was up. */
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** A running program: wait for it, or kill it. */
export interface RunningProgram {
  readonly done: Promise<ProgramRun>;
  readonly kill: () => void;
  readonly exited: () => boolean;
}

/**
 * The repository root: the nearest directory above this file whose package.json names eslint-plugin-pooler.
 *
 * @example
 * join(repoRoot(), 'rules'); // '/work/main/rules'
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && /"name":\s*"eslint-plugin-pooler"/.test(readFileSync(manifest, 'utf8'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root (package.json of eslint-plugin-pooler) not found');
    dir = parent;
  }
}

/**
 * The JavaScript to run for a block: js as written, ts transpiled (types erased) with the TypeScript compiler.
 *
 * @example
 * await programSource({ lang: 'ts', code: "const n: number = 1; console.log(n);" } as TruthBlock); // 'const n = 1; ...'
 */
export async function programSource(block: Pick<TruthBlock, 'lang' | 'code'>): Promise<string> {
  if (block.lang === 'js') return block.code;
  const ts = (await import('typescript')).default;
  return ts.transpileModule(block.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  }).outputText;
}

/**
 * Starts `source` as an ES module with `env` (plus PATH); kills it after `timeoutMs`.
 *
 * @example
 * const running = startProgram("import pg from 'pg'; ...", { PGHOST: '127.0.0.1', PGPORT: '6432' }, 10_000);
 * const run = await running.done; // { code: 0, timedOut: false, stdout: '...', stderr: '', ms: 240 }
 */
export function startProgram(source: string, env: Readonly<Record<string, string>>, timeoutMs: number): RunningProgram {
  const started = Date.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
    cwd: repoRoot(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const done = new Promise<ProgramRun>((resolve) => {
    child.on('error', (error) => {
      stderr += String(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      process.off('exit', killOnExit);
      resolve({ code: timedOut ? null : code, timedOut, stdout, stderr, ms: Date.now() - started });
    });
  });
  return {
    done,
    kill: () => {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    exited: () => child.exitCode !== null || child.signalCode !== null,
  };
}

/**
 * One line about a run for assertion messages, with the end of its stderr.
 *
 * @example
 * describeRun(run); // 'exit 1 after 230 ms; threw: error: prepared statement "q1" already exists'
 */
export function describeRun(run: ProgramRun): string {
  const how = run.timedOut ? `still running after ${run.ms} ms (killed)` : `exit ${String(run.code)} after ${run.ms} ms`;
  const lines = `${run.stderr}\n${run.stdout}`.trim().split('\n');
  const thrown = lines.find((line) => /^(\w*Error|error|PostgresError)\b.*?: /.test(line));
  const output = thrown ?? lines.slice(-6).join(' | ');
  return output ? `${how}; ${thrown ? 'threw' : 'output'}: ${output}` : how;
}
