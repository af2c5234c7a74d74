/**
 * The parser of pooler-lint's typed run: `@typescript-eslint/parser`, except that a file starting with a
 * shebang is parsed from its own text. ESLint hands every parser the text with the shebang line rewritten to a
 * comment (`#!/usr/bin/env node` → `///usr/bin/env node`); the project service takes that text for an edit
 * of the file and builds a new program, whose new checker has to work out again every type the rules asked
 * about before (midday: a Drizzle database typed over a 4,000-line schema, seconds per checker, once for each
 * of its two scripts with a shebang). Same length, same lines: the AST's positions do not change, and the
 * shebang is given back to ESLint as the line comment it expects.
 */
import { readFileSync } from 'node:fs';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';

type ParseOptions = NonNullable<Parameters<typeof tsParser.parseForESLint>[1]>;

const SHEBANG = /^#!([^\r\n]+)/u;

/**
 * The file's own text when `code` is it with ESLint's shebang rewrite, else undefined.
 * @example ownText('///usr/bin/env node\nrun();\n', 'bin.ts') // '#!/usr/bin/env node\nrun();\n' when bin.ts holds that
 */
export function ownText(code: string, filePath: string | undefined): string | undefined {
  if (!code.startsWith('//') || !filePath) return undefined;
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch {
    return undefined; // not a file on disk (lintText): parse what ESLint gave
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // ESLint strips the BOM too
  return text.startsWith('#!') && code === `//${text.slice(2)}` ? text : undefined;
}

/**
 * `@typescript-eslint/parser`'s `parseForESLint`, from the file's own text when only its shebang was rewritten.
 * @example typedParser.parseForESLint(code, { filePath, projectService: true, … })
 */
function parseForESLint(code: string, options?: ParseOptions): ReturnType<typeof tsParser.parseForESLint> {
  const own = ownText(code, options?.filePath);
  if (own === undefined) return tsParser.parseForESLint(code, options);
  const result = tsParser.parseForESLint(own, options);
  const captured = SHEBANG.exec(own)![1]!;
  const end = 2 + captured.length;
  const comment: TSESTree.LineComment = {
    type: 'Line' as TSESTree.LineComment['type'],
    value: captured,
    range: [0, end],
    loc: { start: { line: 1, column: 0 }, end: { line: 1, column: end } },
  };
  result.ast.comments?.unshift(comment);
  return result;
}

export const typedParser = {
  meta: { name: 'pooler-cli/typed-parser' },
  parseForESLint,
};
