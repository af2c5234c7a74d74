/**
 * no-leaked-client cases: control flow (throws, early exits, conditions, loops, switch, double release) with pg.
 * Each invalid case asserts messageId, line, column and the exact suggestion output (reviewed by hand).
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageId, Options } from '../../rules/no-leaked-client.js';

/** `import { Pool } from 'pg'` + a pool: the snippet starts on line 3. */
export const pg = (body: string): string => `import { Pool } from 'pg';\nconst pool = new Pool();\n${body}`;

export const invalid: InvalidTestCase<MessageId, Options>[] = [
  {
    name: 'throwBeforeRelease',
    code: pg(`async function load() {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT 1');
  client.release();
  return rows;
}`),
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 24, suggestions: [{ messageId: 'wrapInFinally', output: `import { Pool } from 'pg';
const pool = new Pool();
async function load() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT 1');
    return rows;
  } finally {
    client.release();
  }
}` }] }],
  },
  {
    name: 'releaseOnlyInCatch',
    code: pg(`async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } catch (error) {
    client.release();
    throw error;
  }
}`),
    errors: [{ messageId: 'notReleasedOnSomePaths', line: 4, column: 24, suggestions: [] }],
  },
  {
    name: 'earlyReturn',
    code: pg(`async function load(id) {
  const client = await pool.connect();
  if (!id) return null;
  try {
    return await client.query('SELECT $1::int', [id]);
  } finally {
    client.release();
  }
}`),
    errors: [{ messageId: 'notReleasedOnJump', line: 4, column: 24, suggestions: [] }],
  },
  {
    name: 'throwStatement',
    code: pg(`async function load(id) {
  const client = await pool.connect();
  if (!id) {
    throw new TypeError('id');
  }
  try {
    return await client.query('SELECT $1::int', [id]);
  } finally {
    client.release();
  }
}`),
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 24, suggestions: [] }],
  },
  {
    name: 'conditionalFinally',
    code: pg(`async function load(ok) {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    if (ok) client.release();
  }
}`),
    errors: [{ messageId: 'notReleasedOnSomePaths', line: 4, column: 24, suggestions: [] }],
  },
  {
    name: 'loopWithoutRelease',
    code: pg(`async function all(ids) {
  for (const id of ids) {
    const client = await pool.connect();
    await client.query('SELECT $1::int', [id]);
  }
}`),
    errors: [{ messageId: 'neverReleased', line: 5, column: 26, suggestions: [{ messageId: 'wrapInFinally', output: `import { Pool } from 'pg';
const pool = new Pool();
async function all(ids) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      await client.query('SELECT $1::int', [id]);
    } finally {
      client.release();
    }
  }
}` }] }],
  },
  {
    name: 'doubleRelease',
    code: pg(`async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
    client.release();
  } finally {
    client.release();
  }
}`),
    errors: [{ messageId: 'doubleRelease', line: 9, column: 5, suggestions: [] }],
  },
  {
    name: 'reacquiredInLoop',
    code: pg(`async function all(ids) {
  let client;
  for (const id of ids) {
    client = await pool.connect();
    await client.query('SELECT $1::int', [id]);
  }
  client.release();
}`),
    errors: [{ messageId: 'reacquired', line: 6, column: 20, suggestions: [] }],
  },
  {
    name: 'breakInLoop',
    code: pg(`async function first(ids) {
  for (const id of ids) {
    const client = await pool.connect();
    if (id > 10) break;
    client.release();
  }
}`),
    errors: [{ messageId: 'notReleasedOnJump', line: 5, column: 26, suggestions: [{ messageId: 'wrapInFinally', output: `import { Pool } from 'pg';
const pool = new Pool();
async function first(ids) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      if (id > 10) break;
    } finally {
      client.release();
    }
  }
}` }] }],
  },
  {
    name: 'continueInLoop',
    code: pg(`async function all(ids) {
  for (const id of ids) {
    const client = await pool.connect();
    if (id < 0) continue;
    try {
      await client.query('SELECT $1::int', [id]);
    } finally {
      client.release();
    }
  }
}`),
    errors: [{ messageId: 'notReleasedOnJump', line: 5, column: 26, suggestions: [] }],
  },
  {
    name: 'swallowingCatch',
    code: pg(`async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
    client.release();
  } catch (error) {
    console.error(error);
  }
}`),
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 24, suggestions: [] }],
  },
  {
    name: 'beginOutsideTry',
    code: pg(`async function transfer() {
  const client = await pool.connect();
  await client.query('BEGIN');
  try {
    await client.query('UPDATE accounts SET balance = balance - 1');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`),
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 24, suggestions: [] }],
  },
  {
    name: 'switchRelease',
    code: pg(`async function load(kind) {
  const client = await pool.connect();
  switch (kind) {
    case 'a':
      client.release();
      break;
  }
}`),
    errors: [{ messageId: 'notReleasedOnSomePaths', line: 4, column: 24, suggestions: [] }],
  },
  {
    name: 'ternaryRelease',
    code: pg(`async function load(ok) {
  const client = await pool.connect();
  ok ? client.release() : undefined;
}`),
    errors: [{ messageId: 'notReleasedOnSomePaths', line: 4, column: 24, suggestions: [] }],
  },
  {
    name: 'releaseInCatchAndFinally',
    code: pg(`async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } catch (error) {
    client.release(error);
    throw error;
  } finally {
    client.release();
  }
}`),
    errors: [{ messageId: 'doubleRelease', line: 11, column: 5, suggestions: [] }],
  },
  {
    name: 'leakInBranch',
    code: pg(`async function load(x) {
  if (x) {
    const client = await pool.connect();
    await client.query('SELECT 1');
  }
}`),
    errors: [{ messageId: 'neverReleased', line: 5, column: 26, suggestions: [{ messageId: 'wrapInFinally', output: `import { Pool } from 'pg';
const pool = new Pool();
async function load(x) {
  if (x) {
    const client = await pool.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      client.release();
    }
  }
}` }] }],
  },
  {
    name: 'returnedOnOnePath',
    code: pg(`async function get(x) {
  const client = await pool.connect();
  if (x) return client;
  await client.query('SELECT 1');
}`),
    errors: [{ messageId: 'notReleasedOnSomePaths', line: 4, column: 24, suggestions: [] }],
  },
  {
    name: 'whileLoopReacquire',
    code: pg(`async function drain(queue) {
  let client = await pool.connect();
  while (queue.length > 0) {
    await client.query('SELECT 1');
    client = await pool.connect();
  }
  client.release();
}`),
    errors: [{ messageId: 'reacquired', line: 4, column: 22, suggestions: [] }, { messageId: 'reacquired', line: 7, column: 20, suggestions: [] }],
  },
  {
    // Real code (NodeBB's processSortedSet): `while (true)` leaves only through its releasing exit or a throw.
    name: 'whileTrueReleasedOnItsExitButNotOnAThrow',
    code: pg(`async function drain(handle) {
  const client = await pool.connect();
  while (true) {
    const { rows } = await client.query('FETCH 100 FROM c');
    if (rows.length === 0) {
      client.release();
      return;
    }
    handle(rows);
  }
}`),
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 24 }],
  },
];

