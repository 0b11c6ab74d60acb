/**
 * An inverted index over passages ranked with Okapi BM25. Our own rather than MiniSearch or
 * FlexSearch: measured in bench/ and recorded in docs/benchmarks.md, it builds faster on
 * the scaled corpus, uses the same term normalisation as the checker (which the libraries
 * would otherwise repeat), and exposes the per-term statistics the checker needs (IDF).
 *
 * Terms are interned to dense ids. Postings live in two layers: a compact, frozen layer (one
 * Int32Array of passage ids and one Uint8Array of term frequencies for all terms, with an
 * offset per term) that is also what the index cache persists, and a growable layer for
 * passages added since the last `freeze()`. A query scores into a Float64Array indexed by
 * slot, so it allocates nothing per posting.
 *
 * Postings hold slots, not the callers' passage ids: a passage gets the next slot when added,
 * and the first freeze after the index has doubled numbers slots anew so that near-copies of a
 * passage sit together (see `cluster`). Years of reports repeat each paragraph edition after
 * edition, hundreds of passages apart in id order; side by side, a block of postings holds
 * passages alike, its bound is tight, and a search skips whole blocks (at ×500 the full check's
 * 911 queries took 1.15-1.3 s against 1.65-2.1 s in id order, in one process). Answers are
 * those of scoring every posting, ties broken by passage id, whatever the slots.
 */
import { contentTermIds, contentTerms, TermNumbering } from '../text/terms';

export interface ScoredId {
  id: number;
  score: number;
}

const K1 = 1.2;
const B = 0.75;
/**
 * Occurrences of a term in a passage counted at most (one byte a posting: 6.6 MB less at ×500
 * than two). Only a passage some seventy times the average length holds a content word that
 * often, and BM25 has saturated there: one occurrence more adds under 0.1 % to the term's score.
 */
const MAX_TF = 0xff;

/** The frozen layer: what `freeze()` builds and the index cache stores. */
export interface FrozenPostings {
  terms: string[];
  /** Postings of term t are at [offsets[t], offsets[t + 1]). */
  offsets: Int32Array;
  ids: Int32Array;
  tfs: Uint8Array;
  /** Postings still to be read (from an index file) into `ids` and `tfs`; absent when all are. */
  pending?: PendingPostings;
}

/**
 * Postings read on a term's first use: a reopened index answers its first query after reading
 * that query's terms, not the whole of a 100 MB corpus's postings.
 */
export interface PendingPostings {
  /** 1 where a term's postings are in place. */
  loaded: Uint8Array;
  /** Fills term t's stretch of `ids` and `tfs` (throws if they cannot be read intact). */
  load(tid: number): void;
}

export interface IndexSnapshot {
  postings: FrozenPostings;
  /** Term count of each slot, -1 where no passage is live. */
  lengths: Int32Array;
  /** The passage id of each slot; absent: each slot is its passage's id. */
  order?: Int32Array;
  idsAscending: boolean;
  /** Every term's bounds (see `impactsOf`), so that a reopened index does not compute them again. */
  bounds?: TermBounds;
}

/**
 * Term bounds for one average length: `impact` per term, and term t's block bounds at
 * blocks[blockAt[t], blockAt[t + 1]); for a long list, its champions (the passages it lifts
 * most, ascending ids) at champions[championAt[t], championAt[t + 1]), and `residual`: the
 * most any other posting of the term can score per unit of IDF (`impact` where it has none).
 */
export interface TermBounds {
  avg: number;
  impact: Float64Array;
  blockAt: Int32Array;
  blocks: Float32Array;
  residual: Float64Array;
  championAt: Int32Array;
  champions: Int32Array;
}

/** Postings per block of a term's block bounds. */
const BLOCK = 64;
/** How much longer than the present average length term bounds are computed for (see `impactsOf`). */
const AVG_SLACK = 0.02;

/** Which lists keep champions (see `TermBounds`), and how many. */
export interface Championing {
  /** Lists at least this long keep champions. */
  postings: number;
  /** Their best `kept` postings, and every posting that ties the last of them, up to `most`: past that the ties stay out and the residual is their score. */
  kept: number;
  most: number;
}

/**
 * At ×500 about 370 terms and 100,000 ids. `kept` is above the 50 results of a workspace symbol
 * search, so that a search for one common word is answered by its champions alone.
 */
export const DEFAULT_CHAMPIONING: Championing = { postings: 4096, kept: 64, most: 2048 };

/** The frozen layer's term bounds for one average length (see `frozenBounds`). */
interface FrozenBounds extends Omit<TermBounds, 'championAt' | 'champions'> {
  /** Each term's champions (see `TermBounds`), computed with its bounds. */
  champions: (Int32Array | undefined)[];
  frozen: FrozenPostings;
  /** Terms up to here were looked at by `prepareBounds`. */
  next: number;
  /** 1 where a term's bounds are computed. */
  done: Uint8Array;
}

const NO_BLOCKS: Float32Array = new Float32Array(0);
/** What a search may read before it settles for an approximate answer (see `searchWithinBudget`). */
export interface SearchBudget {
  /** A query whose terms' postings add up to no more is searched exactly at once. */
  directPostings: number;
  /** Postings an exact search may read once proposed passages have set its floor. */
  exactPostings: number;
  /** Postings of a query's rarest terms read for a first, quick proposal, and how many it proposes. */
  quickPostings: number;
  quickProposed: number;
  /** The same for the proposal that answers when exactness costs too much. */
  proposingPostings: number;
  proposed: number;
  /**
   * Champions are scored (see `TermBounds`) when their number times the query's terms is no
   * more: then the lists they stand for are not read by proposals.
   */
  championLookups: number;
}

/**
 * About 5 ms of exact search. No query of the bundled sources comes near it (their longest
 * list holds a few hundred postings). At ×500 the proposal's size was chosen where the checker's
 * verdicts on a 20-page draft and 100 edits of it were those of exact search (582 sentences):
 * proposing from 15,000 postings changed 24 verdicts, from 40,000 four, from 60,000 with 256
 * passages proposed one, with 512 none. That proposal alone made a typical query slower than
 * exact search (p50 1.6 -> 2.4 ms at ×500); the quick one first (6,000 postings) made it faster
 * (1.6 -> 1.4 ms), and the 499 queries of the full check 1,118 -> 946 ms. Champions are scored
 * for a few words (a symbol search of three common words: 2,400 lookups), not for the full
 * check's claims (thousands of champions, twenty terms), whose answers they left as they were.
 */
export const DEFAULT_SEARCH_BUDGET: SearchBudget = {
  directPostings: 60_000, exactPostings: 60_000, quickPostings: 6_000, quickProposed: 48, proposingPostings: 60_000, proposed: 512, championLookups: 12_000,
};
/** Lists at least this long are read ahead of queries (at ×500: 90 % of all postings, in about 200 ms). */
const PRELOADED_POSTINGS = 1024;
/** Searches `rehearse` runs. */
const REHEARSALS = 60;

/**
 * A distinct known term of a query: its id, its IDF (boosted), the most it can add to a score,
 * and the most it can add to a passage that is not one of its champions.
 */
interface QueryTerm {
  tid: number;
  idf: number;
  bound: number;
  residual: number;
  champions: Int32Array | undefined;
}

