/**
 * Hazards in driver APIs and configs, with no SQL in sight: named prepared statements (query configs
 * with `name`, pg-promise `PreparedStatement`, Drizzle `.prepare(name)` over node-postgres, postgres.js
 * without `prepare: false`), LISTEN through `client.on('notification')` and `sql.listen`, startup
 * parameters, and session settings in connection configs (knex `searchPath`, pg-promise `schema`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { RuleContext } from '@typescript-eslint/utils/ts-eslint';
import type { ResolveOptions } from '../ast/sql-text.js';
import { callsOf, propName, stringValue, unwrap } from '../ast/nodes.js';
import type { DriverCreation, DriverModel, DriverValue } from '../drivers/index.js';
import type { HazardId } from '../hazards.js';
import type { Edit } from './edits.js';
import type { SessionFinding } from './index.js';
import { startupParameters } from './startup.js';
import { objectLiteral, objectProperty, type SqlUse } from './uses.js';

type Context = Readonly<RuleContext<string, readonly unknown[]>>;

function finding(
  context: Context,
  hazard: HazardId,
  node: TSESTree.Node,
  value: Pick<DriverValue, 'driver' | 'direct'>,
  extra: Partial<SessionFinding> = {},
): SessionFinding {
  return {
    hazard,
    range: [node.range[0], node.range[1]],
    excerpt: excerptOf(context, node),
    inTransaction: false,
    driver: value.driver,
    direct: value.direct,
    confidence: 'parsed',
    ...extra,
  };
}

/**
 * What a message quotes of an API call: the call with its function arguments elided
 * (`client.on('notification', …)`), on one line; other nodes as written.
 */
function excerptOf(context: Context, node: TSESTree.Node): string {
  const sourceCode = context.sourceCode;
  if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
    const args = node.arguments.map((arg) =>
      arg.type === AST_NODE_TYPES.ArrowFunctionExpression || arg.type === AST_NODE_TYPES.FunctionExpression ? '…' : sourceCode.getText(arg),
    );
    const call = `${node.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${sourceCode.getText(node.callee)}(${args.join(', ')})`;
    return call.replace(/\s+/g, ' ');
  }
  return sourceCode.getText(node).replace(/\s+/g, ' ');
}

/** Removes an object property with the comma that follows it (or precedes it, for the last one). */
function removeProperty(context: Context, property: TSESTree.Property): Edit {
  const sourceCode = context.sourceCode;
  const after = sourceCode.getTokenAfter(property);
  if (after?.value === ',') {
    const next = sourceCode.getTokenAfter(after);
    return { range: [property.range[0], next ? next.range[0] : after.range[1]], text: '', description: 'Remove `name`: the driver then sends an unnamed statement.' };
  }
  const before = sourceCode.getTokenBefore(property);
  const start = before?.value === ',' ? before.range[0] : property.range[0];
  return { range: [start, property.range[1]], text: '', description: 'Remove `name`: the driver then sends an unnamed statement.' };
}

function namedQueryConfigs(context: Context, uses: readonly SqlUse[]): SessionFinding[] {
  return uses.flatMap((use) => {
    if (!use.statementName || (use.value.driver !== 'pg' && use.value.driver !== 'pg-promise')) return [];
    const name = stringValue(use.statementName.value);
    // node-postgres sends an unnamed statement for an empty name (`if (this.name)` in pg/lib/query.js).
    if (name === '') return [];
    return [
      finding(context, 'named-prepared-statement', use.statementName, use.value, {
        ...(name !== undefined ? { name } : {}),
        edit: removeProperty(context, use.statementName),
      }),
    ];
  });
}

/**
 * A postgres.js client handed only to kysely-postgres-js (`new PostgresJSDialect({ postgres: postgres(url) })`, or
 * through a variable read there alone): the dialect sends every query with `sql.unsafe(text, parameters)`, which
 * postgres.js does not prepare unless told to.
 */
function onlyKyselyDialect(node: TSESTree.Node, options: ResolveOptions): boolean {
  let target = node;
  const declarator = node.parent;
  if (declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === node && declarator.id.type === AST_NODE_TYPES.Identifier) {
    const id = declarator.id;
    const reads = ASTUtils.findVariable(options.getScope(id), id)?.references.filter((ref) => ref.isRead()) ?? [];
    if (reads.length !== 1) return false;
    target = reads[0]!.identifier;
  }
  const property = target.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== target || propName(property) !== 'postgres') return false;
  const dialect = property.parent.parent;
  if (dialect?.type !== AST_NODE_TYPES.NewExpression || dialect.arguments[0] !== property.parent || dialect.callee.type !== AST_NODE_TYPES.Identifier) return false;
  const def = ASTUtils.findVariable(options.getScope(dialect.callee), dialect.callee)?.defs[0];
  return def?.type === 'ImportBinding' && def.parent.type === AST_NODE_TYPES.ImportDeclaration && def.parent.source.value === 'kysely-postgres-js';
}

