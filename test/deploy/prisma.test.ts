import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { configDatasource, prismaClientInfo, schemaDatasources, schemaGenerators } from '../../src/deploy/prisma.js';

const SCHEMA = `// datasource old { url = env("COMMENTED") }
generator client {
  provider = "prisma-client-js"
}

datasource db {
  provider  = "postgresql"
  url       = env("DATABASE_URL")
  directUrl = env("DIRECT_URL") // migrations
}
`;

describe('deploy: Prisma schema and config', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pooler-prisma-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the datasource block with the position of each value; comments are no blocks', () => {
    assert.deepEqual(schemaDatasources('/app/prisma/schema.prisma', SCHEMA), [
      {
        file: '/app/prisma/schema.prisma',
        origin: 'schema',
        line: 6,
        column: 1,
        provider: 'postgresql',
        url: { env: 'DATABASE_URL', line: 8, column: 15 },
        directUrl: { env: 'DIRECT_URL', line: 9, column: 15 },
      },
    ]);
    const literal = schemaDatasources('/s.prisma', 'datasource db {\n  provider = "postgres"\n  url = "postgres://db/app?x=1"\n}');
    assert.deepEqual(literal[0]?.url, { literal: 'postgres://db/app?x=1', line: 3, column: 9 });
  });

  it('tells a generator without the Rust query engine (engineType "client", queryCompiler)', () => {
    assert.equal(schemaGenerators(SCHEMA).noRustEngine, false);
    assert.equal(schemaGenerators('generator client {\n  provider = "prisma-client"\n  engineType = "client"\n}').noRustEngine, true);
    assert.equal(schemaGenerators('generator client {\n  previewFeatures = ["driverAdapters", "queryCompiler"]\n}').noRustEngine, true);
  });

  it("reads prisma.config.ts's datasource: env(), process.env and literals", () => {
    const config = [
      "import { defineConfig, env } from 'prisma/config';",
      'export default defineConfig({',
      "  schema: 'prisma/schema.prisma',",
      '  datasource: {',
      "    url: env('DATABASE_URL'),",
      '    directUrl: process.env.DIRECT_URL,',
      '  },',
      '});',
    ].join('\n');
    assert.deepEqual(configDatasource('/app/prisma.config.ts', config), {
      file: '/app/prisma.config.ts',
      origin: 'config',
      line: 4,
      column: 3,
      url: { env: 'DATABASE_URL', line: 5, column: 10 },
      directUrl: { env: 'DIRECT_URL', line: 6, column: 16 },
    });
    assert.equal(configDatasource('/c.ts', "export default defineConfig({ datasource: { url: 'postgres://db/app' } })")?.url?.literal, 'postgres://db/app');
    assert.equal(configDatasource('/c.ts', "export default defineConfig({ schema: 'x' })"), undefined);
  });

  it("takes the Prisma Client version from the lockfile, else package.json's range, and notes a driver adapter", () => {
    const app = path.join(dir, 'app');
    mkdirSync(path.join(app, 'prisma'), { recursive: true });
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ dependencies: { '@prisma/client': '^5.10.0' } }));
    assert.deepEqual(prismaClientInfo(path.join(app, 'prisma'), dir), { version: '@prisma/client ^5.10.0', major: 5 });
    writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify({ packages: { 'node_modules/@prisma/client': { version: '6.19.0' } } }));
    assert.deepEqual(prismaClientInfo(path.join(app, 'prisma'), dir), { version: '@prisma/client 6.19.0', major: 6 });
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ dependencies: { '@prisma/client': '7.0.0', '@prisma/adapter-pg': '7.0.0' } }));
    rmSync(path.join(app, 'package-lock.json'));
    assert.deepEqual(prismaClientInfo(app, dir), { adapter: '@prisma/adapter-pg', version: '@prisma/client 7.0.0', major: 7 });
  });

  it('finds the version in a workspace root lockfile (pnpm) when the package says catalog:', () => {
    const root = path.join(dir, 'mono');
    const pkg = path.join(root, 'packages', 'api');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ dependencies: { '@prisma/client': 'catalog:' } }));
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ private: true }));
    writeFileSync(path.join(root, 'pnpm-lock.yaml'), "packages:\n  '@prisma/client@5.22.0':\n    resolution: {}\n");
    assert.deepEqual(prismaClientInfo(pkg, root), { version: '@prisma/client 5.22.0', major: 5 });
    assert.deepEqual(prismaClientInfo(path.join(dir, 'nothing'), dir), {});
  });
});