export class PassageIndex {
  /** Tests set a small one to search a small index as a large one is searched. */
  searchBudget: SearchBudget = DEFAULT_SEARCH_BUDGET;
  /** Tests champion short lists; set before any search or snapshot. */
  championing: Championing = DEFAULT_CHAMPIONING;
  private termIds = new Map<string, number>();
  private terms: string[] = [];
  /** Live passages holding each term. */
  private df: number[] = [];
  private frozen: FrozenPostings = { terms: [], offsets: new Int32Array(1), ids: new Int32Array(0), tfs: new Uint8Array(0) };
  /** Postings added since the last freeze, per term id (ids and tfs interleaved). */
  private growing: (number[] | undefined)[] = [];
  /** Term count of each slot, -1 where no passage is live (typed: a reopened corpus sets 200,000 at once). */
  private lengths = new Int32Array(0);
  /** Slots below this were given at some time. */
  private idLimit = 0;
  /** The slot of each passage id (-1: none), and the passage id of each slot. */
  private slotOfId = new Int32Array(0);
  private idOfSlot = new Int32Array(0);
  /** Live passages when slots were last numbered by `cluster`. */
  private clustered = 0;
  private totalLength = 0;
  private liveCount = 0;
  /** Searches `rehearse` has run, and the words it makes them of. */
  private rehearsed = 0;
  private rehearsalTerms?: string[];
  /** The long lists `preloadPostings` reads, longest first, and how far it got. */
  private preloadOrder?: { pending: PendingPostings; minPostings: number; tids: number[]; next: number };
  // scratch space reused by every add and query
  private seenIn = new Int32Array(0);
  private tfScratch = new Int32Array(0);
  private scores = new Float64Array(0);
  private scoredIn = new Int32Array(0);
  private touched = new Int32Array(0);
  private markedIn = new Int32Array(0);
  /** The proposal's partial scores (see `proposed`): all zero between searches. */
  private partial = new Float64Array(0);
  /** Ids below this fit every scratch array above (an interrupted `prepareQueries` leaves some short). */
  private scratchFor = 0;
  /** The length part of BM25 per passage, for the present average length and for term bounds. */
  private norms: ({ norm: Float64Array; avg: number; version: number } | undefined)[] = [undefined, undefined];
  /** Bumped when passages are added or removed, so the length normalisation is recomputed. */
  private version = 0;
  private stamp = 0;
  private bounds: FrozenBounds | undefined;
  private championHeap: Float64Array | undefined;
  /** Postings are sorted by slot (MaxScore needs it): slots are given in ascending order. */
  private idsAscending = true;
  /** Postings were added or removed since the last freeze. */
  private thawed = false;

  /** Adds a passage under a caller-chosen dense id. */
  add(id: number, text: string): void {
    const n = contentTermIds(text, this.numbering, this.termScratch);
    this.addTermIds(id, this.termScratch.ids, 0, n);
  }

  /** This index's ids as a numbering of terms (see `contentTermIds`). */
  readonly numbering: TermNumbering = { number: (t) => this.intern(t) };
  private termScratch = { ids: new Int32Array(256) };

  addTerms(id: number, terms: string[]): void {
    const tids = new Int32Array(terms.length);
    for (let i = 0; i < terms.length; i++) tids[i] = this.intern(terms[i]);
    this.addTermIds(id, tids, 0, tids.length);
  }

  /** The id of a term, numbering it if it is new. */
  termId(term: string): number {
    return this.intern(term);
  }

  /** Term ids for a list of terms (those a worker thread numbered, see loadWorkers.ts). */
  internAll(terms: string[]): Int32Array {
    const tids = new Int32Array(terms.length);
    for (let i = 0; i < terms.length; i++) tids[i] = this.intern(terms[i]);
    return tids;
  }

  /** Adds a passage whose terms are already ids: `tids[from, to)`. */
  addTermIds(id: number, tids: ArrayLike<number>, from: number, to: number): void {
    if (this.isLive(id)) this.remove(id);
    const slot = this.idLimit;
    this.placeAt(id, slot);
    const distinct: number[] = [];
    const stamp = ++this.stamp;
    for (let i = from; i < to; i++) {
      const tid = tids[i];
      if (this.seenIn[tid] !== stamp) {
        this.seenIn[tid] = stamp;
        this.tfScratch[tid] = 0;
        distinct.push(tid);
      }
      this.tfScratch[tid]++;
    }
    for (const tid of distinct) {
      let g = this.growing[tid];
      if (!g) this.growing[tid] = g = [];
      g.push(slot, Math.min(MAX_TF, this.tfScratch[tid]));
      this.df[tid]++;
    }
    const length = to - from;
    this.thawed = true;
    if (slot >= this.lengths.length) this.lengths = widened(this.lengths, slot + 1, -1);
    this.lengths[slot] = length;
    this.idLimit = slot + 1;
    this.version++;
    this.totalLength += length;
    this.liveCount++;
  }

  private isLive(id: number): boolean {
    const slot = this.slotOf(id);
    return slot >= 0 && this.lengths[slot] >= 0;
  }

  private slotOf(id: number): number {
    return id >= 0 && id < this.slotOfId.length ? this.slotOfId[id] : -1;
  }

  /** Records that passage `id` is at `slot`. */
  private placeAt(id: number, slot: number): void {
    if (id >= this.slotOfId.length) this.slotOfId = widened(this.slotOfId, id + 1, -1);
    if (slot >= this.idOfSlot.length) this.idOfSlot = widened(this.idOfSlot, slot + 1, -1);
    this.slotOfId[id] = slot;
    this.idOfSlot[slot] = id;
  }

  private intern(term: string): number {
    let tid = this.termIds.get(term);
    if (tid === undefined) {
      tid = this.terms.length;
      this.termIds.set(term, tid);
      this.terms.push(term);
      this.df.push(0);
      if (tid >= this.seenIn.length) {
        const grow = <T extends Int32Array>(a: T): T => {
          const b = new Int32Array(Math.max(1024, a.length * 2)) as T;
          b.set(a);
          return b;
        };
        this.seenIn = grow(this.seenIn);
        this.tfScratch = grow(this.tfScratch);
      }
    }
    return tid;
  }

  /** Forgets a passage (its postings are skipped until the index is frozen again). */
  remove(id: number): void {
    this.removeAll([id]);
  }

  /** Forgets passages: one scan of the postings for all of them, as removal is rare. */
  removeAll(idsToRemove: Iterable<number>): void {
    const gone = new Set<number>();
    for (const id of idsToRemove) {
      if (!this.isLive(id)) continue;
      const slot = this.slotOfId[id];
      this.totalLength -= this.lengths[slot];
      this.lengths[slot] = -1;
      this.slotOfId[id] = -1;
      this.version++;
      gone.add(slot);
      this.liveCount--;
    }
    if (gone.size === 0) return;
    this.thawed = true;
    this.loadAll();
    const { offsets, ids } = this.frozen;
    for (let tid = 0; tid < this.terms.length; tid++) {
      if (tid + 1 < offsets.length) {
        for (let i = offsets[tid]; i < offsets[tid + 1]; i++) if (gone.has(ids[i])) this.df[tid]--;
      }
      const g = this.growing[tid];
      if (g) for (let i = 0; i < g.length; i += 2) if (gone.has(g[i])) this.df[tid]--;
    }
  }

