/**
 * The deterministic corpus for `npm run bench`: an application shaped like real ones (Express-style
 * routes, services, repositories on pg, knex, Prisma and TypeORM, SQL strings with a few session-state
 * hazards, and mostly code that never touches a database), grown domain by domain until it reaches the
 * requested number of lines. Same seed and size, same bytes; never committed (written under `.bench/`).
 *
 * ```ts
 * const plan = planCorpus({ lines: 200_000, seed: DEFAULT_SEED });
 * writeCorpus('.bench/corpus', plan);
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDomain } from './domain.js';
import { jobsFile, reportsFile } from './jobs.js';
import { eventsFile, policyFile, serviceFile } from './logic.js';
import { dtoFile, routesFile, validationFile } from './plain.js';
import { createRandom, type Random } from './random.js';
import { repositoryFile, type RepositoryDriver } from './repository.js';
import { sharedFiles, wiringFiles, type CorpusFile, type WiredDomain } from './shared.js';

export type { CorpusFile } from './shared.js';

/** The floor for the default corpus: at least this many lines of source. */
export const DEFAULT_CORPUS_LINES = 200_000;
export const DEFAULT_SEED = 20_240_817;
/** The file that marks a directory as a generated corpus (so that regenerating may delete it). */
export const CORPUS_MARKER = '.bench-corpus.json';

const DOMAINS_PER_ROUTE_FILE = 40;
const DRIVERS: readonly RepositoryDriver[] = ['pg', 'pg', 'pg', 'pg', 'knex', 'knex', 'knex', 'prisma', 'prisma', 'typeorm'];
const DRIVER_IMPORT = /^import .* from '(?:pg|knex|@prisma\/client|typeorm)';$/m;

export interface CorpusOptions {
  /** Minimum number of source lines (files under src/). */
  lines: number;
  seed: number;
}

/** A planned corpus: every file, and what it adds up to. */
export interface CorpusPlan {
  options: CorpusOptions;
  files: readonly CorpusFile[];
  /** Lines of the source files (under src/), the files a lint run reads. */
  lines: number;
  sourceFiles: number;
  /** Source files that import a driver module (pg, knex, @prisma/client, typeorm). */
  driverFiles: number;
  domains: number;
  /** sha256 of every path and text, in order. */
  hash: string;
}

/**
 * Lines of a file's text as written (each file ends with one newline).
 * @example countLines('a\nb') // 2
 */
export function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/**
 * Whether a source file imports a driver module.
 * @example importsDriver("import pg from 'pg';") // true
 */
export function importsDriver(text: string): boolean {
  return DRIVER_IMPORT.test(text);
}

function domainFiles(random: Random, index: number): { wired: WiredDomain; files: CorpusFile[] } {
  const d = createDomain(random, index);
  const repository = repositoryFile(random, d, random.pick(DRIVERS));
  const service = serviceFile(random, d, { countByStatus: repository.methods.has('countByStatus'), transactional: random.chance(0.35) });
  const texts: [string, string][] = [
    ['dto', dtoFile(random, d)],
    ['validation', validationFile(d)],
    ['service', service],
    ['routes', routesFile(random, d)],
    ['repository', repository.text],
  ];
  if (random.chance(0.6)) texts.push(['policy', policyFile(random, d)]);
  if (random.chance(0.5)) texts.push(['events', eventsFile(random, d)]);
  if (random.chance(0.5)) texts.push(['jobs', jobsFile(random, d)]);
  if (random.chance(0.25)) texts.push(['reports', reportsFile(random, d)]);
  return {
    wired: { name: d.name, entity: d.entity, variable: d.variable },
    files: texts.map(([kind, text]) => ({ path: `src/modules/${d.name}/${d.name}.${kind}.ts`, text })),
  };
}

/**
 * Every file of the corpus, in memory: shared files, then domains until the source reaches `lines`.
 * @example planCorpus({ lines: 5_000, seed: DEFAULT_SEED }).lines >= 5_000 // true
 */
export function planCorpus(options: CorpusOptions): CorpusPlan {
  const random = createRandom(options.seed);
  const files = sharedFiles();
  const wired: WiredDomain[] = [];
  const sourceLines = (list: readonly CorpusFile[]) =>
    list.reduce((sum, f) => sum + (f.path.startsWith('src/') ? countLines(f.text) : 0), 0);
  let lines = sourceLines(files);
  while (lines < options.lines) {
    const domain = domainFiles(random, wired.length);
    wired.push(domain.wired);
    files.push(...domain.files);
    lines += sourceLines(domain.files);
  }
  files.push(...wiringFiles(groups(wired)));
  const source = files.filter((f) => f.path.startsWith('src/'));
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.path}\0${file.text}\0`);
  return {
    options,
    files,
    lines: sourceLines(source),
    sourceFiles: source.length,
    driverFiles: source.filter((f) => importsDriver(f.text)).length,
    domains: wired.length,
    hash: hash.digest('hex'),
  };
}

function groups(domains: readonly WiredDomain[]): WiredDomain[][] {
  const out: WiredDomain[][] = [];
  for (let i = 0; i < domains.length; i += DOMAINS_PER_ROUTE_FILE) out.push(domains.slice(i, i + DOMAINS_PER_ROUTE_FILE));
  return out;
}

/**
 * Writes a planned corpus to `dir`, replacing an earlier corpus there. Refuses a non-empty directory that
 * is not a generated corpus (no marker file), so a mistyped path never deletes anything else.
 * @example writeCorpus(path.join(repoRoot, '.bench', 'corpus'), planCorpus({ lines: 200_000, seed: DEFAULT_SEED }))
 */
export function writeCorpus(dir: string, plan: CorpusPlan): void {
  if (existsSync(dir)) {
    if (!existsSync(path.join(dir, CORPUS_MARKER))) throw new Error(`${dir} exists and is not a generated corpus (no ${CORPUS_MARKER})`);
    rmSync(dir, { recursive: true, force: true });
  }
  for (const file of plan.files) {
    const target = path.join(dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${file.text}\n`);
  }
  const { files: _files, ...summary } = plan;
  writeFileSync(path.join(dir, CORPUS_MARKER), `${JSON.stringify(summary, null, 2)}\n`);
}
