import { createSessionRule } from '../src/session/rule.js';

/** `pooler/no-session-state`: see ./no-session-state.md. */
export default createSessionRule({
  name: 'no-session-state',
  description: 'Disallow temporary objects, WITH HOLD cursors, LOAD and DISCARD that outlive the transaction behind a transaction pooler.',
});
