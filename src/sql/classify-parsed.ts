/**
 * Statement-level hazards of a parsed statement, read from its PostgreSQL node. Look-alikes never
 * reach these branches: `UPDATE … SET` is an `UpdateStmt`, `ON CONFLICT … DO UPDATE SET` an
 * `InsertStmt`, `ALTER ROLE/DATABASE … SET` an `Alter…SetStmt`, `CREATE FUNCTION … SET` a
 * `CreateFunctionStmt` option, `SET CONSTRAINTS` a `ConstraintsSetStmt`.
 *
 * Parameter names chosen for the grammar's special forms (checked against libpg-query 18):
 * `SET TIME ZONE` → `timezone`, `SET SCHEMA` → `search_path`, `SET NAMES` → `client_encoding`,
 * `SET ROLE` → `role`, `SET SESSION AUTHORIZATION` → `session_authorization`, `RESET ALL` → `all`,
 * `SET XML OPTION` → `xmloption`; `SET SESSION CHARACTERISTICS AS TRANSACTION …` sets
 * `default_transaction_isolation` / `default_transaction_read_only` / `default_transaction_deferrable`
 * (its first option); `SET TRANSACTION …` reports `transaction_isolation` / `transaction_read_only` /
 * `transaction_deferrable` / `transaction_snapshot`.
 */
import type { TransactionControl } from './types.js';
import { settingHazard, type Classified } from './function-calls.js';
import { nodeEntry, type Node } from './tree.js';

/** What a statement node says about hazards and transaction control. */
export interface StatementInfo {
  findings: Classified[];
  transactionControl?: TransactionControl;
  /** `COMMIT AND CHAIN` / `ROLLBACK AND CHAIN`: a new transaction starts at once. */
  chain?: boolean;
  /** False when nothing in the statement runs (`EXPLAIN` without `ANALYZE`). */
  executes: boolean;
}

const CURSOR_OPT_HOLD = 0x20;

const TRANSACTION_KINDS: Record<string, TransactionControl> = {
  TRANS_STMT_BEGIN: 'begin',
  TRANS_STMT_START: 'begin',
  TRANS_STMT_COMMIT: 'commit',
  TRANS_STMT_ROLLBACK: 'rollback',
  TRANS_STMT_SAVEPOINT: 'savepoint',
  TRANS_STMT_RELEASE: 'release',
  TRANS_STMT_ROLLBACK_TO: 'rollback-to',
  TRANS_STMT_PREPARE: 'prepare-transaction',
};

function firstOptionName(args: unknown): string | undefined {
  const first = (args as Node[] | undefined)?.[0]?.DefElem as Node | undefined;
  return typeof first?.defname === 'string' ? first.defname : undefined;
}

function variableSet(stmt: Node): Classified {
  if (stmt.kind === 'VAR_RESET_ALL') return settingHazard('all', false);
  const name = typeof stmt.name === 'string' ? stmt.name : undefined;
  if (name === 'TRANSACTION') return settingHazard(firstOptionName(stmt.args), true);
  if (name === 'TRANSACTION SNAPSHOT') return settingHazard('transaction_snapshot', true);
  if (name === 'SESSION CHARACTERISTICS') {
    const option = firstOptionName(stmt.args);
    return settingHazard(option === undefined ? undefined : `default_${option}`, false);
  }
  return settingHazard(name, stmt.is_local === true);
}

/** A temporary relation's hazard: `temp-on-commit-drop` with `ON COMMIT DROP`, else `temp-object`. */
function temporary(rel: unknown, onCommit: unknown, kind: 'table' | 'sequence' | 'view'): Classified[] {
  const relation = rel as Node | undefined;
  if (relation?.relpersistence !== 't' && relation?.schemaname !== 'pg_temp') return [];
  return [{ hazard: onCommit === 'ONCOMMIT_DROP' ? 'temp-on-commit-drop' : 'temp-object', name: kind }];
}

function named(hazard: Classified['hazard'], name: unknown): Classified {
  return typeof name === 'string' ? { hazard, name } : { hazard };
}

/** `EXPLAIN ANALYZE` runs its statement; plain `EXPLAIN` does not. */
function explainAnalyzes(stmt: Node): boolean {
  return ((stmt.options as Node[] | undefined) ?? []).some((option) => {
    const def = option.DefElem as Node | undefined;
    if (def?.defname !== 'analyze') return false;
    const value = (def.arg as Node | undefined)?.String as Node | undefined;
    return !/^(false|off|no|0)$/i.test(String(value?.sval ?? 'true'));
  });
}

function leftmostSelect(stmt: Node): Node {
  let select = stmt;
  while (select.op && select.op !== 'SETOP_NONE' && select.larg) select = (select.larg as Node | undefined) ?? {};
  return select;
}

/**
 * Classifies one statement node (the `stmt` of a raw statement).
 *
 * @example classifyStatement({ ListenStmt: { conditionname: 'jobs' } })
 * // { findings: [{ hazard: 'listen', name: 'jobs' }], executes: true }
 */
export function classifyStatement(node: unknown): StatementInfo {
  const [type, stmt] = nodeEntry(node);
  const info = (findings: Classified[]): StatementInfo => ({ findings, executes: true });
  switch (type) {
    case 'VariableSetStmt':
      return info([variableSet(stmt)]);
    case 'ListenStmt':
      return info([named('listen', stmt.conditionname)]);
    case 'UnlistenStmt':
      return info([named('listen', stmt.conditionname ?? '*')]);
    case 'NotifyStmt':
      return info([named('notify', stmt.conditionname)]);
    case 'PrepareStmt':
    case 'ExecuteStmt':
      return info([named('sql-prepare', stmt.name)]);
    case 'DeallocateStmt':
      return info([stmt.isall === true ? { hazard: 'discard', name: 'deallocate-all' } : named('sql-prepare', stmt.name)]);
    case 'DiscardStmt':
      return info([named('discard', String(stmt.target ?? 'DISCARD_ALL').replace('DISCARD_', '').toLowerCase())]);
    case 'LoadStmt':
      return info([named('load', stmt.filename)]);
    case 'DeclareCursorStmt': {
      const hold = (Number(stmt.options ?? 0) & CURSOR_OPT_HOLD) !== 0;
      return info([named(hold ? 'cursor-with-hold' : 'cursor', stmt.portalname)]);
    }
    case 'CreateStmt':
      return info(temporary(stmt.relation, stmt.oncommit, 'table'));
    case 'CreateSeqStmt':
      return info(temporary(stmt.sequence, undefined, 'sequence'));
    case 'ViewStmt':
      return info(temporary(stmt.view, undefined, 'view'));
    case 'CreateTableAsStmt': {
      const into = (stmt.into as Node | undefined) ?? {};
      const inner = stmt.objtype === 'OBJECT_TABLE' ? temporary(into.rel, into.onCommit, 'table') : [];
      return info([...inner, ...classifyStatement(stmt.query).findings]);
    }
    case 'SelectStmt': {
      const into = leftmostSelect(stmt).intoClause as Node | undefined;
      return info(into ? temporary(into.rel, into.onCommit, 'table') : []);
    }
    case 'TransactionStmt': {
      const control = TRANSACTION_KINDS[String(stmt.kind)];
      return control ? { findings: [], transactionControl: control, chain: stmt.chain === true, executes: true } : info([]);
    }
    case 'ExplainStmt':
      return explainAnalyzes(stmt) ? info(classifyStatement(stmt.query).findings) : { findings: [], executes: false };
    default:
      return info([]);
  }
}
