/**
 * `.sql` files (migrations, seeds, scripts) scanned with the SQL engine and reported as ESLint results, under
 * the rule that reports the same hazard in code, so formats, suppressions and counts treat them alike.
 */
import type { ESLint, Linter } from 'eslint';
import { HAZARDS, TRANSACTION_SCOPED, type HazardId } from '../hazards.js';
import type { ResolvedProfile } from '../profiles/index.js';
import { analyzeSql } from '../sql/index.js';

/**
 * Which rule reports which SQL hazard, the one place the CLI keeps it. Hazards with no entry (NOTIFY,
 * transaction blocks, transaction-scoped forms) are not reported from `.sql` files.
 */
export const SQL_HAZARD_RULES: Readonly<Partial<Record<HazardId, string>>> = {
  'session-set': 'no-session-set',
  'session-advisory-lock': 'no-session-advisory-lock',
  listen: 'no-listen',
  'sql-prepare': 'no-named-prepared-statements',
  discard: 'no-session-state',
  'temp-object': 'no-session-state',
  'cursor-with-hold': 'no-session-state',
  load: 'no-session-state',
};

const MAX_EXCERPT = 60;

/** The statement as a message quotes it: comments dropped, whitespace folded, at most 60 characters. */
function excerpt(text: string): string {
  const flat = text
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > MAX_EXCERPT ? `${flat.slice(0, MAX_EXCERPT - 1)}…` : flat;
}

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

/**
 * The messages for one `.sql` file's text: one per hazard that a registered rule owns and that the profile does
 * not call `ok`. Transaction-scoped forms are left alone (migration runners wrap each file in a transaction).
 * @example sqlMessages('SET statement_timeout = 0;', ctx) // [{ ruleId: 'pooler/no-session-set', line: 1, … }]
 */
export function sqlMessages(text: string, context: SqlScanContext): Linter.LintMessage[] {
  const analysis = analyzeSql(text);
  const at = locator(analysis.text);
  const messages: Linter.LintMessage[] = [];
  for (const finding of analysis.findings) {
    const rule = SQL_HAZARD_RULES[finding.hazard];
    if (rule === undefined || TRANSACTION_SCOPED.has(finding.hazard)) continue;
    const ruleId = `${context.namespace}/${rule}`;
    if (!context.enabledRules.has(ruleId)) continue;
    const cell = context.profile.verdict(finding.hazard, finding.guc === undefined ? {} : { guc: finding.guc });
    if (cell.verdict === 'ok') continue;
    const sql = excerpt(analysis.text.slice(finding.start, finding.end));
    const unless = cell.verdict === 'needs-setting' && cell.setting ? ` unless the pooler sets \`${cell.setting}\`` : '';
    const start = at(finding.start);
    const end = at(finding.end);
    messages.push({
      ruleId,
      severity: 2,
      message: `\`${sql}\` is a ${HAZARDS[finding.hazard]}: under ${context.profile.label} it ${cell.consequence}${unless}. Run this file over a direct connection, or use a transaction-scoped form.`,
      messageId: cell.verdict === 'needs-setting' ? 'needsSetting' : cell.verdict,
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
