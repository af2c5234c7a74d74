/**
 * The suggestion of no-leaked-client: wrap the uses after `const client = await pool.connect()` in
 * `try { … } finally { client.release(); }`, dropping the unconditional release statements the
 * `finally` replaces. Offered only when the result releases exactly once on every path.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, unwrap, walk } from '../ast/nodes.js';
import type { Setup } from './setup.js';
import { useRole } from './uses.js';

/**
 * The text of the release call for a subject.
 * @example releaseText(setup, sourceCode) // 'client.release()', 'knex.client.releaseConnection(conn)'
 */
export function releaseText(setup: Setup, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const { subject } = setup;
  const release = subject.spec.release;
  const name = subject.handle.name;
  if ('method' in release) return `${subject.spec.awaitRelease && subject.fn?.async ? 'await ' : ''}${name}.${release.method}()`;
  const callee = unwrap(subject.call.callee);
  const owner = callee.type === 'MemberExpression' ? sourceCode.getText(callee.object) : 'client';
  return `${owner}.${release.ownerMethod}(${name})`;
}

/**
 * The fix that wraps the statements after the declaration, or undefined when it does not apply.
 * @example const wrap = wrapInFinally(setup, sourceCode); if (wrap) suggest.push({ messageId: 'wrapInFinally', fix: wrap.fix })
 */
export function wrapInFinally(
  setup: Setup,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix; release: string } | undefined {
  const { subject } = setup;
  const region = subject.region;
  if (subject.form !== 'declare' || region.kind !== 'statements') return undefined;
  const wrapped = region.statements.slice(region.start + 1);
  const first = wrapped[0];
  const last = wrapped.at(-1);
  if (!first || !last) return undefined;
  if (wrapped.some((s) => /Declaration$/.test(s.type) && s.type !== 'VariableDeclaration')) return undefined;
  const dropped = new Set(wrapped.filter((s) => isReleaseStatement(s, setup)));
  if (dropped.size === wrapped.length || releasesInside(wrapped, dropped, setup, sourceCode)) return undefined;

  const edits: Edit[] = [];
  let previousEnd = first.range[0];
  for (const statement of wrapped) {
    if (dropped.has(statement)) {
      if (sourceCode.getCommentsBefore(statement).some((c) => c.range[0] >= previousEnd)) return undefined;
      edits.push({ range: [previousEnd, statement.range[1]], text: '' });
    }
    previousEnd = statement.range[1];
  }
  // `return client.query(…)` must finish before the finally releases the client.
  for (const argument of unawaitedReturns(wrapped, sourceCode)) {
    if (!subject.fn?.async) return undefined;
    edits.push({ range: [argument.range[0], argument.range[0]], text: 'await ' });
  }
  const body = applyEdits(sourceCode.text, [first.range[0], last.range[1]], edits).replace(/^\s+/, '');

  const declaration = region.statements[region.start]!;
  const line = sourceCode.lines[declaration.loc.start.line - 1] ?? '';
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const unit = indent.includes('\t') ? '\t' : '  ';
  const spansLines = sourceCode.ast.tokens.some(
    (t) => t.type === 'Template' && t.range[0] >= first.range[0] && t.range[1] <= last.range[1] && t.loc.start.line !== t.loc.end.line,
  );
  const inner = spansLines ? body : body.split('\n').map((l, i) => (i === 0 || l.trim() === '' ? l : unit + l)).join('\n');
  const firstDropped = wrapped.find((s) => dropped.has(s));
  const release = firstDropped ? sourceCode.getText(firstDropped).replace(/;$/, '') : releaseText(setup, sourceCode);
  const replacement = `try {\n${indent}${unit}${inner}\n${indent}} finally {\n${indent}${unit}${release};\n${indent}}`;
  return { fix: (fixer) => fixer.replaceTextRange([first.range[0], last.range[1]], replacement), release };
}

interface Edit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** The text of `range` with non-overlapping edits applied. */
function applyEdits(text: string, range: readonly [number, number], edits: readonly Edit[]): string {
  let out = '';
  let cursor = range[0];
  for (const edit of [...edits].sort((a, b) => a.range[0] - b.range[0])) {
    out += text.slice(cursor, edit.range[0]) + edit.text;
    cursor = edit.range[1];
  }
  return out + text.slice(cursor, range[1]);
}

/** Arguments of `return` statements (not in nested functions) that are calls, not awaited. */
function unawaitedReturns(statements: readonly TSESTree.Statement[], sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  for (const statement of statements) {
    walk(statement, sourceCode.visitorKeys, (node) => {
      if (isFunction(node)) return false;
      if (node.type !== 'ReturnStatement' || !node.argument) return undefined;
      const value = unwrap(node.argument);
      if (value.type === 'CallExpression' || value.type === 'TaggedTemplateExpression' || value.type === 'NewExpression') {
        found.push(node.argument);
      }
      return undefined;
    });
  }
  return found;
}

/** `client.release();` / `await qr.release();` as a statement of its own. */
function isReleaseStatement(statement: TSESTree.Statement, setup: Setup): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  let expression = unwrap(statement.expression);
  if (expression.type === 'AwaitExpression') expression = unwrap(expression.argument);
  return expression.type === 'CallExpression' && setup.releaseOf(expression);
}

/** The handle is returned, stored or passed on here: releasing it in `finally` would be wrong. */
function handedOn(node: TSESTree.Node, setup: Setup): boolean {
  const role = useRole(node);
  if (role.kind === 'escape') return true;
  if (role.kind !== 'argument') return false;
  return !(role.call.type === 'CallExpression' && setup.releaseOf(role.call)) && !setup.borrows(role.call, role.index);
}

/** Releases nested anywhere else in the wrapped statements would run twice with the fix; a handed-on handle must not be released. */
function releasesInside(
  statements: readonly TSESTree.Statement[],
  dropped: ReadonlySet<TSESTree.Statement>,
  setup: Setup,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  let found = false;
  for (const statement of statements) {
    if (dropped.has(statement)) continue;
    walk(statement, sourceCode.visitorKeys, (node) => {
      if (found) return false;
      if (node.type === 'CallExpression' && setup.releaseOf(node)) found = true;
      if (setup.handleRefs.has(node)) found = handedOn(node, setup);
      return undefined;
    });
  }
  return found || setup.delegating.size > 0;
}
