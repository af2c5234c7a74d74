/**
 * The parser of the plugin's flat configs. A config object has one `languageOptions.parser` for all its
 * `files`, and a user's `export default [pooler.configs.recommended]` must lint TypeScript and JavaScript
 * alike (ESLint does not flatten a nested array there, so each config is one object). So the parser picks
 * by file extension:
 *
 * - TypeScript (`.ts .tsx .mts .cts`): typescript-eslint's parser with the parser options as given, so
 *   `projectService` (set by `recommended-type-checked`, or by the user) gives type information;
 * - JSX (`.jsx`): typescript-eslint's parser without type information (JSX syntax and JSX scope references
 *   without the user having to turn on `ecmaFeatures.jsx`);
 * - JavaScript (`.js .mjs .cjs`): espree, ESLint's own default parser, taken from the installed ESLint, so
 *   other plugins see the AST they would see without this plugin. If espree cannot be resolved, the
 *   typescript-eslint parser without type information.
 *
 * JavaScript is never parsed with type information: the project service rejects a file no tsconfig
 * includes with a fatal error.
 */
import { createRequire } from 'node:module';
import * as tsParser from '@typescript-eslint/parser';
import type { Linter } from 'eslint';
import { packageInfo } from './package-info.js';

type ParserOptions = Linter.ParserOptions & { filePath?: string; project?: unknown; projectService?: unknown };
type ParseResult = ReturnType<typeof tsParser.parseForESLint> | { ast: unknown };

const TYPESCRIPT = /\.(?:ts|tsx|mts|cts)$/i;
const JSX = /\.jsx$/i;

interface Espree {
  parse(code: string, options: object): unknown;
}

/** espree as ESLint itself loads it (resolved from the ESLint this plugin is installed beside); null without. */
let espree: Espree | null | undefined;

function loadEspree(): Espree | null {
  try {
    const fromHere = createRequire(import.meta.url);
    return createRequire(fromHere.resolve('eslint'))('espree') as Espree;
  } catch {
    return null;
  }
}

/** The parser options without type information (no `project`, no `projectService`). */
function untyped(options: ParserOptions): ParserOptions {
  const { project: _project, projectService: _projectService, ...rest } = options;
  return rest;
}

/**
 * Parses one file for ESLint with the parser its extension calls for (see the module comment).
 * @example parseForESLint('const a = 1;', { filePath: 'a.js', ecmaVersion: 2024, sourceType: 'module' }).ast
 */
export function parseForESLint(code: string, options: ParserOptions = {}): ParseResult {
  const file = options.filePath ?? '';
  if (TYPESCRIPT.test(file)) return tsParser.parseForESLint(code, options as tsParser.ParserOptions);
  if (!JSX.test(file)) {
    espree ??= loadEspree();
    if (espree) return { ast: espree.parse(code, options) };
  }
  return tsParser.parseForESLint(code, untyped(options) as tsParser.ParserOptions);
}

/** The parser object of the configs; `meta` lets ESLint cache and serialise configs that use it. */
export const parser = {
  meta: { name: `${packageInfo.name}/parser`, version: packageInfo.version },
  parseForESLint,
} as const;
