/**
 * A draft read paragraph by paragraph (the stretches between blank lines), each paragraph's
 * reading kept by its text for the next call. An edit changes one paragraph, so a recheck or
 * the first hover after it reads that paragraph alone and only moves the readings of the
 * others to their new offsets: reading every paragraph again was most of the cost of a
 * recheck on a 20-page draft. Whatever is read this way must not run across a blank line.
 */
import { GenerationCache } from '../claims/lruCache';

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

export class ParagraphReader<T> {
  private readonly kept = new GenerationCache<string, T>(PARAGRAPHS_KEPT);

  /** `read` must depend on the paragraph's text alone. */
  constructor(private readonly read: (paragraph: string) => T) {}

  /** Every paragraph's reading (offsets in it are the paragraph's own) with the paragraph's start. */
  forEach(text: string, each: (reading: T, start: number) => void): void {
    forEachParagraph(text, (start, end) => {
      const paragraph = text.slice(start, end);
      let reading = this.kept.get(paragraph);
      if (reading === undefined) this.kept.set(paragraph, (reading = this.read(paragraph)));
      each(reading, start);
    });
  }
}
