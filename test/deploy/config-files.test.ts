import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configUrls, isConfigFile } from '../../src/deploy/config-files.js';
import { deploySourceOf } from '../../src/deploy/scan.js';

describe('deploy: project config files', () => {
  it('knows config files by name and folder, and leaves tool settings out', () => {
    for (const file of ['/app/config/default.json', '/app/config/production.yaml', '/app/server/config/config.json', '/app/ormconfig.yml', '/app/database.json', '/app/app.json', '/app/render.yaml']) {
      assert.equal(isConfigFile(file), true, file);
      assert.equal(deploySourceOf(file), 'config', file);
    }
    for (const file of ['/app/config/tsconfig.json', '/app/config/tsconfig.build.json', '/app/config/package.json', '/app/config/db.ts', '/app/settings.json', '/app/src/database.ts']) {
      assert.equal(isConfigFile(file), false, file);
    }
  });

  it('finds every Postgres URL of a JSON file with its key path and where its value starts', () => {
    const text = [
      '{',
      '  "development": { "url": "postgres://app:pw@localhost:5432/app" },',
      '  "production": {',
      '    "use_env_variable": "DATABASE_URL",',
      '    "replicas": ["postgresql://app:pw@replica:6432/app?options=-c%20search_path%3Dapp"]',
      '  },',
      '  "redis": "redis://cache:6379"',
      '}',
    ].join('\n');
    assert.deepEqual(
      configUrls('/app/config/config.json', text).map(({ name, line, column }) => ({ name, line, column })),
      [
        { name: 'development.url', line: 2, column: 28 },
        { name: 'production.replicas[0]', line: 5, column: 19 },
      ],
    );
  });

  it('reads YAML: plain and quoted scalars, keys that need quoting', () => {
    const text = ['default:', '  type: postgres', '  url: postgres://app@pgbouncer:6432/app', '"my db":', "  url: 'postgres://app@db/app'"].join('\n');
    assert.deepEqual(
      configUrls('/app/ormconfig.yml', text).map(({ name, line, column }) => ({ name, line, column })),
      [
        { name: 'default.url', line: 3, column: 8 },
        { name: '"my db".url', line: 5, column: 9 },
      ],
    );
  });

  it('yields nothing for text without a Postgres URL, for invalid JSON or YAML, and for key=value strings', () => {
    assert.deepEqual(configUrls('/app/config/a.json', '{ "port": 3000 }'), []);
    assert.deepEqual(configUrls('/app/config/a.json', '{ "url": "postgres://db/app", '), []);
    assert.deepEqual(configUrls('/app/config/a.yml', 'a: [postgres://db/app\n  b: : :'), []);
    assert.deepEqual(configUrls('/app/config/a.json', '{ "dsn": "host=db dbname=app options=-csearch_path=x", "note": "see postgres://docs" }'), []);
  });

  it('survives deep nesting without recursing past its bound', () => {
    const deep = `${'{"a":'.repeat(200)}"postgres://db/app"${'}'.repeat(200)}`;
    assert.deepEqual(configUrls('/app/config/deep.json', deep), []);
  });
});
