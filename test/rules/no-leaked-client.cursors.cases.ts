/**
 * no-leaked-client cases: pg-cursor. `client.query(new Cursor(…))` with `Cursor` from `pg-cursor` shows that `client`
 * is a pg client, so a `client = await x.connect()` whose pool the file cannot see (`module.pool` of a CommonJS mixin,
 * real code: NodeBB's processSortedSet) is a pool checkout to follow; submitting the cursor does not throw (its errors
 * come from `read`), reading it does.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageId, Options } from '../../rules/no-leaked-client.js';
import { KINDS } from '../../src/drivers/index.js';

const consequence = KINDS['pg.Pool'].methods!.connect!.acquires!.consequence;

const mixin = (body: string): string => `module.exports = function (module) {
  const Cursor = require('pg-cursor');
${body}
};`;

export const invalid: InvalidTestCase<MessageId, Options>[] = [
  {
    name: 'cursorReadRejectsInALoopReleasedOnlyAtItsExits',
    code: mixin(`  module.drain = async function (process) {
    const client = await module.pool.connect();
    const cursor = client.query(new Cursor('SELECT v FROM t'));
    while (true) {
      const rows = await cursor.readAsync(100);
      if (!rows.length) {
        client.release();
        return;
      }
      try {
        await process(rows);
      } catch (err) {
        client.release();
        throw err;
      }
    }
  };`),
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 26, data: { name: 'client', acquire: 'module.pool.connect()', consequence, event: '`cursor.readAsync(…)` (line 7) throws' } }],
  },
  {
    name: 'cursorOfAnImportedPgCursor',
    code: `import Cursor from 'pg-cursor';
export async function first(db) {
  const client = await db.pool.connect();
  const cursor = client.query(new Cursor('SELECT v FROM t'));
  const rows = await cursor.read(10);
  client.release();
  return rows;
}`,
    errors: [{ messageId: 'notReleasedOnThrow', line: 3, column: 24, data: { name: 'client', acquire: 'db.pool.connect()', consequence, event: '`cursor.read(…)` (line 5) throws' }, suggestions: [{ messageId: 'wrapInFinally', output: `import Cursor from 'pg-cursor';
export async function first(db) {
  const client = await db.pool.connect();
  try {
    const cursor = client.query(new Cursor('SELECT v FROM t'));
    const rows = await cursor.read(10);
    return rows;
  } finally {
    client.release();
  }
}` }] }],
  },
];

export const valid: ValidTestCase<Options>[] = [
  {
    // Real code (NodeBB's scan): the cursor is submitted before `try`, the client released in the close callback in `finally`.
    name: 'cursorClosedInFinallyReleasesInItsCallback',
    code: mixin(`  module.scan = async function () {
    const client = await module.pool.connect();
    const cursor = client.query(new Cursor('SELECT v FROM t'));
    try {
      return await new Promise((resolve, reject) => cursor.read(100, (err, rows) => (err ? reject(err) : resolve(rows))));
    } finally {
      cursor.close(() => {
        client.release();
      });
    }
  };`),
  },
  {
    name: 'aCursorClassThatIsNotPgCursor',
    code: `const Cursor = require('./cursor');
async function first(db) {
  const client = await db.pool.connect();
  const rows = await client.query(new Cursor('SELECT v FROM t')).read(10);
  client.release();
  return rows;
}`,
  },
];