  /**
   * Moves every posting into the compact layer, dropping those of removed passages. Called
   * when a load finishes; the index answers the same before and after.
   */
  freeze(): void {
    if (!this.thawed) return;
    this.thawed = false;
    this.loadAll();
    const n = this.terms.length;
    const old = this.frozen;
    const offsets = new Int32Array(n + 1);
    let total = 0;
    for (let tid = 0; tid < n; tid++) {
      offsets[tid] = total;
      total += this.df[tid];
    }
    offsets[n] = total;
    const ids = new Int32Array(total);
    const tfs = new Uint8Array(total);
    let at = 0;
    for (let tid = 0; tid < n; tid++) {
      if (tid + 1 < old.offsets.length) {
        for (let i = old.offsets[tid]; i < old.offsets[tid + 1]; i++) {
          if (this.lengths[old.ids[i]] < 0) continue;
          ids[at] = old.ids[i];
          tfs[at++] = old.tfs[i];
        }
      }
      const g = this.growing[tid];
      if (g) {
        for (let i = 0; i < g.length; i += 2) {
          if (this.lengths[g[i]] < 0) continue;
          ids[at] = g[i];
          tfs[at++] = g[i + 1];
        }
      }
    }
    this.frozen = { terms: this.terms.slice(), offsets, ids, tfs };
    this.growing = [];
    // a load numbers its passages once; a source read again later takes the next slots
    if (this.liveCount - this.clustered > this.clustered) this.cluster();
  }

  /**
   * Numbers the live passages' slots anew, near-copies side by side, and drops dead slots.
   * Passages are ordered by two MinHash values of their terms (two passages share one with the
   * likelihood that a term of either is in both), then by id, so the order depends on the
   * passages alone. The postings are rebuilt through each passage's terms: one pass over them
   * each way, no sort per term (at ×500, 6.6 million postings).
   */
  private cluster(): void {
    const { terms, offsets, ids, tfs } = this.frozen;
    const slots = this.idLimit;
    const first = new Uint32Array(slots).fill(0xffffffff);
    const second = new Uint32Array(slots).fill(0xffffffff);
    const termCount = new Int32Array(slots);
    for (let tid = 0; tid + 1 < offsets.length; tid++) {
      const a = termHash(tid, 0x2545f491);
      const b = termHash(tid, 0x6c8e9cf5);
      for (let i = offsets[tid]; i < offsets[tid + 1]; i++) {
        const slot = ids[i];
        if (a < first[slot]) first[slot] = a;
        if (b < second[slot]) second[slot] = b;
        termCount[slot]++;
      }
    }
    const { lengths, idOfSlot } = this;
    let live = 0;
    for (let slot = 0; slot < slots; slot++) if (lengths[slot] >= 0) live++;
    const order = new Int32Array(live);
    for (let slot = 0, j = 0; slot < slots; slot++) if (lengths[slot] >= 0) order[j++] = slot;
    order.sort((x, y) => first[x] - first[y] || second[x] - second[y] || idOfSlot[x] - idOfSlot[y]);
    const next = new Int32Array(slots).fill(-1);
    for (let j = 0; j < live; j++) next[order[j]] = j;
    // each passage's terms and their frequencies, passages in their new order
    const start = new Int32Array(live + 1);
    for (let j = 0; j < live; j++) start[j + 1] = start[j] + termCount[order[j]];
    const termOf = new Int32Array(ids.length);
    const tfOf = new Uint8Array(ids.length);
    const fill = start.slice(0, live);
    for (let tid = 0; tid + 1 < offsets.length; tid++) {
      for (let i = offsets[tid]; i < offsets[tid + 1]; i++) {
        const at = fill[next[ids[i]]]++;
        termOf[at] = tid;
        tfOf[at] = tfs[i];
      }
    }
    // back to postings: passages in slot order make each term's list ascending
    const cursor = offsets.slice(0, Math.max(0, offsets.length - 1));
    const slotted = new Int32Array(ids.length);
    const slottedTfs = new Uint8Array(ids.length);
    for (let j = 0; j < live; j++) {
      for (let at = start[j]; at < start[j + 1]; at++) {
        const c = cursor[termOf[at]]++;
        slotted[c] = j;
        slottedTfs[c] = tfOf[at];
      }
    }
    const nextLengths = new Int32Array(Math.max(1024, live)).fill(-1);
    const nextIds = new Int32Array(Math.max(1024, live)).fill(-1);
    for (let j = 0; j < live; j++) {
      const slot = order[j];
      nextLengths[j] = lengths[slot];
      nextIds[j] = idOfSlot[slot];
      this.slotOfId[idOfSlot[slot]] = j;
    }
    this.frozen = { terms, offsets, ids: slotted, tfs: slottedTfs };
    this.lengths = nextLengths;
    this.idOfSlot = nextIds;
    this.idLimit = live;
    this.clustered = this.liveCount;
    this.version++;
  }

  /** The index as typed arrays, for the index cache; freezes it first. */
  snapshot(): IndexSnapshot {
    this.freeze();
    this.loadAll();
    let bounds: TermBounds | undefined;
    if (this.liveCount > 0) {
      this.prepareBounds(Infinity);
      const { avg, impact, blockAt, blocks, residual, champions } = this.frozenBounds(this.totalLength / this.liveCount);
      const championAt = new Int32Array(champions.length + 1);
      for (let t = 0; t < champions.length; t++) championAt[t + 1] = championAt[t] + (champions[t]?.length ?? 0);
      const flat = new Int32Array(championAt[champions.length]);
      champions.forEach((c, t) => c && flat.set(c, championAt[t]));
      bounds = { avg, impact, blockAt, blocks, residual, championAt, champions: flat };
    }
    return { postings: this.frozen, lengths: this.lengths.slice(0, this.idLimit), order: this.idOfSlot.slice(0, this.idLimit), idsAscending: this.idsAscending, bounds };
  }

  static fromSnapshot(s: IndexSnapshot): PassageIndex {
    const idx = new PassageIndex();
    const { terms, offsets } = s.postings;
    idx.frozen = s.postings;
    idx.idsAscending = s.idsAscending;
    idx.terms = terms.slice();
    for (let tid = 0; tid < terms.length; tid++) {
      idx.termIds.set(terms[tid], tid);
      idx.df.push(offsets[tid + 1] - offsets[tid]);
    }
    idx.seenIn = new Int32Array(Math.max(1024, terms.length));
    idx.tfScratch = new Int32Array(idx.seenIn.length);
    idx.lengths = s.lengths.slice();
    idx.idLimit = s.lengths.length;
    idx.idOfSlot = s.order ? s.order.slice() : Int32Array.from(s.lengths, (_, slot) => slot);
    if (idx.idOfSlot.length !== idx.idLimit) throw new Error(`an index of ${idx.idLimit} slots with ${idx.idOfSlot.length} passage ids`);
    let most = -1;
    for (let slot = 0; slot < idx.idLimit; slot++) if (s.lengths[slot] >= 0 && idx.idOfSlot[slot] > most) most = idx.idOfSlot[slot];
    idx.slotOfId = new Int32Array(most + 1).fill(-1);
    for (let slot = 0; slot < idx.idLimit; slot++) {
      if (s.lengths[slot] < 0) continue;
      const id = idx.idOfSlot[slot];
      if (id < 0 || idx.slotOfId[id] >= 0) throw new Error(`passage id ${id} at two slots, or below zero`);
      idx.slotOfId[id] = slot;
      idx.totalLength += s.lengths[slot];
      idx.liveCount++;
    }
    idx.clustered = idx.liveCount;
    if (s.bounds && boundsFit(s.bounds, offsets) && s.bounds.champions.every((id) => id >= 0 && id < idx.idLimit)) {
      const n = terms.length;
      const { avg, impact, blockAt, blocks, residual, championAt, champions } = s.bounds;
      const lists: (Int32Array | undefined)[] = new Array(n);
      for (let t = 0; t < n; t++) if (championAt[t + 1] > championAt[t]) lists[t] = champions.subarray(championAt[t], championAt[t + 1]);
      idx.bounds = { frozen: s.postings, avg, next: n, done: new Uint8Array(n).fill(1), impact, blockAt, blocks, residual, champions: lists };
    }
    return idx;
  }

