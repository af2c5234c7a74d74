import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookupEnv, parseEnvFile } from '../../src/deploy/env-files.js';

describe('deploy: env files', () => {
  it('reads assignments with their value position: export, quotes, comments', () => {
    const text = [
      '# a comment',
      'export DATABASE_URL="postgres://db/app" # pooled',
      "DIRECT_URL='postgres://db:5432/app'",
      'PORT=3000 # the port',
      '  EMPTY=',
      'not an assignment',
    ].join('\n');
    assert.deepEqual(parseEnvFile('/app/.env', text), [
      { name: 'DATABASE_URL', value: 'postgres://db/app', file: '/app/.env', line: 2, column: 22 },
      { name: 'DIRECT_URL', value: 'postgres://db:5432/app', file: '/app/.env', line: 3, column: 13 },
      { name: 'PORT', value: '3000', file: '/app/.env', line: 4, column: 6 },
      { name: 'EMPTY', value: '', file: '/app/.env', line: 5, column: 9 },
    ]);
  });

  it('looks a variable up from a directory: nearest file first, .env before .env.example, empty values skipped', () => {
    const entries = [
      ...parseEnvFile('/app/.env.example', 'DATABASE_URL=postgres://example/app\nDIRECT_URL='),
      ...parseEnvFile('/app/.env', 'DATABASE_URL=postgres://local/app'),
      ...parseEnvFile('/app/prisma/.env.example', 'DATABASE_URL=postgres://prisma/app'),
      ...parseEnvFile('/other/.env', 'DIRECT_URL=postgres://other/app'),
    ];
    assert.equal(lookupEnv(entries, 'DATABASE_URL', '/app/prisma')?.value, 'postgres://prisma/app');
    assert.equal(lookupEnv(entries, 'DATABASE_URL', '/app/src')?.value, 'postgres://local/app');
    assert.equal(lookupEnv(entries, 'DIRECT_URL', '/app')?.value, 'postgres://other/app', 'outside the directory chain as a last resort');
    assert.equal(lookupEnv(entries, 'MISSING', '/app'), undefined);
  });
});
