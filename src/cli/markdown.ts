/**
 * The readiness report for a pull-request comment: verdict, blockers by hazard, the pool inventory against the
 * connection budget, and the findings. Deterministic: sorted, relative paths, no timings.
 */
import {
  blockersByRule,
  budgetState,
  countedPools,
  filesLine,
  findings,
  profileOriginLines,
  isBlocker,
  isReady,
  poolTotals,
  relativePath,
  scopeLine,
  suppressedCount,
  uncountedPools,
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

/** How many pools in tests and scripts the report names before "and N more". */
const UNCOUNTED_SHOWN = 10;

/** The pools in tests and scripts, on one line: where they are, never summed. */
function uncountedLines(report: RunReport): string[] {
  const pools = uncountedPools(report);
  if (pools.length === 0) return [];
  const shown = pools.slice(0, UNCOUNTED_SHOWN).map((pool) => `${code(`${pool.file}:${pool.line}`)} (${pool.driver} ${pool.role})`);
  const more = pools.length > UNCOUNTED_SHOWN ? ` and ${pools.length - UNCOUNTED_SHOWN} more` : '';
  return [`Pools in tests and scripts (not counted): ${shown.join(', ')}${more}.`, ''];
}

function inventorySection(report: RunReport): string[] {
  const { budget } = report;
  const totals = poolTotals(report);
  const lines = ['### Pool inventory', ''];
  const counted = countedPools(report);
  if (counted.length === 0) {
    const scope = scopeLine(report);
    const where = `${report.filesGiven === undefined ? '' : ' in these files'}${report.pools.length > 0 ? ' outside tests and scripts' : ''}`;
    lines.push(`No pool or client creation found${where}.`, '', ...uncountedLines(report), ...(scope ? [scope, ''] : []));
    return lines;
  }
  lines.push('| Location | Driver | Size | Connections |', '| --- | --- | --- | ---: |');
  for (const pool of counted) {
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
  const state = budgetState(report);
  const mark = { fits: '✅', over: '❌', accepted: '⚠️', partial: 'ℹ️' }[state];
  const against =
    `${mark} At peak the pools ${state === 'partial' ? 'of these files ' : ''}open up to ${totals.atPeak} connections; ` +
    `${budget.available} are available (\`max_connections\` ${budget.maxConnections} − ${budget.reserved} reserved), ${budget.perProcess} per process.`;
  const over = ` Over by ${totals.atPeak - budget.available}`;
  const verdict = { fits: '', over: `${over}.`, accepted: `${over}, accepted by the baseline (its pool-size-budget errors are suppressed).`, partial: '' }[state];
  lines.push(`${against}${verdict}`, '', ...uncountedLines(report));
  const scope = scopeLine(report);
  if (scope) lines.push(scope, '');
  return lines;
}

function skippedSection(report: RunReport): string[] {
  const { skipped } = report.files;
  if (skipped.length === 0) return [];
  const rows = skipped.map(({ file, reason }) => `- ${code(relativePath(report.cwd, file))}: ${cell(reason)}`);
  return ['### Not analysed', '', 'No finding in these files means nothing: they were not analysed.', '', ...rows, ''];
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
  const suppressed = suppressedCount(report);
  const scanned =
    filesLine(report, ` with profile \`${report.profileId}\``) +
    (suppressed > 0 ? ` ${plural(suppressed, 'error')} suppressed by the baseline.` : '');
  const [origin, ...notes] = profileOriginLines(report);
  return [
    `## ${isReady(report) ? '✅' : '❌'} pooler-lint: ${verdictLine(report)}`,
    '',
    scanned,
    '',
    ...(origin === undefined ? [] : [origin, ...notes.map((note) => `- ${note}`), '']),
    ...hazardSection(report),
    ...skippedSection(report),
    ...inventorySection(report),
    ...findingsSection(report),
  ].join('\n');
}