  get size(): number {
    return this.liveCount;
  }

  get termCount(): number {
    return this.terms.length;
  }

  /** Inverse document frequency of a term (0 for a term no passage has). */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    if (df === 0) return 0;
    return Math.log(1 + (this.liveCount - df + 0.5) / (df + 0.5));
  }

  documentFrequency(term: string): number {
    const tid = this.termIds.get(term);
    return tid === undefined ? 0 : this.df[tid];
  }

  /** Top `k` passages for the query text. */
  search(query: string, k = 10, boosts?: Map<string, number>): ScoredId[] {
    return this.searchTerms(contentTerms(query), k, boosts);
  }

  /**
   * BM25 top `k`, exactly as scoring every posting would rank them, but without reading the
   * long postings of common words when they cannot change the ranking (MaxScore): terms are
   * taken rarest first, and once the best score the remaining terms could add is below the
   * k-th best score so far, no passage they alone hold can enter the top k. The survivors are
   * then scored exactly, term by term in query order, so scores are the same to the last bit.
   */
  searchTerms(terms: string[], k = 10, boosts?: Map<string, number>): ScoredId[] {
    if (this.liveCount === 0 || terms.length === 0 || k <= 0) return [];
    const avg = this.totalLength / Math.max(1, this.liveCount);
    const norm = this.normalisation(avg);
    if (this.scratchFor < this.idLimit) this.makeScratch(Infinity);
    const { scores, scoredIn, touched } = this;
    let touchedCount = 0;
    const stamp = ++this.stamp;
    // the query's distinct known terms, in query order (the order scores are summed in)
    const query: QueryTerm[] = [];
    const seen = new Set<string>();
    for (const t of terms) {
      if (seen.has(t)) continue;
      seen.add(t);
      const tid = this.termIds.get(t);
      if (tid === undefined || this.df[tid] === 0) continue;
      this.load(tid);
      const idf = this.idf(t) * (boosts?.get(t) ?? 1);
      const { impact, residual, champions } = this.impactsOf(tid, avg);
      query.push({ tid, idf, bound: Math.max(0, idf) * impact * (1 + 1e-9), residual: Math.max(0, idf) * residual * (1 + 1e-9), champions });
    }
    // the same expression as the exact rescoring below and as scoring every posting, bit for bit
    const contribution = (id: number, tf: number, idf: number) => (idf * tf * (K1 + 1)) / (tf + norm[id]);
    // pruning needs sorted postings (for the exact rescoring) and no negative boosts
    const prune = this.idsAscending && query.every((q) => q.idf >= 0);
    const byBound = prune ? query.slice().sort((a, b) => b.bound - a.bound) : query;
    const rest = new Float64Array(byBound.length + 1);
    for (let i = byBound.length - 1; i >= 0; i--) rest[i] = rest[i + 1] + byBound[i].bound;
    if (prune && query.every((q) => !this.growing[q.tid])) return this.searchWithinBudget(query, k, norm, avg);
    const { offsets, ids, tfs } = this.frozen;
    let stop = byBound.length;
    let threshold = -Infinity;
    let leaders: number[] = [];
    let rankedAt = 0;
    for (let q = 0; q < byBound.length; q++) {
      const { tid, idf } = byBound[q];
      if (prune && touchedCount >= k) {
        // scores only grow, so the k-th best of the last leaders is a cheap lower bound of the
        // k-th best; all touched passages are ranked again only when their number has grown
        threshold = kthBest(scores, leaders, leaders.length, k);
        if (rest[q] >= threshold * (1 - 1e-9) && touchedCount >= 2 * rankedAt) {
          leaders = bestIds(scores, touched, touchedCount, k);
          rankedAt = touchedCount;
          threshold = kthBest(scores, leaders, leaders.length, k);
        }
        if (rest[q] < threshold * (1 - 1e-9)) {
          stop = q;
          break;
        }
      }
      // the hot loop of every query: typed arrays only, no call per posting
      if (tid + 1 < offsets.length) {
        for (let i = offsets[tid], end = offsets[tid + 1]; i < end; i++) {
          const id = ids[i];
          const n = norm[id];
          if (n < 0) continue;
          if (scoredIn[id] !== stamp) {
            scoredIn[id] = stamp;
            scores[id] = 0;
            touched[touchedCount++] = id;
          }
          const tf = tfs[i];
          scores[id] += (idf * tf * (K1 + 1)) / (tf + n);
        }
      }
      const g = this.growing[tid];
      if (g) {
        for (let i = 0; i < g.length; i += 2) {
          const id = g[i];
          if (norm[id] < 0) continue;
          if (scoredIn[id] !== stamp) {
            scoredIn[id] = stamp;
            scores[id] = 0;
            touched[touchedCount++] = id;
          }
          scores[id] += contribution(id, g[i + 1], idf);
        }
      }
    }
    if (!prune) return topK(scores, touched, touchedCount, k, this.idOfSlot);
    if (stop === byBound.length) threshold = kthBest(scores, touched, touchedCount, k);
    // survivors: passages whose partial score plus what the skipped terms could add reaches
    // the k-th best; the skipped terms are looked up for them alone, pruning as bounds tighten
    let survivors: number[] = [];
    const floor0 = threshold * (1 - 1e-9) - rest[stop];
    for (let i = 0; i < touchedCount; i++) if (scores[touched[i]] >= floor0) survivors.push(touched[i]);
    for (let q = stop; q < byBound.length && survivors.length > k; q++) {
      const { tid, idf } = byBound[q];
      const df = this.df[tid];
      if (survivors.length * 16 > df) {
        // many survivors (common words, near-duplicate passages): one pass over the postings
        // costs less than a binary search for each
        const mark = ++this.stamp;
        const { markedIn } = this;
        for (const id of survivors) markedIn[id] = mark;
        if (tid + 1 < offsets.length) {
          for (let i = offsets[tid], end = offsets[tid + 1]; i < end; i++) if (markedIn[ids[i]] === mark) scores[ids[i]] += contribution(ids[i], tfs[i], idf);
        }
        const g = this.growing[tid];
        if (g) for (let i = 0; i < g.length; i += 2) if (markedIn[g[i]] === mark) scores[g[i]] += contribution(g[i], g[i + 1], idf);
      } else {
        for (const id of survivors) {
          const tf = this.termFrequency(tid, id);
          if (tf > 0) scores[id] += contribution(id, tf, idf);
        }
      }
      threshold = kthBest(scores, survivors, survivors.length, k);
      const floor = threshold * (1 - 1e-9) - rest[q + 1];
      survivors = survivors.filter((id) => scores[id] >= floor);
    }
    for (const id of survivors) {
      let sum = 0;
      for (const { tid, idf } of query) {
        const tf = this.termFrequency(tid, id);
        if (tf > 0) sum += contribution(id, tf, idf);
      }
      scores[id] = sum;
    }
    return topK(scores, survivors, survivors.length, k, this.idOfSlot);
  }

  /**
   * The exact top `k` when it can be had within the budget, else the best `k` of the passages
   * the query's rarest terms propose. A query of a few common words (a workspace symbol search
   * for `The ILO has`) first scores its terms' champions: past them, each word adds at most its
   * residual to a passage, and often no other passage can reach the k-th best any more, so that
   * the postings of 90,000 passages are not read. A long claim no source says (the words of
   * several sentences run together) matches thousands of passages a little, so its k-th best
   * score is a quarter of what its terms could add together: an exact answer then reads the
   * whole postings of twenty common words (17-26 ms for one sentence at ×500, the slowest
   * rechecks) to rank passages that share a few common words with it. So past
   * `directPostings`, the rarest terms' postings propose passages too, and their best, scored
   * exactly with every term, set a floor that tells what an exact search would read from
   * there: within `exactPostings` it runs from that floor; if a quick proposal's floor is too
   * low, a larger proposal's is tried, and its passages are the answer when that is too low
   * too. The bundled sources are always searched exactly, and the answer depends on the index
   * and the query alone, never on time.
   */
  private searchWithinBudget(query: QueryTerm[], k: number, norm: Float64Array, avg: number): ScoredId[] {
    const budget = this.searchBudget;
    const { offsets } = this.frozen;
    const length = (q: QueryTerm) => (q.tid + 1 < offsets.length ? offsets[q.tid + 1] - offsets[q.tid] : 0);
    // a query of a few common words has few champions, which stand for lists too long to read;
    // a long claim's are thousands, slower to score than its proposals
    let lookups = 0;
    for (const q of query) lookups += (q.champions?.length ?? 0) * query.length;
    const championed = lookups > 0 && lookups <= budget.championLookups;
    const champions = championed ? this.championsOf(query, norm) : new Int32Array(0);
    this.scoreExactly(query, champions, norm);
    let total = 0;
    for (const q of query) total += length(q);
    if (total <= budget.directPostings) return this.searchFrozen(query, k, norm, avg, champions, championed);
    const rarest = query.slice().sort((a, b) => length(a) - length(b));
    const byCap = query.slice().sort((a, b) => (championed ? a.residual - b.residual : a.bound - b.bound));
    // what an exact search from the floor these passages set would read: the postings of
    // every term that could lift a passage to it
    const costFrom = (seeds: Int32Array) => {
      const best = topK(this.scores, seeds, seeds.length, k, this.idOfSlot);
      const floor = best.length < k ? -Infinity : best[k - 1].score * (1 - 1e-9);
      let reach = 0;
      let cost = 0;
      for (const q of byCap) {
        reach += championed ? q.residual : q.bound;
        if (reach >= floor) cost += length(q);
      }
      return { best, cost };
    };
    const proposal = (postings: number, count: number) => {
      const proposed = this.proposed(rarest, norm, postings, count, championed);
      this.scoreExactly(query, proposed, norm);
      return unionOfSorted(proposed, champions);
    };
    // where the claim's near-copies exist, a few of its rarest words find them and set a floor
    // high enough for a cheap exact search; the larger proposal is for the others
    const quick = proposal(budget.quickPostings, Math.max(k, budget.quickProposed));
    if (costFrom(quick).cost <= budget.exactPostings) return this.searchFrozen(query, k, norm, avg, quick, championed);
    const seeds = proposal(budget.proposingPostings, Math.max(k, budget.proposed));
    const { best, cost } = costFrom(seeds);
    return cost <= budget.exactPostings ? this.searchFrozen(query, k, norm, avg, seeds, championed) : best;
  }

  /** The live champions of the query's terms (see `TermBounds`), ascending, each once. */
  private championsOf(query: QueryTerm[], norm: Float64Array): Int32Array {
    let total = 0;
    for (const { champions } of query) total += champions?.length ?? 0;
    const out = new Int32Array(total);
    let size = 0;
    const mark = ++this.stamp;
    const { markedIn } = this;
    let lists = 0;
    for (const { champions } of query) {
      if (!champions) continue;
      lists++;
      for (let i = 0; i < champions.length; i++) {
        const id = champions[i];
        if (markedIn[id] === mark || norm[id] < 0) continue;
        markedIn[id] = mark;
        out[size++] = id;
      }
    }
    const live = out.subarray(0, size);
    return lists > 1 ? live.sort() : live;
  }

  /**
   * The `wanted` passages that score best on the rarest terms (`rarest` sorted by postings
   * length) whose postings add up to `postings` (the rarest at least, unless `championed`:
   * then lists with champions longer than that are left to them), in id order.
   */
  private proposed(rarest: QueryTerm[], norm: Float64Array, postings: number, wanted: number, championed: boolean): Int32Array {
    const { offsets, ids, tfs } = this.frozen;
    const { partial, touched } = this;
    let touchedCount = 0;
    let read = 0;
    for (const { tid, idf, champions } of rarest) {
      if (tid + 1 >= offsets.length) continue;
      const from = offsets[tid];
      const end = offsets[tid + 1];
      if (read + (end - from) > postings) {
        // a list longer than the proposal may read proposes its champions, seeds already
        if (championed && champions) continue;
        if (read > 0) break;
      }
      read += end - from;
      // scores here are zero until touched, and every contribution is above zero: no stamps
      for (let i = from; i < end; i++) {
        const id = ids[i];
        const n = norm[id];
        if (n < 0) continue;
        const tf = tfs[i];
        const was = partial[id];
        if (was === 0) touched[touchedCount++] = id;
        partial[id] = was + (idf * tf * (K1 + 1)) / (tf + n);
      }
    }
    // the best by a min-heap of ids, the worst of them on top; among equal scores the first met
    const heap = new Int32Array(Math.min(wanted, touchedCount));
    let size = 0;
    const worse = (a: number, b: number) => partial[a] < partial[b] || (partial[a] === partial[b] && a > b);
    const sift = (at: number) => {
      const id = heap[at];
      for (;;) {
        const l = 2 * at + 1;
        if (l >= size) break;
        const c = l + 1 < size && worse(heap[l + 1], heap[l]) ? l + 1 : l;
        if (!worse(heap[c], id)) break;
        heap[at] = heap[c];
        at = c;
      }
      heap[at] = id;
    };
    for (let j = 0; j < touchedCount; j++) {
      const id = touched[j];
      if (size < heap.length) {
        let at = size++;
        while (at > 0 && worse(id, heap[(at - 1) >> 1])) {
          heap[at] = heap[(at - 1) >> 1];
          at = (at - 1) >> 1;
        }
        heap[at] = id;
      } else if (worse(heap[0], id)) {
        heap[0] = id;
        sift(0);
      }
    }
    for (let j = 0; j < touchedCount; j++) partial[touched[j]] = 0;
    return heap.subarray(0, size).sort();
  }

  /** Every query term's contribution to each passage of `sorted` (ascending ids), in `scores`, summed in query order. */
  private scoreExactly(query: QueryTerm[], sorted: ArrayLike<number>, norm: Float64Array): void {
    const { offsets, ids, tfs } = this.frozen;
    const { scores } = this;
    for (let i = 0; i < sorted.length; i++) scores[sorted[i]] = 0;
    for (const { tid, idf } of query) {
      if (tid + 1 >= offsets.length) continue;
      const end = offsets[tid + 1];
      let at = offsets[tid];
      for (let i = 0; i < sorted.length; i++) {
        const id = sorted[i];
        at = gallop(ids, at, end, id);
        if (at >= end) break;
        if (ids[at] === id) {
          const tf = tfs[at];
          scores[id] += (idf * tf * (K1 + 1)) / (tf + norm[id]);
        }
      }
    }
  }

  /**
   * MaxScore document at a time, on the frozen layer: passages are visited in id order across
   * the postings of the query's terms, and as soon as the k-th best score so far exceeds what
   * the terms with the smallest bounds could add together, those terms stop proposing passages
   * and are only looked up (by galloping search) for passages the others propose, and only
   * while they could still lift one into the top k. Where every passage has hundreds of
   * near-copies (years of reports), the best ones are met early and most of the postings of
   * all but the rarest terms are never read. Candidates are rescored exactly in query order,
   * so scores and ties are those of scoring every posting, to the last bit. `seeds`: passages
   * already scored exactly (in `scores`), which start the top k and are not visited again.
   * `championed`: every champion of the query's terms is among them, so that each term adds
   * at most its residual to any other passage.
   */
  private searchFrozen(query: QueryTerm[], k: number, norm: Float64Array, avg: number, seeds: ArrayLike<number>, championed: boolean): ScoredId[] {
    const { offsets, ids, tfs } = this.frozen;
    const cap = (q: QueryTerm) => (championed ? q.residual : q.bound);
    const terms = query.slice().sort((a, b) => cap(a) - cap(b));
    const n = terms.length;
    // upTo[i]: the most terms 0..i together can add
    const upTo = new Float64Array(n);
    const start = new Int32Array(n);
    const pos = new Int32Array(n);
    const end = new Int32Array(n);
    const idfs = new Float64Array(n);
    const blocks: Float32Array[] = [];
    // the block of each term's postings that the last looked-up passage falls in
    const block = new Int32Array(n);
    const blockBound = new Float64Array(n);
    const caps = new Float64Array(n);
    for (let i = 0, sum = 0; i < n; i++) {
      caps[i] = cap(terms[i]);
      sum += caps[i];
      upTo[i] = sum;
      const tid = terms[i].tid;
      start[i] = pos[i] = tid + 1 < offsets.length ? offsets[tid] : 0;
      end[i] = tid + 1 < offsets.length ? offsets[tid + 1] : 0;
      idfs[i] = terms[i].idf;
      blocks.push(this.impactsOf(tid, avg).blocks);
    }
    const heap = new Float64Array(k);
    let heapSize = 0;
    let floor = -Infinity;
    let essential = 0;
    // each passage at most once (seeds are marked, the others visited once): the scratch holds them
    const candidates = this.touched;
    let candidateCount = 0;
    const seeded = ++this.stamp;
    const { markedIn } = this;
    for (let i = 0; i < seeds.length; i++) {
      const id = seeds[i];
      const score = this.scores[id];
      markedIn[id] = seeded;
      candidates[candidateCount++] = id;
      if (heapSize < k) heapPush(heap, heapSize++, score);
      else if (score > heap[0]) heapReplaceMin(heap, heapSize, score);
    }
    if (heapSize === k) {
      floor = heap[0] * (1 - 1e-9);
      while (essential < n && upTo[essential] < floor) essential++;
    }
    // the passage id at each essential term's cursor (NONE past its end)
    const at = new Int32Array(n);
    for (let i = 0; i < n; i++) at[i] = pos[i] < end[i] ? ids[pos[i]] : NONE;
    for (;;) {
      let current = NONE;
      for (let i = essential; i < n; i++) if (at[i] < current) current = at[i];
      if (current === NONE) break;
      let score = 0;
      for (let i = essential; i < n; i++) {
        if (at[i] !== current) continue;
        const p = pos[i]++;
        const tf = tfs[p];
        score += (idfs[i] * tf * (K1 + 1)) / (tf + norm[current]);
        at[i] = p + 1 < end[i] ? ids[p + 1] : NONE;
      }
      const nc = norm[current];
      // a seed's score is in the heap already
      if (nc < 0 || markedIn[current] === seeded || score + (essential > 0 ? upTo[essential - 1] : 0) < floor) continue;
      if (essential > 0) {
        // the other terms' bounds tightened to the blocks that could hold this passage, the
        // largest first, until the passage is out of reach or every bound is a block's
        let rest = upTo[essential - 1];
        let bounded = essential;
        while (bounded > 0 && score + rest >= floor) {
          const i = --bounded;
          let b = block[i];
          const last = blocks[i].length - 1;
          while (b <= last && ids[Math.min(start[i] + (b + 1) * BLOCK, end[i]) - 1] < current) b++;
          block[i] = b;
          blockBound[i] = b <= last ? Math.min(idfs[i] * blocks[i][b], caps[i]) : 0;
          rest -= caps[i] - blockBound[i];
        }
        if (score + rest < floor) continue;
        for (let i = essential - 1; i >= 0 && score + rest >= floor; i--) {
          rest -= blockBound[i];
          if (blockBound[i] === 0) continue;
          const b = block[i];
          const blockEnd = Math.min(start[i] + (b + 1) * BLOCK, end[i]);
          const at = gallop(ids, Math.max(pos[i], start[i] + b * BLOCK), blockEnd, current);
          pos[i] = at;
          if (at < blockEnd && ids[at] === current) {
            const tf = tfs[at];
            score += (idfs[i] * tf * (K1 + 1)) / (tf + nc);
          }
        }
      }
      if (score < floor) continue;
      candidates[candidateCount++] = current;
      if (heapSize < k) {
        heapPush(heap, heapSize++, score);
      } else if (score > heap[0]) {
        heapReplaceMin(heap, heapSize, score);
      }
      if (heapSize === k) {
        floor = heap[0] * (1 - 1e-9);
        while (essential < n && upTo[essential] < floor) essential++;
      }
    }
    // exact scores, summed in query order as scoring every posting sums them
    for (let i = 0; i < candidateCount; i++) {
      const id = candidates[i];
      if (markedIn[id] === seeded) continue;
      let sum = 0;
      for (const { tid, idf } of query) {
        const tf = this.termFrequency(tid, id);
        if (tf > 0) sum += (idf * tf * (K1 + 1)) / (tf + norm[id]);
      }
      this.scores[id] = sum;
    }
    return topK(this.scores, candidates, candidateCount, k, this.idOfSlot);
  }

  /**
   * `K1 * (1 - B + B * length / avg)` for every passage id, -1 where no passage is live: the
   * length part of BM25, computed once for an average length rather than for every posting.
   */
  private normalisation(avg: number, forBounds = false): Float64Array {
    const slot = forBounds ? 1 : 0;
    const cached = this.norms[slot];
    if (cached && cached.avg === avg && cached.version === this.version) return cached.norm;
    const n = this.idLimit;
    const norm = cached && cached.norm.length >= n ? cached.norm : new Float64Array(n + 1024);
    const { lengths } = this;
    for (let id = 0; id < n; id++) norm[id] = lengths[id] >= 0 ? K1 * (1 - B + (B * lengths[id]) / avg) : -1;
    norm.fill(-1, n);
    this.norms[slot] = { norm, avg, version: this.version };
    return norm;
  }

  /**
   * The most one occurrence-weighted posting of a term can score per unit of IDF (its bound
   * in MaxScore) and, for each block of `BLOCK` postings of its frozen layer, the most one
   * of them can score per unit of IDF: a long list's overall bound is set by its shortest
   * passage, while most blocks hold none so short, so block bounds prune far more.
   */
  private impactsOf(tid: number, avg: number): { impact: number; blocks: Float32Array; residual: number; champions: Int32Array | undefined } {
    const bounds = this.frozenBounds(avg);
    let impact = 0;
    let blocks = NO_BLOCKS;
    if (tid < bounds.done.length) {
      if (!bounds.done[tid]) this.computeBounds(bounds, tid);
      impact = bounds.impact[tid];
      blocks = bounds.blocks.subarray(bounds.blockAt[tid], bounds.blockAt[tid + 1]);
    }
    // champions are chosen among frozen postings: a term with newer ones has none
    const champions = tid < bounds.done.length && !this.growing[tid] ? bounds.champions[tid] : undefined;
    if (champions) return { impact, blocks, residual: bounds.residual[tid], champions };
    // postings added since the last freeze (a source file read again) are few: read each time
    const g = this.growing[tid];
    if (g) {
      const norm = this.normalisation(bounds.avg, true);
      for (let i = 0; i < g.length; i += 2) {
        const n = norm[g[i]];
        if (n < 0) continue;
        const x = (g[i + 1] * (K1 + 1)) / (g[i + 1] + n);
        if (x > impact) impact = x;
      }
    }
    return { impact, blocks, residual: impact, champions: undefined };
  }

  /**
   * Bounds for every term of the frozen layer, computed for an average length a little above
   * the present one: an impact only grows with the average length, so they stay bounds while
   * sources are read again and the average moves a little. Filled term by term, on a term's
   * first query or ahead of queries by `prepareBounds`.
   */
  private frozenBounds(avg: number): FrozenBounds {
    const held = this.bounds;
    if (held && held.frozen === this.frozen && avg <= held.avg) return held;
    const { offsets } = this.frozen;
    const terms = Math.max(0, offsets.length - 1);
    const blockAt = new Int32Array(terms + 1);
    for (let t = 0; t < terms; t++) blockAt[t + 1] = blockAt[t] + Math.ceil((offsets[t + 1] - offsets[t]) / BLOCK);
    const bounds: FrozenBounds = {
      frozen: this.frozen, avg: avg * (1 + AVG_SLACK), next: 0,
      done: new Uint8Array(terms), impact: new Float64Array(terms), blockAt, blocks: new Float32Array(blockAt[terms]),
      residual: new Float64Array(terms), champions: new Array(terms),
    };
    this.bounds = bounds;
    return bounds;
  }

  private computeBounds(bounds: FrozenBounds, tid: number): void {
    this.load(tid);
    const norm = this.normalisation(bounds.avg, true);
    const { offsets, ids, tfs } = bounds.frozen;
    const from = offsets[tid];
    const to = offsets[tid + 1];
    // the best `kept` scores of a long list, in a min-heap, so the last of them is on top
    const { postings, kept: wanted } = this.championing;
    const best = to - from >= postings ? (this.championHeap?.length === wanted ? this.championHeap : (this.championHeap = new Float64Array(wanted))) : undefined;
    let kept = 0;
    let impact = 0;
    for (let b = 0, at = bounds.blockAt[tid]; from + b * BLOCK < to; b++, at++) {
      let most = 0;
      for (let i = from + b * BLOCK, end = Math.min(to, i + BLOCK); i < end; i++) {
        const n = norm[ids[i]];
        if (n < 0) continue;
        const x = (tfs[i] * (K1 + 1)) / (tfs[i] + n);
        if (x > most) most = x;
        if (best === undefined) continue;
        if (kept < wanted) heapPush(best, kept++, x);
        else if (x > best[0]) heapReplaceMin(best, kept, x);
      }
      // a float32 rounded up stays an upper bound
      const f = Math.fround(most);
      bounds.blocks[at] = f < most ? most * (1 + 1e-6) : f;
      if (most > impact) impact = most;
    }
    bounds.impact[tid] = impact;
    bounds.residual[tid] = impact;
    bounds.champions[tid] = undefined;
    if (best !== undefined && kept === wanted) this.chooseChampions(bounds, tid, norm, best[0]);
    bounds.done[tid] = 1;
  }

  /**
   * A long list's champions: the postings that score at least `last` (its `kept`-th best)
   * per unit of IDF, and what every other posting can score at most. Only blocks whose bound
   * reaches `last` are read again.
   */
  private chooseChampions(bounds: FrozenBounds, tid: number, norm: Float64Array, last: number): void {
    const { offsets, ids, tfs } = bounds.frozen;
    const from = offsets[tid];
    const to = offsets[tid + 1];
    const tied: number[] = [];
    const above: number[] = [];
    let residual = 0;
    for (let b = 0, at = bounds.blockAt[tid]; from + b * BLOCK < to; b++, at++) {
      if (bounds.blocks[at] < last) {
        if (bounds.blocks[at] > residual) residual = bounds.blocks[at];
        continue;
      }
      for (let i = from + b * BLOCK, end = Math.min(to, i + BLOCK); i < end; i++) {
        const n = norm[ids[i]];
        if (n < 0) continue;
        const x = (tfs[i] * (K1 + 1)) / (tfs[i] + n);
        if (x > last) above.push(ids[i]);
        else if (x === last) tied.push(ids[i]);
        else if (x > residual) residual = x;
      }
    }
    if (above.length + tied.length > this.championing.most) {
      // too many ties (near-copies of one short passage): they stay out, and bound the rest
      if (above.length === 0) return;
      residual = last;
      tied.length = 0;
    }
    const champions = Int32Array.from(tied.length ? above.concat(tied) : above).sort();
    bounds.champions[tid] = champions;
    bounds.residual[tid] = residual;
  }

  /**
   * Computes the term bounds queries will need, until `deadline` (a `performance.now()` time),
   * so that the first queries after a load do not pay for their terms' bounds; true when every
   * term's are ready. Called in slices while the server is idle.
   */
  prepareBounds(deadline: number): boolean {
    if (this.liveCount === 0) return true;
    const bounds = this.frozenBounds(this.totalLength / this.liveCount);
    const terms = bounds.done.length;
    while (bounds.next < terms) {
      if (!bounds.done[bounds.next]) this.computeBounds(bounds, bounds.next);
      bounds.next++;
      if (performance.now() > deadline) break;
    }
    return bounds.next >= terms;
  }

  /**
   * Computes the length normalisation queries use and makes the arrays they score into, one at
   * a time until `deadline` (a `performance.now()` time); true when done. For idle time after
   * a load: fresh memory is slow to touch on some machines, and the first query at ×500 spent
   * 20 ms on the first writes to these 6 MB.
   */
  prepareQueries(deadline: number): boolean {
    if (this.liveCount === 0) return true;
    this.normalisation(this.totalLength / this.liveCount);
    return this.makeScratch(deadline);
  }

  private makeScratch(deadline: number): boolean {
    const n = this.idLimit + 1024;
    if (this.scratchFor >= this.idLimit) return true;
    const made = [this.scores, this.scoredIn, this.touched, this.markedIn, this.partial];
    const make = [() => (this.scores = new Float64Array(n)), () => (this.scoredIn = new Int32Array(n)), () => (this.touched = new Int32Array(n)), () => (this.markedIn = new Int32Array(n)), () => (this.partial = new Float64Array(n))];
    for (let i = 0; i < made.length; i++) {
      if (made[i].length >= this.idLimit) continue;
      // written once, so that the pages are the process's before a query needs them
      make[i]().fill(0);
      if (i + 1 < made.length && performance.now() > deadline) return false;
    }
    this.scratchFor = Math.min(...[this.scores, this.scoredIn, this.touched, this.markedIn, this.partial].map((a) => a.length));
    return true;
  }

  /**
   * Reads the postings of the longest lists still in the index file, longest first, until
   * `deadline` (a `performance.now()` time); true when every list of `minPostings` or more is in
   * memory. For idle time after a reopen: the first query on a common word otherwise reads its
   * list while the user waits (at ×500 up to 200,000 postings, several ms each).
   */
  preloadPostings(deadline: number, minPostings = PRELOADED_POSTINGS): boolean {
    const pending = this.frozen.pending;
    if (!pending) return true;
    if (!this.preloadOrder || this.preloadOrder.pending !== pending || this.preloadOrder.minPostings !== minPostings) {
      const { offsets } = this.frozen;
      const long: number[] = [];
      for (let tid = 0; tid + 1 < offsets.length; tid++) if (offsets[tid + 1] - offsets[tid] >= minPostings) long.push(tid);
      long.sort((a, b) => offsets[b + 1] - offsets[b] - (offsets[a + 1] - offsets[a]) || a - b);
      this.preloadOrder = { pending, minPostings, tids: long, next: 0 };
    }
    const order = this.preloadOrder;
    while (order.next < order.tids.length) {
      this.load(order.tids[order.next++]);
      if (performance.now() > deadline) break;
    }
    return order.next >= order.tids.length;
  }

  /**
   * Searches of the index's own words, a few at a time until `deadline` (a `performance.now()`
   * time); true when all are done. For idle time after a load: the first searches otherwise run
   * before the JIT has compiled the search, and at ×500 a three-word query took 2-26 ms cold
   * against 0.3-1.5 ms once compiled. Short queries of common words (symbols) and long ones of
   * words of every frequency (claims) take the search's every path; the answers are dropped.
   */
  rehearse(deadline: number): boolean {
    if (this.liveCount === 0 || this.rehearsed >= REHEARSALS) return true;
    if (!this.rehearsalTerms) {
      // words of eight postings or more, by list length, longest first
      const { offsets } = this.frozen;
      const tids: number[] = [];
      for (let tid = 0; tid + 1 < offsets.length; tid++) if (offsets[tid + 1] - offsets[tid] >= 8 && this.df[tid] > 0) tids.push(tid);
      tids.sort((a, b) => offsets[b + 1] - offsets[b] - (offsets[a + 1] - offsets[a]) || a - b);
      this.rehearsalTerms = tids.map((tid) => this.terms[tid]);
    }
    const words = this.rehearsalTerms;
    if (words.length === 0) return true;
    while (this.rehearsed < REHEARSALS) {
      const i = this.rehearsed++;
      const short = i % 2 === 0;
      const query: string[] = [];
      for (let j = 0; j < (short ? 3 : 24); j++) {
        // a fixed scatter over the list: short queries among the commonest hundred, long ones anywhere
        const at = Math.imul(i * 31 + j + 1, 0x9e3779b1) >>> 0;
        query.push(words[at % (short ? Math.min(100, words.length) : words.length)]);
      }
      this.searchTerms(query, short ? 50 : 12);
      if (performance.now() > deadline) break;
    }
    return this.rehearsed >= REHEARSALS;
  }

  /** Reads a term's frozen postings if they are still in the index file. */
  private load(tid: number): void {
    const pending = this.frozen.pending;
    if (pending && tid < pending.loaded.length && !pending.loaded[tid]) {
      pending.load(tid);
      pending.loaded[tid] = 1;
    }
  }

  private loadAll(): void {
    const pending = this.frozen.pending;
    if (!pending) return;
    for (let tid = 0; tid < pending.loaded.length; tid++) this.load(tid);
    this.frozen.pending = undefined;
  }

  /** Frequency of a term in a live passage, by binary search of its (ascending) postings. */
  private termFrequency(tid: number, id: number): number {
    const { offsets, ids, tfs } = this.frozen;
    if (tid + 1 < offsets.length) {
      let lo = offsets[tid];
      let hi = offsets[tid + 1] - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (ids[mid] === id) return tfs[mid];
        if (ids[mid] < id) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    const g = this.growing[tid];
    if (g) {
      let lo = 0;
      let hi = g.length / 2 - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (g[mid * 2] === id) return g[mid * 2 + 1];
        if (g[mid * 2] < id) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return 0;
  }
}

/** `a` grown to at least `size` (doubling), new entries `fill`. */
function widened(a: Int32Array, size: number, fill: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(1024, size, a.length * 2)).fill(fill);
  grown.set(a);
  return grown;
}

