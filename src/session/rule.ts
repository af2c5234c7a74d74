/**
 * The shared body of the session-state rules: each rule names its hazards; the analysis, the profile
 * verdicts, the messages and the suggestions are the same for all of them.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import type { HazardId } from '../hazards.js';
import { poolerProfile } from '../settings.js';
import { getSessionAnalysis, type SessionFinding } from './index.js';
import { outsideTransaction, wordingOf } from './wording.js';

export type SessionMessageId = 'broken' | 'pinned' | 'needsSetting' | 'noEffectOutsideTransaction' | 'useTransactionScoped';

const MESSAGES: Record<SessionMessageId, string> = {
  broken: '`{{sql}}` {{what}}: under {{pooler}} it {{consequence}}. {{advice}}',
  pinned: '`{{sql}}` {{what}}: under {{pooler}} it {{consequence}}. {{advice}}',
  needsSetting: '`{{sql}}` {{what}}: under {{pooler}} it {{consequence}} unless the pooler sets `{{setting}}`. {{advice}}',
  noEffectOutsideTransaction: '`{{sql}}` runs outside a transaction, where it {{outside}}. {{advice}}',
  useTransactionScoped: '{{description}}',
};

const MAX_EXCERPT = 60;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EXCERPT ? `${flat.slice(0, MAX_EXCERPT - 1)}…` : flat;
}

export interface SessionRuleSpec {
  name: string;
  description: string;
  hazards: readonly HazardId[];
}

/**
 * A session-state rule reporting the given hazards.
 *
 * @example export default createSessionRule({ name: 'no-listen', description: '…', hazards: ['listen'] });
 */
export function createSessionRule(spec: SessionRuleSpec) {
  const hazards = new Set(spec.hazards);
  return createRule<[], SessionMessageId>({
    name: spec.name,
    meta: {
      type: 'problem',
      docs: { description: spec.description, recommended: true },
      hasSuggestions: true,
      messages: MESSAGES,
      schema: [],
    },
    defaultOptions: [],
    create(context) {
      return {
        Program() {
          const findings = getSessionAnalysis(context).findings.filter((f) => hazards.has(f.hazard));
          if (findings.length === 0) return;
          const profile = poolerProfile(context);
          const sourceCode = context.sourceCode;
          for (const finding of findings) {
            const sql = excerpt(finding.excerpt);
            const loc = {
              start: sourceCode.getLocFromIndex(finding.range[0]),
              end: sourceCode.getLocFromIndex(finding.range[1]),
            };
            const wording = wordingOf(finding.hazard, finding);
            const outside = finding.inTransaction ? undefined : outsideTransaction(finding.hazard);
            if (outside) {
              context.report({ loc, messageId: 'noEffectOutsideTransaction', data: { sql, outside, advice: wording.advice } });
              continue;
            }
            if (finding.direct) continue;
            const cell = profile.verdict(finding.hazard, {
              ...(finding.guc !== undefined ? { guc: finding.guc } : {}),
              ...(finding.parameter !== undefined ? { parameter: finding.parameter } : {}),
            });
            if (cell.verdict === 'ok') continue;
            const messageId = cell.verdict === 'needs-setting' ? 'needsSetting' : cell.verdict;
            context.report({
              loc,
              messageId,
              data: { sql, what: wording.what, pooler: profile.label, consequence: cell.consequence, setting: cell.setting ?? '', advice: wording.advice },
              suggest: suggestions(finding),
            });
          }
        },
      };
    },
  });
}

function suggestions(finding: SessionFinding): TSESLint.SuggestionReportDescriptor<SessionMessageId>[] {
  const edit = finding.edit;
  if (!edit) return [];
  return [
    {
      messageId: 'useTransactionScoped',
      data: { description: edit.description },
      fix: (fixer) => fixer.replaceTextRange(edit.range, edit.text),
    },
  ];
}
