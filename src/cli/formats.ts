/**
 * The output formats: `stylish` and `json` are ESLint's own formatters, `sarif` is SARIF 2.1.0 for GitHub code
 * scanning (./sarif.ts), `markdown` is the readiness report.
 */
import type { ESLint } from 'eslint';
import pc from 'picocolors';
import plugin from '../index.js';
import type { Format } from './args.js';
import { deployRuleDescriptions } from './deploy-files.js';
import { formatMarkdown } from './markdown.js';
import { filesLine, isReady, poolSummaryLine, profileOriginLines, scopeLine, skippedLines, verdictLine, type RunReport } from './report.js';
import { formatSarif } from './sarif.js';

/**
 * The rule descriptions by full rule id, for the markdown report.
 * @example ruleDescriptions()['pooler/no-listen'] // 'Disallow LISTEN …'
 */
export function ruleDescriptions(): Record<string, string> {
  const namespace = plugin.meta.namespace;
  return {
    ...Object.fromEntries(Object.entries(plugin.rules).map(([name, rule]) => [`${namespace}/${name}`, rule.meta.docs?.description ?? name])),
    ...deployRuleDescriptions(namespace),
  };
}

/**
 * For the machine formats (`json`, `sarif`), whose stdout stays the format alone: what the run analysed, what
 * it did not and why, and the verdict, as one line for stderr. With `quiet`, only when files were not analysed.
 * @example machineNotice(report, false) // 'Analysed 3 JS/TS files (3 with type information) and 0 SQL files. ready for …'
 */
export function machineNotice(report: RunReport, quiet: boolean): string | undefined {
  const skipped = skippedLines(report);
  if (quiet && skipped.length === 0) return undefined;
  const parts = [filesLine(report), ...profileOriginLines(report).slice(0, 1), ...skipped.map((line) => `${line}.`), scopeLine(report), `Verdict: ${verdictLine(report)}.`];
  return parts.filter((part) => part !== undefined).join(' ');
}

/**
 * Formats a run's report. `eslint` loads ESLint's built-in formatters; `color` applies to stylish only.
 * @example await formatReport(report, 'json', { eslint, color: false })
 */
export async function formatReport(
  report: RunReport,
  format: Format,
  options: { eslint: ESLint; color: boolean },
): Promise<string> {
  switch (format) {
    case 'markdown':
      return formatMarkdown(report);
    case 'sarif':
      return formatSarif(report);
    case 'json': {
      const formatter = await options.eslint.loadFormatter('json');
      return `${await formatter.format(report.results, {})}\n`;
    }
    case 'stylish': {
      const formatter = await options.eslint.loadFormatter('stylish');
      const body = await formatter.format(report.results, { color: options.color });
      const colors = pc.createColors(options.color);
      const verdict = isReady(report) ? colors.green(`✔ ${verdictLine(report)}`) : colors.red(`✖ ${verdictLine(report)}`);
      const [origin, ...notes] = profileOriginLines(report);
      const summary = [poolSummaryLine(report), scopeLine(report), filesLine(report), ...skippedLines(report).map((line) => `  ${line}`), origin, ...notes.map((note) => `  ${note}`)];
      return `${body.trimEnd()}${body.trim() ? '\n\n' : ''}${summary.filter((line) => line !== undefined).join('\n')}\n${colors.bold(verdict)}\n`;
    }
  }
}
