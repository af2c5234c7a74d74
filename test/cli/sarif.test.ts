/**
 * `--format sarif` over constructed reports (paths with spaces and non-ASCII letters, `.sql` findings,
 * suppressions, parse errors, skipped files) and over a real `pooler-lint` run on the legacy demo app, each
 * validated against the SARIF 2.1.0 schema.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Linter, type ESLint } from 'eslint';
import type * as Sarif from 'sarif';
import { ruleDescriptions } from '../../src/cli/formats.js';
import { createReport, type FileCounts, type RunReport } from '../../src/cli/report.js';
import { BASELINE_JUSTIFICATION, formatSarif, sarifLog, SRCROOT } from '../../src/cli/sarif.js';
import { sqlMessages, sqlResult } from '../../src/cli/sql-files.js';
import { DEPLOY_RULES } from '../../src/deploy/rules.js';
import plugin from '../../src/index.js';
import { packageInfo } from '../../src/package-info.js';
import { resolveProfile } from '../../src/profiles/index.js';
import { repoPath } from '../repo-root.js';
import { runCli } from './run-cli.js';
import { sarifValidator, schemaErrors } from './sarif-schema.js';

/** A scan root with a space and non-ASCII letters. */
const ROOT = path.resolve('/srv/my app/über');
const DB_CODE = [
  "import pg from 'pg';",
  'const pool = new pg.Pool({ max: 5, connectionTimeoutMillis: 5000 });',
  'export async function listen() {',
  "  await pool.query('LISTEN jobs');",
  '}',
  '',
].join('\n');
const SESSION_SQL = '-- dump\nSET statement_timeout = 0;\n';

const linter = new Linter({ configType: 'flat' });
const validate = sarifValidator();

/** ESLint's messages for a JS file's text, with the plugin's recommended rules. */
function lint(text: string): Linter.LintMessage[] {
  return linter.verify(text, [{ files: ['**/*.js'], plugins: { pooler: plugin as never }, rules: plugin.configs.recommended!.rules! }], 'file.js');
}

function file(relative: string, messages: Linter.LintMessage[], suppressed: Linter.SuppressedLintMessage[] = []): ESLint.LintResult {
  return { ...sqlResult(path.join(ROOT, relative), messages), suppressedMessages: suppressed };
}

function report(results: ESLint.LintResult[], files: Partial<FileCounts> = {}): RunReport {
  return createReport({
    cwd: ROOT,
    results,
    pools: [],
    budgetOptions: {},
    profileLabel: 'a transaction-mode pooler',
    profileId: 'transaction',
    namespace: 'pooler',
    ruleDescriptions: ruleDescriptions(),
    files: { code: results.length, sql: 0, typed: 0, skipped: [], ...files },
  });
}

function only<T>(items: readonly T[] | undefined, what: string): T {
  assert.equal(items?.length, 1, `one ${what}`);
  return items[0]!;
}

function artifactOf(location: Sarif.Location | undefined): Sarif.ArtifactLocation {
  return location!.physicalLocation!.artifactLocation!;
}

/** The absolute path a SARIF artifact location names, resolved against the run's base URIs. */
function resolvedPath(run: Sarif.Run, location: Sarif.ArtifactLocation): string {
  const base = location.uriBaseId ? run.originalUriBaseIds![location.uriBaseId]!.uri : undefined;
  return fileURLToPath(new URL(location.uri!, base));
}