/** A term's value in one MinHash function (`seed`) of the passages holding it. */
function termHash(tid: number, seed: number): number {
  let h = Math.imul(tid ^ seed, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** Bounds that have a block bound for every block of these postings (else they are computed again). */
function boundsFit(b: TermBounds, offsets: Int32Array): boolean {
  const terms = offsets.length - 1;
  if (b.impact.length !== terms || b.blockAt.length !== terms + 1 || b.blockAt[0] !== 0 || !(b.avg > 0)) return false;
  if (b.residual?.length !== terms || b.championAt?.length !== terms + 1 || b.championAt[0] !== 0 || b.champions?.length !== b.championAt[terms]) return false;
  for (let t = 0; t < terms; t++) {
    if (b.blockAt[t + 1] - b.blockAt[t] !== Math.ceil((offsets[t + 1] - offsets[t]) / BLOCK)) return false;
    if (b.championAt[t + 1] < b.championAt[t]) return false;
  }
  return b.blocks.length === b.blockAt[terms];
}

/** The ids of two ascending lists, ascending, each once. */
function unionOfSorted(a: Int32Array, b: Int32Array): Int32Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = new Int32Array(a.length + b.length);
  let size = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
    if (size === 0 || out[size - 1] !== x) out[size++] = x;
  }
  return out.subarray(0, size);
}

