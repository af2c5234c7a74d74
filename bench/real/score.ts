/**
 * Scoring of the real-world benchmark: findings (what a run reported) against labels (what a reader judged),
 * matched by repository, path, line and rule. Pure functions, no I/O: `test/bench/real.test.ts` tests them.
 */

export type Verdict = 'positive' | 'negative';

/** One judged line, pinned to a commit (`bench/real/labels.jsonl`). */
export interface Label {
  repo: string;
  commit: string;
  /** Relative to the repository root, `/`-separated. */
  path: string;
  line: number;
  /** Rule id without the namespace: `no-session-set`. */
  rule: string;
  verdict: Verdict;
  why: string;
}

/** One problem a run reported. */
export interface Finding {
  repo: string;
  path: string;
  line: number;
  rule: string;
  message: string;
}

export interface RuleScore {
  rule: string;
  positives: number;
  /** Positives a finding covers. */
  found: number;
  negatives: number;
  /** Negatives a finding covers (false positives already judged). */
  negativesFlagged: number;
  /** Findings (distinct repo/path/line/rule) in all. */
  findings: number;
  /** found / positives; `undefined` without positives. */
  recall: number | undefined;
  /** Judged findings that are positives / judged findings; `undefined` without judged findings. */
  precision: number | undefined;
}

export interface Score {
  rules: RuleScore[];
  total: RuleScore;
  /** Findings no label covers: each needs a judgement. */
  unlabelled: Finding[];
  /** Positive labels no finding covers. */
  missed: Label[];
}

export const keyOf = (item: { repo: string; path: string; line: number; rule: string }): string =>
  `${item.repo}\u0000${item.path}\u0000${item.line}\u0000${item.rule}`;

/** Parses `labels.jsonl`; a bad line is an error naming its line number. */
export function parseLabels(text: string): Label[] {
  const labels: Label[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`labels line ${index + 1} is not JSON`);
    }
    const label = value as Partial<Label>;
    const complete =
      typeof label.repo === 'string' &&
      typeof label.commit === 'string' &&
      typeof label.path === 'string' &&
      typeof label.line === 'number' &&
      typeof label.rule === 'string' &&
      (label.verdict === 'positive' || label.verdict === 'negative') &&
      typeof label.why === 'string';
    if (!complete) throw new Error(`labels line ${index + 1} needs repo, commit, path, line, rule, verdict and why`);
    labels.push(label as Label);
  });
  return labels;
}

const ratio = (part: number, whole: number): number | undefined => (whole === 0 ? undefined : part / whole);

function ruleScore(rule: string, labels: readonly Label[], found: ReadonlySet<string>, findings: number): RuleScore {
  const positives = labels.filter((l) => l.verdict === 'positive');
  const negatives = labels.filter((l) => l.verdict === 'negative');
  const hit = positives.filter((l) => found.has(keyOf(l))).length;
  const negativesFlagged = negatives.filter((l) => found.has(keyOf(l))).length;
  return {
    rule,
    positives: positives.length,
    found: hit,
    negatives: negatives.length,
    negativesFlagged,
    findings,
    recall: ratio(hit, positives.length),
    precision: ratio(hit, hit + negativesFlagged),
  };
}

/**
 * Scores findings against labels. Only the repositories in `repos` count (a repository whose run failed is
 * left out, not scored as all missed). Findings on the same repo/path/line/rule count once.
 */
export function score(labels: readonly Label[], findings: readonly Finding[], repos: ReadonlySet<string>): Score {
  const inScope = labels.filter((l) => repos.has(l.repo));
  const distinct = new Map<string, Finding>();
  for (const finding of findings) if (repos.has(finding.repo) && !distinct.has(keyOf(finding))) distinct.set(keyOf(finding), finding);
  const found = new Set(distinct.keys());
  const labelled = new Set(inScope.map(keyOf));
  const rules = [...new Set([...inScope.map((l) => l.rule), ...[...distinct.values()].map((f) => f.rule)])].sort();
  const findingsOf = (rule: string): number => [...distinct.values()].filter((f) => f.rule === rule).length;
  return {
    rules: rules.map((rule) => ruleScore(rule, inScope.filter((l) => l.rule === rule), found, findingsOf(rule))),
    total: ruleScore('total', inScope, found, distinct.size),
    unlabelled: [...distinct.values()].filter((f) => !labelled.has(keyOf(f))),
    missed: inScope.filter((l) => l.verdict === 'positive' && !found.has(keyOf(l))),
  };
}

/** `0.93` → `0.93 (14/15)`; `undefined` → `—`. */
export function formatRatio(value: number | undefined, part: number, whole: number): string {
  return value === undefined ? '—' : `${value.toFixed(2)} (${part}/${whole})`;
}
