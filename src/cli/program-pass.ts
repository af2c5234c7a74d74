/**
 * The seam for repo-wide checks that no single-file rule can make (statement-name collisions across files,
 * say). It returns ESLint-shaped results, which the CLI merges with ESLint's before suppressions and
 * formatting. It finds nothing yet.
 *
 * The TypeScript program pass itself (`src/program`: SQL constants of other modules, wrapper sinks, client
 * helpers) needs no seam: it runs inside the rules whenever ESLint parses a file with a program, so the CLI's
 * typed run (a tsconfig.json, `projectService`) uses it exactly as `recommended-type-checked` does.
 */
import type { ESLint } from 'eslint';

/** What the program pass gets from the CLI. */
export interface ProgramPassInput {
  /** ESLint's cwd. */
  cwd: string;
  /** The JS/TS files being linted, absolute. */
  files: readonly string[];
  /** The tsconfig.json files that switched typed linting on (none: untyped). */
  tsconfigs: readonly string[];
  /** `settings.pooler`. */
  pooler: Readonly<Record<string, unknown>>;
}

/**
 * Runs the program pass; results for files it has findings in (merged per file by the CLI).
 * @example const extra = await runProgramPass({ cwd, files, tsconfigs, pooler });
 */
export async function runProgramPass(input: ProgramPassInput): Promise<ESLint.LintResult[]> {
  void input;
  return [];
}