/** postgres.js prepares every tagged query under a generated name unless `prepare: false`. */
function postgresJsPrepares(context: Context, creation: DriverCreation, options: ResolveOptions): SessionFinding | undefined {
  const prepare = creation.config && objectProperty(creation.config, 'prepare', options);
  if (prepare) {
    const value = unwrap(prepare.value);
    if (value.type === AST_NODE_TYPES.Literal && value.value === false) return undefined;
    if (value.type !== AST_NODE_TYPES.Literal) return undefined; // decided at run time: not ours to guess
  }
  if (creation.url && /[?&](prepare=false|no_prepare(=|&|$))/i.test(literalText(creation.url))) return undefined;
  if (onlyKyselyDialect(creation.node, options)) return undefined;
  let edit: Edit | undefined;
  if (prepare) {
    edit = { range: [prepare.value.range[0], prepare.value.range[1]], text: 'false', description: 'Set `prepare: false`.' };
  } else if (creation.config && creation.node.arguments.includes(creation.config)) {
    const open = creation.config.range[0] + 1;
    const text = creation.config.properties.length > 0 ? ' prepare: false,' : ' prepare: false ';
    edit = { range: [open, open], text, description: 'Add `prepare: false` to the options.' };
  } else if (!creation.config && creation.node.arguments.length === 1) {
    const end = creation.node.arguments[0]!.range[1];
    edit = { range: [end, end], text: ', { prepare: false }', description: 'Pass `{ prepare: false }`.' };
  } else if (creation.node.arguments.length === 0) {
    const open = creation.node.type === AST_NODE_TYPES.CallExpression ? context.sourceCode.getTokenAfter(creation.node.callee) : null;
    if (open?.value === '(') edit = { range: [open.range[1], open.range[1]], text: '{ prepare: false }', description: 'Pass `{ prepare: false }`.' };
  }
  return finding(context, 'named-prepared-statement', creation.node, creation, {
    name: 'postgres.js prepare',
    ...(edit ? { edit } : {}),
  });
}

/** The literal text of a string or template (holes dropped): what a connection string says for sure. */
function literalText(node: TSESTree.Node): string {
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return value.quasis.map((q) => q.value.cooked ?? '').join('');
  return stringValue(value) ?? '';
}

