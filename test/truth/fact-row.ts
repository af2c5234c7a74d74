/**
 * One row of truth-table.md as a test: the same scenario runs against PgBouncer transaction mode, PgBouncer
 * session mode and PostgreSQL directly, each from an empty pool, and each observation is compared with what
 * the table says for that target.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outcome } from './clients.js';
import { TARGETS, type Target, type Truth } from './harness.js';

/** What a scenario observed, as plain strings/booleans/numbers so it compares with deepEqual. */
export type Observation = Record<string, unknown>;

/** Either the exact observation, or a check for observations that vary from run to run (counts). */
export type Expectation = Observation | ((observed: Observation) => void);

/** A row of truth-table.md. */
export interface FactRow {
  /** Row number in truth-table.md, e.g. 15. */
  readonly row: number;
  /** Scenario id in truth-table.md, e.g. `advisory-lock-unlock`. */
  readonly id: string;
  readonly title: string;
  /** Verdicts of the table for transaction mode, session mode, direct (e.g. `LEAKS+LOST`, `WORKS`). */
  readonly verdicts: readonly [string, string, string];
  readonly run: (truth: Truth, target: Target) => Promise<Observation>;
  readonly expect: Readonly<Record<Target, Expectation>>;
  /** Per-target test timeout in ms (default 20 000). */
  readonly timeout?: number;
}

/**
 * The same expectation for all three targets.
 *
 * @example
 * expect: everywhere({ value: '5s' })
 */
export function everywhere(expectation: Expectation): Record<Target, Expectation> {
  return { transaction: expectation, session: expectation, direct: expectation };
}

/**
 * The same expectation for session mode and direct, another for transaction mode.
 *
 * @example
 * expect: transactionVersusOthers({ b: 'row of tenant_a' }, { b: 'row of public (default search_path)' })
 */
export function transactionVersusOthers(transaction: Expectation, others: Expectation): Record<Target, Expectation> {
  return { transaction, session: others, direct: others };
}

/**
 * Registers a row as `describe('#n title (id)')` with one test per target.
 *
 * @example
 * factRow(truth, { row: 37, id: 'startup-application-name', title: '...', verdicts: ['WORKS', 'WORKS', 'WORKS'],
 *   run: async (t, target) => ({ value: await (await t.connect(target, { application_name: 'truth-app' })).value('show application_name') }),
 *   expect: everywhere({ value: 'truth-app' }) });
 */
export function factRow(truth: () => Truth, spec: FactRow): void {
  describe(`#${spec.row} ${spec.title} (${spec.id})`, () => {
    TARGETS.forEach((target, index) => {
      it(`${target}: ${spec.verdicts[index]}`, { timeout: spec.timeout ?? 20_000 }, async (context) => {
        const t = truth();
        await t.reset();
        const observed = await spec.run(t, target);
        const expected = spec.expect[target];
        if (typeof expected === 'function') {
          context.diagnostic(`observed: ${JSON.stringify(observed)}`);
          expected(observed);
        } else assert.deepEqual(observed, expected, `row ${spec.row} (${spec.id}) through ${target}`);
      });
    });
  });
}

/**
 * A creates a session object and uses it; B (a new client) uses it and creates its own with the same name;
 * then, while a third client keeps the server connection B just used busy, A uses its object again.
 * Shared by rows 30, 32 and 34.
 *
 * @example
 * await objectScenario(t, 'transaction', { create: 'PREPARE s1 AS select 1 as v', use: 'EXECUTE s1', bCreate: 'PREPARE s1 AS select 2 as v' });
 */
export async function objectScenario(
  t: Truth,
  target: Target,
  sql: { create: string; use: string; bCreate: string },
): Promise<Observation> {
  const a = await t.connect(target);
  const aCreate = await outcome(a.rows(sql.create));
  const aUse = await outcome(a.rows(sql.use));
  const b = await t.connect(target);
  const bUse = await outcome(b.rows(sql.use));
  const bCreate = await outcome(b.rows(sql.bCreate));
  const aUseWhileBusy = await t.withBusy(target, () => outcome(a.rows(sql.use)));
  return { aCreate, aUse, bUse, bCreate, aUseWhileBusy };
}

/**
 * Expectations of {@link objectScenario}: through transaction mode B uses A's object (`next` is what the
 * second use returns), B's create fails with `already`, and A's use on another server connection fails with
 * `missing`; through session mode and directly B cannot see A's object and A can always use it.
 *
 * @example
 * sessionObject({ aUse: '[{"v":1}]', next: '[{"v":1}]', already: 'prepared statement "s1" already exists', missing: 'prepared statement "s1" does not exist' })
 */
export function sessionObject(spec: { aUse: string; next: string; already: string; missing: string }): Record<Target, Expectation> {
  return transactionVersusOthers(
    { aCreate: '[]', aUse: spec.aUse, bUse: spec.next, bCreate: `error: ${spec.already}`, aUseWhileBusy: `error: ${spec.missing}` },
    { aCreate: '[]', aUse: spec.aUse, bUse: `error: ${spec.missing}`, bCreate: '[]', aUseWhileBusy: spec.next },
  );
}
