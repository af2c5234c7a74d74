/**
 * The module pass on odd projects (written to a temporary directory): an unparsable module, a module over the
 * size limit, a cycle of barrels, an unresolvable import, a module whose imports reach no driver (never
 * parsed), and an edit of the pool module (the cache follows the file's modification time). Never a crash,
 * never a hang: what cannot be read is unknown.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ESLint, type Linter } from 'eslint';
import plugin from '../../src/index.js';
import { importSources, MAX_MODULE_BYTES } from '../../src/modules/files.js';
import { modulePassStats } from '../../src/modules/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pooler-modules-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}

/** `file:line:column messageId` of every report of `files` linted with `recommended`. */
async function lint(files: string[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as Linter.Config] });
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.messageId ?? m.message}`));
}

const POOL = "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionTimeoutMillis: 5000 });\n";

describe('the module pass on odd projects', () => {
  it('an unparsable module, a huge one and an unresolvable import are unknown', async () => {
    write({
      'broken.ts': "import { Pool } from 'pg';\nexport const pool = new Pool(;\n",
      'huge.ts': `${POOL}${'// padding\n'.repeat(Math.ceil(MAX_MODULE_BYTES / 11) + 1)}`,
      'use-odd.ts': [
        "import { pool as a } from './broken.js';",
        "import { pool as b } from './huge.js';",
        "import { pool as c } from './missing.js';",
        "await a.query('LISTEN a');",
        "await b.query('LISTEN b');",
        "await c.query('LISTEN c');",
      ].join('\n'),
    });
    assert.deepEqual(await lint(['use-odd.ts']), []);
  });

  it('follows a cycle of barrels to the pool once, and ends', async () => {
    write({
      'db.ts': POOL,
      'ring-a.ts': "export * from './ring-b.js';\nexport { pool } from './db.js';\n",
      'ring-b.ts': "export * from './ring-a.js';\nexport const label = 'b';\n",
      'use-ring.ts': "import { pool, nothing } from './ring-b.js';\nawait pool.query('LISTEN ring');\nawait nothing.query('LISTEN nothing');\n",
    });
    assert.deepEqual(await lint(['use-ring.ts']), ['use-ring.ts:2:19 pooler/no-listen broken']);
  });

  it('never parses a module whose imports reach no driver', async () => {
    write({
      'strings.ts': "import { pad } from './pad.js';\nexport function query(text: string) { return pad(text); }\n",
      'pad.ts': "export const pad = (s: string) => ` ${s} `;\n",
      'use-strings.ts': "import { pool } from './db.js';\nimport { query } from './strings.js';\nquery('LISTEN x');\nawait pool.query('SELECT 1');\n",
    });
    const before = modulePassStats().parsed;
    assert.deepEqual(await lint(['use-strings.ts']), []);
    // db.ts (already summarised by the test before, or now) at most; strings.ts never.
    assert.ok(modulePassStats().parsed - before <= 1);
  });

  it('reads no module for a file whose only driver-named calls are array methods (`rows.map(cb)`)', async () => {
    write({
      'pgp-db.ts': "import pgPromise from 'pg-promise';\nexport const db = pgPromise()(process.env.DATABASE_URL!);\n",
      'use-pgp-map.ts': "import { db } from './pgp-db.js';\nexport const ids = () => db.map('LISTEN jobs', [], (row: { id: number }) => row.id);\n",
      'arrays-dto.ts': 'export const toDto = (n: number) => ({ n });\n',
      'arrays.ts': "import { toDto } from './arrays-dto.js';\nexport const all = (rows: number[]) => rows.map((r) => toDto(r)).map(toDto);\n",
    });
    // pg-promise's `db.map(query, values, cb)` sends SQL: the file is followed to its db.
    assert.deepEqual(await lint(['use-pgp-map.ts']), ['use-pgp-map.ts:2:34 pooler/no-listen broken']);
    const before = modulePassStats().files;
    assert.deepEqual(await lint(['arrays.ts']), []);
    assert.equal(modulePassStats().files, before, 'arrays-dto.ts was read');
  });

  it('follows a file that hands an imported constant to an imported wrapper (`query(SET_TENANT)`)', async () => {
    write({
      'gap-db.ts': `${POOL}export function query(text: string) { return pool.query(text); }\n`,
      'gap-sql.ts': 'export const SET_TENANT = "SET search_path TO tenant_a";\n',
      'gap-route.ts': [
        "import { query } from './gap-db.js';",
        "import { SET_TENANT } from './gap-sql.js';",
        'export async function handler() { await query(SET_TENANT); }',
      ].join('\n'),
    });
    assert.deepEqual(await lint(['gap-route.ts']), ['gap-route.ts:3:47 pooler/no-session-set broken']);
  });

  it('sees an edit of the pool module (path and modification time key the cache)', async () => {
    write({ 'db2.ts': "export const pool = { query: (text: string) => text };\n", 'use-db2.ts': "import { pool } from './db2.js';\nawait pool.query('LISTEN edited');\n" });
    assert.deepEqual(await lint(['use-db2.ts']), []);
    write({ 'db2.ts': `${POOL}// now a pg pool\n` });
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(dir, 'db2.ts'), later, later);
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // past the cache's recheck interval
    assert.deepEqual(await lint(['use-db2.ts']), ['use-db2.ts:2:19 pooler/no-listen broken']);
  });

  it('finds a module created after an import of it failed (resolutions are rechecked)', async () => {
    write({ 'use-late.ts': "import { pool } from './late.js';\nawait pool.query('LISTEN late');\n" });
    assert.deepEqual(await lint(['use-late.ts']), []);
    write({ 'late.ts': POOL });
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // past the cache's recheck interval
    assert.deepEqual(await lint(['use-late.ts']), ['use-late.ts:2:19 pooler/no-listen broken']);
  });
});

describe('importSources: the modules a text takes values from', () => {
  it('leaves out type-only imports and re-exports, keeps value imports, re-exports and requires', () => {
    const text = [
      "import { pool } from './db.js';",
      "import type { Row } from './rows.js';",
      "import { type A, type B as C } from './types.js';",
      "import { toRoom, type Room } from './dto.js';",
      "export type { X } from './x.js';",
      "import type * as ns from './ns.js';",
      "import type Def from './def.js';",
      "export * from './barrel.js';",
      "const legacy = require('./legacy.js');",
      "const later = await import('./later.js');",
    ].join('\n');
    assert.deepEqual(importSources(text), ['./db.js', './dto.js', './barrel.js', './legacy.js', './later.js']);
    // With `types` (a file that checks a connection out), type-only imports count too.
    assert.deepEqual(importSources(text, true), [
      './db.js', './rows.js', './types.js', './dto.js', './x.js', './ns.js', './def.js', './barrel.js', './legacy.js', './later.js',
    ]);
  });
});
