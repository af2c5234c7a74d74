import { createSessionRule } from '../src/session/rule.js';

/** `pooler/no-session-set`: see ./no-session-set.md. */
export default createSessionRule({
  name: 'no-session-set',
  description: 'Disallow session settings (SET, RESET, set_config(…, false), connection hooks) that leak or get lost behind a transaction pooler.',
});
