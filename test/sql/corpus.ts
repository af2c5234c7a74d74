/**
 * The annotated SQL corpus in fixtures/sql/ (format in fixtures/sql/README.md), shared by the
 * corpus test and `bench/sql.ts`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlAnalysis } from '../../src/sql/index.js';

/** One corpus entry: the SQL, where it is, and what it must yield. */
export interface CorpusEntry {
  file: string;
  line: number;
  sql: string;
  /** Sorted items: `hazard(detail)`, `hazard`, `tx(kind)`; empty for `none`. */
  expected: string[];
  scanned: boolean;
}

const ANNOTATION = /--\s*expect:\s*(.*?)\s*(\[scanned\])?\s*$/;

function corpusDirectory(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, 'fixtures', 'sql');
}

function parseItems(list: string): string[] {
  if (list === 'none') return [];
  return list
    .split(/,\s*(?![^()]*\))/)
    .map((item) => item.trim())
    .filter(Boolean)
    .sort();
}

/**
 * Reads every `*.sql` file of fixtures/sql/.
 *
 * @example loadCorpus().length // ≥ 300
 */
export function loadCorpus(): CorpusEntry[] {
  const dir = corpusDirectory();
  const entries: CorpusEntry[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    let pending: string[] = [];
    let firstLine = 0;
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .forEach((text, index) => {
        const match = ANNOTATION.exec(text);
        if (!match && pending.length === 0 && (text.trim() === '' || text.trimStart().startsWith('--'))) return;
        if (pending.length === 0) firstLine = index + 1;
        pending.push(match ? text.slice(0, match.index) : text);
        if (!match) return;
        const sql = pending.join('\n').trim();
        entries.push({ file, line: firstLine, sql, expected: parseItems(match[1]!), scanned: match[2] !== undefined });
        pending = [];
      });
  }
  return entries;
}

/**
 * An analysis as corpus items (sorted), for comparison with `CorpusEntry.expected`.
 *
 * @example analysisItems(analyzeSql('BEGIN; LISTEN a')) // ['listen(a)', 'tx(begin)']
 */
export function analysisItems(analysis: SqlAnalysis): string[] {
  const findings = analysis.findings.map((f) => {
    const detail = f.guc ?? f.name;
    return detail === undefined ? f.hazard : `${f.hazard}(${detail})`;
  });
  const controls = analysis.statements.flatMap((s) => (s.transactionControl ? [`tx(${s.transactionControl})`] : []));
  return [...findings, ...controls].sort();
}
