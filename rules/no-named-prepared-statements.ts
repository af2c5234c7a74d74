import { createSessionRule } from '../src/session/rule.js';

/** `pooler/no-named-prepared-statements`: see ./no-named-prepared-statements.md. */
export default createSessionRule({
  name: 'no-named-prepared-statements',
  description: 'Disallow named prepared statements (protocol-level and SQL PREPARE) that live on one server connection.',
});
