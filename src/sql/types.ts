import type { HazardId } from '../hazards.js';

/** What a template-literal hole stands for: a bound value, an identifier, or raw SQL text. */
export type HoleKind = 'value' | 'identifier' | 'raw';

/**
 * SQL with holes, as a template literal has it: `parts.length === holes.length + 1`.
 * @example { parts: ['SELECT * FROM ', ' WHERE id = ', ''], holes: ['identifier', 'value'] }
 */
export interface SqlFragment {
  parts: readonly string[];
  holes: readonly HoleKind[];
}

/** How sure the engine is: `parsed` by PostgreSQL's grammar, or `scanned` token by token. */
export type Confidence = 'parsed' | 'scanned';

/** Transaction control statements, so callers can follow transaction scope within and across calls. */
export type TransactionControl =
  | 'begin'
  | 'commit'
  | 'rollback'
  | 'savepoint'
  | 'release'
  | 'rollback-to'
  | 'prepare-transaction';

/** A half-open span `[start, end)` in `SqlAnalysis.text`. */
export interface Span {
  start: number;
  end: number;
}

/** One hazard in one statement. */
export interface SqlFinding extends Span {
  hazard: HazardId;
  /** Index into `SqlAnalysis.statements`. */
  statement: number;
  confidence: Confidence;
  /** For SETs: the parameter name, lower case (`search_path`, `timezone`, `role`, `app.tenant_id`); `all` for RESET ALL. */
  guc?: string;
  /** The object named: advisory-lock function, channel, statement or cursor name, library, temp object kind. */
  name?: string;
  /**
   * Whether the text itself puts this statement inside a transaction: after a `BEGIN` in the same
   * text (`explicit`), or in a multi-statement string that runs as one implicit transaction and
   * has statements after it (`implicit`). `none` means the caller's context decides.
   */
  inTransaction: 'explicit' | 'implicit' | 'none';
  /**
   * For `sql-prepare`: the text itself prepares and deallocates this statement (`PREPARE q …; EXECUTE q;
   * DEALLOCATE q`), so sent as one simple-protocol query string it never outlives that round trip.
   */
  closedInText?: true;
}

/** One statement of the text. */
export interface SqlStatement extends Span {
  /** The PostgreSQL node type (`VariableSetStmt`, `SelectStmt`, …), or the leading keyword when scanned. */
  node: string;
  transactionControl?: TransactionControl;
}

/** The result of `analyzeSql`. */
export interface SqlAnalysis {
  /** The text that was analysed: the fragment's parts joined with placeholders for the holes. */
  text: string;
  /** Where each part of the fragment starts in `text` (one entry for a plain string: `[0]`). */
  partOffsets: readonly number[];
  /** Where each hole's placeholder sits in `text` (none for a plain string); a placeholder may be empty. */
  holes: readonly Span[];
  statements: readonly SqlStatement[];
  findings: readonly SqlFinding[];
  confidence: Confidence;
  /** Net effect on transaction state when the text has run: it leaves one open, closes one, or neither. */
  transactionEffect: 'opens' | 'closes' | 'none';
}
