/**
 * `npm run bench:real -- <dir of checkouts>`: runs `pooler-lint` (typed, the built CLI, `--format json`) and the
 * `recommended` ESLint config (untyped) over each repository of `bench/real/corpus.json` (its subpaths), plus a
 * typed ESLint run with no rules (the floor), each in a child process; scores the findings against
 * `bench/real/labels.jsonl` and prints recall, negatives flagged, precision, unlabelled findings, and wall time
 * and peak memory per repository. A repository that is missing, fails or times out is reported, not fatal.
 * Options: `--only a,b` (repositories by name), `--timeout <s>` per run (default 900), `--no-floor`,
 * `--findings <file>` (score the findings a previous run saved, after editing labels, without linting again).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './eslint-child.js';
import { prepareCheckout } from './prepare.js';
import { formatRatio, parseLabels, score, type Finding, type RuleScore } from './score.js';

interface CorpusRepo {
  name: string;
  repository: string;
  commit: string;
  drivers: string[];
  subpaths: string[];
}

interface Run {
  ok: boolean;
  error?: string;
  wallMs: number;
  maxRssMb: number | undefined;
  files: number;
  fatal: number;
  findings: Finding[];
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const CLI = path.join(ROOT, 'dist/src/cli/bin.js');
const CHILD = path.join(HERE, 'eslint-child.js');
const TIME = '/usr/bin/time';

function exec(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; timedOut: boolean }> {
  return new Promise((resolve) => {
    const start = performance.now();
    // Its own process group, so that a timeout also ends the node process under `/usr/bin/time`.
    const proc = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        proc.kill('SIGKILL');
      }
    }, timeoutMs);
    const done = (code: number | null): void => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - start, timedOut });
    };
    proc.on('error', (error) => {
      stderr += error.message;
      done(null);
    });
    proc.on('close', done);
  });
}

const failed = (error: string, wallMs: number): Run => ({ ok: false, error, wallMs, maxRssMb: undefined, files: 0, fatal: 0, findings: [] });
const lastLine = (text: string): string => text.trim().split('\n').filter(Boolean).pop() ?? 'no output';

/** pooler-lint over the repository's subpaths; peak RSS from `/usr/bin/time` when the machine has it. */
async function poolerLint(repo: CorpusRepo, dir: string, tmp: string, timeoutMs: number): Promise<Run> {
  const config = path.join(tmp, 'empty.config.mjs');
  if (!existsSync(config)) writeFileSync(config, 'export default [{}];\n');
  const rssFile = path.join(tmp, `${repo.name}.rss`);
  const args = [CLI, ...repo.subpaths, '--format', 'json', '--quiet', '--config', config];
  const timed = existsSync(TIME);
  const result = timed
    ? await exec(TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...args], dir, timeoutMs)
    : await exec(process.execPath, args, dir, timeoutMs);
  if (result.timedOut) return failed(`timed out after ${Math.round(timeoutMs / 1000)} s`, result.ms);
  if (result.code !== 0 && result.code !== 1) return failed(`exit ${result.code}: ${lastLine(result.stderr)}`, result.ms);
  let results: { filePath: string; fatalErrorCount: number; messages: { ruleId: string | null; line: number; message: string }[] }[];
  try {
    results = JSON.parse(result.stdout);
  } catch {
    return failed(`output is not JSON: ${lastLine(result.stderr)}`, result.ms);
  }
  const rss = timed && existsSync(rssFile) ? Number(lastLine(readFileSync(rssFile, 'utf8'))) / 1024 : undefined;
  return {
    ok: true,
    wallMs: result.ms,
    maxRssMb: rss !== undefined && Number.isFinite(rss) ? rss : undefined,
    files: results.length,
    fatal: results.reduce((sum, r) => sum + r.fatalErrorCount, 0),
    findings: results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId?.startsWith('pooler/'))
        .map((m) => ({ repo: repo.name, path: path.relative(dir, r.filePath).split(path.sep).join('/'), line: m.line, rule: m.ruleId!.slice('pooler/'.length), message: m.message })),
    ),
  };
}

/** An ESLint run (`recommended` or `typed-floor`) in a child process. */
async function eslintRun(mode: string, repo: CorpusRepo, dir: string, tmp: string, timeoutMs: number): Promise<Run> {
  const out = path.join(tmp, `${repo.name}.${mode}.json`);
  const result = await exec(process.execPath, [CHILD, mode, dir, out, ...repo.subpaths], dir, timeoutMs);
  if (result.timedOut) return failed(`timed out after ${Math.round(timeoutMs / 1000)} s`, result.ms);
  if (result.code !== 0 || !existsSync(out)) return failed(`exit ${result.code}: ${lastLine(result.stderr)}`, result.ms);
  const child = JSON.parse(readFileSync(out, 'utf8')) as ChildResult;
  return { ok: true, wallMs: result.ms, maxRssMb: child.maxRssMb, files: child.files, fatal: child.fatal, findings: child.findings.map((f) => ({ repo: repo.name, ...f })) };
}

const seconds = (run: Run): string => (run.ok ? `${(run.wallMs / 1000).toFixed(1)} s` : `❌ ${run.error}`);
const mb = (run: Run): string => (run.maxRssMb === undefined ? '—' : `${Math.round(run.maxRssMb)} MB`);

