/**
 * The shared body of the session-state rules: each rule is named; its hazards, the analysis, the
 * profile verdicts, the messages and the suggestions are the same machinery for all of them.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import type { HazardId } from '../hazards.js';
import { poolerProfile } from '../settings.js';
import { getSessionAnalysis, type SessionFinding } from './index.js';
import { reportOf, SESSION_MESSAGES, SESSION_RULE_HAZARDS, type SessionMessageId, type SessionRuleName } from './report.js';

export type { SessionMessageId } from './report.js';

export interface SessionRuleSpec {
  name: SessionRuleName;
  description: string;
}

/**
 * A session-state rule reporting the hazards `SESSION_RULE_HAZARDS` gives it.
 *
 * @example export default createSessionRule({ name: 'no-listen', description: '…' });
 */
export function createSessionRule(spec: SessionRuleSpec) {
  const hazards = new Set<HazardId>(SESSION_RULE_HAZARDS[spec.name]);
  return createRule<[], SessionMessageId>({
    name: spec.name,
    meta: {
      type: 'problem',
      docs: { description: spec.description, recommended: true },
      hasSuggestions: true,
      messages: SESSION_MESSAGES,
      schema: [],
    },
    create(context) {
      return {
        Program() {
          const findings = getSessionAnalysis(context).findings.filter((f) => hazards.has(f.hazard));
          if (findings.length === 0) return;
          const profile = poolerProfile(context);
          const sourceCode = context.sourceCode;
          for (const finding of findings) {
            const report = reportOf(profile, finding);
            if (!report) continue;
            context.report({
              loc: {
                start: sourceCode.getLocFromIndex(finding.range[0]),
                end: sourceCode.getLocFromIndex(finding.range[1]),
              },
              ...report,
              suggest: report.messageId === 'noEffectOutsideTransaction' ? [] : suggestions(finding),
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
      messageId: 'suggestEdit',
      data: { description: edit.description },
      fix: (fixer) => fixer.replaceTextRange(edit.range, edit.text),
    },
  ];
}
