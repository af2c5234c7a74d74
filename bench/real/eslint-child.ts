/**
 * One ESLint run in its own process, for `npm run bench:real`: `recommended` (untyped, the plugin's config) or
 * `typed-floor` (the parser with `projectService`, no rules: the reference a typed run is compared with).
 * Usage: node eslint-child.js <recommended|typed-floor> <checkout> <out.json> <subpath>...
 * Writes `ChildResult` JSON to <out.json>; the parent reads it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configFor } from './eslint-config.js';

export interface ChildResult {
  files: number;
  wallMs: number;
  maxRssMb: number;
  /** Files ESLint could not parse. */
  fatal: number;
  findings: { path: string; line: number; rule: string; message: string }[];
}

async function main(): Promise<void> {
  const [mode, root, out, ...subpaths] = process.argv.slice(2);
  if (!mode || !root || !out || subpaths.length === 0) throw new Error('usage: eslint-child <mode> <checkout> <out.json> <subpath>...');
  const start = performance.now();
  const { ESLint } = await import('eslint');
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: await configFor(mode, root), errorOnUnmatchedPattern: false });
  const results = await eslint.lintFiles(subpaths);
  const result: ChildResult = {
    files: results.length,
    wallMs: performance.now() - start,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    fatal: results.reduce((sum, r) => sum + r.fatalErrorCount, 0),
    findings: results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId?.startsWith('pooler/'))
        .map((m) => ({ path: path.relative(root, r.filePath).split(path.sep).join('/'), line: m.line, rule: m.ruleId!.slice('pooler/'.length), message: m.message })),
    ),
  };
  writeFileSync(out, JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
