/**
 * Text kept at one byte a character. Sources are mostly Latin-1, but a single curly quote makes
 * V8 store a whole string at two bytes a character, which doubles what a large corpus costs in
 * memory. A CompactText keeps a one-byte string in which every character above U+00FF stands as
 * a placeholder, and those characters aside, with their offsets: offsets stay UTF-16 code units
 * of the original text, and any slice comes back exact.
 */
/** What stands for a character above U+00FF in the one-byte text. */
export const PLACEHOLDER = 0x1a;

export class CompactText {
  private constructor(
    /** One-byte string, the same length as the text. */
    readonly bytes: string,
    /** Offsets of the characters above U+00FF, ascending, and those characters. */
    readonly wideAt: Int32Array,
    readonly wideChars: Uint16Array,
  ) {}

  static from(text: string): CompactText {
    const at: number[] = [];
    const chars: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff) {
        at.push(i);
        chars.push(c);
      }
    }
    // latin1 keeps the low byte of wide characters; they are overwritten with the placeholder
    const buf = Buffer.from(text, 'latin1');
    for (const i of at) buf[i] = PLACEHOLDER;
    return new CompactText(buf.toString('latin1'), Int32Array.from(at), Uint16Array.from(chars));
  }

  /** Rebuilds a CompactText from its parts (the index cache, a worker's message). */
  static of(bytes: string, wideAt: Int32Array, wideChars: Uint16Array): CompactText {
    return new CompactText(bytes, wideAt, wideChars);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** The exact text between two offsets. */
  slice(start = 0, end = this.bytes.length): string {
    start = Math.max(0, Math.min(start, this.bytes.length));
    end = Math.max(start, Math.min(end, this.bytes.length));
    let i = lowerBound(this.wideAt, start);
    if (i >= this.wideAt.length || this.wideAt[i] >= end) return this.bytes.slice(start, end);
    let out = '';
    let at = start;
    for (; i < this.wideAt.length && this.wideAt[i] < end; i++) {
      const w = this.wideAt[i];
      out += this.bytes.slice(at, w) + String.fromCharCode(this.wideChars[i]);
      at = w + 1;
    }
    return out + this.bytes.slice(at, end);
  }

  toString(): string {
    return this.slice();
  }

  /** First offset of `needle` at or after `from`, or -1. */
  indexOf(needle: string, from = 0): number {
    // a one-byte needle can be searched in the one-byte string, skipping placeholder matches
    if (!/[^\x00-\xff]/.test(needle) && !needle.includes(String.fromCharCode(PLACEHOLDER))) return this.bytes.indexOf(needle, from);
    return this.slice().indexOf(needle, from);
  }

  /** UTF-16 code unit at an offset. */
  charCodeAt(i: number): number {
    const c = this.bytes.charCodeAt(i);
    if (c !== PLACEHOLDER) return c;
    const k = lowerBound(this.wideAt, i);
    return k < this.wideAt.length && this.wideAt[k] === i ? this.wideChars[k] : c;
  }
}

/** First index whose value is >= x, in an ascending array. */
export function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
