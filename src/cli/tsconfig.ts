/**
 * Typed linting is switched on by a tsconfig.json; one that cannot be read is a configuration error (exit 2),
 * not a silent fallback. TypeScript is an optional peer: without it, linting runs untyped.
 */
import path from 'node:path';
import { UsageError } from './args.js';

/** TypeScript diagnostics that mean the tsconfig (or a file it extends) cannot be read. */
const UNREADABLE_CODES = new Set([5083, 6053, 5092, 18001]);

/** Whether typed linting can run with this tsconfig, and a notice for stderr when it cannot. */
export interface TsconfigCheck {
  typed: boolean;
  notice?: string;
}

/**
 * Reads and parses a tsconfig.json with TypeScript. Throws `UsageError` when it is unreadable (bad JSON, a
 * missing `extends` target).
 * @example await checkTsconfig('/repo/tsconfig.json', '/repo') // { typed: true }
 */
export async function checkTsconfig(file: string, cwd: string): Promise<TsconfigCheck> {
  let ts: typeof import('typescript');
  try {
    ts = (await import('typescript')).default;
  } catch {
    return { typed: false, notice: 'TypeScript is not installed: linting without type information.' };
  }
  const shown = path.relative(cwd, file) || file;
  const fail = (diagnostic: import('typescript').Diagnostic): never => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    throw new UsageError(`cannot read ${shown}: ${text}`);
  };
  const read = ts.readConfigFile(file, (name) => ts.sys.readFile(name));
  if (read.error) fail(read.error);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
  const unreadable = parsed.errors.find((diagnostic) => UNREADABLE_CODES.has(diagnostic.code));
  if (unreadable) fail(unreadable);
  return { typed: true };
}
