/**
 * no-leaked-client: a connection checked out of a pool must be given back on every path.
 * The analysis lives in src/leaks; this file wires it to ESLint.
 */
import { createRule } from '../src/create-rule.js';
import { analyzeLeaks, type LeakMessageId } from '../src/leaks/index.js';

export type Options = [{ releasingFunctions?: string[] }];
export type MessageId = LeakMessageId | 'wrapInFinally';

export default createRule<Options, MessageId>({
  name: 'no-leaked-client',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every client checked out of a pool to be released on every path, exactly once',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      discarded:
        'The result of `{{acquire}}` is dropped, so the client it checks out is never released. {{consequence}} Keep it and release it in `finally`, or let the pool run the query (`pool.query()`).',
      neverReleased: '`{{name}}` from `{{acquire}}` is never released. {{consequence}} Release it in `finally`.',
      notReleasedOnThrow:
        '`{{name}}` from `{{acquire}}` is not released when {{event}}. {{consequence}} Release it in `finally`.',
      notReleasedOnJump:
        '`{{name}}` from `{{acquire}}` is not released on the `{{jump}}` at line {{line}}. {{consequence}} Release it in `finally`.',
      notReleasedOnSomePaths:
        '`{{name}}` from `{{acquire}}` is {{how}}, not on every path. {{consequence}} Release it once, unconditionally, in `finally`.',
      reacquired:
        '`{{name}}` is acquired again by `{{acquire}}` while the previous one is still held, so the previous one leaks. {{consequence}} Release each one in `finally` before acquiring the next.',
      doubleRelease:
        '`{{release}}()` can run a second time for the same `{{name}}` on one path. {{consequence}} Release it exactly once, in `finally`.',
      wrapInFinally: 'Wrap the uses of `{{name}}` in `try { … } finally { {{release}}; }`.',
    },
    schema: [
      {
        type: 'object',
        description: 'Options of no-leaked-client.',
        properties: {
          releasingFunctions: {
            type: 'array',
            description:
              'Functions that release the client passed to them, by name (`releaseClient`) or dotted path (`db.release`).',
            items: { type: 'string' },
            uniqueItems: true,
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ releasingFunctions: [] }],
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        for (const finding of analyzeLeaks(context, { releasingFunctions: options.releasingFunctions ?? [] })) {
          const { fix } = finding;
          context.report({
            node: finding.node,
            messageId: finding.messageId,
            data: finding.data,
            suggest: fix
              ? [{ messageId: 'wrapInFinally', data: { name: finding.data.name ?? '', release: finding.release ?? '' }, fix }]
              : [],
          });
        }
      },
    };
  },
});