/** The driver value at the root of a builder chain: `db.select().from(t).where(…).prepare('q')` → `db`. */
function chainRoot(node: TSESTree.Node, model: DriverModel): DriverValue | undefined {
  let current: TSESTree.Node = node;
  for (let depth = 0; depth < 32; depth++) {
    const value = model.valueOf(current);
    if (value) return value;
    if (current.type === AST_NODE_TYPES.CallExpression) current = current.callee;
    else if (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
    else return undefined;
  }
  return undefined;
}

/** `sco.client` of a pg-promise connection (`await db.connect()`): the pg client underneath. */
function pgPromiseClient(node: TSESTree.Node, model: DriverModel): DriverValue | undefined {
  if (node.type !== AST_NODE_TYPES.MemberExpression || propName(node) !== 'client') return undefined;
  const connection = model.valueOf(node.object);
  return connection?.kind === 'pgp.Connection' ? { ...connection, kind: 'pg.Client' } : undefined;
}

function callFindings(context: Context, model: DriverModel, options: ResolveOptions): SessionFinding[] {
  const found: SessionFinding[] = [];
  for (const node of callsOf(context.sourceCode.ast, context.sourceCode.visitorKeys)) {
    if (node.type === AST_NODE_TYPES.NewExpression) {
      const call = model.callOf(node);
      if (call?.target.kind === 'pgp.PreparedStatementClass') {
        const config = node.arguments[0] && objectLiteral(node.arguments[0], options);
        const name = config && stringValue(objectProperty(config, 'name', options)?.value);
        found.push(finding(context, 'named-prepared-statement', node.callee, call.target, name !== undefined ? { name } : {}));
      }
      continue;
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) continue;
    const init = pgPromiseInit(context, model, node, options);
    if (init) found.push(init);
    if (node.callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = propName(node.callee);
    if (method === 'prepare') {
      const root = chainRoot(node.callee.object, model);
      const name = stringValue(node.arguments[0]);
      if (root?.driver === 'drizzle' && root.via === 'pg' && name !== undefined) {
        found.push(finding(context, 'named-prepared-statement', node.arguments[0]!, root, { name }));
      }
      continue;
    }
    if (method !== 'on' && method !== 'listen') continue;
    const owner = model.valueOf(node.callee.object) ?? pgPromiseClient(node.callee.object, model);
    if (!owner) continue;
    if (method === 'on' && stringValue(node.arguments[0]) === 'notification' && (owner.kind === 'pg.Client' || owner.kind === 'pg.PoolClient')) {
      found.push(finding(context, 'listen', node, owner, { name: 'notification' }));
    }
    if (method === 'listen' && owner.driver === 'postgres') {
      const channel = stringValue(node.arguments[0]);
      found.push(finding(context, 'listen', node, owner, channel !== undefined ? { name: channel } : {}));
    }
  }
  return found;
}

/** pg-promise's `schema` init option (`pgPromise({ schema })`): `SET search_path` on every new connection. */
function pgPromiseInit(context: Context, model: DriverModel, node: TSESTree.CallExpression, options: ResolveOptions): SessionFinding | undefined {
  if (model.callOf(node)?.target.kind !== 'pgp.module') return undefined;
  const init = node.arguments[0] && objectLiteral(node.arguments[0], options);
  const schema = init && objectProperty(init, 'schema', options);
  const value = model.valueOf(node);
  return schema && value
    ? finding(context, 'session-hook', schema.key, value, {
        guc: 'search_path',
        name: 'pg-promise schema',
        hookStatement: 'SET search_path TO …',
        excerpt: excerptOf(context, schema),
      })
    : undefined;
}

/**
 * The statement knex's pg dialect sends for `searchPath` (`setSchemaSearchPath`): each schema in double
 * quotes, comma-separated (a string is one schema, commas and all); `…` for a value computed at run time.
 *
 * @example knexSearchPathStatement(node /* ['tenant_a', 'public'] *\/) // 'set search_path to "tenant_a","public"'
 */
function knexSearchPathStatement(value: TSESTree.Node): string {
  const node = unwrap(value);
  const items = node.type === AST_NODE_TYPES.ArrayExpression ? node.elements : [node];
  const schemas = items.map((item) => (item && item.type !== AST_NODE_TYPES.SpreadElement ? stringValue(unwrap(item)) : undefined));
  const known = schemas.length > 0 && schemas.every((schema) => schema !== undefined && !schema.includes('"'));
  return `set search_path to ${known ? schemas.map((schema) => `"${schema}"`).join(',') : '…'}`;
}

/** knex's `searchPath` option: `set search_path to …` on every new driver connection knex opens. */
function knexSearchPaths(context: Context, model: DriverModel, options: ResolveOptions): SessionFinding[] {
  return model.creations.flatMap((creation) => {
    const searchPath = creation.kind === 'knex.Knex' && creation.config && objectProperty(creation.config, 'searchPath', options);
    if (!searchPath) return [];
    return [
      finding(context, 'session-hook', searchPath.key, creation, {
        guc: 'search_path',
        name: 'knex searchPath',
        hookStatement: knexSearchPathStatement(searchPath.value),
        excerpt: excerptOf(context, searchPath),
      }),
    ];
  });
}

/**
 * Every API-level hazard of a file.
 *
 * @example apiFindings(context, model, uses, options).map((f) => f.hazard) // ['named-prepared-statement', 'startup-parameter']
 */
export function apiFindings(context: Context, model: DriverModel, uses: readonly SqlUse[], options: ResolveOptions): SessionFinding[] {
  const found = [...namedQueryConfigs(context, uses), ...callFindings(context, model, options), ...knexSearchPaths(context, model, options)];
  for (const creation of model.creations) {
    if (creation.kind === 'postgres.Sql' && !creation.direct) {
      const prepares = postgresJsPrepares(context, creation, options);
      if (prepares) found.push(prepares);
    }
    for (const parameter of startupParameters(creation, options)) {
      found.push(
        finding(context, 'startup-parameter', parameter.node, creation, {
          guc: parameter.guc,
          parameter: parameter.parameter,
          ...(parameter.byDefault ? { name: 'default' } : {}),
        }),
      );
    }
  }
  return found;
}