describe('sarif: the log of a constructed run', () => {
  const listen = lint(DB_CODE);
  const sql = sqlMessages(SESSION_SQL, { profile: resolveProfile(undefined), enabledRules: new Set(['pooler/no-session-set']), namespace: 'pooler' });
  const parseError = lint('const x = ;\n');
  const [baselined] = lint(DB_CODE).map((m) => ({ ...m, suppressions: [{ kind: 'file', justification: '' }] }));
  const [disabled] = lint(DB_CODE).map((m) => ({ ...m, suppressions: [{ kind: 'directive', justification: 'a direct connection' }] }));
  const results = [
    file('src/db.js', listen),
    file('migrations/001 init.sql', sql),
    file('src/çà dir/broken.js', parseError),
    file('src/legacy.js', [], [baselined!]),
    file('src/worker.js', [], [disabled!]),
  ];
  const skipped = [{ file: path.join(ROOT, 'src/huge.js'), reason: 'analysis over its time budget' }];
  const log = sarifLog(report(results, { code: 4, sql: 1, typed: 3, skipped }));
  const run = log.runs[0]!;
  const active = run.results!.filter((r) => !r.suppressions);

  before(() => {
    assert.equal(listen.length, 1, 'ESLint reports the LISTEN');
    assert.equal(sql.length, 1, 'the SQL engine reports the SET');
    assert.equal(parseError[0]?.fatal, true, 'the parser fails');
  });

  it('validates against the SARIF 2.1.0 schema, with one run of pooler-lint', () => {
    assert.ok(validate(log), schemaErrors(validate));
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema!, /sarif-2\.1\.0\.json$/);
    assert.equal(log.runs.length, 1);
    const driver = run.tool.driver;
    assert.deepEqual([driver.name, driver.version, driver.semanticVersion], ['pooler-lint', packageInfo.version, packageInfo.version]);
    assert.equal(driver.informationUri, 'https://github.com/eslint-plugin-pooler/eslint-plugin-pooler');
  });

  it('describes every rule of the plugin, with its description, documentation and default level', () => {
    const rules = run.tool.driver.rules!.filter((r) => !(r.id.slice('pooler/'.length) in DEPLOY_RULES));
    assert.deepEqual(rules.map((r) => r.id).sort(), Object.keys(plugin.rules).map((name) => `pooler/${name}`).sort());
    for (const rule of rules) {
      const meta = plugin.rules[rule.id.slice('pooler/'.length)]!.meta;
      assert.equal(rule.shortDescription?.text.replace(/\.$/, ''), meta.docs!.description.replace(/\.$/, ''), rule.id);
      assert.ok(rule.fullDescription?.text, rule.id);
      assert.equal(rule.helpUri, meta.docs!.url, rule.id);
      assert.ok(rule.help?.text.includes(meta.docs!.url!), rule.id);
      assert.ok(rule.help?.markdown?.includes(`](${meta.docs!.url})`), rule.id);
      assert.equal(rule.defaultConfiguration?.level, 'error');
      assert.deepEqual(rule.properties, { tags: ['pooler', 'postgresql', 'correctness'], precision: 'high', 'problem.severity': 'error' });
    }
  });

  it('describes every deployment rule, documented in the README', () => {
    const rules = run.tool.driver.rules!.filter((r) => r.id.slice('pooler/'.length) in DEPLOY_RULES);
    assert.deepEqual(rules.map((r) => r.id), [
      'pooler/pooler-max-client-conn',
      'pooler/pooler-pool-mode',
      'pooler/pooler-size-budget',
      'pooler/prisma-migrate-through-pooler',
      'pooler/prisma-named-prepared-statements',
      'pooler/prisma-pgbouncer-mode',
      'pooler/url-startup-parameter',
    ]);
    for (const rule of rules) {
      const description = DEPLOY_RULES[rule.id.slice('pooler/'.length) as keyof typeof DEPLOY_RULES];
      assert.equal(rule.shortDescription?.text, `${description}.`, rule.id);
      const section = rule.id.startsWith('pooler/pooler-') ? 'the-poolers-own-configuration' : 'deployment-files';
      assert.equal(rule.helpUri, `https://github.com/eslint-plugin-pooler/eslint-plugin-pooler#${section}`, rule.id);
      assert.equal(rule.defaultConfiguration?.level, 'error');
      assert.deepEqual(rule.properties, { tags: ['pooler', 'postgresql', 'correctness', 'deployment'], precision: 'high', 'problem.severity': 'error' });
    }
  });

  it('refers each result to its rule by ruleId and ruleIndex', () => {
    assert.equal(run.results!.length, 4);
    for (const result of run.results!) assert.equal(run.tool.driver.rules![result.ruleIndex!]!.id, result.ruleId);
    assert.deepEqual(
      active.map((r) => `${r.ruleId} ${r.level}`),
      ['pooler/no-session-set error', 'pooler/no-listen error'],
    );
  });

  it('gives paths relative to %SRCROOT%, the root as a file URL ending in /, percent-encoded', () => {
    assert.equal(run.originalUriBaseIds![SRCROOT]!.uri, 'file:///srv/my%20app/%C3%BCber/');
    const sqlLocation = artifactOf(active[0]!.locations![0]);
    assert.deepEqual({ uri: sqlLocation.uri, uriBaseId: sqlLocation.uriBaseId }, { uri: 'migrations/001%20init.sql', uriBaseId: SRCROOT });
    assert.equal(resolvedPath(run, sqlLocation), path.join(ROOT, 'migrations/001 init.sql'));
    const notification = only(run.invocations![0]!.toolExecutionNotifications?.filter((n) => n.level === 'error'), 'error notification');
    const broken = artifactOf(notification.locations![0]);
    assert.equal(broken.uri, 'src/%C3%A7%C3%A0%20dir/broken.js');
    assert.equal(resolvedPath(run, broken), path.join(ROOT, 'src/çà dir/broken.js'));
  });

  it('lists each file once in artifacts, and locations point at it by index', () => {
    const uris = run.artifacts!.map((a) => a.location!.uri);
    assert.equal(new Set(uris).size, uris.length);
    const locations = [...run.results!.flatMap((r) => r.locations!), ...run.invocations![0]!.toolExecutionNotifications!.flatMap((n) => n.locations!)];
    for (const location of locations) {
      const artifact = artifactOf(location);
      assert.equal(run.artifacts![artifact.index!]!.location!.uri, artifact.uri);
    }
  });

  it("carries ESLint's 1-based columns and exclusive end as SARIF's, in UTF-16 code units", () => {
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const region = active[1]!.locations![0]!.physicalLocation!.region!;
    const { line, column, endLine, endColumn } = listen[0]!;
    assert.deepEqual(region, { startLine: line, startColumn: column, endLine, endColumn });
    // endColumn is the column after the last character, in ESLint and in SARIF alike.
    assert.equal(DB_CODE.split('\n')[region.startLine! - 1]!.slice(region.startColumn! - 1, region.endColumn! - 1), 'LISTEN jobs');
    const sqlRegion = active[0]!.locations![0]!.physicalLocation!.region!;
    assert.equal(SESSION_SQL.split('\n')[sqlRegion.startLine! - 1]!.slice(sqlRegion.startColumn! - 1, sqlRegion.endColumn! - 1), 'SET statement_timeout = 0');
  });

  it('includes .sql findings with their message', () => {
    const result = active[0]!;
    assert.equal(result.ruleId, 'pooler/no-session-set');
    assert.equal(result.message.text, sql[0]!.message);
    assert.match(result.message.text, /--sql-direct/);
  });

  it('keeps baseline-suppressed errors as externally suppressed results, eslint-disable ones as in-source', () => {
    const suppressed = run.results!.filter((r) => r.suppressions);
    assert.deepEqual(
      suppressed.map((r) => [artifactOf(r.locations![0]).uri, r.ruleId, r.suppressions]),
      [
        ['src/legacy.js', 'pooler/no-listen', [{ kind: 'external', justification: BASELINE_JUSTIFICATION }]],
        ['src/worker.js', 'pooler/no-listen', [{ kind: 'inSource', justification: 'a direct connection' }]],
      ],
    );
  });

  it('reports a parse error as an error notification with its position, and a skipped file as a warning', () => {
    const invocation = run.invocations![0]!;
    assert.equal(invocation.executionSuccessful, false);
    const notes = invocation.toolExecutionNotifications!.map((n) => ({
      level: n.level,
      text: n.message.text,
      uri: artifactOf(n.locations![0]).uri,
      region: n.locations![0]!.physicalLocation!.region,
      descriptor: run.tool.driver.notifications![n.descriptor!.index!]!.id,
    }));
    assert.deepEqual(notes, [
      { level: 'error', text: parseError[0]!.message, uri: 'src/%C3%A7%C3%A0%20dir/broken.js', region: { startLine: 1, startColumn: 11 }, descriptor: 'file-not-analysed' },
      { level: 'warning', text: 'Not analysed: analysis over its time budget.', uri: 'src/huge.js', region: undefined, descriptor: 'file-skipped' },
    ]);
  });

  it('states the file counts in the run properties', () => {
    assert.deepEqual(run.properties, { profile: 'transaction', filesAnalysed: 5, filesTyped: 3, sqlFiles: 1, filesSkipped: 1 });
  });
});

