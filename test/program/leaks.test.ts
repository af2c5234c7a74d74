/**
 * no-leaked-client with client helpers of another module (typed lint): `getClient()` returning
 * `pool.connect()` is an acquisition (reported in the caller when the client leaks), `getTenantClient()`
 * wraps that acquisition, `withClient(cb)` releases in `finally` (no subject in the caller), and
 * `releaseClient(c)` releases its argument (a release, so a second release is a double release).
 * Without types none of the helpers is known: nothing is reported.
 */
import rule from '../../rules/no-leaked-client.js';
import { IMPORTS, runTypedAndUntyped, typedInvalid as bad, typedValid as good } from './typed-tester.js';

const TOPIC = 'client helpers of another module';

const tested = rule as never;

/** The suggestion wrapping the client's uses in try/finally: `from` is replaced by `to` in the case's code. */
const wrap = (body: string, from: string, to: string, release = 'client.release()') => [
  { messageId: 'wrapInFinally', data: { name: 'client', release }, output: IMPORTS + body.replace(from, to) },
];

const leaking = `export async function load() {
  const client = await getClient();
  await client.query('SELECT 1');
}`;

const releasedOnSuccess = `export async function load() {
  const client = await getTenantClient('a');
  await client.query('SELECT 1');
  releaseClient(client);
}`;

const releasedTwice = `export async function load() {
  const client = await getClient();
  try {
    await client.query('SELECT 1');
  } finally {
    releaseClient(client);
    client.release();
  }
}`;

const cases = {
  valid: [
    good('getClient() released in finally', `export async function load() {
  const client = await getClient();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`),
    good('withClient() releases in finally: nothing to follow in the caller', `export async function load() {
  return withClient(async (client) => client.query('SELECT 1'));
}`),
    good('getTenantClient() (a wrapper of getClient) released by releaseClient() in finally', `export async function load() {
  const client = await getTenantClient('a');
  try {
    await client.query('SELECT 1');
  } finally {
    releaseClient(client);
  }
}`),
    good('the client is handed on to the caller', `export async function load() {
  const client = await getClient();
  return client;
}`),
    good('sharedClient() returns a cached client on some paths: not an acquisition', `export async function load() {
  const client = await sharedClient();
  await client.query('SELECT 1');
}`),
    good('releaseIfOk() releases only under a condition: passing the client on hands it over', `export async function load() {
  const client = await getClient();
  try {
    await client.query('SELECT 1');
  } finally {
    releaseIfOk(client, true);
  }
}`),
  ],
  invalid: [
    bad('getClient() never released: reported in the caller', leaking, [
      {
        messageId: 'neverReleased',
        line: 4,
        column: 24,
        endLine: 4,
        endColumn: 33,
        suggestions: wrap(
          leaking,
          "  await client.query('SELECT 1');\n}",
          "  try {\n    await client.query('SELECT 1');\n  } finally {\n    client.release();\n  }\n}",
        ),
      },
    ]),
    bad('getTenantClient() released by releaseClient() only when the query succeeds', releasedOnSuccess, [
      {
        messageId: 'notReleasedOnThrow',
        line: 4,
        column: 24,
        endLine: 4,
        endColumn: 39,
        suggestions: wrap(
          releasedOnSuccess,
          "  await client.query('SELECT 1');\n  releaseClient(client);\n}",
          "  try {\n    await client.query('SELECT 1');\n  } finally {\n    releaseClient(client);\n  }\n}",
          'releaseClient(client)',
        ),
      },
    ]),
    bad('getClient() result dropped', 'export async function load() {\n  await getClient();\n}', [
      { messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 18, suggestions: [] },
    ]),
    bad('releaseClient() then client.release(): released twice', releasedTwice, [
      { messageId: 'doubleRelease', line: 9, column: 5, endLine: 9, endColumn: 21, suggestions: [] },
    ]),
  ],
};

runTypedAndUntyped('no-leaked-client', TOPIC, tested, cases);
