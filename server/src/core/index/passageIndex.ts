/**
 * An inverted index over passages ranked with Okapi BM25. Our own rather than MiniSearch or
 * FlexSearch: measured in bench/ and recorded in docs/benchmarks.md, it builds faster on
 * the scaled corpus, uses the same term normalisation as the checker (which the libraries
 * would otherwise repeat), and exposes the per-term statistics the checker needs (IDF).
 */
import { contentTerms } from '../text/terms';

export interface ScoredId {
  id: number;
  score: number;
}

const K1 = 1.2;
const B = 0.75;

interface Postings {
  ids: number[];
  tfs: number[];
}

export class PassageIndex {
  private postings = new Map<string, Postings>();
  private lengths: number[] = [];
  private live: boolean[] = [];
  private totalLength = 0;
  private liveCount = 0;

  /** Adds a passage under a caller-chosen dense id. */
  add(id: number, text: string): void {
    this.addTerms(id, contentTerms(text));
  }

  addTerms(id: number, terms: string[]): void {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let p = this.postings.get(t);
      if (!p) this.postings.set(t, (p = { ids: [], tfs: [] }));
      p.ids.push(id);
      p.tfs.push(n);
    }
    this.lengths[id] = terms.length;
    this.live[id] = true;
    this.totalLength += terms.length;
    this.liveCount++;
  }

  /** Forgets a passage (its postings are skipped until the index is rebuilt). */
  remove(id: number): void {
    if (!this.live[id]) return;
    this.live[id] = false;
    this.totalLength -= this.lengths[id] ?? 0;
    this.liveCount--;
  }

  get size(): number {
    return this.liveCount;
  }

  get termCount(): number {
    return this.postings.size;
  }

  /** Inverse document frequency of a term (0 for a term no passage has). */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    if (df === 0) return 0;
    return Math.log(1 + (this.liveCount - df + 0.5) / (df + 0.5));
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.ids.length ?? 0;
  }

  /** Top `k` passages for the query text. */
  search(query: string, k = 10, boosts?: Map<string, number>): ScoredId[] {
    return this.searchTerms(contentTerms(query), k, boosts);
  }

  searchTerms(terms: string[], k = 10, boosts?: Map<string, number>): ScoredId[] {
    if (this.liveCount === 0 || terms.length === 0) return [];
    const avg = this.totalLength / Math.max(1, this.liveCount);
    const scores = new Map<number, number>();
    const seen = new Set<string>();
    for (const t of terms) {
      if (seen.has(t)) continue;
      seen.add(t);
      const p = this.postings.get(t);
      if (!p) continue;
      const idf = this.idf(t) * (boosts?.get(t) ?? 1);
      for (let i = 0; i < p.ids.length; i++) {
        const id = p.ids[i];
        if (!this.live[id]) continue;
        const tf = p.tfs[i];
        const len = this.lengths[id];
        const s = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
        scores.set(id, (scores.get(id) ?? 0) + s);
      }
    }
    return topK(scores, k);
  }
}

function topK(scores: Map<number, number>, k: number): ScoredId[] {
  const all: ScoredId[] = [];
  for (const [id, score] of scores) all.push({ id, score });
  all.sort((a, b) => b.score - a.score || a.id - b.id);
  return all.slice(0, k);
}
