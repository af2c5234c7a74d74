import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './run-cli.js';

const CLEAN = 'fixtures/apps/clean-api';

/** Bad input: exit code 2, exactly one line on stderr that says what is wrong, nothing on stdout. */
const CASES: Array<[string, string[], RegExp]> = [
  ['an unknown flag', ['--bogus', CLEAN], /^pooler-lint: unknown option '--bogus'; see pooler-lint --help\.$/],
  ['a missing path', ['no/such/dir'], /^pooler-lint: path 'no\/such\/dir' does not exist\.$/],
  ['an unknown profile', ['--pooler', 'pgbouncr', CLEAN], /^pooler-lint: --pooler 'pgbouncr' is not a pooler profile; use one of: transaction, pgbouncer, /],
  [
    'a profile option on the wrong profile',
    ['--pooler', 'rds-proxy', '--max-prepared-statements', '100', CLEAN],
    /^pooler-lint: --max-prepared-statements does not apply to profile 'rds-proxy'; it applies to: pgbouncer, azure\.$/,
  ],
  [
    'a PgBouncer option its version lacks',
    ['--pooler', 'pgbouncer', '--pgbouncer-version', '1.19', '--max-prepared-statements', '100', CLEAN],
    /^pooler-lint: --max-prepared-statements needs PgBouncer 1\.21 or later, but version is '1\.19'\.$/,
  ],
  ['a bad PgBouncer version', ['--pooler', 'pgbouncer', '--pgbouncer-version', 'latest', CLEAN], /^pooler-lint: --pgbouncer-version must be a PgBouncer version/],
  ['a bad direct-url pattern', ['--direct-url-pattern', '(', CLEAN], /^pooler-lint: --direct-url-pattern '\(' is not a valid regular expression/],
  ['an unknown format', ['--format', 'xml', CLEAN], /^pooler-lint: --format 'xml' is not a format; use one of: stylish, json, sarif, markdown\.$/],
  ['a flag without its value', [CLEAN, '--max-connections'], /^pooler-lint: option '--max-connections <value>' needs a value; see pooler-lint --help\.$/],
  ['zero instances', ['--instances', '0', CLEAN], /^pooler-lint: --instances must be a whole number of 1 or more, got '0'\.$/],
  ['a value that looks like a flag', ['--reserved', '-3', CLEAN], /^pooler-lint: the value of '--reserved' starts with '-': write --reserved=<value>\.$/],
  ['a negative reserve', ['--reserved=-3', CLEAN], /^pooler-lint: --reserved must be a whole number of 0 or more, got '-3'\.$/],
  ['a reserve above max_connections', ['--max-connections', '50', '--reserved', '50', CLEAN], /^pooler-lint: --reserved \(50\) must be less than --max-connections \(50\)\.$/],
  ['a bad concurrency', ['--concurrency', 'many', CLEAN], /^pooler-lint: --concurrency must be a whole number of 1 or more, got 'many'\.$/],
  ['conflicting suppression flags', ['--suppress-all', '--prune-suppressions', CLEAN], /^pooler-lint: --suppress-all and --prune-suppressions cannot be used together\.$/],
];

describe('pooler-lint on bad input', () => {
  for (const [name, args, expected] of CASES) {
    it(`exits 2 with one line on stderr for ${name}`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.split('\n').length, 2, `one line: ${run.stderr}`);
      assert.match(run.stderr.trimEnd(), expected);
    });
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'pooler-lint-tsconfig-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 for a tsconfig.json that is not valid JSON', async () => {
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": ');
    writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    const run = await runCli(['.'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^pooler-lint: cannot read tsconfig\.json: .+\n$/);
  });

  it('exits 2 for a tsconfig.json that extends a missing file', async () => {
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "extends": "./base.json" }');
    const run = await runCli(['.'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^pooler-lint: cannot read tsconfig\.json: .*base\.json.*\n$/);
  });

  it('prints the usage for --help and exits 0', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: pooler-lint \[options\] \[paths\.\.\.\]/);
    for (const flag of ['--pooler', '--max-connections', '--instances', '--reserved', '--format', '--output', '--concurrency', '--suppress-all', '--quiet']) {
      assert.ok(run.stdout.includes(flag), flag);
    }
  });
});
