/**
 * Wrapper objects typed through an interface (typed lint): `database.query(text)` where `database: Database`
 * is an object of closures a factory returns; the interface method resolves to the one object-literal
 * member that implements it (fixtures/program/app/src/wrapped.ts). An interface implemented by no driver
 * stays silent. Without types nothing is known.
 */
import noListen from '../../rules/no-listen.js';
import { runTypedAndUntyped, typedInvalid as bad, typedValid as good } from './typed-tester.js';

const WRAPPED = "import { database, printer, type Database } from './wrapped.js';\n";

runTypedAndUntyped('no-listen', 'interface wrappers', noListen, {
  valid: [
    good('an interface implemented by no driver', `${WRAPPED}printer.query('LISTEN x');`),
    good('the interface method with non-SQL text', `${WRAPPED}await database.query('SELECT 1');`),
  ],
  invalid: [
    bad('the factory-made object, through its interface', `${WRAPPED}await database.query('LISTEN x');`, [
      { messageId: 'broken', line: 4, column: 23, endLine: 4, endColumn: 31 },
    ]),
    bad('a parameter typed by the interface', `${WRAPPED}export async function on(db: Database) {\n  await db.query('LISTEN x');\n}`, [
      { messageId: 'broken', line: 5, column: 19, endLine: 5, endColumn: 27 },
    ]),
  ],
});
