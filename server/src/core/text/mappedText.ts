/**
 * Text rebuilt from pieces of an original file, with a map from every offset of the rebuilt
 * text back to an offset in the original. Passages of PDF-extracted sources are rebuilt this
 * way (lines joined, runs of spaces collapsed) and must still point at the exact place in the
 * file the drafter opens.
 */
export interface MappedText {
  readonly text: string;
  /** Pairs (offset in text, offset in original), ascending; each starts a run copied verbatim. */
  readonly anchors: Int32Array;
}

export class MappedTextBuilder {
  /**
   * @param joins decides whether two runs separated by white space are one word broken by
   * the extraction (`eq uipped`); the space between them is then dropped.
   */
  constructor(private readonly joins?: (before: string, after: string) => boolean) {}

  private parts: string[] = [];
  private length = 0;
  private anchors: number[] = [];
  private lastOrigEnd = -1;
  private pendingSpace = false;

  get isEmpty(): boolean {
    return this.length === 0;
  }

  /**
   * Appends original text that starts at `origStart`, collapsing runs of white space to one
   * space and dropping leading white space of the whole text. A new piece is separated from
   * the text before it by a space unless `joined` (a word hyphenated across a line break).
   */
  append(original: string, origStart: number, joined = false): void {
    if (this.length > 0) this.pendingSpace = !joined;
    let i = 0;
    const n = original.length;
    while (i < n) {
      const c = original.charCodeAt(i);
      if (isSpace(c)) {
        if (this.length > 0) this.pendingSpace = true;
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && !isSpace(original.charCodeAt(j))) j++;
      this.emitRun(original.slice(i, j), origStart + i);
      i = j;
    }
  }

  private emitRun(run: string, origAt: number): void {
    if (this.pendingSpace && this.joins && this.parts.length > 0 && this.joins(this.parts[this.parts.length - 1], run)) this.pendingSpace = false;
    if (this.pendingSpace) {
      this.parts.push(' ');
      this.length += 1;
      this.pendingSpace = false;
      if (this.lastOrigEnd !== origAt - 1) this.anchors.push(this.length - 1, Math.max(0, origAt - 1));
    }
    if (this.lastOrigEnd !== origAt || this.anchors.length === 0) this.anchors.push(this.length, origAt);
    this.parts.push(run);
    this.length += run.length;
    this.lastOrigEnd = origAt + run.length;
  }

  build(): MappedText {
    return { text: this.parts.join(''), anchors: new Int32Array(this.anchors) };
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xa0 || c === 11;
}

/** Maps an offset of the rebuilt text to the original file. */
export function toOriginalOffset(mapped: MappedText, offset: number): number {
  const a = mapped.anchors;
  if (a.length === 0) return offset;
  let lo = 0;
  let hi = a.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid * 2] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return a[lo * 2 + 1] + (offset - a[lo * 2]);
}

/** What rebuilding reads the original from: a string or a CompactText. */
export interface OriginalText {
  slice(start: number, end: number): string;
}

const WHITE_SPACE_RE = /[\t\n\v\f\r\u00a0]/g;

/**
 * The text a `MappedTextBuilder` built, rebuilt from the original and the anchors alone (pairs
 * `anchors[from..to)`), so that it need not be kept: every run is copied verbatim from the
 * original and every space stands for white space there (one space for a run of them, which
 * then starts an anchor). `length` is the rebuilt text's length.
 */
export function rebuildText(original: OriginalText, anchors: Int32Array, from: number, to: number, length: number): string {
  let out = '';
  for (let i = from; i < to; i += 2) {
    const t = anchors[i];
    const next = i + 2 < to ? anchors[i + 2] : length;
    out += original.slice(anchors[i + 1], anchors[i + 1] + (next - t));
  }
  return out.replace(WHITE_SPACE_RE, ' ');
}
