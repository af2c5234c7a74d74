import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_NON_SERVING_FILES, isNonServingFile } from '../../src/pools/index.js';

const ROOT = '/repo';
const nonServing = (file: string, patterns?: readonly string[]) => isNonServingFile(`${ROOT}/${file}`, ROOT, patterns);

describe('isNonServingFile: tests and scripts by convention', () => {
  it('matches the conventional places of tests, scripts, migrations and seeds', () => {
    for (const file of [
      'test/db.test.ts',
      'src/db.test.ts',
      'src/users/users.spec.tsx',
      'src/__tests__/pool.ts',
      'src/__mocks__/pg.ts',
      'packages/api/test/helpers/db.ts',
      'tests/setup.js',
      'e2e/global-setup.ts',
      'scripts/seed.ts',
      'db/migrations/20240101_init.ts',
      'db/seeds/users.ts',
      '.github/scripts/release.mjs',
    ]) {
      assert.equal(nonServing(file), true, file);
    }
  });

  it('leaves the serving code counted, near-miss names included', () => {
    for (const file of ['src/db.ts', 'src/testing.ts', 'src/test-utils.ts', 'src/contest/db.ts', 'fixtures/apps/api/src/db.ts', 'src/db.config.ts', 'src/latest.ts']) {
      assert.equal(nonServing(file), false, file);
    }
  });

  it('matches relative to cwd: a checkout under /tmp/test is not a test folder', () => {
    assert.equal(isNonServingFile('/tmp/test/app/src/db.ts', '/tmp/test/app'), false);
    assert.equal(isNonServingFile('/tmp/test/app/test/db.ts', '/tmp/test/app'), true);
  });

  it('reads a relative filename against cwd', () => {
    assert.equal(isNonServingFile('scripts/seed.ts', ROOT), true);
    assert.equal(isNonServingFile('src/db.ts', ROOT), false);
  });

  it('takes a list of its own instead of the default, and [] for none', () => {
    assert.equal(nonServing('tools/load.ts', ['tools/**']), true);
    assert.equal(nonServing('test/db.test.ts', ['tools/**']), false);
    assert.equal(nonServing('test/db.test.ts', []), false);
    assert.ok(DEFAULT_NON_SERVING_FILES.includes('**/scripts/**'));
  });
});
