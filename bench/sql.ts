/**
 * `npm run bench:sql`: the SQL engine against the annotated corpus in fixtures/sql/.
 *
 * For libpg-query (PostgreSQL's parser, as the engine uses it) and for pgsql-ast-parser (kept only as
 * a baseline, classified with a simple node-type mapping): how many corpus entries parse, how many
 * are classified exactly as annotated, and the parse time per entry (median of several runs). Then
 * the engine's own throughput, cold (cache cleared before each run) and cached. Prints markdown.
 */
import { parse as astParse } from 'pgsql-ast-parser';
import { analyzeSql, clearSqlCache } from '../src/sql/index.js';
import { parseSql } from '../src/sql/pg-parser.js';
import { analysisItems, loadCorpus, type CorpusEntry } from '../test/sql/corpus.js';

const RUNS = 7;

/** Median over `RUNS` runs of the time `work` takes, in µs per entry. */
function microsPerEntry(entries: readonly CorpusEntry[], work: (entry: CorpusEntry) => void, before?: () => void): number {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    before?.();
    const start = performance.now();
    for (const entry of entries) work(entry);
    samples.push(((performance.now() - start) * 1000) / entries.length);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(RUNS / 2)]!;
}

function sameItems(actual: string[], expected: string[]): boolean {
  return actual.length === expected.length && actual.every((item, i) => item === expected[i]);
}

// ---- pgsql-ast-parser baseline: node types → hazard items ----------------------------------------

type AstNode = Record<string, unknown>;

const SESSION_LOCKS = /^pg_(try_)?advisory_(lock|unlock)(_shared|_all)?$/;
const XACT_LOCKS = /^pg_(try_)?advisory_xact_lock(_shared)?$/;
const TRANSACTION_TYPES: Record<string, string> = {
  begin: 'tx(begin)',
  'start transaction': 'tx(begin)',
  commit: 'tx(commit)',
  rollback: 'tx(rollback)',
};

function callItems(root: unknown): string[] {
  const items: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== 'object') continue;
    stack.push(...(Array.isArray(value) ? value : Object.values(value)));
    const node = value as AstNode;
    if (node.type !== 'call') continue;
    const fn = node.function as { name?: string; schema?: string } | undefined;
    if (!fn?.name || (fn.schema && fn.schema !== 'pg_catalog')) continue;
    const args = (node.args as AstNode[] | undefined) ?? [];
    const first = args[0]?.type === 'string' ? String(args[0].value).toLowerCase() : undefined;
    if (SESSION_LOCKS.test(fn.name)) items.push(`session-advisory-lock(${fn.name})`);
    else if (XACT_LOCKS.test(fn.name)) items.push(`xact-advisory-lock(${fn.name})`);
    else if (fn.name === 'set_config' && args.length === 3) {
      const hazard = args[2]?.type === 'boolean' && args[2].value === true ? 'transaction-set' : 'session-set';
      items.push(first === undefined ? hazard : `${hazard}(${first})`);
    } else if (fn.name === 'pg_notify' && args.length === 2) items.push(first === undefined ? 'notify' : `notify(${first})`);
  }
  return items;
}

function statementItems(statement: AstNode): string[] {
  const type = String(statement.type);
  const name = (statement.name as { name?: string } | undefined)?.name;
  if (TRANSACTION_TYPES[type]) return [TRANSACTION_TYPES[type]];
  if (type === 'set') {
    const variable = String((statement.variable as { name?: string } | undefined)?.name ?? '').toLowerCase();
    return [`${statement.scope === 'local' ? 'transaction-set' : 'session-set'}(${variable})`];
  }
  if (type === 'set timezone') return ['session-set(timezone)'];
  if (type === 'set names') return ['session-set(client_encoding)'];
  if (type === 'prepare') return [`sql-prepare(${name})`];
  if (type === 'deallocate') {
    const target = statement.target as { name?: string; option?: string } | undefined;
    return [target?.option === 'all' ? 'discard(deallocate-all)' : `sql-prepare(${target?.name})`];
  }
  const temporary = statement.temporary === true || statement.temp === true;
  if (temporary && type === 'create table') return ['temp-object(table)'];
  if (temporary && type === 'create sequence') return ['temp-object(sequence)'];
  if (temporary && type === 'create view') return ['temp-object(view)'];
  return [];
}

/** The baseline's items for an entry, or `undefined` when pgsql-ast-parser rejects it. */
function baselineItems(sql: string): string[] | undefined {
  try {
    return astParse(sql)
      .flatMap((statement) => [...statementItems(statement as unknown as AstNode), ...callItems(statement)])
      .sort();
  } catch {
    return undefined;
  }
}

// ---- measurements ----------------------------------------------------------------------------------

function main(): void {
  const corpus = loadCorpus();
  const total = corpus.length;
  parseSql('SELECT 1'); // load the WebAssembly module outside the timings

  const libpgParsed = corpus.filter((entry) => parseSql(entry.sql).ok).length;
  clearSqlCache();
  const engineCorrect = corpus.filter((entry) => sameItems(analysisItems(analyzeSql(entry.sql)), entry.expected)).length;
  const scannedEntries = corpus.filter((entry) => analyzeSql(entry.sql).confidence === 'scanned').length;
  const libpgMicros = microsPerEntry(corpus, (entry) => parseSql(entry.sql));

  const baseline = corpus.map((entry) => baselineItems(entry.sql));
  const astParsed = baseline.filter((items) => items !== undefined).length;
  const astCorrect = corpus.filter((entry, i) => sameItems(baseline[i] ?? [], entry.expected)).length;
  const astMicros = microsPerEntry(corpus, (entry) => {
    try {
      astParse(entry.sql);
    } catch {
      // counted above as a parse failure
    }
  });

  const cold = microsPerEntry(corpus, (entry) => analyzeSql(entry.sql), clearSqlCache);
  clearSqlCache();
  for (const entry of corpus) analyzeSql(entry.sql);
  const cached = microsPerEntry(corpus, (entry) => analyzeSql(entry.sql));

  const perSecond = (micros: number): string => Math.round(1e6 / micros).toLocaleString('en-US');
  const lines = [
    `SQL corpus: ${total} entries (fixtures/sql/*.sql); times are medians of ${RUNS} runs, Node ${process.version}.`,
    '',
    '| parser | entries parsed | hazards classified correctly | µs / entry (parse only) |',
    '|---|---|---|---|',
    `| libpg-query (engine; unparsed entries scanned: ${scannedEntries}) | ${libpgParsed} / ${total} | ${engineCorrect} / ${total} | ${libpgMicros.toFixed(1)} |`,
    `| pgsql-ast-parser (baseline, node-type mapping) | ${astParsed} / ${total} | ${astCorrect} / ${total} | ${astMicros.toFixed(1)} |`,
    '',
    '| engine (`analyzeSql`) | µs / entry | entries / s |',
    '|---|---|---|',
    `| cold (cache cleared) | ${cold.toFixed(1)} | ${perSecond(cold)} |`,
    `| cached | ${cached.toFixed(2)} | ${perSecond(cached)} |`,
  ];
  console.log(lines.join('\n'));
}

main();
