/**
 * What a truth-annotated doc example claims, and how the harness checks the claim: each scenario id runs the
 * example (a whole program) against PgBouncer transaction mode, session mode and PostgreSQL directly, from an
 * empty pool, and asserts the failure (or the absence of one) the doc describes. See test/truth/README.md.
 */
import assert from 'node:assert/strict';
import { extractTruthBlocks, type TruthBlock } from './doc-blocks.js';
import { pollUntil, type Target, type Truth } from './harness.js';
import { describeRun, programSource, type ProgramRun } from './program.js';
import { customSettingNames, residue } from './residue.js';

/** A scenario id of the convention. */
export interface DocScenario {
  /** What an example annotated with this id claims (reported as a diagnostic of its test). */
  readonly claim: string;
  /** Attributes it accepts besides `timeout`; `required` ones must be present. */
  readonly attributes: readonly string[];
  readonly required?: readonly string[];
  readonly check: (truth: Truth, block: TruthBlock, source: string) => Promise<void>;
}

const RUN_MS = 10_000;
const OTHERS: readonly Target[] = ['session', 'direct'];

const at = (block: TruthBlock, target: Target) => `${block.file}:${block.line} (${block.scenario}) through ${target}`;
const output = (run: ProgramRun) => `${run.stderr}\n${run.stdout}`;
const windowMs = (block: TruthBlock, fallback: number) => Number(block.attributes.timeout ?? fallback);

/** Runs the example `count` times in a row through `target`, from an empty pool (rotating over n servers if asked). */
async function runs(truth: Truth, block: TruthBlock, source: string, target: Target, count: number, rotate?: 2 | 3): Promise<ProgramRun[]> {
  await truth.reset();
  if (rotate) await truth.rotate(rotate);
  const done: ProgramRun[] = [];
  for (let n = 0; n < count; n++) done.push(await truth.startProgram(source, target, windowMs(block, RUN_MS)).done);
  return done;
}

/**
 * Transaction-mode runs that expose session state: twice in a row from an empty pool (LIFO: the second run
 * gets the server connection the first one left its state on), then once rotating over 2 and once over 3
 * server connections (each statement lands on another server connection than the one before).
 */
async function exposingRuns(truth: Truth, block: TruthBlock, source: string): Promise<Array<{ how: string; run: ProgramRun }>> {
  const lifo = await runs(truth, block, source, 'transaction', 2);
  const two = await runs(truth, block, source, 'transaction', 1, 2);
  const three = await runs(truth, block, source, 'transaction', 1, 3);
  return [
    ...lifo.map((run, n) => ({ how: `run ${n + 1} of 2 in a row`, run })),
    ...two.map((run) => ({ how: 'rotating over 2 server connections', run })),
    ...three.map((run) => ({ how: 'rotating over 3 server connections', run })),
  ];
}

function assertWorked(results: readonly ProgramRun[], where: string): void {
  results.forEach((run, n) => assert.ok(run.code === 0, `${where}, run ${n + 1}: expected to work, but ${describeRun(run)}`));
}

/** Through session mode and directly the example works (twice in a row): the failure is the pooler's. */
async function worksElsewhere(truth: Truth, block: TruthBlock, source: string): Promise<void> {
  for (const target of OTHERS) assertWorked(await runs(truth, block, source, target, 2), at(block, target));
}

/** Asserts that some run through `target` failed with the expected text (`error` attribute, else `fallback`). */
function assertFailed(block: TruthBlock, target: Target, all: ReadonlyArray<{ how: string; run: ProgramRun }>, fallback?: RegExp): void {
  const where = at(block, target);
  for (const { how, run } of all) assert.ok(!run.timedOut, `${where}, ${how}: expected an error, but ${describeRun(run)}`);
  const failed = all.filter(({ run }) => run.code !== 0);
  assert.ok(failed.length > 0, `${where}: the doc says this fails, but all ${all.length} runs exited 0`);
  const expected = block.attributes.error;
  const matches = (run: ProgramRun) =>
    expected === undefined ? (fallback?.test(output(run)) ?? false) : output(run).includes(expected);
  const wanted = expected === undefined ? String(fallback) : JSON.stringify(expected);
  const got = failed.map(({ how, run }) => `${how}: ${describeRun(run)}`).join(' || ');
  assert.ok(failed.some(({ run }) => matches(run)), `${where}: expected ${wanted} in the output of a failed run; got: ${got}`);
}

