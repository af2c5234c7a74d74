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
  /** Plugin namespace, `pooler`: only its rules' errors are blockers. */
  namespace: string;
  /** Rule descriptions by full rule id. */
  ruleDescriptions: Readonly<Record<string, string>>;
  files: FileCounts;
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
  /** JS/TS files linted. */
  code: number;
  /** `.sql` files scanned. */
  sql: number;
  /** JS/TS files linted with type information. */
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
 * Sums the inventory.
 * @example poolTotals(report) // { perProcess: 61, unknown: 0, atPeak: 244, over: true }
 */
export function poolTotals(report: RunReport): PoolTotals {
  const perProcess = report.pools.reduce((sum, pool) => sum + (pool.connections ?? 0), 0);
  const unknown = report.pools.filter((pool) => pool.connections === null).length;
  const atPeak = perProcess * report.budget.instances;
  return { perProcess, unknown, atPeak, over: atPeak > report.budget.available };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The verdict: "ready for transaction pooling on <profile>" or "N blockers for transaction pooling on <profile>".
 * @example verdictLine(report) // '3 blockers for transaction pooling on a transaction-mode pooler'
 */
export function verdictLine(report: RunReport): string {
  const blockers = blockerCount(report);
  const on = `for transaction pooling on ${report.profileLabel}`;
  return blockers === 0 ? `ready ${on}` : `${plural(blockers, 'blocker')} ${on}`;
}

/**
 * One line on the pools and the budget, for the stylish output.
 * @example poolSummaryLine(report) // 'Pools: 3 configurations, 61 connections per process, 244 at peak (4 instances); 90 available (max_connections 100 − 10 reserved).'
 */
export function poolSummaryLine(report: RunReport): string {
  const totals = poolTotals(report);
  const { budget } = report;
  const unknown = totals.unknown > 0 ? ` + ${totals.unknown} of unknown size` : '';
  return (
    `Pools: ${plural(report.pools.length, 'configuration')}, ${totals.perProcess} connections per process${unknown}, ` +
    `${totals.atPeak} at peak (${plural(budget.instances, 'instance')}); ${budget.available} available ` +
    `(max_connections ${budget.maxConnections} − ${budget.reserved} reserved)${totals.over ? ' — over budget' : ''}.`
  );
}
