/**
 * What each hazard is and what to do instead, in the words of the lint messages.
 */
import type { HazardId } from '../hazards.js';

export interface Wording {
  /** Reads after the SQL excerpt: "`SET search_path TO app` changes `search_path` for the whole session". */
  what: string;
  /** What to do instead: one or two sentences. */
  advice: string;
  /**
   * What happens where the pooler breaks the hazard (or needs a setting for it), when this statement differs
   * from the hazard in general (`UNLISTEN` loses no notification of its own): replaces the profile's words.
   */
  consequence?: string;
}

/** How a hazard's statement reads when it runs outside a transaction, where it does nothing useful. */
const OUTSIDE_TRANSACTION: Partial<Record<HazardId, string>> = {
  'transaction-set': 'is undone as soon as this statement ends (PostgreSQL warns `SET LOCAL can only be used in transaction blocks`)',
  'xact-advisory-lock': 'is released as soon as this statement ends, so it excludes nothing',
  'temp-on-commit-drop': 'is dropped as soon as this statement ends',
  cursor: 'fails with `DECLARE CURSOR can only be used in transaction blocks`',
};

const WORDING: Partial<Record<HazardId, Wording>> = {
  'session-set': {
    what: 'changes {{guc}} for the whole session',
    advice: 'Use `SET LOCAL` or `set_config(…, true)` inside a transaction, or set it per role with `ALTER ROLE … SET`.',
  },
  'transaction-set': {
    what: 'changes {{guc}} for the current transaction only',
    advice: 'Send it after `BEGIN` on the same client, or inside the driver\'s transaction callback.',
  },
  'session-hook': {
    what: 'runs a session SET each time the driver opens a connection, not in each transaction',
    advice: 'Set it per role with `ALTER ROLE … SET`, in the pooler\'s connect query, or with `SET LOCAL` inside each transaction.',
  },
  'session-advisory-lock': {
    what: 'takes or releases a session-level advisory lock',
    advice: 'Use `pg_advisory_xact_lock` inside a transaction, or take session locks on a direct (unpooled) connection.',
  },
  'xact-advisory-lock': {
    what: 'takes a transaction-level advisory lock',
    advice: 'Take it inside a transaction (after `BEGIN`, or in the driver\'s transaction callback).',
  },
  listen: {
    what: 'registers a listener on one server connection',
    advice: 'LISTEN on a dedicated direct (unpooled) connection; NOTIFY and `pg_notify` work through the pooler.',
  },
  'sql-prepare': {
    what: 'uses a SQL-level prepared statement, which lives on one server connection',
    advice: 'Send the query text with bound parameters instead; the driver then uses an unnamed statement.',
  },
  'named-prepared-statement': {
    what: 'uses a named prepared statement, which lives on one server connection',
    advice: 'Drop the statement name so the driver sends an unnamed statement, or enable the pooler\'s prepared-statement support.',
  },
  discard: {
    what: 'resets the session of whichever server connection it lands on',
    advice: 'Remove it: the pooler resets server connections itself.',
  },
  'temp-object': {
    what: 'creates a temporary {{name}} that outlives the transaction',
    advice: 'Create it with `ON COMMIT DROP` inside a transaction, or use a CTE or a regular table.',
  },
  'temp-on-commit-drop': {
    what: 'creates a temporary table dropped at commit',
    advice: 'Run it inside a transaction, with the statements that use the table.',
  },
  'cursor-with-hold': {
    what: 'declares a WITH HOLD cursor that outlives the transaction',
    advice: 'Read it within one transaction with a plain cursor, or page with keyset queries.',
  },
  cursor: {
    what: 'declares a cursor',
    advice: 'Declare and fetch it inside one transaction.',
  },
  load: {
    what: 'loads a library into one server connection',
    advice: 'Load it for every session with `session_preload_libraries` on the server.',
  },
  'startup-parameter': {
    what: 'is sent as the startup parameter {{guc}}',
    advice: 'Remove it from the connection options; set it per role with `ALTER ROLE … SET`, or with `SET LOCAL` inside transactions.',
  },
};

/** Wordings that depend on the detail of the finding. */
function special(hazard: HazardId, detail: WordingDetail): Wording | undefined {
  if (hazard === 'startup-parameter' && detail.name === 'default') {
    return { what: 'sends {{guc}} as a startup parameter by default', advice: 'Set the timeout options to `\'DISABLE_TIMEOUT\'` and apply timeouts with `ALTER ROLE … SET` or `SET LOCAL`.' };
  }
  if (hazard === 'startup-parameter' && detail.parameter === 'options') {
    return { what: 'sends `-c {{name-guc}}` in the `options` startup parameter', advice: WORDING['startup-parameter']!.advice };
  }
  if (hazard === 'session-set' && detail.guc === 'all') {
    return { what: 'resets every setting of whichever server connection it lands on', advice: WORDING['session-set']!.advice };
  }
  if (hazard === 'listen' && /^\s*unlisten\b/i.test(detail.excerpt ?? '')) {
    return {
      what: "removes a listener on whichever server connection runs it, which need not be the one where this client's `LISTEN` ran (it can be another client's)",
      advice: 'LISTEN and UNLISTEN on one dedicated direct (unpooled) connection; NOTIFY and `pg_notify` work through the pooler.',
      consequence: "leaves this client's listener registered on the server connection that ran `LISTEN`, where its notifications go to whichever client uses that connection, or are dropped",
    };
  }
  if (hazard === 'session-hook' && detail.hookStatement !== undefined) {
    const library = detail.name?.split(' ')[0] ?? 'the library';
    return {
      what: `makes ${library} send \`${detail.hookStatement}\` each time it opens a driver connection, not in each transaction`,
      advice: WORDING['session-hook']!.advice,
    };
  }
  if (hazard === 'startup-parameter' && detail.parameter !== undefined && detail.parameter !== 'options' && detail.name !== 'default') {
    return { what: `is sent as the startup parameter \`${detail.parameter}\``, advice: WORDING['startup-parameter']!.advice };
  }
  if (hazard === 'named-prepared-statement' && detail.name === 'postgres.js prepare') {
    return { what: 'prepares every query under a generated statement name (postgres.js defaults to `prepare: true`)', advice: 'Pass `prepare: false` to `postgres()` (or add `?prepare=false` to the URL).' };
  }
  return undefined;
}

export interface WordingDetail {
  guc?: string;
  name?: string;
  parameter?: string;
  /** The statement quoted in the message. */
  excerpt?: string;
  /** For a connection-config option: the statement the library sends on each new connection. */
  hookStatement?: string;
}

/**
 * The wording of a hazard, with `{{guc}}` and `{{name}}` filled in.
 *
 * @example wordingOf('session-set', { guc: 'search_path' }).what // 'changes `search_path` for the whole session'
 */
export function wordingOf(hazard: HazardId, detail: WordingDetail): Wording {
  const wording = special(hazard, detail) ?? WORDING[hazard] ?? { what: 'keeps state on the session', advice: 'Keep the state inside one transaction.' };
  const fill = (text: string) =>
    text
      .replace('{{name-guc}}', detail.guc ?? 'a setting')
      .replace('{{guc}}', detail.guc ? `\`${detail.guc}\`` : 'a setting')
      .replace('{{name}}', detail.name ?? 'object');
  return { what: fill(wording.what), advice: fill(wording.advice), ...(wording.consequence ? { consequence: wording.consequence } : {}) };
}

/** What a transaction-scoped hazard does outside a transaction, if it is one. */
export function outsideTransaction(hazard: HazardId): string | undefined {
  return OUTSIDE_TRANSACTION[hazard];
}
