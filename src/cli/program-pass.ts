/**
 * The seam for the TypeScript program pass (`src/program`): repo-wide checks that no single-file rule can make
 * (SQL and clients followed across files and through wrappers, statement-name collisions). It returns
 * ESLint-shaped results, which the CLI merges with ESLint's before suppressions and formatting. Until the
 * program pass lands, it finds nothing.
 */
import type { ESLint } from 'eslint';

/** What the program pass gets from the CLI. */
export interface ProgramPassInput {
  /** ESLint's cwd. */
  cwd: string;
  /** The JS/TS files being linted, absolute. */
  files: readonly string[];
  /** The tsconfig.json that switched typed linting on, if any. */
  tsconfig?: string;
  /** `settings.pooler`. */
  pooler: Readonly<Record<string, unknown>>;
}

/**
 * Runs the program pass; results for files it has findings in (merged per file by the CLI).
 * @example const extra = await runProgramPass({ cwd, files, tsconfig, pooler });
 */
export async function runProgramPass(input: ProgramPassInput): Promise<ESLint.LintResult[]> {
  void input;
  return [];
}
