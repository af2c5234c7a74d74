/**
 * Where each character of a string's value stands in the source: string literals and template
 * quasis may contain escapes, so value offsets and source offsets differ.
 */

const SIMPLE_ESCAPES = new Set(['n', 't', 'r', 'b', 'f', 'v', '0', "'", '"', '\\', '`', '$', '{', '}']);

/**
 * Maps each offset of a cooked (escape-decoded) string to its source index, given the raw source
 * text between the delimiters and the source index where that raw text starts. Returns `undefined`
 * for escapes it does not model (the caller then points at the whole literal).
 *
 * @example cookedToSource('a\\nb', 10) // [10, 11, 13, 14]: 'a' at 10, newline at 11 (the `\n`), 'b' at 13
 */
export function cookedToSource(raw: string, rawStart: number): number[] | undefined {
  const map: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const char = raw[i]!;
    if (char !== '\\') {
      map.push(rawStart + i);
      // A surrogate pair is two string units in both the cooked and the raw text.
      i++;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined) return undefined;
    if (next === '\n' || next === '\r' || next === '\u2028' || next === '\u2029') {
      // Line continuation: contributes nothing to the value.
      i += next === '\r' && raw[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    let length: number;
    let units = 1;
    if (next === 'x') length = 4;
    else if (next === 'u' && raw[i + 2] === '{') {
      const close = raw.indexOf('}', i);
      if (close < 0) return undefined;
      length = close - i + 1;
      units = Number.parseInt(raw.slice(i + 3, close), 16) > 0xffff ? 2 : 1;
    } else if (next === 'u') length = 6;
    else if (SIMPLE_ESCAPES.has(next) || !/[0-9]/.test(next)) length = 2;
    else return undefined; // legacy octal escapes
    for (let k = 0; k < units; k++) map.push(rawStart + i);
    i += length;
  }
  return map;
}
