// Reads ASCII mesh files (OBJ, ASCII STL, ASCII PLY) straight from the bytes: no decoding
// of a whole 100 MB file into one string and no split() into millions of small strings.
// Numbers take the exact fast path (integer mantissa scaled by one exact power of ten, a
// single correctly rounded operation) and fall back to Number() for the rare long ones,
// so the values equal what parseFloat would give.

const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

const SPACE = 32, TAB = 9, CR = 13, LF = 10, VT = 11, FF = 12;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === VT || c === FF;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export class TextCursor {
  readonly bytes: Uint8Array;
  pos: number;
  /** 1-based line number of `pos`, for messages. */
  line = 1;
  /** Set when a number token was not a number (garbage, not NaN/inf words). */
  bad = false;
  /** Start of the last token objIndex read. */
  tokenStart = 0;

  constructor(bytes: Uint8Array, start = 0) {
    this.bytes = bytes;
    // A UTF-8 byte-order mark is not content.
    this.pos = start === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : start;
  }

  get atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** Skips spaces and tabs, staying on this line. */
  skipBlanks(): void {
    const b = this.bytes;
    let i = this.pos;
    while (i < b.length && isBlank(b[i])) i++;
    this.pos = i;
  }

  /** True when nothing but blanks is left on this line. */
  atLineEnd(): boolean {
    this.skipBlanks();
    return this.pos >= this.bytes.length || this.bytes[this.pos] === LF;
  }

  /** Moves past the end of this line. */
  nextLine(): void {
    const b = this.bytes;
    let i = this.pos;
    while (i < b.length && b[i] !== LF) i++;
    if (i < b.length) {
      i++;
      this.line++;
    }
    this.pos = i;
  }

  /** Skips blanks and line breaks; false at the end of the file. */
  skipWhitespace(): boolean {
    const b = this.bytes;
    let i = this.pos;
    while (i < b.length) {
      const c = b[i];
      if (c === LF) this.line++;
      else if (!isBlank(c)) break;
      i++;
    }
    this.pos = i;
    return i < b.length;
  }

  /** End (exclusive) of the token starting at `pos`; `pos` must be on a non-blank. */
  tokenEnd(): number {
    const b = this.bytes;
    let i = this.pos;
    while (i < b.length && b[i] !== LF && !isBlank(b[i])) i++;
    return i;
  }

  /** Reads the next token on this line as lowercase text; '' at the line end. */
  word(): string {
    if (this.atLineEnd()) return '';
    const end = this.tokenEnd();
    let s = '';
    for (let i = this.pos; i < end; i++) {
      const c = this.bytes[i];
      s += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
    }
    this.pos = end;
    return s;
  }

  /** True (and consumed) when the next token on this line is exactly `lower` (case-insensitive). */
  matchWord(lower: string): boolean {
    if (this.atLineEnd()) return false;
    const end = this.tokenEnd();
    if (end - this.pos !== lower.length) return false;
    for (let k = 0; k < lower.length; k++) {
      const c = this.bytes[this.pos + k];
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(k)) return false;
    }
    this.pos = end;
    return true;
  }

  /**
   * The next number on this line, or NaN with `bad` set when the line ends or the token is
   * not a number. "nan", "inf" and "infinity" read as NaN/Infinity without `bad`: those
   * are broken coordinates, reported as such by the finite check.
   */
  number(): number {
    if (this.atLineEnd()) {
      this.bad = true;
      return NaN;
    }
    const end = this.tokenEnd();
    const value = this.parseNumber(this.pos, end);
    this.pos = end;
    return value;
  }

  /** Like number(), but may cross line breaks (ASCII PLY data, ASCII STL). NaN + bad at the end. */
  numberAcrossLines(): number {
    if (!this.skipWhitespace()) {
      this.bad = true;
      return NaN;
    }
    const end = this.tokenEnd();
    const value = this.parseNumber(this.pos, end);
    this.pos = end;
    return value;
  }

  /**
   * A face corner: a whole vertex number, optionally followed by OBJ's "/vt/vn" references
   * (only the part before the first '/' counts). Anything else ("1.5", "2x") sets `bad`:
   * reading "1.5" as 1 would draw a face the file does not describe. The token's text is
   * left at `tokenStart`..`pos` for messages.
   */
  objIndex(): number {
    const b = this.bytes;
    const start = this.pos;
    let end = this.tokenEnd();
    // "3#comment": the comment starts at the '#', wherever it is.
    for (let k = start; k < end; k++) if (b[k] === 35) { end = k; break; }
    let i = start;
    let sign = 1;
    if (b[i] === 45) { sign = -1; i++; } else if (b[i] === 43) i++;
    let value = 0;
    const digitsStart = i;
    while (i < end && isDigit(b[i])) value = value * 10 + (b[i++] - 48);
    let ok = i > digitsStart;
    if (ok && i < end && b[i] === 47) {
      while (i < end && (isDigit(b[i]) || b[i] === 47 || b[i] === 45 || b[i] === 43)) i++;
    }
    ok &&= i === end;
    this.tokenStart = start;
    this.pos = end;
    if (!ok) {
      this.bad = true;
      return NaN;
    }
    return sign * value;
  }

  /** Number of digits of the integer part of the token at `tokenStart` (after any sign). */
  tokenDigits(): number {
    const b = this.bytes;
    let i = this.tokenStart;
    if (b[i] === 45 || b[i] === 43) i++;
    const from = i;
    while (i < b.length && isDigit(b[i])) i++;
    return i - from;
  }

  /** The last objIndex token as written (cut at `max` characters), for messages. */
  tokenText(max = 40): string {
    const end = Math.min(this.pos, this.tokenStart + max);
    return this.text(this.tokenStart, end) + (this.pos > end ? '...' : '');
  }

  private parseNumber(start: number, end: number): number {
    const b = this.bytes;
    let i = start;
    let negative = false;
    if (b[i] === 45) { negative = true; i++; } else if (b[i] === 43) i++;
    let mantissa = 0;
    let digits = 0;
    let exp10 = 0;
    let sawDigit = false;
    // A significant digit beyond the 15 an exact double mantissa holds was left out.
    let dropped = false;
    while (i < end && isDigit(b[i])) {
      sawDigit = true;
      if (digits > 0 || b[i] !== 48) {
        if (digits < 15) { mantissa = mantissa * 10 + (b[i] - 48); digits++; } else { exp10++; dropped = true; }
      }
      i++;
    }
    if (i < end && b[i] === 46) {
      i++;
      while (i < end && isDigit(b[i])) {
        sawDigit = true;
        if (digits > 0 || b[i] !== 48) {
          if (digits < 15) { mantissa = mantissa * 10 + (b[i] - 48); digits++; exp10--; } else dropped = true;
        } else {
          exp10--;
        }
        i++;
      }
    }
    if (!sawDigit) return this.special(start, end);
    if (i < end && (b[i] === 101 || b[i] === 69)) {
      i++;
      let expNegative = false;
      if (b[i] === 45) { expNegative = true; i++; } else if (b[i] === 43) i++;
      const expStart = i;
      let e = 0;
      while (i < end && isDigit(b[i])) { e = e * 10 + (b[i] - 48); i++; if (e > 100000) e = 100000; }
      if (i === expStart) return this.special(start, end);
      exp10 += expNegative ? -e : e;
    }
    if (i !== end) return this.special(start, end);
    // Digits were cut or the power of ten is not exact: the engine's full algorithm rounds it.
    let value: number;
    if (mantissa === 0) value = 0;
    else if (!dropped && exp10 >= -22 && exp10 <= 22) {
      value = exp10 < 0 ? mantissa / POW10[-exp10] : mantissa * POW10[exp10];
    } else {
      return Number(this.text(start, end)); // carries its own sign
    }
    return negative ? -value : value;
  }

  private special(start: number, end: number): number {
    const t = this.text(start, end).toLowerCase();
    const body = t.replace(/^[+-]/, '');
    if (body === 'nan' || body === '-nan' || body === 'nan(ind)' || body === '1.#qnan' || body === '1.#ind') return NaN;
    if (body === 'inf' || body === 'infinity' || body === '1.#inf') return t.startsWith('-') ? -Infinity : Infinity;
    this.bad = true;
    return NaN;
  }

  text(start: number, end: number): string {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(this.bytes[i]);
    return s;
  }
}
