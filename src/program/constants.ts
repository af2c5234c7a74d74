/**
 * SQL text from other modules, through the type checker (typed lint only): imported and re-exported
 * constants, `as const` objects and their properties, string enums, and string-literal types. A
 * `const` keeps its literal type, so the checker already knows the text wherever the value flows.
 */
import type { ParserServices, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

const MAX_VALUES = 8;

/** The string values of a type: a string literal, a string enum member, or a union of them. */
function stringValues(type: ts.Type): string[] | undefined {
  if (type.isStringLiteral()) return [type.value];
  if (type.isUnion()) {
    const values: string[] = [];
    for (const part of type.types) {
      const inner = stringValues(part);
      if (!inner) return undefined;
      values.push(...inner);
      if (values.length > MAX_VALUES) return undefined;
    }
    return values;
  }
  return undefined;
}

/**
 * A resolver of the text of identifiers and member expressions by their type, or `undefined` without
 * type information.
 *
 * @example typedStringResolver(context.sourceCode.parserServices)?.(node /* SET_PATH imported from './queries' *\/)
 *   // ['SET search_path TO app']
 */
export function typedStringResolver(
  services: Partial<ParserServices> | undefined,
): ((node: TSESTree.Node) => string[] | undefined) | undefined {
  const program = services?.program;
  const map = services?.esTreeNodeToTSNodeMap;
  if (!program || !map) return undefined;
  const checker = program.getTypeChecker();
  return (node) => {
    const tsNode = map.get(node);
    if (!tsNode) return undefined;
    return stringValues(checker.getTypeAtLocation(tsNode));
  };
}
