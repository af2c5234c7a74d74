/**
 * Function-call hazards: `set_config`, advisory locks and `pg_notify`, found in parse trees
 * (`FuncCall` nodes, anywhere: CTEs, subqueries, `BEGIN ATOMIC` bodies) and, for statements that do
 * not parse, in scanner tokens (an identifier followed by `(`).
 */
import type { HazardId } from '../hazards.js';
import { isPlaceholderName } from './fragment.js';
import type { PgToken } from './pg-parser.js';
import { callArguments, closingParen, identifierName, isPunct, stringContent, word } from './tokens.js';

/** Session-level advisory lock functions: the lock outlives the transaction. */
export const SESSION_ADVISORY_LOCK_FUNCTIONS: ReadonlySet<string> = new Set([
  'pg_advisory_lock',
  'pg_advisory_lock_shared',
  'pg_try_advisory_lock',
  'pg_try_advisory_lock_shared',
  'pg_advisory_unlock',
  'pg_advisory_unlock_shared',
  'pg_advisory_unlock_all',
]);

/** Transaction-level advisory lock functions: released at the end of the transaction. */
export const XACT_ADVISORY_LOCK_FUNCTIONS: ReadonlySet<string> = new Set([
  'pg_advisory_xact_lock',
  'pg_advisory_xact_lock_shared',
  'pg_try_advisory_xact_lock',
  'pg_try_advisory_xact_lock_shared',
]);

/** Parameters that only ever apply to the current transaction, whichever way they are set. */
const TRANSACTION_ONLY_PARAMETERS = new Set(['transaction_isolation', 'transaction_read_only', 'transaction_deferrable']);

/** What a hazardous call or statement is, before it gets a span. */
export interface Classified {
  hazard: HazardId;
  guc?: string;
  name?: string;
}

/**
 * The hazard of setting parameter `guc`: transaction-scoped when `local` or when the parameter is
 * one of the per-transaction ones (`transaction_isolation`, …); a session setting otherwise.
 * A placeholder name (a hole) leaves `guc` out.
 *
 * @example settingHazard('search_path', false) // { hazard: 'session-set', guc: 'search_path' }
 */
export function settingHazard(guc: string | undefined, local: boolean): Classified {
  const name = guc === undefined || isPlaceholderName(guc) ? undefined : guc.toLowerCase();
  const hazard = local || (name !== undefined && TRANSACTION_ONLY_PARAMETERS.has(name)) ? 'transaction-set' : 'session-set';
  return name === undefined ? { hazard } : { hazard, guc: name };
}

/** Whether a boolean input string means true (PostgreSQL accepts unique prefixes of true/yes, on, 1). */
function isTrueText(text: string): boolean {
  return /^\s*(t|tr|tru|true|y|ye|yes|on|1)\s*$/i.test(text);
}

/** Classifies a call by function name, given how to read its arguments. */
function classifyCall(
  functionName: string,
  argumentCount: number,
  stringArgument: (index: number) => string | undefined,
  isLiteralTrue: (index: number) => boolean,
): Classified | undefined {
  if (SESSION_ADVISORY_LOCK_FUNCTIONS.has(functionName)) return { hazard: 'session-advisory-lock', name: functionName };
  if (XACT_ADVISORY_LOCK_FUNCTIONS.has(functionName)) return { hazard: 'xact-advisory-lock', name: functionName };
  if (functionName === 'set_config' && argumentCount === 3) return settingHazard(stringArgument(0), isLiteralTrue(2));
  if (functionName === 'pg_notify' && argumentCount === 2) {
    const channel = stringArgument(0);
    return channel === undefined || isPlaceholderName(channel) ? { hazard: 'notify' } : { hazard: 'notify', name: channel };
  }
  return undefined;
}

type Node = Record<string, unknown>;

/** The value of an `A_Const` (possibly under a `TypeCast`): its string or boolean, as text. */
function constantText(node: unknown): string | undefined {
  const n = node as Node | undefined;
  const cast = n?.TypeCast as Node | undefined;
  const constant = (cast ? (cast.arg as Node | undefined)?.A_Const : n?.A_Const) as Node | undefined;
  if (!constant) return undefined;
  const sval = (constant.sval as Node | undefined)?.sval;
  if (typeof sval === 'string') return sval;
  const boolval = constant.boolval as Node | undefined;
  if (boolval) return boolval.boolval === true ? 'true' : 'false';
  return undefined;
}

/**
 * Classifies a `FuncCall` node (its inner object) by name and arguments. Only unqualified or
 * `pg_catalog.`-qualified names count: `app.pg_advisory_lock(…)` is someone else's function.
 *
 * @example classifyFuncCall(parsedFuncCall) // { hazard: 'session-set', guc: 'app.tenant' }
 */
export function classifyFuncCall(call: Node): Classified | undefined {
  const names = (call.funcname as Node[] | undefined)?.map((n) => (n.String as Node | undefined)?.sval);
  if (!names || names.length === 0 || names.length > 2) return undefined;
  if (names.length === 2 && names[0] !== 'pg_catalog') return undefined;
  const functionName = names[names.length - 1];
  if (typeof functionName !== 'string') return undefined;
  const args = (call.args as unknown[] | undefined) ?? [];
  return classifyCall(
    functionName.toLowerCase(),
    args.length,
    (index) => constantText(args[index]),
    (index) => {
      const text = constantText(args[index]);
      return text !== undefined && isTrueText(text);
    },
  );
}

/** The single constant an argument's tokens hold (`'x'`, `true`, `'x'::text`), as text. */
function tokenConstant(tokens: readonly PgToken[] | undefined): string | undefined {
  if (!tokens || tokens.length === 0) return undefined;
  if (tokens.length > 1 && tokens[1]!.tokenName !== 'TYPECAST') return undefined;
  const first = tokens[0]!;
  const w = word(first);
  if (w === 'TRUE' || w === 'FALSE') return w.toLowerCase();
  return stringContent(first);
}

/** A function call found by the scanner: the name token's index and the argument tokens' span. */
export interface ScannedCall extends Classified {
  nameIndex: number;
  closeIndex: number;
}

/**
 * Finds hazardous function calls in tokens: an identifier (optionally `pg_catalog.`-qualified)
 * followed by `(` with a closed argument list. Not the name in `CREATE FUNCTION name(`.
 *
 * @example scanFunctionCalls(scanSql('SELECT pg_advisory_lock(1)')!) // [{ hazard: 'session-advisory-lock', … }]
 */
export function scanFunctionCalls(tokens: readonly PgToken[]): ScannedCall[] {
  const calls: ScannedCall[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.tokenName !== 'IDENT' || !isPunct(tokens[i + 1], '(')) continue;
    let before = i - 1;
    if (isPunct(tokens[before], '.')) {
      if (identifierName(tokens[before - 1]) !== 'pg_catalog') continue;
      before -= 2;
    }
    if (['FUNCTION', 'PROCEDURE', 'AGGREGATE'].includes(word(tokens[before]))) continue;
    const functionName = identifierName(token);
    const args = callArguments(tokens, i + 1);
    if (functionName === undefined || !args) continue;
    const classified = classifyCall(
      functionName,
      args.length,
      (index) => tokenConstant(args[index]),
      (index) => {
        const text = tokenConstant(args[index]);
        return text !== undefined && isTrueText(text);
      },
    );
    if (!classified) continue;
    const closeIndex = closingParen(tokens, i + 1)!;
    calls.push({ ...classified, nameIndex: before < i - 1 ? i - 2 : i, closeIndex });
  }
  return calls;
}
