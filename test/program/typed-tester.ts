/**
 * Rule testers for the program pass: a typed one that lints each case as
 * `fixtures/program/app/src/handler.ts` (a file of a multi-file project whose other modules hold the
 * constants, helpers and classes the cases import), and an untyped one for the same code. Importing
 * this module wires @typescript-eslint/rule-tester to node:test.
 *
 * @example
 * typedTester.run('no-listen', rule as never, { valid: [], invalid: [typedInvalid('…', "await exec('LISTEN a');", […])] });
 */
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import parser from '@typescript-eslint/parser';
import { after, describe, it } from 'node:test';
import { APP, HANDLER, IMPORTS } from './fixture.js';

export { APP, HANDLER, IMPORTS };

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Lints with type information from fixtures/program/app/tsconfig.json. */
export const typedTester = new RuleTester({
  languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: APP } },
});

/** Lints the same code without type information (the `recommended` config's behaviour). */
export const untypedTester = new RuleTester({ languageOptions: { parser } });

type Options = readonly unknown[];

/**
 * A typed valid case: {@link IMPORTS} then `body`.
 * @example typedValid('a value, not SQL', 'await setPath(tenant);')
 */
export function typedValid(name: string, body: string, extra: Partial<ValidTestCase<Options>> = {}): ValidTestCase<Options> {
  return { name, code: IMPORTS + body, filename: HANDLER, ...extra };
}

/**
 * A typed invalid case: {@link IMPORTS} then `body` (line 3 on).
 * @example typedInvalid('exec', "await exec('LISTEN a');", [{ messageId: 'broken', line: 3, column: 13 }])
 */
export function typedInvalid<M extends string>(
  name: string,
  body: string,
  errors: InvalidTestCase<M, Options>['errors'],
  extra: Partial<InvalidTestCase<M, Options>> = {},
): InvalidTestCase<M, Options> {
  return { name, code: IMPORTS + body, filename: HANDLER, errors, ...extra };
}

/**
 * The same code without type information: a valid case of the untyped tester (nothing is known
 * about the imported helpers then).
 * @example untypedValid(typedInvalid(…))
 */
export function untypedValid(testCase: { name?: string; code: string }): ValidTestCase<Options> {
  return { name: `untyped: ${testCase.name ?? testCase.code.slice(0, 40)}`, code: testCase.code, filename: 'handler.ts' };
}

/** Cases of one rule: the typed cases, whose invalid ones the untyped tester must accept. */
interface Cases {
  valid: ValidTestCase<Options>[];
  invalid: InvalidTestCase<string, Options>[];
}

/**
 * Runs `cases` with types, then every invalid case without types as a valid one: without type
 * information the program pass is off and the rules keep their import-based behaviour.
 * @example runTypedAndUntyped('no-listen', 'wrappers', rule, { valid: [], invalid: [typedInvalid(…)] })
 */
export function runTypedAndUntyped(ruleName: string, topic: string, rule: unknown, cases: Cases): void {
  typedTester.run(`${ruleName} (typed: ${topic})`, rule as never, cases);
  untypedTester.run(`${ruleName} (untyped: ${topic} unknown)`, rule as never, { valid: cases.invalid.map(untypedValid), invalid: [] });
}