function scoreTable(title: string, rows: readonly RuleScore[]): string[] {
  const lines = [`#### ${title}`, '', '| rule | recall on positives | negatives flagged | findings | precision (judged) |', '| --- | --: | --: | --: | --: |'];
  for (const row of rows) {
    lines.push(`| ${row.rule} | ${formatRatio(row.recall, row.found, row.positives)} | ${row.negativesFlagged} / ${row.negatives} | ${row.findings} | ${formatRatio(row.precision, row.found, row.found + row.negativesFlagged)} |`);
  }
  return lines;
}

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const valued = new Set(['--only', '--timeout', '--findings']);
  const positional = argv.filter((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1] ?? ''));
  const corpusDir = positional[0];
  const saved = option(argv, '--findings');
  if (!corpusDir && !saved) {
    process.stderr.write('usage: npm run bench:real -- <dir of checkouts> [--only a,b] [--timeout <s>] [--no-floor] | --findings <findings.json>\n');
    process.exitCode = 2;
    return;
  }
  const only = option(argv, '--only')?.split(',');
  const timeoutMs = Number(option(argv, '--timeout') ?? 900) * 1000;
  const corpus = (JSON.parse(readFileSync(path.join(ROOT, 'bench/real/corpus.json'), 'utf8')) as { repos: CorpusRepo[] }).repos.filter((r) => !only || only.includes(r.name));
  const labels = parseLabels(readFileSync(path.join(ROOT, 'bench/real/labels.jsonl'), 'utf8'));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-real-'));
  const typed: Finding[] = [];
  const untyped: Finding[] = [];
  const okTyped = new Set<string>();
  const okUntyped = new Set<string>();
  const perf = ['| repository | files | pooler-lint (typed) | peak RSS | typed floor (no rules) | peak RSS | ratio | ≤ 2× | `recommended` (untyped) | peak RSS |', '| --- | --: | --: | --: | --: | --: | --: | :-: | --: | --: |'];
  if (saved) {
    const previous = JSON.parse(readFileSync(saved, 'utf8')) as { typed: Finding[]; untyped: Finding[]; okTyped: string[]; okUntyped: string[] };
    typed.push(...previous.typed);
    untyped.push(...previous.untyped);
    for (const name of previous.okTyped) okTyped.add(name);
    for (const name of previous.okUntyped) okUntyped.add(name);
    perf.push(`| (scored from ${saved}) | | | | | | | | | |`);
  }
  for (const repo of saved ? [] : corpus) {
    const dir = path.resolve(corpusDir ?? ".", repo.name);
    if (!existsSync(dir)) {
      perf.push(`| ${repo.name} | — | ❌ no checkout at ${dir} | | | | | | | |`);
      continue;
    }
    const prepared = prepareCheckout(dir, repo.subpaths);
    if (prepared.length > 0) process.stderr.write(`${repo.name}: ${prepared.join(', ')}\n`);
    process.stderr.write(`${repo.name}: pooler-lint…\n`);
    const lint = await poolerLint(repo, dir, tmp, timeoutMs);
    process.stderr.write(`${repo.name}: recommended…\n`);
    const rec = await eslintRun('recommended', repo, dir, tmp, timeoutMs);
    const floor = argv.includes('--no-floor') ? failed('skipped', 0) : (process.stderr.write(`${repo.name}: typed floor…\n`), await eslintRun('typed-floor', repo, dir, tmp, timeoutMs));
    if (lint.ok) (okTyped.add(repo.name), typed.push(...lint.findings));
    if (rec.ok) (okUntyped.add(repo.name), untyped.push(...rec.findings));
    const ratio = lint.ok && floor.ok ? lint.wallMs / floor.wallMs : undefined;
    perf.push(`| ${repo.name} | ${lint.files || rec.files}${lint.fatal ? ` (${lint.fatal} unparsed)` : ''} | ${seconds(lint)} | ${mb(lint)} | ${seconds(floor)} | ${mb(floor)} | ${ratio === undefined ? '—' : `${ratio.toFixed(2)}×`} | ${ratio === undefined ? '' : ratio <= 2 ? '✅' : '❌'} | ${seconds(rec)} | ${mb(rec)} |`);
  }
  const typedScore = score(labels, typed, okTyped);
  const untypedScore = score(labels, untyped, okUntyped);
  const out = ['### Per repository', '', ...perf, '', ...scoreTable('pooler-lint (typed)', [...typedScore.rules, typedScore.total]), '', ...scoreTable('`recommended` (untyped)', [...untypedScore.rules, untypedScore.total]), ''];
  out.push(`#### Positives pooler-lint misses (${typedScore.missed.length})`, '', ...typedScore.missed.map((l) => `- ${l.repo} ${l.path}:${l.line} ${l.rule}: ${l.why}`), '');
  const unlabelled = new Map<string, Finding & { runs: string[] }>();
  for (const [run, list] of [['typed', typedScore.unlabelled], ['untyped', untypedScore.unlabelled]] as const) {
    for (const f of list) {
      const key = `${f.repo} ${f.path}:${f.line} ${f.rule}`;
      const entry = unlabelled.get(key) ?? { ...f, runs: [] };
      entry.runs.push(run);
      unlabelled.set(key, entry);
    }
  }
  out.push(`#### Findings no label covers (${unlabelled.size}): judge each`, '', ...[...unlabelled.entries()].map(([key, f]) => `- ${key} [${f.runs.join(', ')}] ${f.message.split('\n')[0]!.slice(0, 160)}`));
  process.stdout.write(`${out.join('\n')}\n`);
  writeFileSync(path.join(tmp, 'findings.json'), JSON.stringify({ typed, untyped, okTyped: [...okTyped], okUntyped: [...okUntyped] }, null, 1));
  process.stderr.write(`all findings: ${path.join(tmp, 'findings.json')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:real: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
