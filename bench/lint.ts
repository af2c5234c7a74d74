/**
 * `npm run bench [-- <dir>] [--runs N] [--lines N] [--typed-lines N] [--seed N] [--no-typed] [--reference] [--timing]`
 *
 * The cost of the plugin in an ESLint run, against the floor of the same run without it:
 * - `floor`: @typescript-eslint/parser, no rules; `recommended`: the same plus `pooler.configs.recommended`;
 * - `typed-floor`: the parser with `projectService` (the TypeScript program), no rules; `typed`: the same plus
 *   `pooler.configs['recommended-type-checked']`.
 * Each run of each configuration is a fresh child process (no cache or JIT shared between them); the rounds
 * interleave the configurations, rotating their order, so drift on a busy machine hits all of them. Reports the
 * median lint time (`lintFiles`), its spread, the overhead per round (same-round pairs), process wall time, plugin
 * load time and peak RSS, as a markdown table. Without `<dir>` it lints the generated corpus (`bench/corpus`) under
 * `.bench/`. `--reference` adds as many no-op rules as `recommended` has (what ESLint itself costs for that many rules),
 * `recommended` with the module pass off (each file on its own, as before untyped lint followed imports)
 * and a typed configuration with one probe rule asking the checker the type of every callee (what any type-aware
 * rule costs); `--timing` adds per-rule times (ESLint `stats`), split by files that import a
 * driver and files that don't.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParserServices } from '@typescript-eslint/utils';
import type { ESLint, Linter } from 'eslint';
import { DEFAULT_CORPUS_LINES, DEFAULT_SEED, planCorpus, writeCorpus, type CorpusPlan } from './corpus/index.js';

const CONFIGS = ['floor', 'floor-noop', 'floor-noops', 'recommended-files', 'recommended', 'typed-floor', 'typed-noop', 'typed-checker', 'typed', 'typed-probe'] as const;
type ConfigId = (typeof CONFIGS)[number];
/** Only with `--reference`. */
const REFERENCE_ONLY: readonly ConfigId[] = ['floor-noops', 'recommended-files', 'typed-noop', 'typed-checker', 'typed-probe'];

const LABELS: Record<ConfigId, string> = {
  floor: 'floor: parser, no rules',
  'floor-noop': 'floor + one rule that does nothing',
  'floor-noops': 'floor + as many rules that do nothing as `recommended` has',
  'recommended-files': '`recommended`, each file on its own (`POOLER_MODULE_PASS=off`)',
  recommended: '`recommended`',
  'typed-floor': 'typed floor: parser + `projectService`, no rules',
  'typed-noop': 'typed floor + one rule that does nothing',
  'typed-checker': 'typed floor + one rule that creates the type checker',
  typed: '`recommended-type-checked`',
  'typed-probe': 'typed floor + one rule asking the type of every callee',
};
/**
 * What each configuration is measured against: the first baseline fills the table (with the issue's target, if
 * any); the others are listed below it.
 */
