/**
 * One lint run: ESLint over the JS/TS files (typed where a tsconfig covers them), the `.sql` files through the
 * SQL engine, and the program pass; results merged per file, the pool inventory taken out.
 */
import { readFile } from 'node:fs/promises';
import { ESLint } from 'eslint';
import plugin from '../index.js';
import type { ResolvedProfile } from '../profiles/index.js';
import { eslintOptions, optionsModuleUrl, ruleSet, type EslintSpec } from './eslint-options.js';
import { INVENTORY_RULE_ID, takeInventory, type PoolEntry } from './inventory-rule.js';
import { runProgramPass } from './program-pass.js';
import type { Progress } from './progress.js';
import { sqlMessages, sqlResult } from './sql-files.js';
import { recount } from './suppressions.js';
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
function mergeByFile(results: readonly ESLint.LintResult[]): ESLint.LintResult[] {
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
  tsconfig?: string;
  progress: Progress;
}

/**
 * Lints everything; returns ESLint-shaped results (every file, sorted) and the pool inventory.
 * @example const { results, pools } = await lintAll({ spec, eslint, files, profile, sqlDirect: false, progress });
 */
export async function lintAll(input: LintInput): Promise<{ results: ESLint.LintResult[]; pools: PoolEntry[] }> {
  const { spec, eslint, files, progress } = input;
  progress.update(`linting ${files.code.length} JS/TS files`);
  let results = files.code.length > 0 ? await eslint.lintFiles(files.code) : [];
  const retry = results.filter(outsideProject).map((r) => r.filePath);
  if (spec.typed && retry.length > 0) {
    // Files no tsconfig includes (scripts, tests): lint them without type information.
    const untyped = await createEslint({ ...spec, typed: false });
    const again = new Map((await untyped.lintFiles(retry)).map((r) => [r.filePath, r]));
    results = results.map((r) => again.get(r.filePath) ?? r);
  }
  const inventory = takeInventory(results.map(ownMessages), spec.cwd);
  const all = [...inventory.results];
  if (!input.sqlDirect && files.sql.length > 0) {
    progress.update(`scanning ${files.sql.length} SQL files`);
    const context = {
      profile: input.profile,
      enabledRules: new Set(Object.keys(ruleSet(false, spec))),
      namespace: plugin.meta.namespace,
    };
    for (const file of files.sql) all.push(sqlResult(file, sqlMessages(await readFile(file, 'utf8'), context)));
  }
  progress.update('running the program pass');
  const programResults = await runProgramPass({
    cwd: spec.cwd,
    files: files.code,
    pooler: spec.pooler,
    ...(input.tsconfig ? { tsconfig: input.tsconfig } : {}),
  });
  const merged = mergeByFile([...all, ...programResults]).sort((a, b) => a.filePath.localeCompare(b.filePath));
  return { results: merged, pools: inventory.pools };
}
