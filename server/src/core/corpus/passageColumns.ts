/**
 * Passages as columns of numbers (and a few strings): how the index cache stores them and how
 * a load worker sends them, so that neither carries an object per passage.
 */
import { Passage, SourceDocument } from './document';
import { BLOCK_KINDS } from './extractedText';

export interface PassageColumns {
  /** Corpus-wide ids (-1 before the passage is added to a corpus). */
  id: Int32Array;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  length: Int32Array;
  anchorFrom: Int32Array;
  /** -1: no page. */
  page: Int32Array;
  /** Index in `numbers`, -1: none (one string per distinct number: a list of 200,000 strings was most of reading the index cache's manifest). */
  numberOf: Int32Array;
  numbers: string[];
  /** Index in `headings`, -1: none (one string per heading, not one per passage). */
  headingOf: Int32Array;
  headings: string[];
}

/** Fills the columns of `n` passages, one `put` at a time. */
export class PassageColumnWriter {
  readonly columns: PassageColumns;
  private headingIds = new Map<string, number>();
  private numberIds = new Map<string, number>();

  constructor(n: number) {
    this.columns = {
      id: new Int32Array(n), kind: new Uint8Array(n), start: new Int32Array(n), end: new Int32Array(n), length: new Int32Array(n),
      anchorFrom: new Int32Array(n), page: new Int32Array(n), numberOf: new Int32Array(n), numbers: [], headingOf: new Int32Array(n), headings: [],
    };
  }

  put(k: number, p: Passage): void {
    const c = this.columns;
    c.id[k] = p.id;
    c.kind[k] = BLOCK_KINDS.indexOf(p.kind);
    c.start[k] = p.start;
    c.end[k] = p.end;
    c.length[k] = p.length;
    c.anchorFrom[k] = p.anchorFrom;
    c.page[k] = p.page ?? -1;
    let num = -1;
    if (p.number !== undefined) {
      num = this.numberIds.get(p.number) ?? -1;
      if (num < 0) this.numberIds.set(p.number, (num = c.numbers.push(p.number) - 1));
    }
    c.numberOf[k] = num;
    let h = -1;
    if (p.heading !== undefined) {
      h = this.headingIds.get(p.heading) ?? -1;
      if (h < 0) this.headingIds.set(p.heading, (h = c.headings.push(p.heading) - 1));
    }
    c.headingOf[k] = h;
  }
}

/** The passage in row `i` of the columns, in `doc`; its anchors end where the next passage's start (`anchorTo`). */
export function passageAt(doc: SourceDocument, c: PassageColumns, i: number, anchorTo: number): Passage {
  const p = new Passage(doc, BLOCK_KINDS[c.kind[i]], c.start[i], c.end[i], c.length[i], c.anchorFrom[i], anchorTo,
    c.numberOf[i] >= 0 ? c.numbers[c.numberOf[i]] : undefined, c.headingOf[i] >= 0 ? c.headings[c.headingOf[i]] : undefined, c.page[i] >= 0 ? c.page[i] : undefined);
  p.id = c.id[i];
  return p;
}
