/**
 * The readiness report for a pull-request comment: verdict, blockers by hazard, the pool inventory against the
 * connection budget, and the findings. Deterministic: sorted, relative paths, no timings.
 */
import {
  blockerCount,
  blockersByRule,
  findings,
  isBlocker,
  poolTotals,
  suppressedCount,
  verdictLine,
  type RunReport,
} from './report.js';

/** Escapes text for a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks inside the text. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = fence.length > 1 ? ' ' : '';
  return `${fence}${pad}${cell(text)}${pad}${fence}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function hazardSection(report: RunReport): string[] {
  const rows = blockersByRule(report);
  if (rows.length === 0) return [];
  return [
    '### Blockers by hazard',
    '',
    '| Hazard | Rule | Blockers |',
    '| --- | --- | ---: |',
    ...rows.map(({ ruleId, count }) => `| ${cell(report.ruleDescriptions[ruleId] ?? ruleId)} | ${code(ruleId)} | ${count} |`),
    '',
  ];
}

function inventorySection(report: RunReport): string[] {
  const { budget } = report;
  const totals = poolTotals(report);
  const lines = ['### Pool inventory', ''];
  if (report.pools.length === 0) {
    lines.push('No pool or client creation found.', '');
    return lines;
  }
  lines.push('| Location | Driver | Size | Connections |', '| --- | --- | --- | ---: |');
  for (const pool of report.pools) {
    const what = `${pool.driver} ${pool.role}`;
    const size = pool.origin === 'driver-default' || pool.role === 'client' || pool.connections === null ? pool.size : code(pool.size);
    lines.push(`| ${code(`${pool.file}:${pool.line}`)} | ${what} | ${size} | ${pool.connections ?? '?'} |`);
  }
  const unknown = totals.unknown > 0 ? ` + ${totals.unknown} unknown` : '';
  lines.push(
    `| **Per process** | | | **${totals.perProcess}${unknown}** |`,
    `| **At peak (${plural(budget.instances, 'instance')})** | | | **${totals.atPeak}${unknown}** |`,
    '',
  );
  const mark = totals.over ? '❌' : '✅';
  const against =
    `${mark} At peak the pools open up to ${totals.atPeak} connections; ${budget.available} are available ` +
    `(\`max_connections\` ${budget.maxConnections} − ${budget.reserved} reserved), ${budget.perProcess} per process.`;
  lines.push(totals.over ? `${against} Over by ${totals.atPeak - budget.available}.` : against, '');
  return lines;
}

function findingsSection(report: RunReport): string[] {
  const list = findings(report);
  if (list.length === 0) return [];
  const lines = ['### Findings', '', '| Location | Rule | Message |', '| --- | --- | --- |'];
  for (const { file, message } of list) {
    const rule = message.ruleId ? code(message.ruleId) : message.fatal ? 'parse error' : '';
    const level = isBlocker(message, report.namespace) ? '' : ' (not a blocker)';
    lines.push(`| ${code(`${file}:${message.line}:${message.column}`)} | ${rule}${level} | ${cell(message.message)} |`);
  }
  lines.push('');
  return lines;
}

/**
 * The markdown readiness report.
 * @example formatMarkdown(report).split('\n')[0] // '## ❌ pooler-lint: 12 blockers for transaction pooling on a transaction-mode pooler'
 */
export function formatMarkdown(report: RunReport): string {
  const blockers = blockerCount(report);
  const suppressed = suppressedCount(report);
  const scanned =
    `Scanned ${plural(report.files.code, 'JS/TS file')} and ${plural(report.files.sql, 'SQL file')} ` +
    `with profile \`${report.profileId}\`.` +
    (suppressed > 0 ? ` ${plural(suppressed, 'error')} suppressed by the baseline.` : '');
  return [
    `## ${blockers === 0 ? '✅' : '❌'} pooler-lint: ${verdictLine(report)}`,
    '',
    scanned,
    '',
    ...hazardSection(report),
    ...inventorySection(report),
    ...findingsSection(report),
  ].join('\n');
}