/** One run from an empty pool, labelled for {@link assertFailed}. */
async function oneRun(truth: Truth, block: TruthBlock, source: string, target: Target) {
  return (await runs(truth, block, source, target, 1)).map((run) => ({ how: 'one run', run }));
}

/**
 * A failure about a session object with a fixed name: one of the {@link exposingRuns} fails with the
 * `error` text (else `fallback`); twice in a row through session mode and directly works.
 */
function sessionObjectFails(fallback: RegExp): DocScenario['check'] {
  return async (truth, block, source) => {
    assertFailed(block, 'transaction', await exposingRuns(truth, block, source), fallback);
    await worksElsewhere(truth, block, source);
  };
}

/** `fails`: one transaction-mode run fails with `error`; session mode and direct work, or fail alike with `everywhere="true"`. */
const fails: DocScenario['check'] = async (truth, block, source) => {
  assertFailed(block, 'transaction', await oneRun(truth, block, source, 'transaction'));
  if (block.attributes.everywhere !== 'true') return worksElsewhere(truth, block, source);
  for (const target of OTHERS) assertFailed(block, target, await oneRun(truth, block, source, target));
};

async function advisoryHolders(truth: Truth): Promise<Array<{ pid: number; key: string }>> {
  return truth.control.rows<{ pid: number; key: string }>(
    `select pid, case when objsubid = 1 then ((classid::bigint << 32) | objid::bigint)::text else classid || ',' || objid end as key
     from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`,
  );
}

const sessionSetLeaks: DocScenario['check'] = async (truth, block, source) => {
  const named = (block.attributes.setting ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const names = [...new Set([...customSettingNames(block.code), ...named.filter((n) => n.includes('.'))])];
  const changed = async (target: Target) =>
    (await residue(truth, target, names)).flatMap((r) => [...r.settings, ...r.custom].map((s) => s.toLowerCase()));
  assertWorked(await runs(truth, block, source, 'transaction', 1), at(block, 'transaction'));
  const leaked = await changed('transaction');
  assert.ok(leaked.length > 0, `${at(block, 'transaction')}: expected a session setting left on a pooled server connection, found none`);
  for (const name of named) {
    assert.ok(leaked.some((s) => s.startsWith(`${name}=`)), `${at(block, 'transaction')}: expected ${name} to leak; leaked: ${leaked.join(', ')}`);
  }
  for (const target of OTHERS) {
    assertWorked(await runs(truth, block, source, target, 1), at(block, target));
    assert.deepEqual(await changed(target), [], `${at(block, target)}: no setting may be left for another client`);
  }
};

const advisoryLockLeaks: DocScenario['check'] = async (truth, block, source) => {
  const where = at(block, 'transaction');
  const seen: string[] = [];
  let leaked: { pid: number; key: string } | undefined;
  for (const servers of [2, 3] as const) {
    const [run] = await runs(truth, block, source, 'transaction', 1, servers);
    assert.ok(run && !run.timedOut, `${where}: ${run ? describeRun(run) : 'no run'}`);
    const pooled = (await truth.servers('transaction')).map((s) => s.pid);
    const held = await advisoryHolders(truth);
    seen.push(`rotating over ${servers}: ${JSON.stringify(held)}`);
    leaked = held.find((h) => pooled.includes(Number(h.pid)));
    if (leaked) break;
  }
  const expectation = 'expected an advisory lock still held by a pooled server connection after the program ended';
  assert.ok(leaked, `${where}: ${expectation}; held: ${seen.join('; ')}`);
  const direct = await truth.connect('direct');
  const args = leaked.key.includes(',') ? leaked.key : `${leaked.key}::bigint`;
  const tried = await direct.value(`select pg_try_advisory_lock(${args})::text`);
  assert.equal(tried, 'false', `${where}: other clients should be locked out of ${leaked.key}`);
  for (const target of OTHERS) {
    assertWorked(await runs(truth, block, source, target, 1), at(block, target));
    assert.deepEqual(await advisoryHolders(truth), [], `${at(block, target)}: no advisory lock may outlive the program`);
  }
};

/** The channel of the LISTEN a backend of the app database ran last, once one did. */
async function listeningChannel(truth: Truth, running: { exited: () => boolean }, where: string): Promise<string> {
  return pollUntil(`${where}: a LISTEN by the program`, async () => {
    if (running.exited()) throw new Error(`${where}: the program ended before it listened`);
    const query = await truth.control.value(
      `select query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ~* '^\\s*listen\\s' limit 1`,
    );
    const match = query === null ? null : /^\s*listen\s+("(?:[^"]|"")+"|[^\s;]+)/i.exec(query);
    if (!match?.[1]) return undefined;
    return match[1].startsWith('"') ? match[1].slice(1, -1).replace(/""/g, '"') : match[1].toLowerCase();
  });
}

