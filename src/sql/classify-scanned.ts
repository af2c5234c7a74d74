/**
 * Classification of a statement that does not parse, from its scanner tokens: leading keywords
 * for statement-level forms (mirroring `classify-parsed.ts`), function-call tokens for calls
 * (`function-calls.ts`). Comments and string constants are never words, so they never match.
 */
import type { PgToken } from './pg-parser.js';
import { settingHazard, type Classified } from './function-calls.js';
import type { StatementInfo } from './classify-parsed.js';
import { dottedName, isPunct, stringContent, word } from './tokens.js';

/** The words of tokens from `index` on, for matching short keyword sequences. */
function wordsFrom(tokens: readonly PgToken[], index: number, count: number): string {
  return tokens
    .slice(index, index + count)
    .map((t) => word(t) || t.text)
    .join(' ');
}

const CHARACTERISTIC_PARAMETERS: Array<[string, string]> = [
  ['ISOLATION', 'transaction_isolation'],
  ['READ', 'transaction_read_only'],
  ['DEFERRABLE', 'transaction_deferrable'],
];

/** The transaction parameter a `SET TRANSACTION` / `SESSION CHARACTERISTICS` list sets first. */
function characteristic(tokens: readonly PgToken[], from: number): string | undefined {
  for (let i = from; i < tokens.length; i++) {
    const found = CHARACTERISTIC_PARAMETERS.find(([keyword]) => keyword === word(tokens[i]));
    if (found) return found[1];
  }
  return undefined;
}

/** The parameter named by the special forms shared by SET and RESET, with the tokens it took. */
function specialParameter(tokens: readonly PgToken[], i: number): [string, number] | undefined {
  const two = wordsFrom(tokens, i, 2);
  if (two === 'TIME ZONE') return ['timezone', 2];
  if (two === 'SESSION AUTHORIZATION') return ['session_authorization', 2];
  if (two === 'XML OPTION') return ['xmloption', 2];
  const one = word(tokens[i]);
  if (one === 'ROLE') return ['role', 1];
  if (one === 'SCHEMA') return ['search_path', 1];
  if (one === 'NAMES') return ['client_encoding', 1];
  return undefined;
}

function setStatement(tokens: readonly PgToken[]): Classified[] {
  let i = 1;
  const scope = word(tokens[i]);
  if (scope === 'LOCAL' || scope === 'SESSION') i++;
  const next = word(tokens[i]);
  if (next === 'CONSTRAINTS') return [];
  if (scope === 'SESSION' && next === 'CHARACTERISTICS') {
    const option = characteristic(tokens, i);
    return [settingHazard(option && `default_${option}`, false)];
  }
  if (scope === 'SESSION' && next === 'AUTHORIZATION') return [settingHazard('session_authorization', false)];
  if (next === 'TRANSACTION') {
    const snapshot = word(tokens[i + 1]) === 'SNAPSHOT';
    return [settingHazard(snapshot ? 'transaction_snapshot' : characteristic(tokens, i), true)];
  }
  const special = specialParameter(tokens, i);
  return [settingHazard(special?.[0] ?? dottedName(tokens, i)?.name, scope === 'LOCAL')];
}

function resetStatement(tokens: readonly PgToken[]): Classified[] {
  if (word(tokens[1]) === 'ALL') return [settingHazard('all', false)];
  if (wordsFrom(tokens, 1, 3) === 'TRANSACTION ISOLATION LEVEL') return [settingHazard('transaction_isolation', false)];
  return [settingHazard(specialParameter(tokens, 1)?.[0] ?? dottedName(tokens, 1)?.name, false)];
}

function named(hazard: Classified['hazard'], name: string | undefined): Classified[] {
  return [name === undefined ? { hazard } : { hazard, name }];
}

function nameAt(tokens: readonly PgToken[], index: number): string | undefined {
  return dottedName(tokens, index)?.name;
}

/** `DECLARE name … CURSOR … [WITH HOLD] FOR`: the hold options come before `FOR`. */
function declareStatement(tokens: readonly PgToken[]): Classified[] {
  const words = tokens.map((t) => word(t));
  const cursor = words.indexOf('CURSOR');
  if (cursor < 0) return [];
  const forIndex = words.indexOf('FOR', cursor);
  const options = words.slice(cursor, forIndex < 0 ? undefined : forIndex).join(' ');
  return named(/\bWITH HOLD\b/.test(options) ? 'cursor-with-hold' : 'cursor', nameAt(tokens, 1));
}

/** Whether `ON COMMIT DROP` appears outside parentheses. */
function onCommitDrop(tokens: readonly PgToken[]): boolean {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) depth--;
    else if (depth === 0 && wordsFrom(tokens, i, 3) === 'ON COMMIT DROP') return true;
  }
  return false;
}

