import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import {
  CORPUS_MARKER,
  DEFAULT_CORPUS_LINES,
  DEFAULT_SEED,
  countLines,
  importsDriver,
  planCorpus,
  writeCorpus,
  type CorpusPlan,
} from '../../bench/corpus/index.js';
import plugin from '../../src/index.js';

const SMALL = { lines: 3_000, seed: DEFAULT_SEED };
const temp = mkdtempSync(path.join(os.tmpdir(), 'pooler-bench-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
    })
    .sort();
}

/** sha256 of the files of a directory as written (paths and bytes). */
function hashDirectory(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) hash.update(`${file}\0${readFileSync(path.join(dir, file), 'utf8')}\0`);
  return hash.digest('hex');
}

function sourceOf(plan: CorpusPlan): { path: string; text: string }[] {
  return plan.files.filter((f) => f.path.startsWith('src/'));
}

describe('bench corpus: deterministic', () => {
  it('plans the same files for the same seed and size, and different ones for another seed', () => {
    const a = planCorpus(SMALL);
    const b = planCorpus(SMALL);
    assert.equal(a.hash, b.hash);
    assert.deepEqual(a.files, b.files);
    assert.notEqual(planCorpus({ ...SMALL, seed: SMALL.seed + 1 }).hash, a.hash);
  });

  it('writes byte-identical directories on two runs', () => {
    const first = path.join(temp, 'first');
    const second = path.join(temp, 'second');
    writeCorpus(first, planCorpus(SMALL));
    writeCorpus(second, planCorpus(SMALL));
    assert.equal(hashDirectory(first), hashDirectory(second));
    const plan = planCorpus(SMALL);
    for (const file of plan.files) assert.equal(readFileSync(path.join(first, file.path), 'utf8'), `${file.text}\n`, file.path);
    assert.deepEqual(filesUnder(first), [...plan.files.map((f) => f.path), CORPUS_MARKER].sort());
  });

  it('replaces an earlier corpus, and refuses a directory it did not write', () => {
    const dir = path.join(temp, 'replaced');
    writeCorpus(dir, planCorpus({ lines: 6_000, seed: 1 }));
    writeCorpus(dir, planCorpus(SMALL));
    assert.equal(filesUnder(dir).length, planCorpus(SMALL).files.length + 1);
    const foreign = path.join(temp, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'keep.txt'), 'mine');
    assert.throws(() => writeCorpus(foreign, planCorpus(SMALL)), /not a generated corpus/);
    assert.equal(readFileSync(path.join(foreign, 'keep.txt'), 'utf8'), 'mine');
  });
});

describe('bench corpus: line count', () => {
  it('counts lines as written (one newline ends each file)', () => {
    assert.equal(countLines(''), 1);
    assert.equal(countLines('a'), 1);
    assert.equal(countLines('a\nb'), 2);
    assert.equal(countLines('a\n\nb\n'), 4);
  });

  it('reports the lines of its source files, as they are on disk', () => {
    const dir = path.join(temp, 'counted');
    const plan = planCorpus(SMALL);
    writeCorpus(dir, plan);
    const onDisk = filesUnder(dir)
      .filter((f) => f.startsWith('src/'))
      .reduce((sum, f) => sum + readFileSync(path.join(dir, f), 'utf8').trimEnd().split('\n').length, 0);
    assert.equal(plan.lines, onDisk);
    assert.equal(plan.sourceFiles, sourceOf(plan).length);
  });

  it('reaches the requested size and stops within one domain of it', () => {
    for (const lines of [1_000, 5_000, 12_345]) {
      const plan = planCorpus({ lines, seed: 7 });
      assert.ok(plan.lines >= lines, `${plan.lines} < ${lines}`);
      assert.ok(plan.lines < lines + 1_500, `${plan.lines} overshoots ${lines}`);
    }
  });

  it('has at least 200k lines at the default size', () => {
    assert.ok(DEFAULT_CORPUS_LINES >= 200_000);
    const plan = planCorpus({ lines: DEFAULT_CORPUS_LINES, seed: DEFAULT_SEED });
    assert.ok(plan.lines >= 200_000, `${plan.lines}`);
    assert.equal(plan.lines, sourceOf(plan).reduce((sum, f) => sum + countLines(f.text), 0));
  });
});

describe('bench corpus: shaped like an application', () => {
  const plan = planCorpus({ lines: 20_000, seed: DEFAULT_SEED });
  const source = sourceOf(plan);
  const text = source.map((f) => f.text).join('\n');

  it('has about 70% of files that import no driver', () => {
    const share = (plan.sourceFiles - plan.driverFiles) / plan.sourceFiles;
    assert.equal(plan.driverFiles, source.filter((f) => importsDriver(f.text)).length);
    assert.ok(share > 0.6 && share < 0.8, `${share}`);
  });

  it('uses pg, knex, Prisma and TypeORM, plain code, and session-state SQL', () => {
    for (const module of ['pg', 'knex', '@prisma/client', 'typeorm', 'express', 'node:events']) {
      assert.ok(text.includes(`from '${module}'`), module);
    }
    for (const kind of ['routes', 'service', 'repository', 'dto', 'validation', 'policy', 'events', 'jobs', 'reports']) {
      assert.ok(source.some((f) => f.path.endsWith(`.${kind}.ts`)), kind);
    }
    for (const sql of ['JOIN users', 'ON CONFLICT', 'GROUP BY', 'WITH recent AS', 'pg_try_advisory_lock', 'LISTEN ', 'SET statement_timeout', "name: '", '$queryRaw<Row[]>`', '$executeRaw`', '.raw(']) {
      assert.ok(text.includes(sql), sql);
    }
    assert.ok(plan.files.some((f) => f.path === 'tsconfig.json'));
  });

  it('parses without errors and gives the rules work', async () => {
    const dir = path.join(temp, 'linted');
    writeCorpus(dir, planCorpus({ lines: 4_000, seed: DEFAULT_SEED }));
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        { ignores: ['**/node_modules/'] },
        { files: ['**/*.ts'], languageOptions: { parser } },
        { ...plugin.configs.recommended!, files: ['**/*.ts'] },
      ],
    });
    const results = await eslint.lintFiles(['.']);
    assert.equal(results.length, planCorpus({ lines: 4_000, seed: DEFAULT_SEED }).sourceFiles);
    assert.deepEqual(results.filter((r) => r.fatalErrorCount > 0).map((r) => r.messages[0]?.message), []);
    const rules = new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId)));
    for (const rule of ['pooler/no-session-advisory-lock', 'pooler/no-leaked-client', 'pooler/require-checkout-timeout']) {
      assert.ok(rules.has(rule), `${rule} in ${[...rules].join(', ')}`);
    }
  });
});
