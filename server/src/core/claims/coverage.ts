/**
 * How much of a claim a piece of evidence covers: the claim's distinct content terms weighed by
 * rarity, each found in the evidence by its stem, its synonym group, its folded form or (for
 * less) a long shared start, then its quantities and instruments. Built once per claim and
 * asked about every candidate sentence, so the claim's terms are looked up by vocabulary id:
 * scoring a sentence is one pass over the sentence's ids, with no string hashed.
 */
import { sameQuantity } from './quantities';
import { ContentTerm, FactReader, sharesLongStart, TextFacts } from './textFacts';

export interface WeightedTerm {
  term: ContentTerm;
  w: number;
}

/** Which of a term's ids a table entry is: ids of different kinds are kept apart. */
const STEM = 0;
const GROUP = 1;
const FOLDED = 2;
const PREFIX = 3;
/** How a term was found: not at all, by a long shared start, or by stem, group or form. */
const FOUND_LIKE = 1;
const FOUND = 2;

export class ClaimCoverage {
  private readonly table: TermTable;
  private readonly found: Uint8Array;

  /**
   * @param weights the claim's distinct content terms, in the order their weights are summed
   * @param slotWeight what a quantity or an instrument of the claim counts for
   */
  constructor(
    private readonly claim: TextFacts,
    private readonly weights: WeightedTerm[],
    private readonly reader: FactReader,
    private readonly slotWeight: number,
  ) {
    const v = reader.vocabulary;
    this.table = new TermTable(weights.length * 4);
    weights.forEach(({ term }, i) => {
      this.table.add(STEM, v.peek(term.stem), i);
      this.table.add(GROUP, v.peek(term.group), i);
      this.table.add(FOLDED, v.peek(term.token.folded), i);
      this.table.add(PREFIX, reader.prefixOf(term.stem), i);
    });
    this.found = new Uint8Array(weights.length);
  }

  /** IDF-weighted share of the claim's content the evidence has (a synonym counts). */
  of(ev: TextFacts): number {
    const { weights, found, table } = this;
    found.fill(0);
    const { forms } = ev;
    const words = this.reader.forms;
    for (let k = 0; k < forms.length; k++) {
      const f = forms[k];
      this.mark(FOLDED, words.folded(f));
      const stem = words.stem(f);
      if (stem < 0) continue;
      this.mark(STEM, stem);
      this.mark(GROUP, words.group(f));
    }
    // a stem alike in its first letters counts where the term itself is not found
    for (let k = 0; k < forms.length; k++) {
      const prefix = words.prefix(forms[k]);
      if (prefix < 0) continue;
      for (let e = table.first(PREFIX, prefix); e >= 0; e = table.next(e)) {
        const i = table.term(e);
        if (found[i] === 0 && sharesLongStart(weights[i].term.stem, this.reader.vocabulary.word(words.stem(forms[k])))) found[i] = FOUND_LIKE;
      }
    }
    let total = 0;
    let got = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i].w;
      total += w;
      if (found[i] === FOUND) got += w;
      else if (found[i] === FOUND_LIKE) got += 0.8 * w;
    }
    const { claim, slotWeight } = this;
    for (const q of claim.quantities) {
      total += slotWeight;
      // most evidence states no such quantity at all: then its instruments need not be read
      if (ev.statedQuantities.some((e) => sameQuantity(q, e)) && ev.quantities.some((e) => sameQuantity(q, e))) got += slotWeight;
    }
    for (const r of claim.instruments) {
      total += slotWeight;
      if (ev.instruments.some((e) => e.id === r.id)) got += slotWeight;
    }
    return total === 0 ? 0 : got / total;
  }

  private mark(kind: number, id: number): void {
    const { table, found } = this;
    for (let e = table.first(kind, id); e >= 0; e = table.next(e)) found[table.term(e)] = FOUND;
  }
}

/**
 * The claim's terms by (kind, id): open addressing over a power-of-two table, each key heading
 * a chain of entries, since synonyms share a group and stems a start.
 */
class TermTable {
  private readonly keys: Int32Array;
  private readonly heads: Int32Array;
  private readonly mask: number;
  private readonly terms: number[] = [];
  private readonly nexts: number[] = [];

  constructor(entries: number) {
    let size = 16;
    // mostly empty: nearly every id looked up is no claim term, and a miss then ends at once
    while (size < entries * 8) size *= 2;
    this.keys = new Int32Array(size).fill(-1);
    this.heads = new Int32Array(size);
    this.mask = size - 1;
  }

  add(kind: number, id: number, term: number): void {
    if (id < 0) return;
    const key = id * 4 + kind;
    let s = slotOf(key, this.mask);
    while (this.keys[s] !== -1 && this.keys[s] !== key) s = (s + 1) & this.mask;
    if (this.keys[s] === -1) {
      this.keys[s] = key;
      this.heads[s] = -1;
    }
    this.terms.push(term);
    this.nexts.push(this.heads[s]);
    this.heads[s] = this.terms.length - 1;
  }

  /** The first entry for the key, or -1. */
  first(kind: number, id: number): number {
    const key = id * 4 + kind;
    for (let s = slotOf(key, this.mask); ; s = (s + 1) & this.mask) {
      const k = this.keys[s];
      if (k === key) return this.heads[s];
      if (k === -1) return -1;
    }
  }

  next(entry: number): number {
    return this.nexts[entry];
  }

  term(entry: number): number {
    return this.terms[entry];
  }
}

const slotOf = (key: number, mask: number) => (Math.imul(key, 0x9e3779b1) >>> 16) & mask;
