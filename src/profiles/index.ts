/** Placeholder until the profiles land (issue 2 §3): the profile ids only. */
export const PROFILE_IDS = [
  'transaction',
  'pgbouncer',
  'rds-proxy',
  'supavisor',
  'pgcat',
  'pgdog',
  'odyssey',
  'neon',
  'azure',
  'session',
] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];
