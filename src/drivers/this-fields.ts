/**
 * `this.x` inside a class: which class `this` is, and every write of field `x` in that class
 * (field initialisers, `this.x = …` in the constructor or any method).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { propName, walk, type VisitorKeys } from '../ast/nodes.js';

/** The class a `this` refers to, and whether it is the class itself (static context). */
export interface ThisClass {
  readonly body: TSESTree.ClassBody;
  readonly isStatic: boolean;
}

/**
 * The class whose instance (or, in static members, the class itself) `this` is; undefined in
 * plain functions and at top level.
 * @example thisClass(thisNodeInsideAMethod) // { body, isStatic: false }
 */
export function thisClass(node: TSESTree.ThisExpression): ThisClass | undefined {
  let child: TSESTree.Node = node;
  for (let current: TSESTree.Node | undefined = node.parent; current; child = current, current = current.parent) {
    switch (current.type) {
      case 'ArrowFunctionExpression':
        continue;
      case 'FunctionExpression': {
        const parent = current.parent;
        return parent?.type === 'MethodDefinition' && parent.value === current && parent.parent.type === 'ClassBody'
          ? { body: parent.parent, isStatic: parent.static }
          : undefined;
      }
      case 'FunctionDeclaration':
        return undefined;
      case 'PropertyDefinition':
        return child === current.value ? { body: current.parent, isStatic: current.static } : undefined;
      case 'StaticBlock':
        return { body: current.parent, isStatic: true };
      case 'ClassBody':
        return undefined;
      default:
    }
  }
  return undefined;
}

/** Per class: field key (`static:name`) → written expressions, or null when a write cannot be followed. */
type FieldTable = Map<string, TSESTree.Node[] | null>;

const tables = new WeakMap<TSESTree.ClassBody, FieldTable>();

/**
 * The expressions written to field `name` of the class (excluding writes of null/undefined are the
 * caller's business), or undefined when some write cannot be followed (`this.x += …`, a TypeScript
 * parameter property). An empty array means no write at all.
 * @example fieldWrites(body, false, 'pool', keys) // [NewExpression `new Pool()`]
 */
export function fieldWrites(
  body: TSESTree.ClassBody,
  isStatic: boolean,
  name: string,
  keys: VisitorKeys,
): readonly TSESTree.Node[] | undefined {
  let table = tables.get(body);
  if (!table) {
    table = collect(body, keys);
    tables.set(body, table);
  }
  const writes = table.get(`${isStatic}:${name}`);
  return writes === null ? undefined : (writes ?? []);
}

function collect(body: TSESTree.ClassBody, keys: VisitorKeys): FieldTable {
  const table: FieldTable = new Map();
  const add = (key: string, expression: TSESTree.Node | null) => {
    const list = table.get(key);
    if (list === null) return;
    if (expression === null) table.set(key, null);
    else if (list) list.push(expression);
    else table.set(key, [expression]);
  };
  for (const member of body.body) {
    if (member.type === 'PropertyDefinition' && member.value) {
      const name = propName(member);
      if (name !== undefined) add(`${member.static}:${name}`, member.value);
    }
  }
  for (const property of parameterProperties(body)) add(`false:${property.name}`, null);
  walk(body, keys, (node) => {
    if (node.type !== 'AssignmentExpression' || node.left.type !== 'MemberExpression') return;
    if (node.left.object.type !== 'ThisExpression') return;
    const owner = thisClass(node.left.object);
    const name = propName(node.left);
    if (owner?.body !== body || name === undefined) return;
    const followed = node.operator === '=' || node.operator === '??=' || node.operator === '||=';
    add(`${owner.isStatic}:${name}`, followed ? node.right : null);
  });
  return table;
}

/**
 * The type annotation of instance field `name`: a field declaration's (`pool: Pool`) or a constructor
 * parameter property's (`constructor(private db: Database)`), or undefined.
 * @example fieldAnnotation(body, 'pool') // TSTypeAnnotation `: Pool`
 */
export function fieldAnnotation(body: TSESTree.ClassBody, name: string): TSESTree.TSTypeAnnotation | undefined {
  for (const member of body.body) {
    if (member.type === 'PropertyDefinition' && !member.static && member.typeAnnotation && propName(member) === name) return member.typeAnnotation;
  }
  return parameterProperties(body).find((property) => property.name === name && property.typeAnnotation)?.typeAnnotation;
}

/** The identifiers of a class's constructor parameter properties (`constructor(private db: Database = d)`). */
function parameterProperties(body: TSESTree.ClassBody): TSESTree.Identifier[] {
  return body.body.flatMap((member) => {
    if (member.type !== 'MethodDefinition' || member.kind !== 'constructor') return [];
    return member.value.params.flatMap((param) => {
      if (param.type !== 'TSParameterProperty') return [];
      const inner = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
      return inner.type === 'Identifier' ? [inner] : [];
    });
  });
}
