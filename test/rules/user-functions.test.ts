/**
 * Values and transactions through the project's own functions (issue 14 §2, §3), same file, without
 * types: a helper that runs its callback between BEGIN and COMMIT, a client handed to a helper's
 * callback, a pool passed as an argument, `.bind`, driver values stored in object slots and class
 * fields declared null. The negative cases keep precision: a callback whose parameter is not a client,
 * a bound method of a plain object, an exported function (other modules may call it with anything).
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe } from 'node:test';
import advisory from '../../rules/no-session-advisory-lock.js';
import leaks from '../../rules/no-leaked-client.js';
import listen from '../../rules/no-listen.js';
import sessionSet from '../../rules/no-session-set.js';
import { at, invalidCase as bad, ruleTester, validCase as good, withDriver } from './session-cases.js';

/** A same-file helper (lines 3–16) that runs `fn(c)` between BEGIN and COMMIT on a checked-out client. */
const WITH_TRANSACTION = `async function withTransaction(db, fn) {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    const r = await fn(c);
    await c.query('COMMIT');
    return r;
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}
`;

/** A same-file helper (lines 3–10) that lends a client to `fn`, with no transaction. */
const WITH_CLIENT = `async function withClient(db, fn) {
  const c = await db.connect();
  try {
    return await fn(c);
  } finally {
    c.release();
  }
}
`;

/** The helper's call on line 17 (line 11 for WITH_CLIENT) with `statements` on the lines after it. */
const inTransaction = (statements: string) =>
  withDriver('pg', `${WITH_TRANSACTION}await withTransaction(pool, async (client) => {\n${statements}\n});`);
const withClient = (statements: string) =>
  withDriver('pg', `${WITH_CLIENT}await withClient(pool, async (client) => {\n${statements}\n});`);

/** `count` generated lines. */
const chain = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join('\n');

const SET_LOCAL = "  await client.query(\"SET LOCAL app.tenant = '1'\");";
const XACT_LOCK = "  await client.query('SELECT pg_advisory_xact_lock(1)');";

describe('a helper that runs its callback inside a transaction (same file)', () => {
  ruleTester.run('no-session-set', sessionSet as never, {
    valid: [
      good('SET LOCAL in the callback of withTransaction', inTransaction(SET_LOCAL)),
      good('helper declared after its use', withDriver('pg', `await withTransaction(pool, async (client) => {\n${SET_LOCAL}\n});\n${WITH_TRANSACTION}`)),
    ],
    invalid: [
      bad('a session SET in the callback gets the SET LOCAL suggestion', inTransaction("  await client.query('SET search_path TO a');"), [
        at('broken', 18, 23, 43, ["'SET search_path", "'SET LOCAL search_path"]),
      ]),
      bad('SET LOCAL in the callback of a helper without BEGIN', withClient(SET_LOCAL), [at('noEffectOutsideTransaction', 12, 23, 49)]),
      bad(
        'the helper calls its callback before BEGIN',
        withDriver(
          'pg',
          "async function early(db, fn) {\n  const c = await db.connect();\n  await fn(c);\n  await c.query('BEGIN');\n  await c.query('COMMIT');\n  c.release();\n}\nawait early(pool, async (client) => {\n" +
            SET_LOCAL +
            '\n});',
        ),
        [at('noEffectOutsideTransaction', 11, 23, 49)],
      ),
      bad(
        'the callback sends on the pool, not on the client in the transaction',
        withDriver('pg', `${WITH_TRANSACTION}await withTransaction(pool, async (client) => {\n  await pool.query("SET LOCAL app.tenant = '1'");\n});`),
        [at('noEffectOutsideTransaction', 18, 21, 47)],
      ),
    ],
  });
  ruleTester.run('no-session-advisory-lock', advisory as never, {
    valid: [good('xact lock in the callback of withTransaction', inTransaction(XACT_LOCK))],
    invalid: [bad('xact lock in the callback of a helper without BEGIN', withClient(XACT_LOCK), [at('noEffectOutsideTransaction', 12, 30, 54)])],
  });
});

