/**
 * tsconfig `paths` and `baseUrl` in the untyped module pass: `import { pool } from '@app/db'` is followed to the
 * project file the alias maps to, as TypeScript resolves it (comments and `extends` in the tsconfig, the nearest
 * tsconfig above the importer, an edit seen once its modification time changes); packages, node_modules and
 * unmapped specifiers stay unknown.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { ESLint, type Linter } from 'eslint';
import plugin from '../../src/index.js';
import { clearModulePass } from '../../src/modules/index.js';
import { resolveModule } from '../../src/modules/files.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pooler-aliases-'));
after(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => clearModulePass());

function write(files: Record<string, string[]>): void {
  for (const [name, lines] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
  }
}

/** `file:line:column rule messageId` of every report of `files` linted with `recommended` (no type information). */
async function lint(files: string[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as Linter.Config] });
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.messageId ?? m.message}`));
}

const at = (file: string) => path.join(dir, file);

describe('tsconfig aliases, untyped', () => {
  it('resolves `paths` (with comments, trailing commas and `extends`) and `baseUrl`, not packages', () => {
    write({
      'base.json': ['{', '  // shared', '  "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["./src/*"], "#db": ["./src/db/index.ts"], }, },', '}'],
      'tsconfig.json': ['{ "extends": "./base.json", "compilerOptions": { "strict": true } }'],
      'src/db/index.ts': ['export const x = 1;'],
      'src/lib/sql.ts': ['export const y = 1;'],
      'node_modules/@app/other/index.js': ['module.exports = {};'],
    });
    const importer = at('src/routes/users.ts');
    assert.equal(resolveModule(importer, '@app/db'), at('src/db/index.ts'));
    assert.equal(resolveModule(importer, '@app/lib/sql.js'), at('src/lib/sql.ts'));
    assert.equal(resolveModule(importer, '#db'), at('src/db/index.ts'));
    assert.equal(resolveModule(importer, 'src/lib/sql'), at('src/lib/sql.ts')); // baseUrl
    assert.equal(resolveModule(importer, '@app/missing'), undefined);
    assert.equal(resolveModule(importer, 'pg'), undefined);
    assert.equal(resolveModule(importer, 'express'), undefined);
    assert.equal(resolveModule(importer, 'node:fs'), undefined);
  });

  it('sees an edit of the tsconfig, and nothing with an unreadable one', async () => {
    write({ 'edit/tsconfig.json': ['{ "compilerOptions": { "paths": { "~/*": ["./a/*"] } } }'], 'edit/a/db.ts': ['export {};'], 'edit/b/db.ts': ['export {};'] });
    const importer = at('edit/src/x.ts');
    assert.equal(resolveModule(importer, '~/db'), at('edit/a/db.ts'));
    write({ 'edit/tsconfig.json': ['{ "compilerOptions": { "paths": { "~/*": ["./b/*"] } } }'] });
    utimesSync(at('edit/tsconfig.json'), new Date(), new Date(Date.now() + 60_000));
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // resolutions and the tsconfig are checked again after 2 s
    assert.equal(resolveModule(importer, '~/db'), at('edit/b/db.ts'));
    write({ 'broken/tsconfig.json': ['{ "compilerOptions": '], 'broken/a/db.ts': ['export {};'] });
    assert.equal(resolveModule(at('broken/src/x.ts'), '~/db'), undefined);
  });

  it('follows values, wrappers and declared types through an alias', async () => {
    write({
      'app/tsconfig.json': ['{ "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["./src/*"] } } }'],
      'app/src/db/instance.ts': [
        "import knex, { type Knex } from 'knex';",
        "import { Pool } from 'pg';",
        'export type TDbClient = Knex;',
        "export const initDbConnection = (url: string) => knex({ client: 'pg', connection: url });",
        'export const pool = new Pool({ connectionTimeoutMillis: 5000 });',
        'export const query = (text: string) => pool.query(text);',
      ],
      'app/src/db/index.ts': ['export type { TDbClient } from "./instance";', 'export { initDbConnection, pool, query } from "./instance";'],
      'app/src/keystore/dal.ts': [
        "import { TDbClient } from '@app/db';",
        'export const kvDal = (db: TDbClient) => ({',
        '  prune: () => db.transaction(async (trx) => {',
        "    await trx.raw('SET statement_timeout = 600000');",
        "    await trx.raw('SET LOCAL lock_timeout = 1000');",
        '  }),',
        '});',
      ],
      'app/src/routes/jobs.ts': [
        "import { pool, query } from '@app/db';",
        'export async function listen() {',
        "  await pool.query('LISTEN jobs');",
        "  await query('SET search_path TO app');",
        "  await query('SELECT 1');",
        '}',
      ],
    });
    assert.deepEqual(await lint(['app/src/keystore/dal.ts', 'app/src/routes/jobs.ts']), [
      'app/src/keystore/dal.ts:4:20 pooler/no-session-set broken',
      'app/src/routes/jobs.ts:3:21 pooler/no-listen broken',
      'app/src/routes/jobs.ts:4:16 pooler/no-session-set broken',
    ]);
  });
});
