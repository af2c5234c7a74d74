import { createSessionRule } from '../src/session/rule.js';

/** `pooler/no-listen`: see ./no-listen.md. */
export default createSessionRule({
  name: 'no-listen',
  description: 'Disallow LISTEN through a transaction pooler, where notifications are lost or delivered to another client.',
});
