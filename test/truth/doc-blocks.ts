/**
 * Extracts the executable examples of a rule doc: a fenced js/ts block right after an HTML comment
 * `<!-- truth: <scenario-id> key="value" ... -->` (values are JSON strings). See test/truth/README.md.
 */

/** One annotated example of a markdown doc. */
export interface TruthBlock {
  /** The doc, as given to {@link extractTruthBlocks} (a path relative to the repository root). */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** Scenario id, e.g. `session-set-leaks` or `works`. */
  readonly scenario: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly lang: 'js' | 'ts';
  readonly code: string;
  /** The nearest ❌ or ✅ in the prose since the previous block or heading, if any. */
  readonly marker?: '❌' | '✅';
}

/** Blocks found, and problems that make a doc's annotations unusable (reported with line numbers). */
export interface Extraction {
  readonly blocks: TruthBlock[];
  readonly problems: string[];
}

const ANNOTATION = /^\s*<!--\s*truth:(.*?)-->\s*$/;
const HEADER = /^\s*([a-z0-9]+(?:-[a-z0-9]+)*)((?:\s+[a-z][a-z0-9-]*="(?:[^"\\]|\\.)*")*)\s*$/;
const ATTRIBUTE = /([a-z][a-z0-9-]*)=("(?:[^"\\]|\\.)*")/g;
const FENCE = /^\s*(`{3,}|~{3,})\s*([\w-]*)/;
const LANGS: Readonly<Record<string, 'js' | 'ts'>> = { js: 'js', javascript: 'js', mjs: 'js', ts: 'ts', typescript: 'ts', mts: 'ts' };

function parseHeader(text: string): { scenario: string; attributes: Record<string, string> } | string {
  const match = HEADER.exec(text);
  if (!match?.[1]) return `malformed truth annotation "${text.trim()}" (expected: <!-- truth: scenario-id key="value" -->)`;
  const attributes: Record<string, string> = {};
  for (const [, key, value] of (match[2] ?? '').matchAll(ATTRIBUTE)) {
    if (!key || !value) continue;
    if (key in attributes) return `attribute "${key}" given twice`;
    try {
      attributes[key] = JSON.parse(value) as string;
    } catch {
      return `attribute ${key} is not a valid JSON string: ${value}`;
    }
  }
  return { scenario: match[1], attributes };
}

/** Index of the line closing the fence opened at `start`, or -1. */
function closingFence(lines: readonly string[], start: number, fence: string): number {
  const char = fence.charAt(0);
  for (let i = start + 1; i < lines.length; i++) {
    const match = FENCE.exec(lines[i] ?? '');
    if (match?.[1] && match[1].charAt(0) === char && match[1].length >= fence.length && !match[2]) return i;
  }
  return -1;
}

/**
 * Finds every truth-annotated example in `markdown`. Annotations inside code blocks are ignored; an
 * annotation not followed (after blank lines only) by a js/ts fenced block is a problem.
 *
 * @example
 * const { blocks, problems } = extractTruthBlocks(readFileSync('rules/no-session-set.md', 'utf8'), 'rules/no-session-set.md');
 * blocks[0]; // { scenario: 'session-set-leaks', lang: 'js', code: "import pg from 'pg'; ...", line: 12, marker: '❌', ... }
 */
export function extractTruthBlocks(markdown: string, file: string): Extraction {
  const lines = markdown.split(/\r?\n/);
  const blocks: TruthBlock[] = [];
  const problems: string[] = [];
  let marker: '❌' | '✅' | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence?.[1]) {
      const end = closingFence(lines, i, fence[1]);
      i = end === -1 ? lines.length : end;
      marker = undefined;
      continue;
    }
    if (/^\s*#/.test(line)) marker = undefined;
    const found = /[❌✅]/gu;
    for (const m of line.matchAll(found)) marker = m[0] as '❌' | '✅';
    const annotation = ANNOTATION.exec(line);
    if (!annotation) continue;
    const where = `${file}:${i + 1}`;
    const header = parseHeader(annotation[1] ?? '');
    if (typeof header === 'string') {
      problems.push(`${where}: ${header}`);
      continue;
    }
    let open = i + 1;
    while (open < lines.length && (lines[open] ?? '').trim() === '') open++;
    const opening = FENCE.exec(lines[open] ?? '');
    const lang = opening?.[2] ? LANGS[opening[2].toLowerCase()] : undefined;
    if (!opening?.[1] || !lang) {
      problems.push(`${where}: truth annotation must be followed by a \`\`\`js or \`\`\`ts block`);
      continue;
    }
    const end = closingFence(lines, open, opening[1]);
    if (end === -1) {
      problems.push(`${where}: code block is not closed`);
      break;
    }
    const code = lines.slice(open + 1, end).join('\n');
    blocks.push({ file, line: open + 1, ...header, lang, code, ...(marker ? { marker } : {}) });
    marker = undefined;
    i = end;
  }
  return { blocks, problems };
}
