/**
 * Messages say what each statement does: `UNLISTEN` removes a listener on whichever server connection runs
 * it (not the one that ran `LISTEN`); knex `searchPath` and pg-promise `schema` make the library send a
 * `SET search_path` on every new driver connection (with the statement knex sends); connection hooks run their
 * SET once per driver connection. Each case asserts the whole message text.
 */
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import noListen from '../../rules/no-listen.js';
import noSessionSet from '../../rules/no-session-set.js';
import { poolerSettings, withDriver } from './session-cases.js';

/** The messages of `rule` on `code` as `line:column message`. */
function messages(rule: 'no-listen' | 'no-session-set', code: string, settings?: Record<string, unknown>): string[] {
  const module = rule === 'no-listen' ? noListen : noSessionSet;
  const config: Linter.Config = {
    files: ['**/*.ts'],
    languageOptions: { parser },
    plugins: { pooler: { rules: { [rule]: module as never } } },
    rules: { [`pooler/${rule}`]: 'error' },
    ...(settings ? { settings } : {}),
  };
  return new Linter({ configType: 'flat' }).verify(code, [config], 'x.ts').map((m) => `${m.line}:${m.column} ${m.message}`);
}

const LEAKS = 'under a transaction-mode pooler it leaks to the next client of that server connection and is lost by this one.';
const HOOK_ADVICE = "Set it per role with `ALTER ROLE … SET`, in the pooler's connect query, or with `SET LOCAL` inside each transaction.";
const UNLISTEN_ADVICE = 'LISTEN and UNLISTEN on one dedicated direct (unpooled) connection; NOTIFY and `pg_notify` work through the pooler.';
const UNLISTEN_WHAT =
  "removes a listener on whichever server connection runs it, which need not be the one where this client's `LISTEN` ran (it can be another client's)";

describe('UNLISTEN says what it removes, and where', () => {
  it('transaction mode: the listener stays where LISTEN ran', () => {
    assert.deepEqual(messages('no-listen', withDriver('pg', "await pool.query('UNLISTEN jobs');")), [
      `3:19 \`UNLISTEN jobs\` ${UNLISTEN_WHAT}: under a transaction-mode pooler it leaves this client's listener registered on the server connection that ran \`LISTEN\`, where its notifications go to whichever client uses that connection, or are dropped. ${UNLISTEN_ADVICE}`,
    ]);
  });

  it('RDS Proxy: the pooler pins, so the message says that', () => {
    const [message] = messages('no-listen', withDriver('pg', "await pool.query('UNLISTEN *');"), poolerSettings('rds-proxy'));
    assert.match(message ?? '', /^3:19 `UNLISTEN \*` removes a listener on whichever server connection runs it, .*: under RDS Proxy it pins the client to one server connection/);
  });

  it('LISTEN keeps its own words', () => {
    const [message] = messages('no-listen', withDriver('pg', "await pool.query('LISTEN jobs');"));
    assert.match(message ?? '', /^3:19 `LISTEN jobs` registers a listener on one server connection: under a transaction-mode pooler it misses notifications/);
  });
});

describe('connection-config options say which statement they send', () => {
  it('knex searchPath, an array: the exact statement knex sends', () => {
    assert.deepEqual(messages('no-session-set', "import knex from 'knex';\nconst db = knex({ client: 'pg', searchPath: ['tenant_a', 'public'] });"), [
      `2:33 \`searchPath: ['tenant_a', 'public']\` makes knex send \`set search_path to "tenant_a","public"\` each time it opens a driver connection, not in each transaction: ${LEAKS} ${HOOK_ADVICE}`,
    ]);
  });

  it('knex searchPath, a string with a comma is one schema (as knex sends it)', () => {
    const [message] = messages('no-session-set', "import knex from 'knex';\nconst db = knex({ client: 'pg', searchPath: 'tenant_a,public' });");
    assert.match(message ?? '', /makes knex send `set search_path to "tenant_a,public"` each time it opens a driver connection/);
  });

  it('knex searchPath computed at run time', () => {
    const [message] = messages('no-session-set', "import knex from 'knex';\nconst db = knex({ client: 'pg', searchPath: process.env.SCHEMA });");
    assert.match(message ?? '', /^2:33 `searchPath: process\.env\.SCHEMA` makes knex send `set search_path to …` each time/);
  });

  it('pg-promise schema', () => {
    assert.deepEqual(messages('no-session-set', "import pgPromise from 'pg-promise';\nconst pgp = pgPromise({ schema: 'tenant_a' });\nconst db = pgp(process.env.DATABASE_URL);"), [
      `2:25 \`schema: 'tenant_a'\` makes pg-promise send \`SET search_path TO …\` each time it opens a driver connection, not in each transaction: ${LEAKS} ${HOOK_ADVICE}`,
    ]);
  });

  it("a SET in pool.on('connect') runs once per driver connection", () => {
    assert.deepEqual(messages('no-session-set', withDriver('pg', "pool.on('connect', (client) => client.query('SET search_path TO tenant_a'));")), [
      `3:46 \`SET search_path TO tenant_a\` runs a session SET each time the driver opens a connection, not in each transaction: ${LEAKS} ${HOOK_ADVICE}`,
    ]);
  });
});
