/**
 * `pooler-lint [paths…]`: parses the command line, lints, applies the baseline, formats, and returns the exit
 * code: 0 ready, 1 not ready (blockers, pools over budget, files not analysed), 2 usage or configuration error
 * (one line on stderr).
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import plugin from '../index.js';
import { packageInfo } from '../package-info.js';
import { PoolerSettingsError, resolveProfile, type PoolerSettings, type ResolvedProfile } from '../profiles/index.js';
import { HELP, parseCliArgs, UsageError, type CliOptions } from './args.js';
import { withPrismaPoolSizes } from './deploy-files.js';
import { eslintOptions, type EslintSpec } from './eslint-options.js';
import { formatReport, machineNotice, ruleDescriptions } from './formats.js';
import { createEslint, lintAll, mergeByFile } from './lint.js';
import { poolerOriginLines, poolerSettings, poolerSizingResults, readPoolerFiles } from './pooler-config.js';
import { startProgress } from './progress.js';
import { projectSettings, type ProjectSettings } from './project-config.js';
import { createReport, isReady } from './report.js';
import {
  applySuppressions,
  DEFAULT_SUPPRESSIONS_FILE,
  loadSuppressions,
  pruneSuppressions,
  recount,
  suppressAll,
} from './suppressions.js';
import { collectFiles, findTsconfigs, gitignoreFiles, gitignorePatterns, resolveTargets } from './targets.js';
import { checkTsconfig } from './tsconfig.js';

/** Where the CLI reads and writes: the process's, or a test's. */
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** The CLI flags that set each `settings.pooler` key, for messages about a flag's value. */
const FLAG_OF: Readonly<Record<string, string>> = {
  profile: '--pooler',
  version: '--pgbouncer-version',
  maxPreparedStatements: '--max-prepared-statements',
  trackExtraParameters: '--track-extra-parameters',
  directUrlPattern: '--direct-url-pattern',
  nonServingFiles: '--non-serving-files',
};

/**
 * Resolves the merged pooler settings (flags over the project's `settings.pooler` over the pooler configuration
 * found). A bad value is a usage error naming the flag that gave it, or the config file.
 */
function profileOf(flags: Record<string, unknown>, project: ProjectSettings, settings: PoolerSettings): ResolvedProfile {
  try {
    return resolveProfile(settings);
  } catch (error) {
    if (!(error instanceof PoolerSettingsError)) throw error;
    const key = /settings\.pooler\.(\w+)/.exec(error.message)?.[1];
    if (key !== undefined && !(key in flags) && project.configFile !== undefined) {
      throw new UsageError(`${error.message.replace(/\.$/, '')} (in ${project.configFile}).`);
    }
    // The settings keys read as the CLI flags that set them.
    throw new UsageError(error.message.replace(/settings\.pooler\.(\w+)/g, (text, name: string) => FLAG_OF[name] ?? text));
  }
}

/** Errors only; as with `eslint --quiet` (warning rules not run), a file left without messages has no source. */
function quietResults(results: readonly ESLint.LintResult[]): ESLint.LintResult[] {
  return results.map(({ source, ...result }) => {
    const messages = result.messages.filter((m) => m.severity === 2);
    return recount({ ...result, messages, ...(messages.length > 0 && source !== undefined ? { source } : {}) });
  });
}

/** Typed linting is on when a tsconfig.json covers any TypeScript file; each one found must be readable. */
async function typedSetup(code: readonly string[], options: CliOptions, io: CliIo): Promise<string[]> {
  const tsconfigs = findTsconfigs(code);
  let typed = tsconfigs.length > 0;
  for (const tsconfig of tsconfigs) {
    const check = await checkTsconfig(tsconfig, io.cwd);
    if (check.notice && !options.quiet) io.stderr.write(`pooler-lint: ${check.notice}\n`);
    typed &&= check.typed;
    if (!typed) break;
  }
  return typed ? tsconfigs : [];
}

