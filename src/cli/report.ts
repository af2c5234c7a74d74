/**
 * What a run found, independent of the output format: blockers, counts per rule, the pool inventory against
 * the connection budget, and the verdict line.
 */
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { poolBudget, type Budget, type BudgetOptions } from '../pools/budget.js';
import type { PoolEntry } from './inventory-rule.js';

/** A run's results and everything the report says about them. */
export interface RunReport {
  cwd: string;
  results: ESLint.LintResult[];
  pools: PoolEntry[];
  budget: Budget;
  /** The profile's label: "a transaction-mode pooler", "RDS Proxy". */
  profileLabel: string;
  profileId: string;
  /**
   * Where the profile came from, when the repository's own pooler configuration had a say:
   * "profile pgbouncer (1.22.1, max_prepared_statements=200) from docker-compose.yml:12", then its notes.
   */
  profileOrigin?: string[];
  /** Plugin namespace, `pooler`: only its rules' errors are blockers. */
  namespace: string;
  /** Rule descriptions by full rule id. */
  ruleDescriptions: Readonly<Record<string, string>>;
  files: FileCounts;
  /**
   * Files given one by one on the command line (a pre-commit or lint-staged run): how many. The pool
   * inventory and the budget then cover only those files, not the whole project.
   */
  filesGiven?: number;
}

/** A file the run did not analyse (or analysed only in part), and why. */
export interface SkippedFile {
  /** Absolute path. */
  file: string;
  /** One sentence: "does not parse: …", "ignored by .gitignore", "analysis over its time budget". */
  reason: string;
}

/** What the run looked at: every format states these, and a skipped file keeps the verdict from "ready". */
export interface FileCounts {
  /** JS/TS files linted (those in `skipped` not counted). */
  code: number;
  /** `.sql` files scanned (those in `skipped` not counted). */
  sql: number;
  /** Deployment files read (Prisma schemas and configs, env files); absent in runs that read none. */
  deploy?: number;
  /** JS/TS files linted with type information (not those a tsconfig does not include, linted without). */
  typed: number;
  /** Files not analysed, with the reason. */
  skipped: SkippedFile[];
}

/**
 * Builds the report of a run; `budgetOptions` are the flags given (defaults filled in here).
 * @example createReport({ cwd, results, pools, budgetOptions: { instances: 4 }, … })
 */
export function createReport(input: Omit<RunReport, 'budget'> & { budgetOptions: BudgetOptions }): RunReport {
  const { budgetOptions, ...rest } = input;
  return { ...rest, budget: poolBudget(budgetOptions) };
}

/**
 * A blocker: an error reported by one of the plugin's rules (not a parse error, not a warning).
 * @example isBlocker({ ruleId: 'pooler/no-listen', severity: 2, … }, 'pooler') // true
 */
export function isBlocker(message: Linter.LintMessage, namespace: string): boolean {
  return message.severity === 2 && message.ruleId !== null && message.ruleId.startsWith(`${namespace}/`);
}

/** One finding with its file, for listings. */
export interface Finding {
  file: string;
  message: Linter.LintMessage;
}

/**
 * Every message of the report, sorted by file, line and column; paths relative to cwd with `/`.
 * @example findings(report)[0] // { file: 'src/db.ts', message: { ruleId: 'pooler/…', line: 4, … } }
 */
export function findings(report: RunReport): Finding[] {
  const list: Finding[] = [];
  for (const result of report.results) {
    const file = relativePath(report.cwd, result.filePath);
    for (const message of result.messages) list.push({ file, message });
  }
  return list.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.message.line - b.message.line ||
      a.message.column - b.message.column ||
      (a.message.ruleId ?? '').localeCompare(b.message.ruleId ?? ''),
  );
}

/**
 * A path relative to cwd, with forward slashes.
 * @example relativePath('/repo', '/repo/src/db.ts') // 'src/db.ts'
 */
export function relativePath(cwd: string, filePath: string): string {
  return path.relative(cwd, filePath).split(path.sep).join('/') || '.';
}

/**
 * The number of blockers.
 * @example blockerCount(report) // 3
 */
export function blockerCount(report: RunReport): number {
  return findings(report).filter((f) => isBlocker(f.message, report.namespace)).length;
}

/**
 * Blockers per rule id, sorted by rule id.
 * @example blockersByRule(report) // [{ ruleId: 'pooler/no-leaked-client', count: 1 }, …]
 */