const BASELINES: Partial<Record<ConfigId, readonly { base: ConfigId; target?: number }[]>> = {
  'floor-noop': [{ base: 'floor' }],
  'floor-noops': [{ base: 'floor' }],
  'recommended-files': [{ base: 'floor' }],
  recommended: [{ base: 'floor', target: 0.06 }, { base: 'floor-noop' }, { base: 'floor-noops' }, { base: 'recommended-files' }],
  'typed-noop': [{ base: 'typed-floor' }],
  'typed-checker': [{ base: 'typed-floor' }],
  typed: [{ base: 'typed-floor', target: 0.16 }, { base: 'typed-noop' }, { base: 'typed-checker' }, { base: 'typed-probe' }],
  'typed-probe': [{ base: 'typed-floor' }],
};

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];
const IGNORES = ['**/node_modules/', '**/dist/', '**/build/', '**/coverage/', '**/.next/', '**/.bench/'];
/** A file that imports a driver module, for the `--timing` split (the plugin's own test is by import too). */
const DRIVER_IMPORT =
  /\b(?:from|require\s*\(|import\s*\()\s*['"](?:pg|pg-pool|postgres|pg-promise|knex|kysely|drizzle-orm(?:\/[\w-]+)?|@prisma\/client|sequelize|@sequelize\/core|typeorm|slonik)['"]/;

/** What one child process measured. */
interface RunResult {
  config: ConfigId;
  files: number;
  lines: number;
  /** `lintFiles` only: wall time, and CPU time of the process (user + system, all threads). */
  lintMs: number;
  lintCpuMs: number;
  /** Importing ESLint, the parser and (for plugin configs) the plugin. */
  loadMs: number;
  /** Spawn to exit, measured by the parent. */
  wallMs: number;
  maxRssMb: number;
  problems: number;
  fatal: number;
  /** With `--timing`: ms per rule, in all files and in files that import no driver; and parse time. */
  timing?: { parseMs: number; rules: Record<string, { all: number; noDriver: number }>; noDriverFiles: number };
}

// ---- child: one ESLint run ---------------------------------------------------------------------------

async function overrideConfig(config: ConfigId, dir: string): Promise<Linter.Config[]> {
  const parser = await import('@typescript-eslint/parser');
  const typed = config.startsWith('typed');
  const configs: Linter.Config[] = [
    { ignores: IGNORES },
    {
      files: typed ? TS_FILES : [...TS_FILES, ...JS_FILES],
      languageOptions: {
        parser,
        ecmaVersion: 'latest',
        sourceType: 'module',
        ...(typed ? { parserOptions: { projectService: true, tsconfigRootDir: dir } } : {}),
      },
    },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  ];
  if (config === 'recommended' || config === 'recommended-files' || config === 'typed') {
    const plugin = (await import('../src/index.js')).default;
    const preset = plugin.configs[config === 'typed' ? 'recommended-type-checked' : 'recommended'];
    // The preset's plugin and rules only: every row parses with the same parser, so the rows differ by rules alone.
    configs.push({ plugins: preset.plugins, rules: preset.rules, files: typed ? TS_FILES : [...TS_FILES, ...JS_FILES] });
  }
  const reference = { 'floor-noop': 'no-op', 'typed-noop': 'no-op', 'typed-checker': 'checker', 'typed-probe': 'type-of-callees' }[
    config as string
  ];
  if (reference) configs.push({ files: typed ? TS_FILES : [...TS_FILES, ...JS_FILES], plugins: { reference: REFERENCE }, rules: { [`reference/${reference}`]: 'error' } });
  if (config === 'floor-noops') {
    // One no-op rule per rule `recommended` turns on: what ESLint itself costs for that many rules.
    const plugin = (await import('../src/index.js')).default;
    const count = Object.keys(plugin.configs.recommended.rules ?? {}).length;
    const rules = Object.fromEntries(Array.from({ length: count }, (_, i) => [`reference/no-op-${i}`, 'error' as const]));
    configs.push({ files: [...TS_FILES, ...JS_FILES], plugins: { reference: { rules: noOpRules(count) } }, rules });
  }
  return configs;
}

/**
 * Reference rules, reporting nothing: `no-op` (what ESLint itself costs once any rule is on: each rule context is
 * `Object.create(fileContext)`, which makes the per-file context a V8 prototype; it then keeps the file's
 * `SourceCode`, AST and tokens alive through minor collections, so scavenges copy far more), `checker` (what any
 * type-aware rule pays before its first question: the checker binds every file of the program) and
 * `type-of-callees` (what any type-aware rule pays to ask the checker one question per call, as
 * no-floating-promises or no-misused-promises do).
 */
const REFERENCE: ESLint.Plugin = {
  rules: {
    'no-op': { meta: { type: 'problem', schema: [] }, create: () => ({}) },
    checker: {
      meta: { type: 'problem', schema: [] },
      create(context) {
        (context.sourceCode as { parserServices?: Partial<ParserServices> }).parserServices?.program?.getTypeChecker();
        return {};
      },
    },
    'type-of-callees': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const services = (context.sourceCode as { parserServices?: Partial<ParserServices> }).parserServices;
        const checker = services?.program?.getTypeChecker();
        const map = services?.esTreeNodeToTSNodeMap;
        if (!checker || !map) return {};
        return {
          CallExpression(node) {
            const callee = map.get(node.callee as never);
            if (callee) checker.getTypeAtLocation(callee);
          },
        };
      },
    },
  },
};

/** `count` reference rules that do nothing, `no-op-0` … (the same rule object under each name). */
function noOpRules(count: number): NonNullable<ESLint.Plugin['rules']> {
  const noOp = REFERENCE.rules!['no-op']!;
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`no-op-${i}`, noOp]));
}

