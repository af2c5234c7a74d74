/**
 * SQL built in steps reaches the rules: `[a, b].join('; ')`, an array filled with `push` and joined, a `let`
 * extended with `+=` or `x = x + …`. Reports of text built away from the call sit on the variable or the
 * `join` call at the use. Anything else done to the array or variable leaves the SQL unknown. Small template
 * builders of the same file (a function that only returns text) give their text with the call's arguments in it,
 * reported at the call.
 */
import noListen from '../../rules/no-listen.js';
import noSessionSet from '../../rules/no-session-set.js';
import { at, invalidCase as bad, ruleTester, validCase as good, withDriver } from './session-cases.js';

const pg = (body: string) => withDriver('pg', body);

ruleTester.run('no-listen: SQL built in steps', noListen as never, {
  valid: [
    good('an array passed to a function before the join is unknown', pg("const a = ['LISTEN x'];\naddMore(a);\nawait pool.query(a.join('; '));")),
    good('an array sorted before the join is unknown', pg("const a = ['LISTEN x'];\na.sort();\nawait pool.query(a.join('; '));")),
    good('a push after the join is not in the text', pg("const a = ['SELECT 1'];\nawait pool.query(a.join('; '));\na.push('LISTEN late');")),
    good('a variable reassigned with other text is unknown', pg("let sql = 'SELECT 1';\nsql = 'LISTEN y';\nawait pool.query(sql);")),
    good('join with a computed separator is unknown', pg("await pool.query(['SELECT 1', 'LISTEN x'].join(sep));")),
    good('path.join is no array join', "import path from 'node:path';\n" + pg("await pool.query(path.join('LISTEN x'));")),
    good('a builder whose text is no LISTEN', pg('const byId = (table) => `SELECT * FROM ${table} WHERE id = $1`;\nawait pool.query(byId("jobs"), [1]);')),
    good('a function with more than a return is not a template builder', pg('function build(c) {\n  log(c);\n  return `LISTEN ${c}`;\n}\nawait pool.query(build("jobs"));')),
  ],
  invalid: [
    bad('[a, b].join(\'; \'): each statement at its literal', pg("await pool.query(['SELECT 1', 'LISTEN jobs'].join('; '));"), [at('broken', 3, 32, 43)]),
    bad('push then join: at the join call', pg("const parts = ['SELECT 1'];\nparts.push('LISTEN jobs');\nawait pool.query(parts.join(';\\n'));"), [at('broken', 5, 18, 35)]),
    bad('push with a hole, inside a condition', pg('const parts = [];\nif (on) parts.push(`LISTEN "${channel}"`);\nawait pool.query(parts.join(\'; \'));'), [at('broken', 5, 18, 34)]),
    bad('+= in a loop: at the variable', pg("let sql = 'SELECT 1';\nfor (const c of channels) sql += `; LISTEN ${c}`;\nawait pool.query(sql);"), [at('broken', 5, 18, 21)]),
    bad('x = x + …', pg("let sql = 'SELECT 1';\nsql = sql + '; LISTEN jobs';\nawait pool.query(sql);"), [at('broken', 5, 18, 21)]),
    // Small template builders of the same file: the text they return, their parameters bound to the call's arguments.
    bad('an arrow returning a template, channel in a quoted identifier', pg('const listenSql = (channel) => `LISTEN "${channel}"`;\nawait pool.query(listenSql("jobs"));'), [at('broken', 4, 18, 35)]),
    bad('a builder of a builder', pg("const quote = (name) => `\"${name}\"`;\nconst listen = (c) => 'LISTEN ' + quote(c);\nawait pool.query(listen(channel));"), [at('broken', 5, 18, 33)]),
  ],
});

ruleTester.run('no-session-set: SQL built in steps', noSessionSet as never, {
  valid: [
    good('SET LOCAL first in a joined multi-statement string runs in its implicit transaction', pg("await pool.query(['SET LOCAL app.tenant = 1', 'SELECT 1'].join('; '));")),
    good('BEGIN … SET LOCAL … COMMIT pushed in steps', pg("const steps = ['BEGIN'];\nsteps.push('SET LOCAL app.tenant = 1');\nsteps.push('SELECT 1', 'COMMIT');\nawait pool.query(steps.join('; '));")),
  ],
  invalid: [
    bad('a session SET pushed in steps', pg("const steps = ['SELECT 1'];\nsteps.push('SET search_path TO app');\nawait pool.query(steps.join('; '));"), [at('broken', 5, 18, 34)]),
    bad('a session SET appended with +=', pg("let sql = 'SELECT 1; ';\nsql += 'SET statement_timeout = 0';\nawait pool.query(sql);"), [at('broken', 5, 18, 21)]),
    bad('a function declaration returning the SET', pg("function setPath(schema) {\n  return 'SET search_path TO ' + schema;\n}\nawait pool.query(setPath('tenant_a'));"), [at('broken', 6, 18, 37)]),
  ],
});
