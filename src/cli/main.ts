/**
 * `pooler-lint [paths…]`: parses the command line, lints, applies the baseline, formats, and returns the exit
 * code: 0 no blockers, 1 blockers, 2 usage or configuration error (one line on stderr).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import plugin from '../index.js';
import { packageInfo } from '../package-info.js';
import { PoolerSettingsError, resolveProfile, type ResolvedProfile } from '../profiles/index.js';
import { HELP, parseCliArgs, UsageError, type CliOptions } from './args.js';
import type { EslintSpec } from './eslint-options.js';
import { formatReport, ruleDescriptions } from './formats.js';
import { createEslint, lintAll } from './lint.js';
import { startProgress } from './progress.js';
import { blockerCount, createReport } from './report.js';
import {
  applySuppressions,
  DEFAULT_SUPPRESSIONS_FILE,
  loadSuppressions,
  pruneSuppressions,
  recount,
  suppressAll,
} from './suppressions.js';
import { collectFiles, findTsconfig, gitignoreFiles, gitignorePatterns, resolveTargets } from './targets.js';
import { checkTsconfig } from './tsconfig.js';

/** Where the CLI reads and writes: the process's, or a test's. */
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

function profileOf(options: CliOptions): ResolvedProfile {
  try {
    return resolveProfile(options.pooler);
  } catch (error) {
    if (error instanceof PoolerSettingsError) {
      // The settings keys read as the CLI flags that set them.
      const message = error.message
        .replace('settings.pooler.profile', '--pooler')
        .replace('settings.pooler.version', '--pgbouncer-version')
        .replace(/settings\.pooler\.maxPreparedStatements/g, '--max-prepared-statements')
        .replace(/settings\.pooler\.trackExtraParameters/g, '--track-extra-parameters')
        .replace(/settings\.pooler\.directUrlPattern/g, '--direct-url-pattern');
      throw new UsageError(message);
    }
    throw error;
  }
}

function quietResults<T extends { messages: Array<{ severity: number }> }>(results: T[]): T[] {
  return results.map((result) => ({ ...result, messages: result.messages.filter((m) => m.severity === 2) }));
}

async function run(options: CliOptions, io: CliIo): Promise<number> {
  const profile = profileOf(options);
  const targets = resolveTargets(options.paths, io.cwd);
  const tsconfig = findTsconfig(targets);
  const check = tsconfig ? await checkTsconfig(tsconfig, io.cwd) : { typed: false };
  if (check.notice && !options.quiet) io.stderr.write(`pooler-lint: ${check.notice}\n`);
  const spec: EslintSpec = {
    cwd: targets.base,
    typed: check.typed,
    ignorePatterns: gitignorePatterns(gitignoreFiles(targets), targets.base),
    pooler: options.pooler,
    budget: options.budget,
    concurrency: options.concurrency,
    ...(tsconfig && check.typed ? { tsconfigRootDir: path.dirname(tsconfig) } : {}),
  };
  const progress = startProgress(io.stderr, !options.quiet);
  try {
    const eslint = await createEslint(spec);
    progress.update('collecting files');
    const files = await collectFiles(targets, (file) => eslint.isPathIgnored(file));
    const lint = await lintAll({
      spec,
      eslint,
      files,
      profile,
      sqlDirect: options.sqlDirect,
      progress,
      ...(tsconfig && check.typed ? { tsconfig } : {}),
    });
    let results = lint.results;
    const suppressionsFile = path.resolve(io.cwd, options.suppressionsLocation ?? DEFAULT_SUPPRESSIONS_FILE);
    if (options.suppressAll) suppressAll(results, suppressionsFile, spec.cwd);
    if (options.pruneSuppressions) pruneSuppressions(results, suppressionsFile, spec.cwd);
    const applied = applySuppressions(results, loadSuppressions(suppressionsFile), spec.cwd);
    results = applied.results;
    const unused = Object.values(applied.unused).reduce((sum, rules) => sum + Object.keys(rules).length, 0);
    if (unused > 0 && !options.quiet && !options.pruneSuppressions) {
      io.stderr.write(`pooler-lint: ${unused === 1 ? '1 suppression no longer matches' : `${unused} suppressions no longer match`} an error; run with --prune-suppressions.\n`);
    }
    if (options.quiet) results = quietResults(results).map(recount);
    progress.stop();
    const report = createReport({
      cwd: spec.cwd,
      results,
      pools: lint.pools,
      budgetOptions: options.budget,
      profileLabel: profile.label,
      profileId: profile.id,
      namespace: plugin.meta.namespace,
      ruleDescriptions: ruleDescriptions(),
      files: { code: files.code.length, sql: options.sqlDirect ? 0 : files.sql.length, typed: check.typed ? files.code.length : 0, skipped: [] },
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
    return blockerCount(report) > 0 ? 1 : 0;
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
