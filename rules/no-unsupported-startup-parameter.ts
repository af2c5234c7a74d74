import { createSessionRule } from '../src/session/rule.js';

/** `pooler/no-unsupported-startup-parameter`: see ./no-unsupported-startup-parameter.md. */
export default createSessionRule({
  name: 'no-unsupported-startup-parameter',
  description: 'Disallow startup parameters that PgBouncer refuses (statement_timeout, options, …).',
});