export const valid: ValidTestCase<Options>[] = [
  { name: 'releaseInFinally', code: pg(`async function load() {
  const client = await pool.connect();
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`) },
  { name: 'optionalReleaseWithLet', code: pg(`async function load() {
  let client;
  try {
    client = await pool.connect();
    return await client.query('SELECT 1');
  } finally {
    client?.release();
  }
}`) },
  { name: 'guardedReleaseWithLet', code: pg(`async function load() {
  let client;
  try {
    client = await pool.connect();
    return await client.query('SELECT 1');
  } finally {
    if (client) client.release();
  }
}`) },
  { name: 'catchAndAfter', code: pg(`async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } catch (error) {
    client.release(error);
    throw error;
  }
  client.release();
}`) },
  { name: 'releasedFlag', code: pg(`async function load() {
  const client = await pool.connect();
  let released = false;
  try {
    await client.query('SELECT 1');
    client.release();
    released = true;
  } finally {
    if (!released) client.release();
  }
}`) },
  { name: 'topLevelScript', code: pg(`const client = await pool.connect();
await client.query('SELECT 1');
client.release();
await pool.end();`) },
  { name: 'loopWithFinally', code: pg(`async function all(ids) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      await client.query('SELECT $1::int', [id]);
    } finally {
      client.release();
    }
  }
}`) },
  { name: 'switchAllPaths', code: pg(`async function load(kind) {
  const client = await pool.connect();
  switch (kind) {
    case 'a':
      client.release();
      break;
    default:
      client.release();
  }
}`) },
  { name: 'labeledBreakWithFinally', code: pg(`async function find(rows) {
  outer: for (const row of rows) {
    const client = await pool.connect();
    try {
      for (const cell of row) {
        if (cell) break outer;
      }
    } finally {
      client.release();
    }
  }
}`) },
];
