import { RuleTester } from '@typescript-eslint/rule-tester';
import { after, describe, it } from 'node:test';
import rule from '../../rules/no-leaked-client.js';
import { repoPath } from '../repo-root.js';
import * as cursors from './no-leaked-client.cursors.cases.js';
import * as drivers from './no-leaked-client.drivers.cases.js';
import { invalid as flowInvalid, pg, valid as flowValid } from './no-leaked-client.flow.cases.js';
import * as forms from './no-leaked-client.forms.cases.js';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester();

// The rule tester bundles its own @typescript-eslint/utils types; the rule is the same object.
const tested = rule as never;

ruleTester.run('no-leaked-client', tested, {
  valid: [
    ...flowValid,
    ...forms.valid,
    ...drivers.valid,
    ...cursors.valid,
    {
      name: 'releasingFunctions: a configured function releases in finally',
      code: pg(`async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    db.releaseClient(client);
  }
}`),
      options: [{ releasingFunctions: ['db.releaseClient'] }],
    },
  ],
  invalid: [
    ...flowInvalid,
    ...forms.invalid,
    ...drivers.invalid,
    ...cursors.invalid,
    {
      name: 'releasingFunctions: a configured function that releases only on success',
      code: pg(`async function load() {
  const client = await pool.connect();
  await client.query('SELECT 1');
  releaseClient(client);
}`),
      options: [{ releasingFunctions: ['releaseClient'] }],
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 24,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: pg(`async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    releaseClient(client);
  }
}`),
            },
          ],
        },
      ],
    },
  ],
});

const typedTester = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: repoPath('fixtures', 'drivers') } },
});

typedTester.run('no-leaked-client (typed)', tested, {
  valid: [
    {
      name: 'a typed parameter pool released in finally',
      filename: repoPath('fixtures', 'drivers', 'typed.ts'),
      code: `import type { Pool } from 'pg';
export async function load(pool: Pool) {
  const client = await pool.connect();
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'a pool imported from another file, found by type',
      filename: repoPath('fixtures', 'drivers', 'typed.ts'),
      code: `import { pool } from './db.js';
export async function load() {
  const client = await pool.connect();
  await client.query('SELECT 1');
  client.release();
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 3,
          column: 24,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import { pool } from './db.js';
export async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a typed parameter pool',
      filename: repoPath('fixtures', 'drivers', 'typed.ts'),
      code: `import type { Pool } from 'pg';
export async function load(pool: Pool) {
  const client = await pool.connect();
  if (client.processID === 0) return;
  client.release();
}`,
      errors: [
        {
          messageId: 'notReleasedOnJump',
          line: 3,
          column: 24,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import type { Pool } from 'pg';
export async function load(pool: Pool) {
  const client = await pool.connect();
  try {
    if (client.processID === 0) return;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
