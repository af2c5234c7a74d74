/**
 * Concurrent-load scenarios (truth-table.md rows 22, 24-26, 28): rounds of concurrent queries, each bounded by
 * a timeout, tallied by outcome. The counts vary from run to run; the assertions are about which outcomes occur.
 */
import assert from 'node:assert/strict';
import { errorText, withTimeout, TimeoutError } from './clients.js';
import type { Observation } from './fact-row.js';

/** Outcome label of a query that never settled within the per-query timeout. */
export const NEVER_SETTLED = 'never settled (no rows, no error)';

/**
 * Replaces a statement name postgres.js generated (random base-36 plus a counter) by `<generated>`, as
 * truth-table.md does; names a program chose (`q1`, `find_v`) stay.
 *
 * @example
 * generatedName('prepared statement "k3j9x0qz1a2" does not exist'); // 'prepared statement "<generated>" does not exist'
 */
export function generatedName(message: string): string {
  return message.replace(/prepared statement "[0-9a-z]{7,}"/g, 'prepared statement "<generated>"');
}

/**
 * Runs `rounds` rounds of `concurrency` concurrent calls of `query(i)` (i unique over the run) and counts
 * outcomes: 'ok' when `check(i, result)` returns true, else the label it returns, the error message, or
 * {@link NEVER_SETTLED}.
 *
 * @example
 * const counts = await tally(3, 20, 2000, (i) => pool.query('select $1::int as v', [i]), (i, r) => r.rows[0].v === i || 'WRONG');
 * // { ok: 60 }
 */
export async function tally<R>(
  rounds: number,
  concurrency: number,
  timeoutMs: number,
  query: (i: number) => Promise<R>,
  check: (i: number, result: R) => true | string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    const labels = await Promise.all(
      Array.from({ length: concurrency }, async (_, n) => {
        const i = round * 1000 + n + 1;
        try {
          const result = await withTimeout(query(i), timeoutMs, `query ${i}`);
          const verdict = check(i, result);
          return verdict === true ? 'ok' : verdict;
        } catch (error) {
          return error instanceof TimeoutError ? NEVER_SETTLED : generatedName(errorText(error));
        }
      }),
    );
    for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

/**
 * Asserts a tally where every query worked.
 *
 * @example
 * allOk({ counts: { ok: 60 } }, 60);
 */
export function allOk(observed: Observation, total: number): void {
  assert.deepEqual(observed.counts, { ok: total }, `expected ${total}/${total} ok`);
}

/**
 * Asserts a tally where not everything worked, and every failure has one of the `allowed` labels.
 * `required` labels must each occur at least once.
 *
 * @example
 * someFail({ counts: { ok: 31, 'prepared statement "q1" already exists': 29 } }, ['prepared statement "q1" already exists'], []);
 */
export function someFail(observed: Observation, allowed: readonly string[], required: readonly string[]): void {
  const counts = observed.counts as Record<string, number>;
  const failures = Object.keys(counts).filter((label) => label !== 'ok');
  assert.ok(failures.length > 0, `expected failures, got ${JSON.stringify(counts)}`);
  for (const label of failures) assert.ok(allowed.includes(label), `unexpected outcome "${label}" in ${JSON.stringify(counts)}`);
  for (const label of required) assert.ok((counts[label] ?? 0) > 0, `expected "${label}" in ${JSON.stringify(counts)}`);
}
