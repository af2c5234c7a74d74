/**
 * One lint run: ESLint over the JS/TS files (typed where a tsconfig covers them), the `.sql` files through the
 * SQL engine, and the program pass; results merged per file, the pool inventory taken out.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import plugin from '../index.js';
import { firstLine } from './args.js';
import { BUDGET_MESSAGE_ID } from '../ast/budget.js';
import type { ResolvedProfile } from '../profiles/index.js';
import { eslintOptions, optionsModuleUrl, ruleSet, type EslintSpec } from './eslint-options.js';
import { INVENTORY_RULE_ID, takeInventory, type PoolEntry } from './inventory-rule.js';
import { runProgramPass } from './program-pass.js';
import type { Progress } from './progress.js';
import { sqlMessages, sqlResult } from './sql-files.js';
import { readDriverSettings } from '../drivers/settings.js';
import { deploySourceOf, scanDeployment, type DeployScan, type DeploySource } from '../deploy/scan.js';
import { deployResults } from './deploy-files.js';
import { recount } from './suppressions.js';
import type { SkippedFile } from './report.js';
import type { TargetFiles } from './targets.js';

/**
 * An ESLint instance for a spec; with concurrency on, built from an options module so worker threads can
 * rebuild the plugin objects.
 * @example const eslint = await createEslint(spec);
 */
export async function createEslint(spec: EslintSpec): Promise<ESLint> {
  return spec.concurrency === 'off' ? new ESLint(eslintOptions(spec)) : ESLint.fromOptionsModule(optionsModuleUrl(spec));
}

/** typescript-eslint's parse error for a file that no tsconfig includes. */
const OUTSIDE_PROJECT = /was not found by the project service|not included in (?:this|any) project/i;

function outsideProject(result: ESLint.LintResult): boolean {
  return result.messages.some((m) => m.fatal === true && OUTSIDE_PROJECT.test(m.message));
}

/** Keeps the plugin's messages, the inventory and parse errors; drops reports about other plugins' rules. */
function ownMessages(result: ESLint.LintResult): ESLint.LintResult {
  const own = (ruleId: string | null) => ruleId === null || ruleId === INVENTORY_RULE_ID || ruleId.startsWith(`${plugin.meta.namespace}/`);
  if (result.messages.every((m) => own(m.ruleId)) && result.suppressedMessages.every((m) => own(m.ruleId))) return result;
  return recount({
    ...result,
    messages: result.messages.filter((m) => own(m.ruleId)),
    suppressedMessages: result.suppressedMessages.filter((m) => own(m.ruleId)),
  });
}

/** Merges results of the same file (the program pass adds to ESLint's). */
export function mergeByFile(results: readonly ESLint.LintResult[]): ESLint.LintResult[] {
  const byFile = new Map<string, ESLint.LintResult>();
  for (const result of results) {
    const seen = byFile.get(result.filePath);
    byFile.set(
      result.filePath,
      seen
        ? recount({
            ...seen,
            messages: [...seen.messages, ...result.messages].sort((a, b) => a.line - b.line || a.column - b.column),
            suppressedMessages: [...seen.suppressedMessages, ...result.suppressedMessages],
          })
        : result,
    );
  }
  return [...byFile.values()];
}

/** What a lint run needs. */
export interface LintInput {
  spec: EslintSpec;
  eslint: ESLint;
  files: TargetFiles;
  profile: ResolvedProfile;
  /** Skip `.sql` files: they run over a direct connection. */
  sqlDirect: boolean;
  /** The deployment files to read, by source. */
  deploySources: Readonly<Record<DeploySource, boolean>>;
  /** The tsconfig.json files that switched typed linting on. */
  tsconfigs: readonly string[];
  progress: Progress;
}

/** What a lint run found, and what it could not look at. */
export interface LintOutput {
  /** ESLint-shaped results, every file, sorted. */
  results: ESLint.LintResult[];
  pools: PoolEntry[];
  /** JS/TS files linted with type information. */
  typed: number;
  /** Files that do not parse or could not be read. */
  skipped: SkippedFile[];
  /** Deployment files read. */
  deployFiles: number;
  /** What the deployment files say beyond findings: env variables, Prisma pool sizes. */
  deployment: Pick<DeployScan, 'env' | 'prismaPools'>;
}

const TS_FILE = /\.[cm]?tsx?$/;

/**
 * Lints the files; a file that makes ESLint throw (unreadable, a crash) is linted alone and, if it throws
 * again, listed as not analysed instead of failing the run.
 */
async function lintEach(eslint: ESLint, files: readonly string[], skipped: SkippedFile[]): Promise<ESLint.LintResult[]> {
  if (files.length === 0) return [];
  try {
    return await eslint.lintFiles([...files]);
  } catch {
    const results: ESLint.LintResult[] = [];
    for (const file of files) {
      try {
        results.push(...(await eslint.lintFiles([file])));
      } catch (error) {
        skipped.push({ file, reason: `could not be analysed: ${firstLine(error)}` });
      }
    }
    return results;
  }
}

/**
 * `source` as ESLint's own results carry it: present only when the file has messages (and was not fixed), so
 * results the CLI changes (inventory taken out) or builds (`.sql` files) match `eslint --format json`.
 */
function withEslintSource(result: ESLint.LintResult, text?: string): ESLint.LintResult {
  const { source, ...rest } = result;
  const shown = source ?? text;
  return result.messages.length > 0 && result.output === undefined && shown !== undefined ? { ...rest, source: shown } : rest;
}

