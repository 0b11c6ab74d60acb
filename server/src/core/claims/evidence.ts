/**
 * Evidence for a sentence: the passages that best match it, with the best sentence of each
 * and the words the two share, so a hover or a diagnostic can show why it was chosen.
 */
import { Corpus } from '../corpus/corpus';
import { Passage } from '../corpus/document';
import { sameStatement } from './editions';
import { Span } from '../text/sentences';
import { tokenize } from '../text/terms';

export interface Evidence {
  passage: Passage;
  score: number;
  /** The passage sentence that shares most with the query (offsets in passage text). */
  sentence: Span;
  /** Spans of passage text whose terms also occur in the query. */
  matched: Span[];
  /** Share of the query's content terms present in the best sentence. */
  coverage: number;
}

/** Passages retrieved for each one shown, so that editions of one paragraph can give way to other sources. */
const RETRIEVED_PER_SHOWN = 3;

/**
 * The `k` passages that best match a text, each statement once (see `sameStatement`): a
 * passage whose best sentence is a copy of one already shown gives way to the next, among the
 * best `retrieved`.
 */
export function findEvidence(corpus: Corpus, text: string, k = 3, retrieved = k * RETRIEVED_PER_SHOWN): Evidence[] {
  const hits = corpus.search(text, retrieved, (p) => p.kind !== 'heading');
  const queryTerms = new Set(tokenize(text).filter((t) => !t.stop).map((t) => t.term));
  const shown: Evidence[] = [];
  for (const hit of hits) {
    if (shown.length === k) break;
    const e = bestSentence(hit, queryTerms);
    if (!shown.some((s) => sameStatement(s.passage.doc, () => contentWords(s), e.passage.doc, () => contentWords(e)))) shown.push(e);
  }
  return shown;
}

/** A sentence's content words, to tell editions of one statement apart (see `sameStatement`). */
function contentWords(e: Evidence): string[] {
  return tokenize(e.passage.text.slice(e.sentence.start, e.sentence.end)).filter((t) => !t.stop).map((t) => t.term);
}

function bestSentence({ passage, score }: { passage: Passage; score: number }, queryTerms: Set<string>): Evidence {
  let best: Span = passage.sentences[0] ?? { start: 0, end: passage.text.length };
  let bestShared = -1;
  for (const s of passage.sentences) {
    const shared = new Set(tokenize(passage.text.slice(s.start, s.end)).filter((t) => queryTerms.has(t.term)).map((t) => t.term)).size;
    if (shared > bestShared) {
      bestShared = shared;
      best = s;
    }
  }
  const matched: Span[] = [];
  for (const t of tokenize(passage.text.slice(best.start, best.end))) {
    if (!t.stop && queryTerms.has(t.term)) matched.push({ start: best.start + t.start, end: best.start + t.end });
  }
  return { passage, score, sentence: best, matched, coverage: queryTerms.size ? Math.max(0, bestShared) / queryTerms.size : 0 };
}

/** The sentence with matched words marked by a caller-chosen wrapper (Markdown bold, say). */
export function markMatches(e: Evidence, wrap: (s: string) => string): string {
  const { passage, sentence, matched } = e;
  let out = '';
  let at = sentence.start;
  for (const m of matched) {
    out += passage.text.slice(at, m.start) + wrap(passage.text.slice(m.start, m.end));
    at = m.end;
  }
  return out + passage.text.slice(at, sentence.end);
}