const listenLoses: DocScenario['check'] = async (truth, block, source) => {
  const window = windowMs(block, 2000);
  for (const target of ['transaction', 'session', 'direct'] as const) {
    await truth.reset();
    const where = at(block, target);
    const mark = target === 'direct' ? 0 : truth.logMark(target);
    const running = truth.startProgram(source, target, RUN_MS);
    const channel = await listeningChannel(truth, running, where);
    await truth.control.rows('select pg_notify($1, $2)', [channel, 'sent by the truth harness']);
    const timer = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), window));
    const ended = await Promise.race([running.done, timer]);
    running.kill();
    if (target === 'transaction') {
      assert.equal(ended, undefined, `${where}: the notification should never arrive, but ${ended ? describeRun(ended) : ''}`);
      const log = truth.logSince('transaction', mark);
      assert.match(log, /got packet 'A' from server when not linked/, `${where}: PgBouncer should log the dropped notification`);
    } else {
      const how = ended ? describeRun(ended) : `it was still waiting after ${window} ms`;
      assert.ok(ended?.code === 0, `${where}: the notification should arrive and the program end, but ${how}`);
    }
  }
};

const startupRejected: DocScenario['check'] = async (truth, block, source) => {
  const parameter = block.attributes.parameter;
  for (const target of ['transaction', 'session'] as const) {
    const [run] = await runs(truth, block, source, target, 1);
    const where = at(block, target);
    assert.ok(run && run.code !== 0 && !run.timedOut, `${where}: expected the connection to be refused, but ${run ? describeRun(run) : 'no run'}`);
    const match = /unsupported startup parameter: (\w+)/.exec(output(run));
    assert.ok(match, `${where}: expected "unsupported startup parameter: ..." in ${describeRun(run)}`);
    if (parameter !== undefined) assert.equal(match[1], parameter, `${where}: rejected parameter`);
  }
  assertWorked(await runs(truth, block, source, 'direct', 1), at(block, 'direct'));
};

/** `hangs`: still running when the window is up, through transaction mode (through all targets with `everywhere="true"`). */
const hangs: DocScenario['check'] = async (truth, block, source) => {
  const window = windowMs(block, 3000);
  const targets: readonly Target[] = block.attributes.everywhere === 'true' ? ['transaction', ...OTHERS] : ['transaction'];
  for (const target of targets) {
    await truth.reset();
    const run = await truth.startProgram(source, target, window).done;
    assert.ok(run.timedOut, `${at(block, target)}: expected the program to hang (still running after ${window} ms), but ${describeRun(run)}`);
  }
};

const works: DocScenario['check'] = async (truth, block, source) => {
  const where = at(block, 'transaction');
  const names = customSettingNames(block.code);
  for (const [count, rotate, how] of [
    [2, undefined, 'run twice in a row'],
    [1, 2, 'rotating over 2 server connections'],
    [1, 3, 'rotating over 3 server connections'],
  ] as const) {
    await truth.reset();
    if (rotate) await truth.rotate(rotate);
    for (let n = 0; n < count; n++) {
      const run = await truth.startProgram(source, 'transaction', windowMs(block, RUN_MS)).done;
      assert.ok(run.code === 0, `${where}, ${how}: expected to work, but ${describeRun(run)}`);
      const left = await residue(truth, 'transaction', names);
      assert.deepEqual(left, [], `${where}, ${how}: a pooler-safe example must leave no session state on pooled server connections`);
    }
  }
  await worksElsewhere(truth, block, source);
};

/** A failure about a session object with a fixed name, found by the exposing runs. */
const sameName = (object: string): DocScenario => ({
  claim: `fails with ${object} "…" already exists / does not exist`,
  attributes: ['error'],
  check: sessionObjectFails(new RegExp(`${object} "[^"]+" (already exists|does not exist)`)),
});

