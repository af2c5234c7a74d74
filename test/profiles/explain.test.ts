import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HAZARDS, TRANSACTION_SCOPED, type HazardId } from '../../src/hazards.js';
import { PROFILE_IDS, explain, resolveProfile, type HazardDetail } from '../../src/profiles/index.js';

const HAZARD_IDS = Object.keys(HAZARDS) as HazardId[];
/** The citation keys of pooler-facts.md §0 and §d, master-table rows, §e items and truth-table rows. */
const CITATION =
  /^(PGB-(FEAT|FEAT-HIST|CFG|NEWS|FAQ|SRC)|RDS-(PIN|PIN-OLD|LIM|EQP)|SUPA-(KB|REPO|PR207)|PGCAT|PGDOG|ODY|NEON|AZ-PGB|PG-SET|I-([1-9]|1\d|2[0-4])|H([1-9]|1\d|2[01])|\(e\)([1-9]|1\d|20)|truth#([1-9]|[1-3]\d|4[0-4]))$/;
const DETAILS: readonly (HazardDetail | undefined)[] = [
  undefined,
  { guc: 'search_path' },
  { guc: 'timezone' },
  { guc: 'application_name' },
  { guc: 'intervalstyle' },
  { parameter: 'statement_timeout' },
  { parameter: 'application_name' },
  { parameter: 'options', guc: 'search_path' },
];
const allProfiles = () => [
  ...PROFILE_IDS.map((profile) => resolveProfile({ profile })),
  resolveProfile({ profile: 'pgbouncer', version: '1.24' }),
  resolveProfile({ profile: 'pgbouncer', version: '1.21', maxPreparedStatements: 10 }),
];

describe('every profile × hazard cell', () => {
  it('has a verdict, a message clause, valid citations, and a setting when it needs one', () => {
    for (const profile of allProfiles()) {
      for (const hazard of HAZARD_IDS) {
        for (const detail of DETAILS) {
          const cell = profile.verdict(hazard, detail);
          const where = `${profile.label} × ${hazard} ${JSON.stringify(detail)}`;
          assert.ok(['broken', 'pinned', 'ok', 'needs-setting'].includes(cell.verdict), where);
          assert.match(cell.consequence, /^[a-z][^\n]*[^.\s]$/, where);
          assert.ok(cell.sources.length > 0, where);
          for (const source of cell.sources) assert.match(source, CITATION, where);
          if (cell.verdict === 'needs-setting') assert.ok(cell.setting, where);
        }
      }
    }
  });

  it('session-hook follows session-set', () => {
    for (const profile of allProfiles()) {
      for (const guc of ['search_path', 'timezone', 'application_name', undefined]) {
        const set = profile.verdict('session-set', { guc });
        const hook = profile.verdict('session-hook', { guc });
        assert.equal(hook.verdict, set.verdict);
        assert.equal(hook.consequence, set.consequence);
        assert.deepEqual(hook.sources.slice(0, set.sources.length), set.sources);
      }
    }
  });

  it('transaction-scoped hazards are ok in the portable profile (rules report them outside transactions)', () => {
    const portable = resolveProfile(undefined);
    for (const hazard of TRANSACTION_SCOPED) assert.equal(portable.verdict(hazard).verdict, 'ok', hazard);
  });

  it('a session-mode pooler only cares about startup parameters and pool size', () => {
    const session = resolveProfile({ profile: 'session' });
    const flagged = HAZARD_IDS.filter((hazard) => session.verdict(hazard).verdict !== 'ok');
    assert.deepEqual(flagged, ['startup-parameter', 'pool-size']);
  });

  it('never throws on odd input from a caller', () => {
    const profile = resolveProfile(undefined);
    assert.equal(profile.verdict('no-such-hazard' as HazardId).verdict, 'ok');
    assert.equal(profile.verdict('constructor' as HazardId).verdict, 'ok');
    const odd = { guc: 42, parameter: null } as unknown as HazardDetail;
    assert.equal(profile.verdict('session-set', odd).verdict, 'broken');
    assert.equal(profile.verdict('startup-parameter', odd).verdict, 'broken');
  });
});

describe('explain', () => {
  it('words a broken cell under the default profile', () => {
    assert.equal(
      explain(resolveProfile(undefined), 'session-set', { guc: 'search_path' }),
      'under a transaction-mode pooler it leaks to the next client of that server connection and is lost by this one',
    );
  });

  it('names the configured PgBouncer version', () => {
    assert.equal(
      explain(resolveProfile({ profile: 'pgbouncer', version: '1.18' }), 'startup-parameter', { parameter: 'lock_timeout' }),
      'under PgBouncer 1.18 in transaction mode it makes the connection fail with `unsupported startup parameter: lock_timeout`',
    );
  });

  it('adds the setting of a needs-setting cell', () => {
    assert.equal(
      explain(resolveProfile({ profile: 'supavisor' }), 'named-prepared-statement'),
      'under Supavisor (transaction mode) it fails with `prepared statement "…" already exists` or `… does not exist`, ' +
        "or runs another client's statement unless the pooler is configured with `NAMED_PREPARED_STATEMENTS_ENABLED=true`",
    );
  });

  it('words a pinned cell', () => {
    assert.equal(
      explain(resolveProfile({ profile: 'rds-proxy' }), 'listen'),
      'under RDS Proxy it pins the client to one server connection, which stays out of the pool until the client disconnects',
    );
  });

  it('names the GUC inside `options` (lower case) in the error text', () => {
    assert.equal(
      explain(resolveProfile({ profile: 'pgbouncer', version: '1.21' }), 'startup-parameter', { parameter: 'options', guc: 'Statement_Timeout' }),
      'under PgBouncer 1.21 in transaction mode it makes the connection fail with `unsupported startup parameter in options: statement_timeout`',
    );
  });
});
