/**
 * Memoised tracker answers about a node that many expressions ask the same question of: a class's field (every
 * `this.pool` of its methods), a function's parameter (every use of `client`). Untyped with the module pass, an
 * answer may have skipped a project module's lookup (the tracker's `skipped` count, which marks the asking node's
 * answer as partial): a memoised answer replays that skip, so every node asking it is marked alike.
 */
import type { Val } from './values.js';

interface Answer {
  readonly value: Val | undefined;
  readonly skipped: boolean;
}

/** Answers per node and key; a question asked again while its answer is being worked out is answered afresh. */
export class PerNodeAnswers<Node extends object> {
  private readonly answers = new Map<Node, Map<string, Answer | null>>();

  /**
   * @param skip counts one skipped lookup (the tracker's `skipped++`)
   * @param skipped the tracker's count of skipped lookups so far
   */
  constructor(
    private readonly skip: () => void,
    private readonly skipped: () => number,
  ) {}

  /**
   * The answer for `node` and `key`: memoised, or computed by `compute`.
   * @example fields.answer(classBody, 'false:pool:true', () => valueOfField(classBody, 'pool'))
   */
  answer(node: Node, key: string, compute: () => Val | undefined): Val | undefined {
    let known = this.answers.get(node);
    if (!known) this.answers.set(node, (known = new Map()));
    const found = known.get(key);
    if (found === null) return compute(); // being worked out (a field written from itself): no memo
    if (found) {
      if (found.skipped) this.skip();
      return found.value;
    }
    known.set(key, null);
    const before = this.skipped();
    const value = compute();
    known.set(key, { value, skipped: this.skipped() !== before });
    return value;
  }
}