/** Every scenario id a rule doc may use. */
export const DOC_SCENARIOS: Readonly<Record<string, DocScenario>> = {
  works: {
    claim: 'works through transaction mode, session mode and directly, and leaves no session state on pooled server connections',
    attributes: [],
    check: works,
  },
  'session-set-leaks': {
    claim: 'a session setting survives on the pooled server connection and is read by the next client (not in session mode)',
    attributes: ['setting'],
    check: sessionSetLeaks,
  },
  'advisory-lock-leaks': {
    claim: 'the unlock runs on another server connection; the lock stays held by a pooled server connection and locks everyone out',
    attributes: [],
    check: advisoryLockLeaks,
  },
  'listen-loses-notifications': {
    claim: 'the program LISTENs and waits; a NOTIFY on its channel never reaches it (it does in session mode and directly)',
    attributes: [],
    check: listenLoses,
  },
  'named-statement-fails': sameName('prepared statement'),
  'sql-prepare-fails': sameName('prepared statement'),
  'temp-table-fails': sameName('relation'),
  'with-hold-cursor-fails': sameName('cursor'),
  fails: {
    claim: 'fails through transaction mode with the `error` text; works in session mode and directly (fails alike with everywhere="true")',
    attributes: ['error', 'everywhere'],
    required: ['error'],
    check: fails,
  },
  'startup-parameter-rejected': {
    claim: 'the connection is refused with unsupported startup parameter: <name> (by PgBouncer in both modes; works directly)',
    attributes: ['parameter'],
    check: startupRejected,
  },
  hangs: {
    claim: 'still running when its `timeout` (default 3000 ms) is up through transaction mode (every target with everywhere="true")',
    attributes: ['everywhere'],
    check: hangs,
  },
};

/**
 * What is wrong with a block's annotation: unknown scenario, attributes it does not use or lacks, a bad
 * timeout, or a ❌/✅ marker that contradicts the claim (✅ must be `works`, ❌ must not).
 *
 * @example
 * blockProblems({ ...block, scenario: 'works', marker: '❌' }); // ['rules/x.md:12: a ❌ example cannot claim "works"']
 */
export function blockProblems(block: TruthBlock): string[] {
  const where = `${block.file}:${block.line}`;
  const scenario = DOC_SCENARIOS[block.scenario];
  if (!scenario) return [`${where}: unknown truth scenario "${block.scenario}" (known: ${Object.keys(DOC_SCENARIOS).join(', ')})`];
  const problems: string[] = [];
  for (const key of Object.keys(block.attributes)) {
    if (key !== 'timeout' && !scenario.attributes.includes(key)) problems.push(`${where}: attribute ${key} is not used by ${block.scenario}`);
  }
  for (const key of scenario.required ?? []) if (!(key in block.attributes)) problems.push(`${where}: ${block.scenario} needs ${key}="..."`);
  const timeout = block.attributes.timeout;
  if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout)) problems.push(`${where}: timeout is a number of milliseconds, got "${timeout}"`);
  const everywhere = block.attributes.everywhere;
  if (everywhere !== undefined && everywhere !== 'true') problems.push(`${where}: everywhere is "true" or absent, got "${everywhere}"`);
  if (block.marker === '✅' && block.scenario !== 'works') problems.push(`${where}: a ✅ example must claim "works", not "${block.scenario}"`);
  if (block.marker === '❌' && block.scenario === 'works') problems.push(`${where}: a ❌ example cannot claim "works"`);
  return problems;
}

/**
 * Problems of a whole rule doc: extraction problems, {@link blockProblems} of each block, no annotated block
 * at all, or no link to the truth test (a markdown link whose target contains `test/truth/`).
 *
 * @example
 * docProblems(readFileSync('rules/no-session-set.md', 'utf8'), 'rules/no-session-set.md'); // [] when the doc follows the convention
 */
export function docProblems(markdown: string, file: string): string[] {
  const { blocks, problems } = extractTruthBlocks(markdown, file);
  const all = [...problems, ...blocks.flatMap(blockProblems)];
  if (blocks.length === 0) all.push(`${file}: no truth-annotated example (<!-- truth: scenario-id --> before a \`\`\`js block)`);
  if (!/\]\([^)]*test\/truth\/[^)]*\)/.test(markdown)) all.push(`${file}: no link to its truth test (e.g. [truth test](../test/truth/docs.test.ts))`);
  return all;
}

/**
 * Checks one annotated example: validates its annotation ({@link blockProblems}), then runs its scenario.
 * A false claim or a bad annotation rejects with an AssertionError.
 *
 * @example
 * await checkBlock(truth, extractTruthBlocks(markdown, 'rules/no-session-set.md').blocks[0]);
 */
export async function checkBlock(truth: Truth, block: TruthBlock): Promise<void> {
  assert.deepEqual(blockProblems(block), [], `${block.file}:${block.line}: annotation problems`);
  const scenario = DOC_SCENARIOS[block.scenario];
  if (scenario) await scenario.check(truth, block, await programSource(block));
}
