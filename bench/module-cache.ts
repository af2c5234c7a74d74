/**
 * `npm run bench:module-cache -- <dir of checkouts> <repository>`: the memory the module pass's caches hold (#15)
 * after an untyped `recommended` run over one repository of `bench/real/corpus.json` (its subpaths), in this
 * process: what the pass holds (`modulePassStats`: scanned files and their characters, parsed summaries) and the
 * heap it takes, measured as the heap after a full GC with the caches minus the heap after clearing them and a
 * full GC. Needs `node --expose-gc` (the npm script passes it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { configFor } from './real/eslint-config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MB = 1024 * 1024;

interface CorpusRepo {
  name: string;
  subpaths: string[];
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:module-cache does)');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function lintRepo(root: string, subpaths: readonly string[]): Promise<number> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: await configFor('recommended', root), errorOnUnmatchedPattern: false });
  return (await eslint.lintFiles([...subpaths])).length;
}

async function main(): Promise<void> {
  const [corpusDir, name] = process.argv.slice(2);
  const repos = (JSON.parse(readFileSync(path.join(ROOT, 'bench/real/corpus.json'), 'utf8')) as { repos: CorpusRepo[] }).repos;
  const repo = repos.find((r) => r.name === name);
  if (!corpusDir || !repo) {
    process.stderr.write(`usage: npm run bench:module-cache -- <dir of checkouts> <${repos.map((r) => r.name).join('|')}>\n`);
    process.exitCode = 2;
    return;
  }
  const { clearModulePass, modulePassStats } = await import('../src/modules/index.js');
  const files = await lintRepo(path.resolve(corpusDir, repo.name), repo.subpaths);
  const stats = modulePassStats();
  const withCaches = heapAfterGc();
  clearModulePass();
  const without = heapAfterGc();
  process.stdout.write(
    `${repo.name}: ${files} files linted; the module pass holds ${stats.files} scanned files ` +
      `(${(stats.characters / MB).toFixed(1)} M characters) and ${stats.summaries} summaries (${stats.parsed} modules parsed); ` +
      `its caches take ${((withCaches - without) / MB).toFixed(1)} MB of heap (heap ${(withCaches / MB).toFixed(0)} MB with them, ${(without / MB).toFixed(0)} MB after clearing)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:module-cache: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
