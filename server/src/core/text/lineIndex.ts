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

  constructor(private readonly text: string | LineSource & { readonly bytes: string }) {
    const scan = typeof text === 'string' ? text : text.bytes;
    let n = 1;
    for (let i = scan.indexOf('\n'); i >= 0; i = scan.indexOf('\n', i + 1)) n++;
    const starts = new Int32Array(n);
    let k = 1;
    for (let i = scan.indexOf('\n'); i >= 0; i = scan.indexOf('\n', i + 1)) starts[k++] = i + 1;
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
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
    if (pos.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[Math.max(0, pos.line)];
    const lineEnd = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] - 1 : this.text.length;
    return Math.min(lineStart + Math.max(0, pos.character), lineEnd);
  }

  lineText(line: number): string {
    const s = this.starts[line] ?? this.text.length;
    const e = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return this.text.slice(s, e).replace(/\r$/, '');
  }
}