function timingOf(results: readonly ESLint.LintResult[]): RunResult['timing'] {
  const rules: Record<string, { all: number; noDriver: number }> = {};
  let parseMs = 0;
  let noDriverFiles = 0;
  for (const result of results) {
    const noDriver = !DRIVER_IMPORT.test(readFileSync(result.filePath, 'utf8'));
    if (noDriver) noDriverFiles++;
    for (const pass of result.stats?.times.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      for (const [rule, { total }] of Object.entries(pass.rules ?? {})) {
        const entry = (rules[rule] ??= { all: 0, noDriver: 0 });
        entry.all += total;
        if (noDriver) entry.noDriver += total;
      }
    }
  }
  return { parseMs, rules, noDriverFiles };
}

async function child(config: ConfigId, dir: string, out: string, stats: boolean): Promise<void> {
  const start = performance.now();
  const { ESLint } = await import('eslint');
  const options = await overrideConfig(config, dir);
  const loadMs = performance.now() - start;
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: options, errorOnUnmatchedPattern: false, stats });
  const lintStart = performance.now();
  const cpuStart = process.cpuUsage();
  const results = await eslint.lintFiles(['.']);
  const cpu = process.cpuUsage(cpuStart);
  const lintMs = performance.now() - lintStart;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const lines = results.reduce((sum, r) => sum + readFileSync(r.filePath, 'utf8').trimEnd().split('\n').length, 0);
  const result: Omit<RunResult, 'wallMs'> = {
    config,
    files: results.length,
    lines,
    lintMs,
    lintCpuMs: (cpu.user + cpu.system) / 1000,
    loadMs,
    maxRssMb,
    problems: results.reduce((sum, r) => sum + r.messages.length, 0),
    fatal: results.reduce((sum, r) => sum + r.fatalErrorCount, 0),
    ...(stats ? { timing: timingOf(results) } : {}),
  };
  writeFileSync(out, JSON.stringify(result));
}

// ---- parent: rounds of child processes -------------------------------------------------------------

const SELF = fileURLToPath(import.meta.url);

function runChild(config: ConfigId, dir: string, out: string, stats: boolean): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const proc = spawn(process.execPath, [SELF, '--child', config, dir, out, ...(stats ? ['--stats'] : [])], {
      stdio: ['ignore', 'inherit', 'inherit'],
      // The module pass (src/modules) off: what untyped lint cost before it followed imports.
      env: config === 'recommended-files' ? { ...process.env, POOLER_MODULE_PASS: 'off' } : process.env,
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${config} run exited with ${code}`));
      const result = JSON.parse(readFileSync(out, 'utf8')) as Omit<RunResult, 'wallMs'>;
      resolve({ ...result, wallMs: performance.now() - start });
    });
  });
}

/**
 * The median of a non-empty list.
 * @example median([3, 1, 2]) // 2
 */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Options {
  dir?: string;
  runs: number;
  lines: number;
  typedLines?: number;
  seed: number;
  typed: boolean;
  reference: boolean;
  timing: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { runs: 5, lines: DEFAULT_CORPUS_LINES, seed: DEFAULT_SEED, typed: true, reference: false, timing: false };
  const number = (i: number): number => {
    const value = Number(argv[i]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${argv[i - 1]} needs a positive integer`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--runs') options.runs = number(++i);
    else if (arg === '--lines') options.lines = number(++i);
    else if (arg === '--typed-lines') options.typedLines = number(++i);
    else if (arg === '--seed') options.seed = number(++i);
    else if (arg === '--no-typed') options.typed = false;
    else if (arg === '--reference') options.reference = true;
    else if (arg === '--timing') options.timing = true;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else options.dir = path.resolve(arg);
  }
  return options;
}