/** Past every passage id: a term whose postings are all read. */
const NONE = 0x7fffffff;

/** The first index in `[from, end)` whose id is at least `target` (`end` if none), galloping from `from`. */
function gallop(ids: Int32Array, from: number, end: number, target: number): number {
  if (from >= end || ids[from] >= target) return from;
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < end && ids[hi] < target) {
    lo = hi;
    step *= 2;
    hi = from + step;
  }
  if (hi > end) hi = end;
  // ids[lo] < target, and ids[hi] >= target or hi === end
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] < target) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Adds a score to a min-heap of `size` scores. */
function heapPush(heap: Float64Array, size: number, score: number): void {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= score) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = score;
}

/** Replaces the smallest score of a full min-heap. */
function heapReplaceMin(heap: Float64Array, size: number, score: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const c = r < size && heap[r] < heap[l] ? r : l;
    if (heap[c] >= score) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = score;
}

/** The k-th best score among the first `count` ids (-Infinity when there are fewer than k). */
function kthBest(scores: Float64Array, ids: ArrayLike<number>, count: number, k: number): number {
  const best = bestIds(scores, ids, count, k);
  return best.length < k ? -Infinity : scores[best[k - 1]];
}

/** The ids of the k best scores among the first `count` ids, best first. */
function bestIds(scores: Float64Array, ids: ArrayLike<number>, count: number, k: number): number[] {
  const best: number[] = [];
  for (let j = 0; j < count; j++) {
    const id = ids[j];
    const s = scores[id];
    if (best.length === k && s <= scores[best[k - 1]]) continue;
    let i = best.length < k ? best.length : k - 1;
    while (i > 0 && s > scores[best[i - 1]]) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = id;
  }
  return best;
}

/**
 * The `k` best of the first `count` touched slots, by score and then by passage id (`idOf` a
 * slot's), without sorting them all.
 */
function topK(scores: Float64Array, touched: ArrayLike<number>, count: number, k: number, idOf: Int32Array): ScoredId[] {
  // ids and scores in arrays, best first, objects made for the k kept only: a symbol search
  // at ×500 made 11 KB of them for passages pushed out of the top again
  const ids = new Int32Array(Math.max(0, Math.min(k, count)));
  const best = new Float64Array(ids.length);
  let size = 0;
  for (let j = 0; j < count; j++) {
    const slot = touched[j];
    const id = idOf[slot];
    const s = scores[slot];
    if (size === ids.length && (s < best[size - 1] || (s === best[size - 1] && id > ids[size - 1]))) continue;
    let i = size < ids.length ? size++ : size - 1;
    while (i > 0 && (s > best[i - 1] || (s === best[i - 1] && id < ids[i - 1]))) {
      ids[i] = ids[i - 1];
      best[i] = best[i - 1];
      i--;
    }
    ids[i] = id;
    best[i] = s;
  }
  const top: ScoredId[] = new Array(size);
  for (let i = 0; i < size; i++) top[i] = { id: ids[i], score: best[i] };
  return top;
}
