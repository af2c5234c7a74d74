/**
 * `pooler-lint --format sarif` as a stranger runs it for GitHub code scanning: the installed bin of the packed
 * tarball, in a throwaway app with a path that needs percent-encoding, a `.sql` migration, a file that does not
 * parse and a legacy baseline; every log validated against the SARIF 2.1.0 schema.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { sarifValidator, schemaErrors } from '../cli/sarif-schema.js';
import { app, poolerLint } from './sandbox.js';

const FILES = {
  'src/db.js': [
    "import pg from 'pg';",
    'export const pool = new pg.Pool({ max: 5, connectionTimeoutMillis: 5000 });',
    "export const listen = () => pool.query('LISTEN jobs');",
    '',
  ].join('\n'),
  'src/rapports été/tenant.js': [
    "import pg from 'pg';",
    'const pool = new pg.Pool({ max: 5, connectionTimeoutMillis: 5000 });',
    "export const useTenant = (id) => pool.query(`SET search_path = tenant_${id}`);",
    '',
  ].join('\n'),
  'src/broken.js': 'export const x = ;\n',
  'migrations/001 init.sql': '-- dump\nSET statement_timeout = 0;\nCREATE TABLE t (id int);\n',
};

interface Entry {
  uri: string;
  line: number;
  startColumn: number;
  endColumn: number;
  ruleId: string;
  suppressed: string | undefined;
}

function entries(run: Sarif.Run): Entry[] {
  return run.results!.map((result) => {
    const { artifactLocation, region } = result.locations![0]!.physicalLocation!;
    assert.equal(artifactLocation!.uriBaseId, '%SRCROOT%');
    assert.equal(run.tool.driver.rules![result.ruleIndex!]!.id, result.ruleId);
    return {
      uri: artifactLocation!.uri!,
      line: region!.startLine!,
      startColumn: region!.startColumn!,
      endColumn: region!.endColumn!,
      ruleId: result.ruleId!,
      suppressed: result.suppressions?.map((s) => `${s.kind} ${s.justification}`).join(),
    };
  });
}

/** The text a region of a one-line result covers, read back through the run's base URI. */
function regionText(run: Sarif.Run, entry: Entry): string {
  const file = fileURLToPath(new URL(entry.uri, run.originalUriBaseIds!['%SRCROOT%']!.uri));
  return readFileSync(file, 'utf8').split('\n')[entry.line - 1]!.slice(entry.startColumn - 1, entry.endColumn - 1);
}

describe('pooler-lint --format sarif from the installed package', () => {
  const validate = sarifValidator();
  let dir: string;
  let first: Sarif.Log;

  before(async () => {
    dir = await app('sarif', FILES);
    const run = await poolerLint(dir, ['--format', 'sarif', '--quiet']);
    assert.equal(run.code, 1, run.stderr);
    first = JSON.parse(run.stdout) as Sarif.Log;
  });

  it('writes a log that validates against the SARIF 2.1.0 schema', () => {
    assert.ok(validate(first), schemaErrors(validate));
    assert.equal(first.runs[0]!.tool.driver.name, 'pooler-lint');
  });

  it('gives percent-encoded paths relative to the scan root, findings in code and in .sql files', () => {
    const run = first.runs[0]!;
    assert.equal(run.originalUriBaseIds!['%SRCROOT%']!.uri, `${pathToFileURL(dir).href}/`);
    const found = entries(run).map((e) => `${e.uri}:${e.line} ${e.ruleId} ${regionText(run, e)}`);
    assert.deepEqual(found, [
      'migrations/001%20init.sql:2 pooler/no-session-set SET statement_timeout = 0',
      'src/db.js:3 pooler/no-listen LISTEN jobs',
      'src/rapports%20%C3%A9t%C3%A9/tenant.js:3 pooler/no-session-set `SET search_path = tenant_${id}`',
    ]);
  });

  it('reports the file that does not parse as a notification, and the run as not fully successful', () => {
    const invocation = first.runs[0]!.invocations![0]!;
    assert.equal(invocation.executionSuccessful, false);
    const errors = invocation.toolExecutionNotifications!.filter((n) => n.level === 'error');
    assert.deepEqual(
      errors.map((n) => n.locations![0]!.physicalLocation!.artifactLocation!.uri),
      ['src/broken.js'],
    );
    assert.match(errors[0]!.message.text!, /Parsing error/);
  });

  it('keeps errors of a legacy baseline as suppressed results', async () => {
    const baseline = await poolerLint(dir, ['--suppress-all', '--quiet', '--format', 'json']);
    assert.ok(baseline.code === 0 || baseline.code === 1, baseline.stderr);
    const again = await poolerLint(dir, ['--format', 'sarif', '--quiet']);
    // Every finding is baselined, but src/broken.js does not parse: the run fails closed and says so.
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /src\/broken\.js: does not parse/);
    const log = JSON.parse(again.stdout) as Sarif.Log;
    assert.ok(validate(log), schemaErrors(validate));
    const all = entries(log.runs[0]!);
    assert.equal(all.length, 3);
    assert.ok(all.every((e) => e.suppressed === 'external eslint-suppressions.json'), JSON.stringify(all));
  });
});