/** A parse error: the file was not analysed. */
function parseFailure(result: ESLint.LintResult): SkippedFile | undefined {
  const fatal = result.messages.find((m) => m.fatal === true);
  const text = fatal?.message.split('\n')[0]!.replace(/^Parsing error: /, '').replace(/\.$/, '');
  return fatal && { file: result.filePath, reason: `does not parse: ${text} (line ${fatal.line})` };
}

/**
 * The analysis-budget notice of a file (any `pooler/*` rule, `analysisIncomplete`): the file was analysed only
 * in part. The notice leaves the findings (it is no hazard) and the file is listed as not fully analysed.
 */
function budgetStop(result: ESLint.LintResult): { result: ESLint.LintResult; skipped?: SkippedFile } {
  const isNotice = (m: { ruleId: string | null; messageId?: string }) =>
    m.messageId === BUDGET_MESSAGE_ID && m.ruleId !== null && m.ruleId.startsWith(`${plugin.meta.namespace}/`);
  const notice = result.messages.find(isNotice);
  if (!notice) return { result };
  return {
    result: recount({ ...result, messages: result.messages.filter((m) => !isNotice(m)) }),
    skipped: { file: result.filePath, reason: `analysed only up to line ${notice.line}: over the per-file analysis budget, the rest is unknown` },
  };
}

/**
 * Lints everything; returns ESLint-shaped results (every file, sorted), the pool inventory, the number of files
 * linted with type information and the files not analysed.
 * @example const { results, pools, typed, skipped } = await lintAll({ spec, eslint, files, profile, sqlDirect: false, tsconfigs, progress });
 */
export async function lintAll(input: LintInput): Promise<LintOutput> {
  const { spec, eslint, files, progress } = input;
  const skipped: SkippedFile[] = [];
  progress.update(`linting ${files.code.length} JS/TS files`);
  let results = await lintEach(eslint, files.code, skipped);
  const retry = new Set(results.filter(outsideProject).map((r) => r.filePath));
  if (spec.typed && retry.size > 0) {
    // Files no tsconfig includes (scripts, tests): lint them without type information.
    const untyped = await createEslint({ ...spec, typed: false });
    const again = new Map((await lintEach(untyped, [...retry], skipped)).map((r) => [r.filePath, r]));
    results = results.filter((r) => !retry.has(r.filePath) || again.has(r.filePath)).map((r) => again.get(r.filePath) ?? r);
  }
  results = results.map((r) => {
    const stop = budgetStop(r);
    if (stop.skipped) skipped.push(stop.skipped);
    return stop.result;
  });
  const failures = results.map(parseFailure).filter((f) => f !== undefined);
  skipped.push(...failures);
  const failed = new Set(failures.map((f) => f.file));
  const typed = spec.typed ? results.filter((r) => TS_FILE.test(r.filePath) && !retry.has(r.filePath) && !failed.has(r.filePath)).length : 0;
  const inventory = takeInventory(results.map(ownMessages), spec.cwd);
  const all = [...inventory.results];
  if (!input.sqlDirect && files.sql.length > 0) {
    progress.update(`scanning ${files.sql.length} SQL files`);
    const context = {
      profile: input.profile,
      enabledRules: new Set(Object.keys(ruleSet(false, spec))),
      namespace: plugin.meta.namespace,
    };
    for (const file of files.sql) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        skipped.push({ file, reason: `could not be read: ${firstLine(error)}` });
        continue;
      }
      all.push(withEslintSource(sqlResult(file, sqlMessages(text, context)), text));
    }
  }
  progress.update('running the program pass');
  const programResults = await runProgramPass({ cwd: spec.cwd, files: files.code, pooler: spec.pooler, tsconfigs: input.tsconfigs });
  const merged = mergeByFile([...all, ...programResults]).sort((a, b) => a.filePath.localeCompare(b.filePath));
  // A file the program pass alone reports on has no source yet.
  const sourced = await Promise.all(
    merged.map(async (r) => (r.messages.length > 0 && r.source === undefined ? withEslintSource(r, await readFile(r.filePath, 'utf8')) : withEslintSource(r))),
  );
  const deploy = await scanDeploymentFiles(input, skipped, inventory.pools);
  const withDeploy = deploy.results.length > 0 ? mergeByFile([...sourced, ...deploy.results]).sort((a, b) => a.filePath.localeCompare(b.filePath)) : sourced;
  return { results: withDeploy, pools: inventory.pools, typed, skipped, deployFiles: deploy.scan.files, deployment: deploy.scan };
}

/** Reads the deployment files of the sources switched on; their results carry no `source` (secrets). */
async function scanDeploymentFiles(input: LintInput, skipped: SkippedFile[], pools: readonly PoolEntry[]): Promise<{ results: ESLint.LintResult[]; scan: DeployScan }> {
  const files = input.files.deploy.filter((file) => {
    const source = deploySourceOf(file);
    return source !== undefined && input.deploySources[source];
  });
  const readers = pools.flatMap((pool) =>
    pool.ownUrl ? [{ ...(pool.urlVariable !== undefined ? { variable: pool.urlVariable } : {}), driver: pool.driver, file: path.resolve(input.spec.cwd, pool.file), line: pool.line }] : [],
  );
  const context = { profile: input.profile, directUrlPattern: readDriverSettings({ pooler: input.profile.settings }).directUrlPattern };
  const scan = await scanDeployment(files, input.spec.cwd, context, readers);
  skipped.push(...scan.unreadable);
  const unreadable = new Set(scan.unreadable.map((u) => u.file));
  const read = files.filter((file) => !unreadable.has(file));
  return { results: deployResults(read, scan.findings, { namespace: plugin.meta.namespace }), scan };
}