describe('driver values through user functions (same file)', () => {
  ruleTester.run('no-listen', listen as never, {
    valid: [
      good(
        'a callback whose parameter is not a client',
        withDriver('pg', "function withThing(fn) {\n  return fn({ query: (text) => text });\n}\nwithThing((x) => x.query('LISTEN x'));"),
      ),
      good('a bound method of a plain object', withDriver('pg', "const o = { query: (text) => text };\nconst q = o.query.bind(o);\nq('LISTEN x');")),
      good(
        'an exported function: other modules may pass anything',
        withDriver('pg', "export function listenOn(db) {\n  return db.query('LISTEN x');\n}\nlistenOn(pool);"),
      ),
      good(
        'a chain of 3,000 functions passing the pool on: unknown past the nesting limit, no stack overflow',
        withDriver('pg', `${chain(3000, (i) => `function f${i}(d) { return f${i + 1}(d); }`)}\nfunction f3000(d) { return d.query('LISTEN x'); }\nf0(pool);`),
      ),
      good(
        'a chain of 3,000 consts: unknown past the nesting limit, no stack overflow',
        withDriver('pg', `const a0 = pool;\n${chain(3000, (i) => `const a${i + 1} = a${i};`)}\na3000.query('LISTEN x');`),
      ),
      good(
        'a parameter the same-file callers fill with different things',
        withDriver('pg', "function run(db) {\n  return db.query('LISTEN x');\n}\nrun(pool);\nrun({ query: (t) => t });"),
      ),
    ],
    invalid: [
      bad("a client lent to a helper's callback", withClient("  await client.query('LISTEN x');"), [at('broken', 12, 23, 31)]),
      bad(
        'a pool passed as an argument',
        withDriver('pg', "function makeRepo(db) {\n  return { find: () => db.query('LISTEN x') };\n}\nconst repo = makeRepo(pool);\nrepo.find();"),
        [at('broken', 4, 34, 42)],
      ),
      bad('a method pulled out with .bind', withDriver('pg', "const q = pool.query.bind(pool);\nq('LISTEN x');"), [at('broken', 4, 4, 12)]),
      bad(
        'a class field declared null and assigned in a method',
        withDriver('pg', "class Repo {\n  private db: any = null;\n  init() { this.db = new pg.Pool(); }\n  run() { return this.db.query('LISTEN x'); }\n}"),
        [at('broken', 6, 33, 41)],
      ),
      bad(
        'an object-literal slot declared null and assigned later',
        withDriver('pg', "const state = { db: null as any };\nstate.db = new pg.Pool();\nstate.db.query('LISTEN x');"),
        [at('broken', 5, 17, 25)],
      ),
    ],
  });
});

describe('same-file wrappers without types', () => {
  ruleTester.run('no-listen', listen as never, {
    valid: [
      good(
        'a method of the same name on an object that is no wrapper',
        withDriver('pg', "const db = { query: (text) => pool.query(text) };\nconst log = { query: (text) => text };\nlog.query('LISTEN x');"),
      ),
      good('the wrapper with non-SQL text', withDriver('pg', "function exec(text) {\n  return pool.query(text);\n}\nexec('SELECT 1');")),
    ],
    invalid: [
      bad('a function that passes its parameter to pool.query', withDriver('pg', "function exec(text) {\n  return pool.query(text);\n}\nexec('LISTEN x');"), [
        at('broken', 6, 7, 15),
      ]),
      bad(
        'an object of closures bound to a const',
        withDriver('pg', "const db = { query: (text) => pool.query(text) };\ndb.query('LISTEN x');"),
        [at('broken', 4, 11, 19)],
      ),
      bad(
        'an object of closures returned by a factory over a pool argument',
        withDriver('pg', "function createDb(p) {\n  return { query: (text) => p.query(text) };\n}\nconst db = createDb(pool);\ndb.query('LISTEN x');"),
        [at('broken', 7, 11, 19)],
      ),
    ],
  });
});

/** A wrapper sending on its parameter; BEGIN on line 7, SET LOCAL on line 8. */
const CLIENT_EXEC =
  "function exec(c, text) {\n  return c.query(text);\n}\nconst client = await pool.connect();\nawait exec(client, 'BEGIN');\nawait exec(client, \"SET LOCAL app.x = '1'\");\nclient.release();";

describe('same-file wrappers keep the transaction of their connection', () => {
  const exec = (statement: string) =>
    "import pg from 'pg';\nconst client = new pg.Client();\nfunction exec(text) {\n  return client.query(text);\n}\n" +
    `async function run() {\n  await exec('BEGIN');\n  ${statement}\n  await exec('COMMIT');\n}`;
  ruleTester.run('no-session-set', sessionSet as never, {
    valid: [
      good('SET LOCAL through exec() after exec(BEGIN) on a module-level client', exec("await exec(\"SET LOCAL app.x = '1'\");")),
      good('SET LOCAL through exec(client, …) after exec(client, BEGIN)', withDriver('pg', CLIENT_EXEC)),
    ],
    invalid: [
      bad(
        'SET LOCAL through exec(pool, …): a pool holds no transaction',
        withDriver('pg', CLIENT_EXEC.replaceAll('exec(client,', 'exec(pool,')),
        [at('noEffectOutsideTransaction', 8, 19, 40)],
      ),
    ],
  });
});

describe('the leak analysis through helpers: a lent client is the helper’s to release', () => {
  new RuleTester().run('no-leaked-client', leaks as never, {
    valid: [
      { name: 'withClient releases in finally', code: withClient("  await client.query('SELECT 1');") },
      { name: 'withTransaction releases in finally', code: inTransaction("  await client.query('SELECT 1');") },
      {
        name: 'a helper that hands its client to the callback',
        code: withDriver('pg', "async function lend(db, fn) {\n  const c = await db.connect();\n  return fn(c);\n}\nawait lend(pool, async (client) => { client.release(); });"),
      },
    ],
    invalid: [
      {
        name: 'a pool passed to a function of the file: its checkout is followed there',
        code: withDriver('pg', "async function load(db) {\n  const c = await db.connect();\n  await c.query('SELECT 1');\n  c.release();\n}\nawait load(pool);"),
        errors: [
          {
            messageId: 'notReleasedOnThrow',
            line: 4,
            column: 19,
            suggestions: [
              {
                messageId: 'wrapInFinally',
                output: withDriver(
                  'pg',
                  "async function load(db) {\n  const c = await db.connect();\n  try {\n    await c.query('SELECT 1');\n  } finally {\n    c.release();\n  }\n}\nawait load(pool);",
                ),
              },
            ],
          },
        ],
      },
    ],
  });
});
