/**
 * The drafts the benchmark checks, the same every run (seeded): sentences sampled from the
 * corpus, and a 20-page draft made of them, copied, altered and invented.
 */
import { Corpus } from '../server/src/core/corpus/corpus';
import { seededRandom } from './scaledCorpus';

export function sampleSentences(corpus: Corpus, n: number, seed: number): string[] {
  const rand = seededRandom(seed);
  const out: string[] = [];
  const body = corpus.allPassages().filter((p) => p.kind !== 'heading' && p.sentences.length);
  while (out.length < n) {
    const p = body[Math.floor(rand() * body.length)];
    const s = p.sentences[Math.floor(rand() * p.sentences.length)];
    // whole sentences of a drafter's length, so that each stays one sentence in the draft
    const text = p.text.slice(s.start, s.end).trim();
    const words = text.split(' ').length;
    if (words >= 6 && words <= 40 && /[.;:]$/.test(text)) out.push(text.replace(/[;:]$/, '.'));
  }
  return out;
}

/**
 * One-word edits a recheck figure is taken over. The p99 of 40 was their slowest, which one
 * pause could set: 79 ms at ×100 in one run, where 100 edits a minute later had a p99 of 19-20.
 */
export const RECHECK_EDITS = 200;

/** A 20-page draft: about 500 sentences, a third copied, a third altered, a third invented. */
export function twentyPageDraft(corpus: Corpus): string {
  const rand = seededRandom(7);
  const sentences = sampleSentences(corpus, 500, 11).map((s, i) => {
    if (i % 3 === 1) return s.replace(/\b(six|twelve|\d+)\b/, (n) => (/\d/.test(n) ? String(Number(n) + 7) : 'nine')).replace(/\bWorkers?\b/, 'Employers');
    if (i % 3 === 2) return s.slice(0, -1).split(' ').sort(() => rand() - 0.5).join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
    return s;
  });
  const paragraphs: string[] = ['# Draft conclusions'];
  for (let i = 0; i < sentences.length; i += 5) paragraphs.push(`${i / 5 + 1}. ${sentences.slice(i, i + 5).join(' ')}`);
  return paragraphs.join('\n\n') + '\n';
}


/** The sentences of a draft made by `twentyPageDraft`, to hover on. */
export function draftSentences(draft: string): string[] {
  return draft
    .split('\n')
    .filter((l) => /^\d+\. /.test(l))
    .flatMap((l) => l.replace(/^\d+\. /, '').split(/(?<=[.!?])\s+(?=[A-Z])/))
    .filter((s) => s.split(' ').length >= 6);
}
