/**
 * A draft read paragraph by paragraph (the stretches between blank lines), each paragraph's
 * reading kept by its text for the next call. An edit changes one paragraph, so a recheck or
 * the first hover after it reads that paragraph alone and only moves the readings of the
 * others to their new offsets: reading every paragraph again was most of the cost of a
 * recheck on a 20-page draft. Whatever is read this way must not run across a blank line.
 */
import { GenerationCache } from '../lruCache';

/** Paragraphs whose readings are kept, per reader: a few long drafts' worth. */
const PARAGRAPHS_KEPT = 4000;

/** Calls `each` with the start and end of every non-empty paragraph, in order. */
export function forEachParagraph(text: string, each: (start: number, end: number) => void): void {
  // a line of spaces, tabs or a carriage return alone counts as blank
  const breaks = /\n[ \t\r]*\n/g;
  for (let from = 0; from < text.length; ) {
    const b = breaks.exec(text);
    const to = b ? b.index : text.length;
    if (to > from) each(from, to);
    if (!b) break;
    from = b.index + b[0].length;
  }
}

/** A paragraph of the last text read, with its reading. */
interface ReadParagraph<T> {
  start: number;
  end: number;
  reading: T;
}

export class ParagraphReader<T> {
  private readonly kept = new GenerationCache<string, T>(PARAGRAPHS_KEPT);
  /**
   * The last text read and its paragraphs. An edit leaves the paragraphs before it where they
   * were and those after it shifted by the edit's length: those are found by offset, without
   * slicing and hashing every paragraph's text to find its reading (a millisecond on each
   * recheck of a 20-page draft, for every reader).
   */
  private last?: { text: string; paragraphs: ReadParagraph<T>[] };

  /** `read` must depend on the paragraph's text alone. */
  constructor(private readonly read: (paragraph: string) => T) {}

  /** Every paragraph's reading (offsets in it are the paragraph's own) with the paragraph's start. */
  forEach(text: string, each: (reading: T, start: number) => void): void {
    const last = this.last;
    const old = last?.paragraphs ?? [];
    const before = last ? commonPrefix(last.text, text) : 0;
    const after = last ? commonSuffix(last.text, text, before) : 0;
    const shift = text.length - (last?.text.length ?? 0);
    const paragraphs: ReadParagraph<T>[] = [];
    let j = 0;
    forEachParagraph(text, (start, end) => {
      // a paragraph wholly in the unchanged text before or after the edit, found at the same
      // place in the last text, has the same text there: its reading stands
      const was = end <= before ? start : start >= text.length - after ? start - shift : -1;
      let reading: T | undefined;
      if (was >= 0) {
        while (j < old.length && old[j].start < was) j++;
        if (j < old.length && old[j].start === was && old[j].end === end - start + was) reading = old[j].reading;
      }
      if (reading === undefined) {
        const paragraph = ownCopy(text.slice(start, end));
        reading = this.kept.get(paragraph);
        if (reading === undefined) this.kept.set(paragraph, (reading = this.read(paragraph)));
      }
      paragraphs.push({ start, end, reading });
      each(reading, start);
    });
    this.last = { text, paragraphs };
  }
}

/**
 * The same text, holding no reference to the string it was cut from. V8 makes a long slice a
 * view of its parent, and every slice of a slice a view of the same parent: a paragraph's
 * reading (its sentences, its mentions' texts) kept in the cache held the whole draft of that
 * moment, 154 KB for each edit of a 20-page draft, until the paragraph left the cache (164 KB
 * kept per edit at ×500, 18 KB with a copy). A string joined to another is copied whole when it
 * is cut, so the slice below is a view of a copy of the paragraph alone.
 */
export function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

/** Compared a stretch at a time first: string comparison is native, a loop over characters is not. */
const STRETCH = 1024;

/** The length of the longest common prefix of two texts. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + STRETCH <= n && a.slice(i, i + STRETCH) === b.slice(i, i + STRETCH)) i += STRETCH;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the longest common suffix of two texts that leaves their first `prefix` characters out. */
export function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i + STRETCH <= n && a.slice(a.length - i - STRETCH, a.length - i) === b.slice(b.length - i - STRETCH, b.length - i)) i += STRETCH;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}