function repoRoot(): string {
  let dir = path.dirname(SELF);
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Generates a corpus under `.bench/<name>`; returns its directory and a one-line description. */
function corpus(name: string, lines: number, seed: number): { dir: string; description: string } {
  const dir = path.join(repoRoot(), '.bench', name);
  const plan: CorpusPlan = planCorpus({ lines, seed });
  writeCorpus(dir, plan);
  const share = Math.round((100 * (plan.sourceFiles - plan.driverFiles)) / plan.sourceFiles);
  const description =
    `\`.bench/${name}\`: generated, ${plan.lines.toLocaleString('en-US')} lines in ${plan.sourceFiles} files (${share} % import no driver), ` +
    `${plan.domains} domains, seed ${seed}, sha256 ${plan.hash.slice(0, 12)}`;
  console.error(description);
  return { dir, description };
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const percent = (ratio: number): string => `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)} %`;

/** Overheads of `own` over `base` as same-round ratios (wall and CPU), when there is a base. */
function overheads(own: readonly RunResult[], base: readonly RunResult[] | undefined): { wall?: Spread; cpu?: Spread } {
  if (!base) return {};
  const ratios = (pick: (r: RunResult) => number) => spread(own.map((r, i) => pick(r) / pick(base[i]!)));
  return { wall: ratios((r) => r.lintMs), cpu: ratios((r) => r.lintCpuMs) };
}

const show = (s: Spread | undefined): string => (s ? `${percent(s.median)} (${percent(s.min)} … ${percent(s.max)})` : '—');

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Per configuration: wall and CPU time, and the overhead over its baseline as same-round ratios. */
function table(results: readonly RunResult[], configs: readonly ConfigId[], runs: number): string[] {
  const of = (config: ConfigId) => results.filter((r) => r.config === config);
  const lines = [
    '| configuration | files | lines | lint wall time, median (min–max) | overhead (wall) | lint CPU time, median (min–max) | overhead (CPU) | target | peak RSS | load |',
    '|---|--:|--:|--:|--:|--:|--:|:-:|--:|--:|',
  ];
  const time = (s: Spread) => `${seconds(s.median)} s (${seconds(s.min)}–${seconds(s.max)})`;
  for (const config of configs) {
    const own = of(config);
    const baseline = BASELINES[config]?.find((b) => configs.includes(b.base));
    const { wall, cpu } = overheads(own, baseline && of(baseline.base));
    const target = baseline?.target;
    const verdict =
      target === undefined || !wall || !cpu ? '' : `≤ +${target * 100} % ${wall.median - 1 <= target && cpu.median - 1 <= target ? '✅' : '❌'}`;
    const first = own[0]!;
    lines.push(
      `| ${LABELS[config]} | ${first.files} | ${first.lines.toLocaleString('en-US')} | ${time(spread(own.map((r) => r.lintMs)))} | ${show(wall)} | ` +
        `${time(spread(own.map((r) => r.lintCpuMs)))} | ${show(cpu)} | ${verdict} | ${Math.round(Math.max(...own.map((r) => r.maxRssMb)))} MB | ` +
        `${seconds(median(own.map((r) => r.loadMs)))} s |`,
    );
  }
  const others = configs.flatMap((config) =>
    (BASELINES[config] ?? []).slice(1).filter((b) => configs.includes(b.base)).map((b) => {
      const { wall, cpu } = overheads(of(config), of(b.base));
      return `- ${LABELS[config]} over ${LABELS[b.base]}: ${show(wall)} wall, ${show(cpu)} CPU.`;
    }),
  );
  if (others.length > 0) lines.push('', ...others);
  const cpus = os.cpus();
  lines.push(
    '',
    `${runs} round${runs === 1 ? '' : 's'}, each configuration in a fresh process, order rotated per round; overheads are medians of same-round ratios. ` +
      `Node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model ?? 'unknown'}), load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
  );
  for (const config of configs) {
    const fatal = of(config).find((r) => r.fatal > 0);
    if (fatal) lines.push(`Parse errors in ${LABELS[config]}: ${fatal.fatal} files.`);
  }
  return lines;
}

const percentOf = (part: number, whole: number): string => `${((100 * part) / (whole || 1)).toFixed(1)} %`;

function timingTable(result: RunResult): string[] {
  const timing = result.timing!;
  const rows = Object.entries(timing.rules).sort(([, a], [, b]) => b.all - a.all);
  const total = rows.reduce((sum, [, t]) => sum + t.all, 0);
  return [
    `**${LABELS[result.config]}**: parse ${seconds(timing.parseMs)} s, rules ${seconds(total)} s (${percentOf(total, timing.parseMs)} of parse time, ` +
      `a ratio steadier than wall time on a busy machine); ${timing.noDriverFiles} of ${result.files} files import no driver.`,
    '',
    '| rule | ms | % of rules | ms in files importing no driver |',
    '|---|--:|--:|--:|',
    ...rows.map(([rule, t]) => `| ${rule} | ${t.all.toFixed(0)} | ${percentOf(t.all, total).slice(0, -2)} | ${t.noDriver.toFixed(0)} |`),
  ];
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv[1] as ConfigId, argv[2]!, argv[3]!, argv.includes('--stats'));
  const options = parseArgs(argv);
  const untyped = options.dir ? { dir: options.dir, description: `\`${options.dir}\`` } : corpus('corpus', options.lines, options.seed);
  const described = [`Corpus: ${untyped.description}.`];
  let typedDir: string | undefined = untyped.dir;
  if (!options.dir && options.typedLines !== undefined && options.typedLines !== options.lines) {
    const typed = corpus('corpus-typed', options.typedLines, options.seed);
    typedDir = typed.dir;
    described.push(`Typed configurations: ${typed.description}.`);
  }
  if (!options.typed || !existsSync(path.join(typedDir, 'tsconfig.json'))) {
    if (options.typed) console.error(`no tsconfig.json in ${typedDir}: typed configurations skipped`);
    typedDir = undefined;
  }
  const configs = CONFIGS.filter((c) => (typedDir !== undefined || !c.startsWith('typed')) && (options.reference || !REFERENCE_ONLY.includes(c)));
  const dirOf = (config: ConfigId): string => (config.startsWith('typed') ? typedDir! : untyped.dir);
  const scratch = path.join(repoRoot(), '.bench');
  mkdirSync(scratch, { recursive: true });
  const out = path.join(scratch, `run-${process.pid}.json`);

  await runChild('floor', untyped.dir, out, false); // warm the file system cache; not counted
  const results: RunResult[] = [];
  for (let round = 0; round < options.runs; round++) {
    const order = configs.map((_, i) => configs[(i + round) % configs.length]!);
    for (const config of order) {
      const result = await runChild(config, dirOf(config), out, false);
      results.push(result);
      console.error(`round ${round + 1}/${options.runs} ${config}: ${seconds(result.lintMs)} s, ${Math.round(result.maxRssMb)} MB`);
    }
  }
  const byConfig = configs.flatMap((config) => results.filter((r) => r.config === config));
  const report = [...described, '', ...table(byConfig, configs, options.runs)];
  if (options.timing) {
    for (const config of configs.filter((c) => BASELINES[c]?.[0]?.target !== undefined)) {
      report.push('', ...timingTable(await runChild(config, dirOf(config), out, true)));
    }
  }
  rmSync(out, { force: true });
  writeFileSync(path.join(scratch, 'lint-results.json'), `${JSON.stringify({ options, results }, null, 2)}\n`);
  console.log(report.join('\n'));
}

await main(process.argv.slice(2));
