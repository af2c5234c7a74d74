/**
 * TypeScript's runtime API, loaded on demand: TypeScript is an optional peer dependency, present
 * whenever a file was parsed with a program (typed lint), absent otherwise.
 */
import { createRequire } from 'node:module';
import type * as ts from 'typescript';

let typescriptModule: typeof ts | null | undefined;

/**
 * TypeScript's module, or undefined when it is not installed (callers then skip what needs it).
 * @example const tsApi = loadTypeScript(); if (tsApi?.isCallExpression(node)) …
 */
export function loadTypeScript(): typeof ts | undefined {
  if (typescriptModule === undefined) {
    try {
      typescriptModule = createRequire(import.meta.url)('typescript') as typeof ts;
    } catch {
      typescriptModule = null; // typescript is an optional peer: without it, nothing needs it either
    }
  }
  return typescriptModule ?? undefined;
}

/**
 * Benchmark knob: `POOLER_PROGRAM_PASS=off` in the environment switches the program pass off (typed
 * lint then behaves like untyped lint for constants of other modules, wrappers and client helpers).
 * Read once, when the module loads; `bench/program.ts` runs one process per setting.
 * @example if (!PROGRAM_PASS_ENABLED) return undefined;
 */
export const PROGRAM_PASS_ENABLED: boolean = process.env.POOLER_PROGRAM_PASS !== 'off';