describe('sarif: execution status and stability', () => {
  it('is successful when every file was analysed; a skipped file alone makes it unsuccessful', () => {
    const clean = sarifLog(report([file('src/db.js', lint(DB_CODE))]));
    assert.deepEqual(clean.runs[0]!.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    const skipped = sarifLog(report([], { skipped: [{ file: path.join(ROOT, 'vendor.js'), reason: 'ignored by .gitignore' }] }));
    assert.equal(skipped.runs[0]!.invocations![0]!.executionSuccessful, false);
    assert.ok(validate(skipped), schemaErrors(validate));
  });

  it('reports a message of ESLint that no rule owns as a notice, without failing the run', () => {
    const config = { files: ['**/*.js'], linterOptions: { reportUnusedDisableDirectives: 'warn' as const } };
    const unused = linter.verify('// eslint-disable-next-line no-console\nexport const x = 1;\n', [config], 'file.js');
    assert.deepEqual(unused.map((m) => [m.ruleId, m.severity, m.fatal]), [[null, 1, undefined]]);
    const log = sarifLog(report([file('src/x.js', unused)]));
    const invocation = log.runs[0]!.invocations![0]!;
    assert.equal(invocation.executionSuccessful, true);
    const notice = only(invocation.toolExecutionNotifications, 'notification');
    assert.deepEqual([notice.level, notice.message.text, notice.descriptor?.id], ['warning', unused[0]!.message, 'eslint-notice']);
    assert.deepEqual(log.runs[0]!.results, []);
  });

  it('reports a file that does not parse once, even when it is also listed as skipped', () => {
    const broken = path.join(ROOT, 'src/broken.js');
    const log = sarifLog(report([file('src/broken.js', lint('const x = ;'))], { skipped: [{ file: broken, reason: 'does not parse' }] }));
    assert.equal(log.runs[0]!.invocations![0]!.toolExecutionNotifications!.length, 1);
  });

  it('gives a file outside the root its absolute file URL', () => {
    const outside = { ...sqlResult(path.resolve('/opt/shared/db sql.sql'), sqlMessages(SESSION_SQL, { profile: resolveProfile(undefined), enabledRules: new Set(['pooler/no-session-set']), namespace: 'pooler' })) };
    const log = sarifLog(report([outside]));
    assert.deepEqual(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation, { uri: 'file:///opt/shared/db%20sql.sql', index: 0 });
    assert.ok(validate(log), schemaErrors(validate));
  });

  it('is deterministic: the same text whatever the order of results, and no timestamps', () => {
    const results = [file('src/b.js', lint(DB_CODE)), file('src/a.js', lint(DB_CODE)), file('src/c.js', lint('const x = ;'))];
    const text = formatSarif(report(results));
    assert.equal(formatSarif(report([...results].reverse())), text);
    assert.ok(!/\d{4}-\d\d-\d\dT\d\d:/.test(text), 'no timestamp');
    assert.ok(text.endsWith('}\n'));
  });
});

describe('sarif: a real pooler-lint run on the legacy demo app', () => {
  it('validates against the schema, lists every finding of the json format and describes every rule', async () => {
    const [sarif, json] = await Promise.all([
      runCli(['fixtures/apps/legacy-api', '--format', 'sarif']),
      runCli(['fixtures/apps/legacy-api', '--format', 'json']),
    ]);
    // stdout is the log alone; the one-line summary of the machine formats goes to stderr.
    assert.equal(sarif.code, 1);
    assert.match(sarif.stderr, /^pooler-lint: Analysed 12 JS\/TS files \(12 with type information\) and 2 SQL files\. Verdict: \d+ blockers/);
    const log = JSON.parse(sarif.stdout) as Sarif.Log;
    assert.ok(validate(log), schemaErrors(validate));
    const run = log.runs[0]!;
    assert.equal(run.originalUriBaseIds![SRCROOT]!.uri, `${pathToFileURL(repoPath()).href}/`);
    const expected = (JSON.parse(json.stdout) as ESLint.LintResult[]).flatMap((r) =>
      r.messages.map((m) => `${path.relative(repoPath(), r.filePath)}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId}`),
    );
    const actual = run.results!.map((r) => {
      const { artifactLocation, region } = r.locations![0]!.physicalLocation!;
      assert.equal(artifactLocation!.uriBaseId, SRCROOT);
      return `${decodeURI(artifactLocation!.uri!)}:${region!.startLine}:${region!.startColumn}-${region!.endLine}:${region!.endColumn} ${r.ruleId}`;
    });
    assert.deepEqual(actual.sort(), expected.sort());
    assert.ok(actual.some((entry) => entry.startsWith('fixtures/apps/legacy-api/migrations/') && entry.endsWith('pooler/no-session-set')), '.sql findings');
    assert.equal(run.tool.driver.rules!.length, Object.keys(plugin.rules).length + Object.keys(DEPLOY_RULES).length);
    assert.deepEqual(run.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    assert.equal(run.properties!.filesAnalysed, 14);
  });
});

describe('sarif: a run from a folder inside a git repository', () => {
  it('gives URIs relative to the repository root, where GitHub code scanning looks for them', async () => {
    const sarif = await runCli(['--format', 'sarif', '--quiet'], { cwd: repoPath('fixtures/apps/legacy-api') });
    assert.equal(sarif.code, 1, sarif.stderr);
    const run = (JSON.parse(sarif.stdout) as Sarif.Log).runs[0]!;
    assert.equal(run.originalUriBaseIds![SRCROOT]!.uri, `${pathToFileURL(repoPath()).href}/`);
    const uris = run.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri!);
    assert.ok(uris.length > 0);
    assert.deepEqual(uris.filter((uri) => !uri.startsWith('fixtures/apps/legacy-api/')), []);
  });
});
