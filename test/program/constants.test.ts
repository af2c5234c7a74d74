/**
 * SQL text of constants of other modules (typed lint): imported and re-exported `const`s, `as const`
 * objects, plain `const` objects (read from their initialisers), string enums, string-literal and
 * template-literal types, at driver sinks of this file and at wrapper call sites. Without types these
 * constants are unknown and nothing is reported.
 */
import noListen from '../../rules/no-listen.js';
import noSessionAdvisoryLock from '../../rules/no-session-advisory-lock.js';
import noSessionSet from '../../rules/no-session-set.js';
import noSessionState from '../../rules/no-session-state.js';
import { runTypedAndUntyped, typedInvalid as bad, typedValid as good } from './typed-tester.js';

const TOPIC = 'constants of other modules';

const CONSTANTS =
  "import { SET_PATH, SET_PATH_TEMPLATE, QUERIES, PLAIN, Statement, mutable, type SetRole } from './queries.js';\n";
const STATEMENTS = "import { DEFAULT_PATH, QUERIES as Q, PLAIN as P } from './statements.js';\n";

/** A report of text that is not in this file: the span is the expression naming it. */
const at = (messageId: string, line: number, column: number, endColumn: number) => ({
  messageId,
  line,
  column,
  endLine: line,
  endColumn,
  suggestions: [],
});

const setCases = {
  valid: [
    good('a `let` of another module is not followed', CONSTANTS + 'await pool.query(mutable);'),
    good('a template-literal type over `string` has no known text', CONSTANTS + 'export function f(x: `SET ROLE ${string}`) {\n  return pool.query(x);\n}'),
    good('a constant passed where it is a value', CONSTANTS + 'await pool.query("SELECT $1::text", [SET_PATH]);'),
  ],
  invalid: [
    bad('an imported const at a driver sink', CONSTANTS + 'await pool.query(SET_PATH);', [at('broken', 4, 18, 26)]),
    bad('an imported const through a wrapper', CONSTANTS + 'await query(SET_PATH);', [at('broken', 4, 13, 21)]),
    bad('a const built from a template of another const (read from its initialiser)', CONSTANTS + 'await exec(SET_PATH_TEMPLATE);', [
      at('broken', 4, 12, 29),
    ]),
    bad('a property of a plain const object (read from its initialiser)', CONSTANTS + 'await pool.query(PLAIN.resetAll);', [at('broken', 4, 18, 32)]),
    bad('a renamed re-export', STATEMENTS + 'await pool.query(DEFAULT_PATH);', [at('broken', 4, 18, 30)]),
    bad('a template-literal type over a finite union', CONSTANTS + 'export function f(role: SetRole) {\n  return pool.query(role);\n}', [
      at('broken', 5, 21, 25),
    ]),
  ],
};

runTypedAndUntyped('no-session-set', TOPIC, noSessionSet, setCases);

runTypedAndUntyped('no-listen', TOPIC, noListen, {
  valid: [good('a SELECT constant', CONSTANTS + 'await pool.query(QUERIES.select);')],
  invalid: [
    bad('an `as const` property', CONSTANTS + 'await pool.query(QUERIES.listen);', [at('broken', 4, 18, 32)]),
    bad('an `as const` property through `export *`', STATEMENTS + 'await db.query(Q.listen);', [at('broken', 4, 16, 24)]),
  ],
});

runTypedAndUntyped('no-session-state', TOPIC, noSessionState, {
  valid: [good('another enum member', CONSTANTS + 'await pool.query(Statement.Select);')],
  invalid: [
    bad('a string enum member', CONSTANTS + 'await query(Statement.TempTable);', [at('broken', 4, 13, 32)]),
    bad('a parameter typed by the enum: each member is a candidate', CONSTANTS + 'export function f(s: Statement) {\n  return pool.query(s);\n}', [
      at('broken', 5, 21, 22),
    ]),
  ],
});

runTypedAndUntyped('no-session-advisory-lock', TOPIC, noSessionAdvisoryLock, {
  valid: [],
  invalid: [bad('an `as const` property through a wrapper of the wrapper', CONSTANTS + 'await exec(QUERIES.lock);', [at('broken', 4, 12, 24)])],
});