const TEMP_KINDS: Record<string, 'table' | 'sequence' | 'view'> = { TABLE: 'table', SEQUENCE: 'sequence', VIEW: 'view' };

function createStatement(tokens: readonly PgToken[]): Classified[] {
  let i = 1;
  if (wordsFrom(tokens, i, 2) === 'OR REPLACE') i += 2;
  if (['GLOBAL', 'LOCAL'].includes(word(tokens[i]))) i++;
  const temp = ['TEMP', 'TEMPORARY'].includes(word(tokens[i]));
  if (temp) i++;
  if (['UNLOGGED', 'RECURSIVE'].includes(word(tokens[i]))) i++;
  const kind = TEMP_KINDS[word(tokens[i])];
  if (!kind) return [];
  const inPgTemp = nameAt(tokens, i + 1)?.startsWith('pg_temp.') === true;
  if (!temp && !inPgTemp) return [];
  return [{ hazard: kind === 'table' && onCommitDrop(tokens) ? 'temp-on-commit-drop' : 'temp-object', name: kind }];
}

/** `SELECT … INTO TEMP[ORARY] …` outside parentheses. */
function selectInto(tokens: readonly PgToken[]): Classified[] {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) depth--;
    else if (depth === 0 && word(tokens[i]) === 'INTO' && ['TEMP', 'TEMPORARY'].includes(word(tokens[i + 1]))) {
      return [{ hazard: onCommitDrop(tokens) ? 'temp-on-commit-drop' : 'temp-object', name: 'table' }];
    }
  }
  return [];
}

function transaction(control: StatementInfo['transactionControl'], tokens: readonly PgToken[]): StatementInfo {
  const chain = tokens.some((t, i) => word(t) === 'CHAIN' && word(tokens[i - 1]) === 'AND' && word(tokens[i - 2]) !== 'NO');
  return { findings: [], transactionControl: control, chain, executes: true };
}

/**
 * Classifies a statement's tokens by its leading keywords. Statement-level only; function calls
 * are found separately with `scanFunctionCalls`.
 *
 * @example classifyScannedStatement(scanSql('LISTEN $9001')!) // { findings: [{ hazard: 'listen' }], executes: true }
 */
export function classifyScannedStatement(tokens: readonly PgToken[]): StatementInfo {
  const info = (findings: Classified[]): StatementInfo => ({ findings, executes: true });
  const first = word(tokens[0]);
  const second = word(tokens[1]);
  switch (first) {
    case 'SET':
      return info(setStatement(tokens));
    case 'RESET':
      return info(resetStatement(tokens));
    case 'LISTEN':
      return info(named('listen', nameAt(tokens, 1)));
    case 'UNLISTEN':
      return info(named('listen', isPunct(tokens[1], '*') ? '*' : nameAt(tokens, 1)));
    case 'NOTIFY':
      return info(named('notify', nameAt(tokens, 1)));
    case 'PREPARE':
      return second === 'TRANSACTION' ? transaction('prepare-transaction', tokens) : info(named('sql-prepare', nameAt(tokens, 1)));
    case 'EXECUTE':
      return info(named('sql-prepare', nameAt(tokens, 1)));
    case 'DEALLOCATE': {
      const at = second === 'PREPARE' ? 2 : 1;
      if (word(tokens[at]) === 'ALL') return info([{ hazard: 'discard', name: 'deallocate-all' }]);
      return info(named('sql-prepare', nameAt(tokens, at)));
    }
    case 'DISCARD':
      return info(named('discard', second === 'TEMPORARY' ? 'temp' : second.toLowerCase() || undefined));
    case 'LOAD':
      return info(named('load', stringContent(tokens[1])));
    case 'DECLARE':
      return info(declareStatement(tokens));
    case 'CREATE':
      return info(createStatement(tokens));
    case 'SELECT':
    case 'WITH':
      return info(selectInto(tokens));
    case 'EXPLAIN':
      return { findings: [], executes: tokens.some((t) => ['ANALYZE', 'ANALYSE'].includes(word(t))) };
    case 'BEGIN':
      return second === 'ATOMIC' ? info([]) : transaction('begin', tokens);
    case 'START':
      return second === 'TRANSACTION' ? transaction('begin', tokens) : info([]);
    case 'COMMIT':
    case 'END':
      return second === 'PREPARED' ? info([]) : transaction('commit', tokens);
    case 'ROLLBACK':
    case 'ABORT':
      if (second === 'PREPARED') return info([]);
      return transaction(second === 'TO' || wordsFrom(tokens, 1, 2) === 'TRANSACTION TO' ? 'rollback-to' : 'rollback', tokens);
    case 'SAVEPOINT':
      return transaction('savepoint', tokens);
    case 'RELEASE':
      return transaction('release', tokens);
    default:
      return info([]);
  }
}
