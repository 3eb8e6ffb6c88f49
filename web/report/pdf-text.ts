// Text for the report's PDF: only characters the embedded font can draw, broken into lines
// that fit a width. Inter's latin subset lacks a few symbols that the studio's wording uses
// (ticks, arrows, comparison signs); a missing glyph would print as an empty box, so each is
// replaced by a plain ASCII spelling before anything is measured or drawn.

/** What wrapping needs of a font: the width of a string at a size (pdf-lib's PDFFont fits). */
export interface Measure {
  widthOfTextAtSize(text: string, size: number): number;
}

const REPLACEMENTS: Record<string, string> = {
  '\u2713': 'ok', '\u2714': 'ok', '\u2717': 'x', '\u2718': 'x',
  '\u2192': '->', '\u2190': '<-', '\u2194': '<->', '\u21d2': '=>',
  '\u2265': '>=', '\u2264': '<=', '\u2260': '!=', '\u2248': '~',
  '\u0394': 'delta ', '\u2206': 'delta ', '\u221e': 'inf',
  '\u2022': '-', '\u00a0': ' ', '\u202f': ' ', '\u2009': ' ', '\t': ' ', '\r': '',
};

/**
 * Makes `text` drawable with a font that has glyphs for the code points `has` accepts: known
 * symbols get their ASCII spelling, anything else unknown becomes '?'. Newlines are kept
 * (the wrapper breaks on them).
 */
export function sanitize(text: string, has: (codePoint: number) => boolean): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\n') { out += ch; continue; }
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    if (has(code)) { out += ch; continue; }
    const swap = REPLACEMENTS[ch];
    if (swap !== undefined && [...swap].every((c) => has(c.codePointAt(0)!))) out += swap;
    else out += '?';
  }
  return out;
}

/**
 * Breaks `text` into lines no wider than `width`: at spaces where it can, inside a word
 * only when the word alone is too wide (a plan hash, a key fingerprint), and at newlines.
 * Always at least one line, so an empty cell still has its height.
 */
export function wrapText(text: string, font: Measure, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(' ').filter((w) => w !== '');
    let line = '';
    for (const word of words) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (font.widthOfTextAtSize(candidate, size) <= width) { line = candidate; continue; }
      if (line !== '') lines.push(line);
      line = '';
      // Too wide on its own: cut it where it stops fitting, keep the tail for the next line.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        const cut = fitPrefix(rest, font, size, width);
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** Length of the longest prefix of `text` that fits `width` (at least one character, so wrapping always advances). */
function fitPrefix(text: string, font: Measure, size: number, width: number): number {
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (font.widthOfTextAtSize(text.slice(0, mid), size) <= width) lo = mid;
    else hi = mid - 1;
  }
  // Never split a surrogate pair (sanitized text has none from Inter's subset, but be safe).
  const code = text.charCodeAt(lo - 1);
  return code >= 0xd800 && code < 0xdc00 && lo < text.length ? lo + 1 : lo;
}

/** Shortens `text` with an ellipsis until it fits `width` (for labels that must stay on one line). */
export function truncate(text: string, font: Measure, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text.length;
  while (cut > 0 && font.widthOfTextAtSize(`${text.slice(0, cut)}\u2026`, size) > width) cut--;
  return cut === 0 ? '' : `${text.slice(0, cut)}\u2026`;
}