export function blockersByRule(report: RunReport): Array<{ ruleId: string; count: number }> {
  const counts = new Map<string, number>();
  for (const { message } of findings(report)) {
    if (isBlocker(message, report.namespace)) counts.set(message.ruleId!, (counts.get(message.ruleId!) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([ruleId, count]) => ({ ruleId, count }));
}

/**
 * Errors moved to `suppressedMessages` by the baseline (not by `eslint-disable` comments).
 * @example suppressedCount(report) // 2
 */
export function suppressedCount(report: RunReport): number {
  const byBaseline = (m: Linter.SuppressedLintMessage) => m.severity === 2 && m.suppressions.some((s) => s.kind === 'file');
  return report.results.reduce((sum, result) => sum + result.suppressedMessages.filter(byBaseline).length, 0);
}

/** Totals of the pool inventory against the budget. */
export interface PoolTotals {
  /** Connections per process, counting the pools whose size is known. */
  perProcess: number;
  /** Pools whose size the files do not tell. */
  unknown: number;
  /** `perProcess × instances`. */
  atPeak: number;
  /** At peak, more than `maxConnections − reserved`. */
  over: boolean;
}

/**
 * The pools that serve the app and count in the budget: all but those in tests and scripts.
 * @example countedPools(report).map((p) => p.file) // ['src/db.ts']
 */
export function countedPools(report: Pick<RunReport, 'pools'>): PoolEntry[] {
  return report.pools.filter((pool) => pool.nonServing !== true);
}

/**
 * The pools in tests and scripts (`settings.pooler.nonServingFiles`): listed apart, never counted.
 * @example uncountedPools(report).map((p) => p.file) // ['scripts/seed.ts', 'test/db.test.ts']
 */
export function uncountedPools(report: RunReport): PoolEntry[] {
  return report.pools.filter((pool) => pool.nonServing === true);
}

/**
 * Sums the inventory: the pools that serve the app, not those in tests and scripts.
 * @example poolTotals(report) // { perProcess: 61, unknown: 0, atPeak: 244, over: true }
 */
export function poolTotals(report: Pick<RunReport, 'pools' | 'budget'>): PoolTotals {
  const pools = countedPools(report);
  const perProcess = pools.reduce((sum, pool) => sum + (pool.connections ?? 0), 0);
  const unknown = pools.filter((pool) => pool.connections === null).length;
  const atPeak = perProcess * report.budget.instances;
  return { perProcess, unknown, atPeak, over: atPeak > report.budget.available };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const BUDGET_RULE = 'pool-size-budget';

/**
 * The pools against the budget: `fits`; `over`; `accepted` (over, but the baseline suppresses the
 * pool-size-budget errors and none is left); `partial` (fits, but only files given one by one were read).
 * @example budgetState(report) // 'over'
 */
export function budgetState(report: RunReport): 'fits' | 'over' | 'accepted' | 'partial' {
  const ruleId = `${report.namespace}/${BUDGET_RULE}`;
  if (poolTotals(report).over) {
    const active = findings(report).some((f) => f.message.ruleId === ruleId && isBlocker(f.message, report.namespace));
    const baselined = report.results.some((r) => r.suppressedMessages.some((m) => m.ruleId === ruleId && m.suppressions.some((s) => s.kind === 'file')));
    return !active && baselined ? 'accepted' : 'over';
  }
  return report.filesGiven === undefined ? 'fits' : 'partial';
}

/** What keeps a run from "ready": blockers, pools over budget that no finding reports, files not analysed. */
function obstacles(report: RunReport): { blockers: number; overBudget: boolean; skipped: number } {
  const ruleId = `${report.namespace}/${BUDGET_RULE}`;
  const budgetBlocker = findings(report).some((f) => f.message.ruleId === ruleId && isBlocker(f.message, report.namespace));
  return { blockers: blockerCount(report), overBudget: budgetState(report) === 'over' && !budgetBlocker, skipped: report.files.skipped.length };
}

/**
 * Whether the run says "ready": no blocker, pools within the budget, every file analysed. Exit code 0.
 * @example isReady(report) // false
 */
export function isReady(report: RunReport): boolean {
  const { blockers, overBudget, skipped } = obstacles(report);
  return blockers === 0 && !overBudget && skipped === 0;
}

/**
 * The verdict: "ready for transaction pooling on <profile>", "N blockers for transaction pooling on <profile>",
 * or, when pools are over budget without a finding or files could not be analysed, "not ready for transaction
 * pooling on <profile>: …".
 * @example verdictLine(report) // 'not ready for transaction pooling on RDS Proxy: 1 blocker, 2 files could not be analysed'
 */
export function verdictLine(report: RunReport): string {
  const { blockers, overBudget, skipped } = obstacles(report);
  const on = `for transaction pooling on ${report.profileLabel}`;
  if (!overBudget && skipped === 0) return blockers === 0 ? `ready ${on}` : `${plural(blockers, 'blocker')} ${on}`;
  const reasons = [
    ...(blockers > 0 ? [plural(blockers, 'blocker')] : []),
    ...(overBudget ? ['the pools together are over the connection budget'] : []),
    ...(skipped > 0 ? [`${plural(skipped, 'file')} could not be analysed`] : []),
  ];
  return `not ready ${on}: ${reasons.join(', ')}`;
}

/**
 * What the run analysed, for every format; `detail` goes before the first full stop.
 * @example filesLine(report) // 'Analysed 12 JS/TS files (9 with type information) and 2 SQL files.'
 * @example filesLine(reportWithPrisma) // 'Analysed 4 JS/TS files (4 with type information), 0 SQL files and 2 deployment files.'
 */
export function filesLine(report: RunReport, detail = ''): string {
  const { code, sql, typed, skipped, deploy = 0 } = report.files;
  const notAnalysed = skipped.length > 0 ? ` Not analysed: ${plural(skipped.length, 'file')}.` : '';
  const files = deploy > 0 ? `, ${plural(sql, 'SQL file')} and ${plural(deploy, 'deployment file')}` : ` and ${plural(sql, 'SQL file')}`;
  return `Analysed ${plural(code, 'JS/TS file')} (${typed} with type information)${files}${detail}.${notAnalysed}`;
}

/**
 * Where the profile came from, when the repository's pooler configuration had a say: "Pooler: profile … from
 * …." then its notes; empty otherwise.
 * @example profileOriginLines(report) // ['Pooler: profile pgbouncer (1.22.1) from docker-compose.yml:7.', 'No pool_mode is set: …']
 */
export function profileOriginLines(report: RunReport): string[] {
  const [origin, ...notes] = report.profileOrigin ?? [];
  return origin === undefined ? [] : [`Pooler: ${origin}.`, ...notes];
}

/**
 * The files not analysed, one `path: reason` each, paths relative to cwd.
 * @example skippedLines(report) // ['src/broken.ts: does not parse: Expression expected. (line 3)']
 */
export function skippedLines(report: RunReport): string[] {
  return report.files.skipped.map(({ file, reason }) => `${relativePath(report.cwd, file)}: ${reason}`);
}

/**
 * In a run over files given one by one, what the pool inventory covers; undefined otherwise.
 * @example scopeLine(report) // 'The pool inventory covers the 3 files given, not the whole project: run pooler-lint on the project for the budget.'
 */
export function scopeLine(report: RunReport): string | undefined {
  if (report.filesGiven === undefined) return undefined;
  const given = report.filesGiven === 1 ? 'the file given' : `the ${report.filesGiven} files given`;
  return `The pool inventory covers ${given}, not the whole project: run pooler-lint on the project for the budget.`;
}

/**
 * One line on the pools and the budget, for the stylish output; the pools in tests and scripts as a count.
 * @example poolSummaryLine(report) // 'Pools: 3 configurations, 61 connections per process, 244 at peak (4 instances); 90 available (max_connections 100 − 10 reserved). Not counted: 2 pools in tests and scripts.'
 */
export function poolSummaryLine(report: RunReport): string {
  const totals = poolTotals(report);
  const { budget } = report;
  const unknown = totals.unknown > 0 ? ` + ${totals.unknown} of unknown size` : '';
  const state = budgetState(report);
  const mark = state === 'over' ? ' — over budget' : state === 'accepted' ? ' — over budget, accepted by the baseline' : '';
  const uncounted = uncountedPools(report).length;
  const apart = uncounted > 0 ? ` Not counted: ${plural(uncounted, 'pool')} in tests and scripts.` : '';
  return (
    `Pools: ${plural(countedPools(report).length, 'configuration')}, ${totals.perProcess} connections per process${unknown}, ` +
    `${totals.atPeak} at peak (${plural(budget.instances, 'instance')}); ${budget.available} available ` +
    `(max_connections ${budget.maxConnections} − ${budget.reserved} reserved)${mark}.${apart}`
  );
}