async function run(options: CliOptions, io: CliIo): Promise<number> {
  const targets = resolveTargets(options.paths, io.cwd);
  const baseSpec: EslintSpec = {
    cwd: targets.base,
    typed: false,
    ignorePatterns: gitignorePatterns(gitignoreFiles(targets), targets.base),
    pooler: options.pooler,
    budget: options.budget,
    concurrency: options.concurrency,
  };
  const progress = startProgress(io.stderr, !options.quiet);
  try {
    progress.update('collecting files');
    const ignores = new ESLint(eslintOptions({ ...baseSpec, concurrency: 'off' }));
    const files = await collectFiles(targets, (file) => ignores.isPathIgnored(file));
    const project = await projectSettings(targets.base, files.code, options.config);
    const pooler = await readPoolerFiles(files.deploy, options.deploySources, targets.base);
    const merged = poolerSettings(options.pooler, project.pooler, pooler);
    const profile = profileOf(options.pooler, project, merged.settings);
    const tsconfigs = await typedSetup(files.code, options, io);
    const spec: EslintSpec = { ...baseSpec, pooler: { ...merged.settings }, typed: tsconfigs.length > 0 };
    const eslint = await createEslint(spec);
    const lint = await lintAll({ spec, eslint, files, profile, sqlDirect: options.sqlDirect, deploySources: options.deploySources, progress, tsconfigs });
    const filesGiven = targets.paths.filter((target) => !statSync(target).isDirectory()).length;
    const pools = withPrismaPoolSizes(lint.pools, lint.deployment.prismaPools, spec.cwd);
    const sizing = poolerSizingResults(pooler, { cwd: spec.cwd, pools, budget: options.budget, wholeProject: filesGiven === 0, namespace: plugin.meta.namespace });
    let results = sizing.length > 0 ? mergeByFile([...lint.results, ...sizing]).sort((a, b) => a.filePath.localeCompare(b.filePath)) : lint.results;
    const suppressionsFile = path.resolve(io.cwd, options.suppressionsLocation ?? DEFAULT_SUPPRESSIONS_FILE);
    if (options.suppressAll) suppressAll(results, suppressionsFile, spec.cwd);
    if (options.pruneSuppressions) pruneSuppressions(results, suppressionsFile, spec.cwd);
    const applied = applySuppressions(results, loadSuppressions(suppressionsFile), spec.cwd);
    results = applied.results;
    const unused = Object.values(applied.unused).reduce((sum, rules) => sum + Object.keys(rules).length, 0);
    if (unused > 0 && !options.quiet && !options.pruneSuppressions) {
      io.stderr.write(`pooler-lint: ${unused === 1 ? '1 suppression no longer matches' : `${unused} suppressions no longer match`} an error; run with --prune-suppressions.\n`);
    }
    if (options.quiet) results = quietResults(results);
    progress.stop();
    const skipped = [...files.skipped, ...lint.skipped];
    const notAnalysed = new Set(skipped.map((f) => f.file));
    const origin = poolerOriginLines(merged, pooler, spec.cwd);
    const report = createReport({
      cwd: spec.cwd,
      results,
      pools,
      budgetOptions: options.budget,
      profileLabel: profile.label,
      profileId: profile.id,
      ...(origin ? { profileOrigin: origin } : {}),
      namespace: plugin.meta.namespace,
      ruleDescriptions: ruleDescriptions(),
      files: {
        code: files.code.filter((file) => !notAnalysed.has(file)).length,
        sql: options.sqlDirect ? 0 : files.sql.filter((file) => !notAnalysed.has(file)).length,
        deploy: lint.deployFiles,
        typed: lint.typed,
        skipped,
      },
      ...(filesGiven > 0 ? { filesGiven } : {}),
    });
    const color = options.output === undefined && io.stdout.isTTY === true && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
    const text = await formatReport(report, options.format, { eslint, color });
    if (options.output === undefined) {
      io.stdout.write(text);
    } else {
      const file = path.resolve(io.cwd, options.output);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    const notice = options.format === 'json' || options.format === 'sarif' ? machineNotice(report, options.quiet) : undefined;
    if (notice !== undefined) io.stderr.write(`pooler-lint: ${notice}\n`);
    return isReady(report) ? 0 : 1;
  } finally {
    progress.stop();
  }
}

/**
 * Runs `pooler-lint` with the given arguments; resolves to the exit code. Never throws: internal errors are
 * reported on stderr with exit code 2.
 * @example process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const options = parseCliArgs(argv);
    if (options.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (options.version) {
      io.stdout.write(`${packageInfo.version}\n`);
      return 0;
    }
    return await run(options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`pooler-lint: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`pooler-lint: internal error: ${message}\n`);
    return 2;
  }
}
