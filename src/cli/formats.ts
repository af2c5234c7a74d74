/**
 * The output formats: `stylish` and `json` are ESLint's own formatters, `sarif` is SARIF 2.1.0 for GitHub code
 * scanning (./sarif.ts), `markdown` is the readiness report.
 */
import type { ESLint } from 'eslint';
import pc from 'picocolors';
import plugin from '../index.js';
import type { Format } from './args.js';
import { formatMarkdown } from './markdown.js';
import { poolSummaryLine, verdictLine, blockerCount, type RunReport } from './report.js';
import { formatSarif } from './sarif.js';

/**
 * The rule descriptions by full rule id, for the markdown report.
 * @example ruleDescriptions()['pooler/no-listen'] // 'Disallow LISTEN …'
 */
export function ruleDescriptions(): Record<string, string> {
  const namespace = plugin.meta.namespace;
  return Object.fromEntries(
    Object.entries(plugin.rules).map(([name, rule]) => [`${namespace}/${name}`, rule.meta.docs?.description ?? name]),
  );
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
      const verdict = blockerCount(report) === 0 ? colors.green(`✔ ${verdictLine(report)}`) : colors.red(`✖ ${verdictLine(report)}`);
      return `${body.trimEnd()}${body.trim() ? '\n\n' : ''}${poolSummaryLine(report)}\n${colors.bold(verdict)}\n`;
    }
  }
}
