/**
 * `.sql` files (migrations, seeds, scripts) scanned with the SQL engine and reported as ESLint results, under
 * the rule that reports the same hazard in code, so formats, suppressions and counts treat them alike.
 */
import type { ESLint, Linter } from 'eslint';
import { HAZARDS, TRANSACTION_SCOPED, type HazardId } from '../hazards.js';
import type { ResolvedProfile } from '../profiles/index.js';
import { formatMessage, reportOf, ruleOfHazard, type SessionRuleName } from '../session/report.js';
import { analyzeSql } from '../sql/index.js';

/** Hazards only driver APIs and configs have: a `.sql` file cannot hold them. */
const API_HAZARDS: ReadonlySet<HazardId> = new Set(['named-prepared-statement', 'startup-parameter', 'session-hook']);

/**
 * Which rule reports which SQL hazard in a `.sql` file: the session rules' own mapping, without the API-only
 * hazards and the transaction-scoped forms (migration runners wrap each file in a transaction).
 */
export const SQL_HAZARD_RULES: Readonly<Partial<Record<HazardId, SessionRuleName>>> = (() => {
  const map: Partial<Record<HazardId, SessionRuleName>> = {};
  for (const hazard of Object.keys(HAZARDS) as HazardId[]) {
    const rule = ruleOfHazard(hazard);
    if (rule && !API_HAZARDS.has(hazard) && !TRANSACTION_SCOPED.has(hazard)) map[hazard] = rule;
  }
  return map;
})();

/** 1-based line and column of each offset, computed once per text. */
function locator(text: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
}

/** What a `.sql` scan needs: the profile for verdicts, and the rule ids ESLint has switched on. */
export interface SqlScanContext {
  profile: ResolvedProfile;
  /** Full rule ids (`pooler/no-session-set`) that are enabled. */
  enabledRules: ReadonlySet<string>;
  namespace: string;
}

const SQL_FILE_ADVICE = ' Or run this file over a direct connection (`--sql-direct`).';

/**
 * The messages for one `.sql` file's text: one per hazard that a registered rule owns and that the profile does
 * not call `ok`, worded as the rule words it in code.
 * @example sqlMessages('SET statement_timeout = 0;', ctx) // [{ ruleId: 'pooler/no-session-set', line: 1, … }]
 */
export function sqlMessages(text: string, context: SqlScanContext): Linter.LintMessage[] {
  const analysis = analyzeSql(text);
  const at = locator(analysis.text);
  const messages: Linter.LintMessage[] = [];
  for (const finding of analysis.findings) {
    const rule = SQL_HAZARD_RULES[finding.hazard];
    if (rule === undefined) continue;
    const ruleId = `${context.namespace}/${rule}`;
    if (!context.enabledRules.has(ruleId)) continue;
    const report = reportOf(context.profile, {
      ...finding,
      excerpt: analysis.text.slice(finding.start, finding.end),
      inTransaction: true,
      direct: false,
    });
    if (!report) continue;
    const start = at(finding.start);
    const end = at(finding.end);
    messages.push({
      ruleId,
      severity: 2,
      message: formatMessage(report.messageId, report.data) + SQL_FILE_ADVICE,
      messageId: report.messageId,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    });
  }
  return messages;
}

/**
 * An ESLint-shaped result for one `.sql` file, so every formatter and the suppressions file handle it.
 * @example sqlResult('/repo/migrations/001.sql', messages)
 */
export function sqlResult(filePath: string, messages: Linter.LintMessage[]): ESLint.LintResult {
  const errorCount = messages.filter((m) => m.severity === 2).length;
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount,
    fatalErrorCount: 0,
    warningCount: messages.length - errorCount,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}
