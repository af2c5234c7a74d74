/**
 * What a session rule says about a finding under a pooler profile: its message id and data. Shared by
 * the rules and by `pooler-lint`'s `.sql` scan, so a hazard reads the same wherever it is found.
 */
import type { HazardId } from '../hazards.js';
import type { ResolvedProfile } from '../profiles/index.js';
import { outsideTransaction, wordingOf, type WordingDetail } from './wording.js';

export type SessionMessageId = 'broken' | 'pinned' | 'needsSetting' | 'noEffectOutsideTransaction' | 'suggestEdit';

/** The message templates of every session rule. */
export const SESSION_MESSAGES: Readonly<Record<SessionMessageId, string>> = {
  broken: '`{{sql}}` {{what}}: under {{pooler}} it {{consequence}}. {{advice}}',
  pinned: '`{{sql}}` {{what}}: under {{pooler}} it {{consequence}}. {{advice}}',
  needsSetting: '`{{sql}}` {{what}}: under {{pooler}} it {{consequence}} unless the pooler sets `{{setting}}`. {{advice}}',
  noEffectOutsideTransaction: '`{{sql}}` runs outside a transaction, where it {{outside}}. {{advice}}',
  suggestEdit: '{{description}}',
};

/** The session rules and the hazards each reports: the one place this mapping lives. */
export const SESSION_RULE_HAZARDS = {
  'no-session-set': ['session-set', 'transaction-set', 'session-hook'],
  'no-session-advisory-lock': ['session-advisory-lock', 'xact-advisory-lock'],
  'no-listen': ['listen'],
  'no-named-prepared-statements': ['named-prepared-statement', 'sql-prepare'],
  'no-session-state': ['temp-object', 'temp-on-commit-drop', 'cursor-with-hold', 'cursor', 'load', 'discard'],
  'no-unsupported-startup-parameter': ['startup-parameter'],
} as const satisfies Record<string, readonly HazardId[]>;

export type SessionRuleName = keyof typeof SESSION_RULE_HAZARDS;

/**
 * The session rule that reports a hazard, if any.
 * @example ruleOfHazard('temp-object') // 'no-session-state'
 */
export function ruleOfHazard(hazard: HazardId): SessionRuleName | undefined {
  return (Object.keys(SESSION_RULE_HAZARDS) as SessionRuleName[]).find((rule) =>
    (SESSION_RULE_HAZARDS[rule] as readonly HazardId[]).includes(hazard),
  );
}

const MAX_EXCERPT = 60;

/** The statement as a message quotes it: comments dropped, whitespace folded, at most 60 characters. */
export function excerpt(text: string): string {
  const flat = text
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > MAX_EXCERPT ? `${flat.slice(0, MAX_EXCERPT - 1)}…` : flat;
}

/** What is known of a finding for its message. */
export interface ReportableFinding extends WordingDetail {
  hazard: HazardId;
  excerpt: string;
  inTransaction: boolean;
  /** Through a direct (unpooled) connection. */
  direct: boolean;
  /** A SQL-level prepared statement prepared and deallocated within one simple-protocol query string. */
  closedInText?: boolean;
}

/**
 * The report for a finding under a profile, or `undefined` when there is nothing to say: the profile
 * calls it `ok`, or it runs over a direct connection, or it is a prepared statement its own query
 * string prepares and deallocates (one round trip on one server connection; only a pooler that pins on
 * the statement text itself still minds). Transaction-scoped statements outside a transaction are
 * reported whatever the pooler (they do nothing anywhere).
 *
 * @example reportOf(profile, { hazard: 'listen', excerpt: 'LISTEN jobs', inTransaction: false, direct: false })
 *   // { messageId: 'broken', data: { sql: 'LISTEN jobs', … } }
 */
export function reportOf(
  profile: ResolvedProfile,
  finding: ReportableFinding,
): { messageId: SessionMessageId; data: Record<string, string> } | undefined {
  const sql = excerpt(finding.excerpt);
  const wording = wordingOf(finding.hazard, finding);
  const outside = finding.inTransaction ? undefined : outsideTransaction(finding.hazard);
  if (outside) return { messageId: 'noEffectOutsideTransaction', data: { sql, outside, advice: wording.advice } };
  if (finding.direct) return undefined;
  const cell = profile.verdict(finding.hazard, {
    ...(finding.guc !== undefined ? { guc: finding.guc } : {}),
    ...(finding.parameter !== undefined ? { parameter: finding.parameter } : {}),
  });
  if (cell.verdict === 'ok' || (finding.closedInText && cell.verdict !== 'pinned')) return undefined;
  return {
    messageId: cell.verdict === 'needs-setting' ? 'needsSetting' : cell.verdict,
    data: {
      sql,
      what: wording.what,
      pooler: profile.label,
      consequence: cell.verdict === 'pinned' ? cell.consequence : (wording.consequence ?? cell.consequence),
      setting: cell.setting ?? '',
      advice: wording.advice,
    },
  };
}

/**
 * A message template filled with its data, as ESLint does it.
 * @example formatMessage('broken', data) // '`LISTEN jobs` registers a listener …'
 */
export function formatMessage(messageId: SessionMessageId, data: Readonly<Record<string, string>>): string {
  return SESSION_MESSAGES[messageId].replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}
