/**
 * Bulk suppressions for a legacy baseline, in ESLint's own suppressions file format
 * (`eslint-suppressions.json`: `{ "<path relative to cwd>": { "<rule id>": { "count": n } } }`), applied to
 * every result, `.sql` files included. Same semantics as `eslint --suppress-all` / `--prune-suppressions`:
 * errors only; a rule's errors in a file are suppressed while they are no more than the recorded count.
 * ESLint's API can apply such a file but not write it, hence this module.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { UsageError } from './args.js';
import { relativePath } from './report.js';

export const DEFAULT_SUPPRESSIONS_FILE = 'eslint-suppressions.json';

type Counts = Record<string, { count: number }>;
/** The suppressions file: per relative path, per rule id, the number of errors tolerated. */
export type Suppressions = Record<string, Counts>;

function errorCounts(messages: readonly Linter.LintMessage[]): Counts {
  const counts: Counts = {};
  for (const message of messages) {
    if (message.severity !== 2 || !message.ruleId) continue;
    (counts[message.ruleId] ??= { count: 0 }).count++;
  }
  return counts;
}

/** JSON with keys sorted at every level, as ESLint writes the file (stable diffs). */
function stableJson(value: Suppressions): string {
  const sorted = Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((file) => [file, Object.fromEntries(Object.keys(value[file]!).sort().map((rule) => [rule, value[file]![rule]]))]),
  );
  return JSON.stringify(sorted, null, 2);
}

/**
 * Reads a suppressions file; `{}` when it does not exist. A file that is not valid JSON is a usage error.
 * @example loadSuppressions('/repo/eslint-suppressions.json') // { 'src/db.ts': { 'pooler/no-session-set': { count: 2 } } }
 */
export function loadSuppressions(file: string): Suppressions {
  if (!existsSync(file)) return {};
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as Suppressions;
  } catch {
    // reported below
  }
  throw new UsageError(`the suppressions file ${file} is not a valid suppressions file.`);
}

/**
 * Applies suppressions: moves the errors of each (file, rule) whose count is within the recorded count into
 * `suppressedMessages`, and recounts. Returns the new results and the suppressions left unused.
 * @example applySuppressions(results, loadSuppressions(file), cwd).results
 */
export function applySuppressions(
  results: readonly ESLint.LintResult[],
  suppressions: Suppressions,
  cwd: string,
): { results: ESLint.LintResult[]; unused: Suppressions } {
  const unused: Suppressions = {};
  const seen = new Set<string>();
  const out = results.map((result) => {
    const file = relativePath(cwd, result.filePath);
    seen.add(file);
    const recorded = suppressions[file];
    if (!recorded) return result;
    const counts = errorCounts(result.messages);
    const suppressed = new Set<string>();
    for (const [rule, { count }] of Object.entries(recorded)) {
      const found = counts[rule]?.count ?? 0;
      if (found > 0 && found <= count) suppressed.add(rule);
      if (found < count) (unused[file] ??= {})[rule] = { count: count - found };
    }
    if (suppressed.size === 0) return result;
    const isSuppressed = (m: Linter.LintMessage) => m.ruleId !== null && suppressed.has(m.ruleId);
    const messages = result.messages.filter((m) => !isSuppressed(m));
    const moved = result.messages.filter(isSuppressed).map((m) => ({ ...m, suppressions: [{ kind: 'file', justification: '' }] }));
    return recount({ ...result, messages, suppressedMessages: [...result.suppressedMessages, ...moved] });
  });
  for (const [file, counts] of Object.entries(suppressions)) if (!seen.has(file)) unused[file] = counts;
  return { results: out, unused };
}

/**
 * Recomputes a result's counters from its messages.
 * @example recount({ ...result, messages: [] }).errorCount // 0
 */
export function recount(result: ESLint.LintResult): ESLint.LintResult {
  const errors = result.messages.filter((m) => m.severity === 2);
  const warnings = result.messages.filter((m) => m.severity === 1);
  return {
    ...result,
    errorCount: errors.length,
    fatalErrorCount: errors.filter((m) => m.fatal).length,
    warningCount: warnings.length,
    fixableErrorCount: errors.filter((m) => m.fix).length,
    fixableWarningCount: warnings.filter((m) => m.fix).length,
  };
}

/**
 * Records every current error (`--suppress-all`), keeping entries for files this run did not see.
 * @example suppressAll(results, file, cwd)
 */
export function suppressAll(results: readonly ESLint.LintResult[], file: string, cwd: string): void {
  const suppressions = loadSuppressions(file);
  for (const result of results) {
    const counts = errorCounts(result.messages);
    if (Object.keys(counts).length > 0) suppressions[relativePath(cwd, result.filePath)] = counts;
  }
  writeFileSync(file, stableJson(suppressions));
}

/**
 * Drops suppressions that no longer match an error (`--prune-suppressions`) and files that no longer exist.
 * @example pruneSuppressions(results, file, cwd)
 */
export function pruneSuppressions(results: readonly ESLint.LintResult[], file: string, cwd: string): void {
  const suppressions = loadSuppressions(file);
  const seen = new Map(results.map((result) => [relativePath(cwd, result.filePath), errorCounts(result.messages)]));
  const pruned: Suppressions = {};
  for (const [name, recorded] of Object.entries(suppressions)) {
    const current = seen.get(name);
    if (current === undefined) {
      if (existsSync(path.resolve(cwd, name))) pruned[name] = recorded;
      continue;
    }
    for (const [rule, { count }] of Object.entries(recorded)) {
      const found = current[rule]?.count ?? 0;
      if (found > 0) (pruned[name] ??= {})[rule] = { count: Math.min(count, found) };
    }
  }
  writeFileSync(file, stableJson(pruned));
}
