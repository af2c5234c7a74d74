/**
 * no-leaked-client cases: pg acquisition forms (callback, then, discarded, require, class fields) and ownership hand-offs.
 * Each invalid case asserts messageId, line, column and the exact suggestion output (reviewed by hand).
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageId, Options } from '../../rules/no-leaked-client.js';
import { pg } from './no-leaked-client.flow.cases.js';

export const invalid: InvalidTestCase<MessageId, Options>[] = [
  {
    name: 'callbackNeverDone',
    code: pg(`function load() {
  pool.connect((err, client, done) => {
    if (err) return;
    client.query('SELECT 1');
  });
}`),
    errors: [{ messageId: 'neverReleased', line: 4, column: 3, suggestions: [] }],
  },
  {
    name: 'callbackDoneTwice',
    code: pg(`function load() {
  pool.connect((err, client, done) => {
    if (err) return;
    done();
    done();
  });
}`),
    errors: [{ messageId: 'doubleRelease', line: 7, column: 5, suggestions: [] }],
  },
  {
    name: 'namedCallbackNeverDone',
    code: pg(`function onClient(err, client, done) {
  if (err) return;
  client.query('SELECT 1');
}
function load() {
  pool.connect(onClient);
}`),
    errors: [{ messageId: 'neverReleased', line: 8, column: 3, suggestions: [] }],
  },
  {
    name: 'namedArrowCallbackDoneTwice',
    code: pg(`const onClient = (err, client, done) => {
  if (err) return;
  done();
  done();
};
pool.connect(onClient);`),
    errors: [{ messageId: 'doubleRelease', line: 6, column: 3, suggestions: [] }],
  },
  {
    name: 'thenNeverReleased',
    code: pg(`function load() {
  return pool.connect().then((client) => client.query('SELECT 1'));
}`),
    errors: [{ messageId: 'neverReleased', line: 4, column: 10, suggestions: [] }],
  },
  {
    name: 'discarded',
    code: pg(`async function warm() {
  await pool.connect();
}`),
    errors: [{ messageId: 'discarded', line: 4, column: 9, suggestions: [] }],
  },
  {
    name: 'topLevel',
    code: pg(`const client = await pool.connect();
await client.query('SELECT 1');`),
    errors: [{ messageId: 'neverReleased', line: 3, column: 22, suggestions: [{ messageId: 'wrapInFinally', output: `import { Pool } from 'pg';
const pool = new Pool();
const client = await pool.connect();
try {
  await client.query('SELECT 1');
} finally {
  client.release();
}` }] }],
  },
  {
    name: 'borrowingHelper',
    code: pg(`async function migrate(c) {
  await c.query('CREATE TABLE t (id int)');
}
async function run() {
  const client = await pool.connect();
  await migrate(client);
  client.release();
}`),
    errors: [{ messageId: 'notReleasedOnThrow', line: 7, column: 24, suggestions: [{ messageId: 'wrapInFinally', output: `import { Pool } from 'pg';
const pool = new Pool();
async function migrate(c) {
  await c.query('CREATE TABLE t (id int)');
}
async function run() {
  const client = await pool.connect();
  try {
    await migrate(client);
  } finally {
    client.release();
  }
}` }] }],
  },
  {
    name: 'expressHandler',
    code: pg(`export const handler = async (req, res) => {
  const client = await pool.connect();
  const result = await client.query('SELECT 1');
  res.json(result.rows);
  client.release();
};`),
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 24, suggestions: [{ messageId: 'wrapInFinally', output: `import { Pool } from 'pg';
const pool = new Pool();
export const handler = async (req, res) => {
  const client = await pool.connect();
  try {
    const result = await client.query('SELECT 1');
    res.json(result.rows);
  } finally {
    client.release();
  }
};` }] }],
  },
  {
    name: 'classField',
    code: `const { Pool } = require('pg');
class Repo {
  constructor() {
    this.pool = new Pool();
  }
  async find(id) {
    const client = await this.pool.connect();
    const result = await client.query('SELECT $1::int', [id]);
    client.release();
    return result;
  }
}`,
    errors: [{ messageId: 'notReleasedOnThrow', line: 7, column: 26, suggestions: [{ messageId: 'wrapInFinally', output: `const { Pool } = require('pg');
class Repo {
  constructor() {
    this.pool = new Pool();
  }
  async find(id) {
    const client = await this.pool.connect();
    try {
      const result = await client.query('SELECT $1::int', [id]);
      return result;
    } finally {
      client.release();
    }
  }
}` }] }],
  },
  {
    name: 'releasingFunctionOption',
    code: pg(`async function load() {
  const client = await pool.connect();
  await client.query('SELECT 1');
  releaseClient(client);
}`),
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 24, suggestions: [] }],
  },
  {
    name: 'pgPool',
    code: `import Pool from 'pg-pool';
const pool = new Pool();
export async function load() {
  const client = await pool.connect();
  return client.query('SELECT 1');
}`,
    errors: [{ messageId: 'notReleasedOnJump', line: 4, column: 24, suggestions: [{ messageId: 'wrapInFinally', output: `import Pool from 'pg-pool';
const pool = new Pool();
export async function load() {
  const client = await pool.connect();
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}` }] }],
  },
  {
    name: 'nestedThenWithoutCatch',
    code: pg(`function load() {
  return pool.connect().then((client) =>
    client.query('SELECT 1').then((result) => {
      client.release();
      return result;
    }),
  );
}`),
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 10, suggestions: [] }],
  },
  {
    name: 'namespaceImport',
    code: `import * as pg from 'pg';
const pool = new pg.default.Pool();
export async function load() {
  const client = await pool.connect();
  await client.query('SELECT 1');
  client.release();
}`,
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 24, suggestions: [{ messageId: 'wrapInFinally', output: `import * as pg from 'pg';
const pool = new pg.default.Pool();
export async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}` }] }],
  },
];

export const valid: ValidTestCase<Options>[] = [
  { name: 'poolQuery', code: pg(`async function load() {
  const { rows } = await pool.query('SELECT 1');
  return rows;
}`) },
  { name: 'returnedClient', code: pg(`async function getClient() {
  const client = await pool.connect();
  return client;
}`) },
  { name: 'resolvedClient', code: pg(`function getClient() {
  return new Promise((resolve, reject) => {
    pool.connect().then((client) => resolve(client), reject);
  });
}`) },
  { name: 'storedOnThis', code: pg(`class Session {
  async open() {
    const client = await pool.connect();
    this.client = client;
  }
}`) },
  { name: 'passedToUnknownFunction', code: pg(`async function run(work) {
  const client = await pool.connect();
  await work(client);
}`) },
  { name: 'callbackWithNestedDone', code: pg(`function load() {
  pool.connect((err, client, done) => {
    if (err) return console.error(err);
    client.query('SELECT NOW()', (queryError, result) => {
      done();
    });
  });
}`) },
  { name: 'namedCallbackDone', code: pg(`function onClient(err, client, done) {
  if (err) return console.error(err);
  client.query('SELECT NOW()', () => done());
}
function load() {
  pool.connect(onClient);
}`) },
  { name: 'namedArrowCallbackRelease', code: pg(`const onClient = (err, client, release) => {
  if (err) {
    return;
  }
  release();
};
export function load() {
  pool.connect(onClient);
}`) },
  { name: 'callbackOfTheCaller', code: pg(`export function withClient(onClient) {
  pool.connect(onClient);
}`) },
  { name: 'callbackErrorThenDone', code: pg(`function load() {
  pool.connect((err, client, release) => {
    if (err) {
      return;
    }
    release();
  });
}`) },
  { name: 'thenFinally', code: pg(`function load() {
  return pool.connect().then((client) => client.query('SELECT 1').finally(() => client.release()));
}`) },
  { name: 'releasingFunctionInFinally', code: pg(`async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    releaseClient(client);
  }
}`) },
  { name: 'sameFileReleasingHelper', code: pg(`function finish(c) {
  c.release();
}
async function load() {
  const client = await pool.connect();
  finish(client);
}`) },
  { name: 'streamEndListener', code: pg(`async function stream(res) {
  const client = await pool.connect();
  res.on('close', () => client.release());
  const query = client.query(new Cursor('SELECT 1'));
  query.read(100, () => {});
}`) },
];
