import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEPLOY_RULES } from '../../src/deploy/rules.js';
import { isDeployFile } from '../../src/deploy/scan.js';
import plugin from '../../src/index.js';
import { repoPath } from '../repo-root.js';

/** What a `pooler-lint` child process did. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `pooler-lint` as a child process (stdout and stderr are pipes, not terminals). */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repoPath('dist/src/cli/bin.js'), ...args], {
      cwd: options.cwd ?? repoPath(),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Writes a file of a test project: `file` is relative to `dir`, its folders are created. */
export function writeProjectFile(dir: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

const EXPECT = /(?:\/\/|--|#)\s*expect:\s*(.+)$/;

/**
 * The hazards planted in a demo app: `// expect: pooler/<rule>` (`-- expect:` in SQL, `# expect:` in env files) at
 * the end of a line, as `"<path relative to the repo>:<line> <rule id>"`, restricted to the rules the plugin and
 * the deployment scan register now.
 */
export function plantedHazards(appDir: string): Set<string> {
  const registered = new Set([...Object.keys(plugin.rules), ...Object.keys(DEPLOY_RULES)].map((name) => `pooler/${name}`));
  const planted = new Set<string>();
  for (const file of filesUnder(appDir)) {
    if (!/\.(ts|sql)$/.test(file) && !isDeployFile(file)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, index) => {
        const match = EXPECT.exec(text);
        if (!match) return;
        for (const rule of match[1]!.split(',').map((id) => id.trim())) {
          if (registered.has(rule)) planted.add(`${path.relative(repoPath(), file)}:${index + 1} ${rule}`);
        }
      });
  }
  return planted;
}

/** The plugin's reports in ESLint JSON results, in the same `"<path>:<line> <rule id>"` shape. */
export function reportedHazards(results: Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number }> }>): Set<string> {
  const reported = new Set<string>();
  for (const result of results) {
    for (const message of result.messages) {
      if (message.ruleId?.startsWith('pooler/')) reported.add(`${path.relative(repoPath(), result.filePath)}:${message.line} ${message.ruleId}`);
    }
  }
  return reported;
}
