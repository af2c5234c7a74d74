/**
 * The lexical context of each hole of a fragment: whether `${…}` sits in SQL code, inside a quoted
 * identifier (`"${x}"`, `"tenant_${id}"`), inside a string literal (`'…'`, `E'…'`, `$tag$…$tag$`
 * used as a string) or inside a comment, and whether it touches a word (`tenant_${id}`). The state
 * is carried across the parts, so a quote opened before one hole and closed after a later one is
 * followed. Dollar-quoted bodies are read as SQL again (a `DO $$ … $$` body is code), with the
 * enclosing tag closing them whatever their own state, as PostgreSQL's scanner does.
 */

/** Where a hole sits, lexically. */
export type HoleContext = 'code' | 'identifier' | 'string' | 'comment';

/** A hole's context and whether a word character touches it on either side (in code only). */
export interface HoleSite {
  context: HoleContext;
  /** In code: an identifier character (or another hole) right before or after the hole. */
  joined: boolean;
  /** In code: the hole is a statement of its own (only `;`, white space or the text's ends around it). */
  statement: boolean;
}

type Mode = 'code' | 'identifier' | 'string' | 'escape-string' | 'line-comment' | 'block-comment';

const WORD = /[A-Za-z0-9_\u0080-\uffff]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

class Lexer {
  mode: Mode = 'code';
  /** Open dollar quotes, outermost first; the body of each is read as code. */
  private readonly tags: string[] = [];
  private commentDepth = 0;

  /** Reads `text` (what precedes it is `before`, for the one character of look-behind). */
  read(text: string, before: string): void {
    let i = 0;
    /** The character at `k`, with `before` at -1 and a space before that. */
    const charAt = (k: number) => (k >= 0 ? text[k]! : k === -1 ? before : ' ');
    while (i < text.length) {
      const closed = this.closeDollar(text, i);
      if (closed > 0) {
        i += closed;
        continue;
      }
      const c = text[i]!;
      const next = text[i + 1];
      switch (this.mode) {
        case 'code': {
          if (c === '-' && next === '-') this.mode = 'line-comment';
          else if (c === '/' && next === '*') {
            this.mode = 'block-comment';
            this.commentDepth = 1;
            i++;
          } else if (c === '"') this.mode = 'identifier';
          else if (c === "'") this.mode = /[eE]/.test(charAt(i - 1)) && !WORD.test(charAt(i - 2)) ? 'escape-string' : 'string';
          else if (c === '$' && !WORD.test(charAt(i - 1))) {
            const tag = DOLLAR_TAG.exec(text.slice(i, i + 64));
            if (tag) {
              this.tags.push(tag[0]);
              i += tag[0].length;
              continue;
            }
          }
          break;
        }
        case 'identifier':
          if (c === '"') {
            if (next === '"') i++;
            else this.mode = 'code';
          }
          break;
        case 'string':
        case 'escape-string':
          if (c === '\\' && this.mode === 'escape-string') i++;
          else if (c === "'") {
            if (next === "'") i++;
            else this.mode = 'code';
          }
          break;
        case 'line-comment':
          if (c === '\n') this.mode = 'code';
          break;
        case 'block-comment':
          if (c === '/' && next === '*') {
            this.commentDepth++;
            i++;
          } else if (c === '*' && next === '/') {
            this.commentDepth--;
            i++;
            if (this.commentDepth === 0) this.mode = 'code';
          }
          break;
      }
      i++;
    }
  }

  /** Closes the outermost dollar quote (whatever the state of its body) or, in code, the innermost. */
  private closeDollar(text: string, i: number): number {
    if (this.tags.length === 0 || text[i] !== '$') return 0;
    const outer = this.tags[0]!;
    if (text.startsWith(outer, i)) {
      this.tags.length = 0;
      this.mode = 'code';
      return outer.length;
    }
    const inner = this.tags[this.tags.length - 1]!;
    if (this.mode === 'code' && this.tags.length > 1 && text.startsWith(inner, i)) {
      this.tags.pop();
      return inner.length;
    }
    return 0;
  }

  get context(): HoleContext {
    if (this.mode === 'identifier') return 'identifier';
    if (this.mode === 'string' || this.mode === 'escape-string') return 'string';
    if (this.mode === 'line-comment' || this.mode === 'block-comment') return 'comment';
    return 'code';
  }
}

/**
 * The site of each hole of a fragment: `parts.length - 1` entries, in order.
 *
 * @example holeSites(['LISTEN "', '"']) // [{ context: 'identifier', joined: false, statement: false }]
 * @example holeSites(['SET search_path TO tenant_', '']) // [{ context: 'code', joined: true, statement: false }]
 * @example holeSites(["SELECT 'a", "' || ", ''])[1].context // 'code'
 */
export function holeSites(parts: readonly string[]): HoleSite[] {
  const lexer = new Lexer();
  const sites: HoleSite[] = [];
  let before = ' ';
  /** The last character that is not white space, before the hole (`;` at the start of the text). */
  let lastSolid = ';';
  parts.forEach((part, index) => {
    lexer.read(part, before);
    if (part.length > 0) before = part[part.length - 1]!;
    const solid = part.trimEnd();
    if (solid.length > 0) lastSolid = solid[solid.length - 1]!;
    if (index === parts.length - 1) return;
    const after = parts[index + 1]!;
    // An empty next part means another hole follows at once (`${a}${b}`): the two make one word.
    const touchesAfter = after.length === 0 ? index + 1 < parts.length - 1 : WORD.test(after[0]!);
    const touchesBefore = (part.length === 0 && index > 0) || (part.length > 0 && WORD.test(before));
    const context = lexer.context;
    const joined = context === 'code' && (touchesBefore || touchesAfter);
    const rest = after.trimStart();
    const endsStatement = rest.startsWith(';') || (rest.length === 0 && index === parts.length - 2);
    sites.push({ context, joined, statement: context === 'code' && !joined && lastSolid === ';' && endsStatement });
    // The hole's placeholder is a word (or a quoted name) in code: what follows it sees a word.
    before = 'x';
    lastSolid = 'x';
  });
  return sites;
}
