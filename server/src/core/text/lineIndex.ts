/**
 * Converts offsets of a text to zero-based line and character positions and back: the one
 * place where offsets become positions (characters are UTF-16 code units, as in LSP).
 */
export interface Position {
  line: number;
  character: number;
}

/** What a line index reads: a string, or a CompactText (whose one-byte form has the same line breaks). */
export interface LineSource {
  readonly length: number;
  slice(start?: number, end?: number): string;
}

export class LineIndex {
  private readonly starts: Int32Array;
  private readonly length: number;
  private readonly text: string | LineSource | undefined;

  /** From a text, or from line starts already known (a document whose text is not in memory). */
  constructor(text: string | (LineSource & { readonly bytes: string }) | { starts: Int32Array; length: number }) {
    if (typeof text !== 'string' && 'starts' in text) {
      this.starts = text.starts;
      this.length = text.length;
      return;
    }
    this.text = text;
    this.length = text.length;
    this.starts = lineStarts(typeof text === 'string' ? text : text.bytes);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.length;
    const lineStart = this.starts[Math.max(0, pos.line)];
    const lineEnd = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] - 1 : this.length;
    return Math.min(lineStart + Math.max(0, pos.character), lineEnd);
  }

  lineText(line: number): string {
    const s = this.starts[line] ?? this.length;
    const e = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.length;
    return (this.text?.slice(s, e) ?? '').replace(/\r$/, '');
  }
}

/** Offsets where each line starts. */
export function lineStarts(text: string): Int32Array {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  const starts = new Int32Array(n);
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
  return starts;
}
