import { createSessionRule } from '../src/session/rule.js';

/** `pooler/no-session-advisory-lock`: see ./no-session-advisory-lock.md. */
export default createSessionRule({
  name: 'no-session-advisory-lock',
  description: 'Disallow session-level advisory locks, which stray across server connections behind a transaction pooler.',
});
