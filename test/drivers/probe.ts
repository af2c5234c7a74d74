/**
 * Test harness: lints code with a probe rule that records `valueOf` of every `probe(expr)` argument
 * (and the model's creations / sinks), using ESLint's Linter and @typescript-eslint/parser.
 */
import assert from 'node:assert/strict';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { getDriverModel, type DriverModel, type DriverValue } from '../../src/drivers/index.js';
import { createRule } from '../../src/create-rule.js';

/** How a probed value prints: `kind` plus ` tx` / ` direct` / ` via=pg`; `-` for no driver value. */
export function describeValue(value: DriverValue | undefined): string {
  if (!value) return '-';
  return [value.kind, value.inTransaction ? 'tx' : '', value.direct ? 'direct' : '', value.via ? `via=${value.via}` : '']
    .filter(Boolean)
    .join(' ');
}

export interface ProbeOptions {
  filename?: string;
  settings?: Record<string, unknown>;
  /** Parser options for typed linting (projectService, tsconfigRootDir). */
  parserOptions?: Record<string, unknown>;
  /** The working directory the rules see (`context.cwd`). */
  cwd?: string;
}

export interface ProbeResult {
  values: string[];
  model: DriverModel;
  /** Fatal parse errors or rule crashes, to fail loudly. */
  errors: string[];
  ast: TSESTree.Program;
}

/**
 * Lints `code` and describes each `probe(x)` argument's driver value, in source order.
 * @example probe("import pg from 'pg'; probe(new pg.Pool())").values // ['pg.Pool']
 */
export function probe(code: string, options: ProbeOptions = {}): ProbeResult {
  const values: string[] = [];
  let model: DriverModel | undefined;
  let ast: TSESTree.Program | undefined;
  const errors = lintWithProbe(code, options, (context) => {
    model = getDriverModel(context);
    ast = context.sourceCode.ast;
    return {
      'CallExpression[callee.name="probe"]'(node: TSESTree.CallExpression) {
        values.push(describeValue(node.arguments[0] && model!.valueOf(node.arguments[0])));
      },
    };
  });
  return { values, model: model!, ast: ast!, errors };
}

/**
 * Lints `code` with one probe rule whose listeners `create` returns; gives the fatal parse errors and rule
 * crashes (empty when the code parses and the rule runs).
 * @example lintWithProbe(code, {}, (context) => ({ Program() { … } })) // []
 */
export function lintWithProbe(
  code: string,
  options: ProbeOptions,
  create: (context: Readonly<TSESLint.RuleContext<'x', []>>) => TSESLint.RuleListener,
): string[] {
  const rule = createRule({
    name: 'probe',
    meta: { type: 'problem', docs: { description: 'probe', recommended: false }, messages: { x: 'x' }, schema: [] },
    create,
  });
  const linter = new Linter({ configType: 'flat', ...(options.cwd ? { cwd: options.cwd } : {}) });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.js'],
        languageOptions: {
          parser: tsParser,
          ecmaVersion: 'latest',
          sourceType: 'module',
          ...(options.parserOptions ? { parserOptions: options.parserOptions } : {}),
        },
        plugins: { probe: { rules: { probe: rule as never } } },
        rules: { 'probe/probe': 'error' },
        settings: options.settings ?? {},
      },
    ],
    options.filename ?? 'file.ts',
  );
  return messages.filter((m) => m.fatal || m.ruleId === null).map((m) => m.message);
}

/**
 * Asserts the described values of every `probe(x)` of `code`, in order (and that it parses).
 * @example expectValues("import pg from 'pg'; probe(new pg.Pool())", ['pg.Pool'])
 */
export function expectValues(code: string, expected: string[], options: ProbeOptions = {}): void {
  const result = probe(code, options);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.values, expected);
}
