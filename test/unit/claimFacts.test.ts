import * as assert from 'assert';
import { ClaimCoverage } from '../../server/src/core/claims/coverage';
import { sameQuantity } from '../../server/src/core/claims/quantities';
import { FactReader, TextFacts } from '../../server/src/core/claims/textFacts';
import { seed, SEEDS } from './corpusFixtures';

const sentencesOf = () => Object.values(SEEDS).flatMap((n) => seed(n).passages.filter((p) => p.kind !== 'heading').map((p) => p.sentences.map((s) => p.text.slice(s.start, s.end))));

describe('facts of a text', () => {
  it('reads two adjacent sentences as one text with the terms of both', () => {
    const reader = new FactReader();
    const words = (ids: readonly number[]) => [...new Set(ids)].map((id) => reader.vocabulary.word(id)).sort();
    for (const p of Object.values(SEEDS).flatMap((n) => seed(n).passages)) {
      for (let i = 0; i + 1 < p.sentences.length; i++) {
        const a = p.sentences[i];
        const b = p.sentences[i + 1];
        const text = p.text.slice(a.start, b.end);
        const joined = reader.join(text, reader.read(p.text.slice(a.start, a.end)), reader.read(p.text.slice(b.start, b.end)));
        const whole = reader.read(text);
        assert.deepStrictEqual(words(joined.stemIds), words(whole.stemIds), text);
        assert.deepStrictEqual(words(joined.groupIds), words(whole.groupIds), text);
        assert.deepStrictEqual(words(joined.foldedIds), words(whole.foldedIds), text);
        assert.deepStrictEqual(joined.quantities, whole.quantities, text);
        assert.deepStrictEqual(joined.tokens, whole.tokens, text);
      }
    }
  });

  it('reads slots only when asked, and alike', () => {
    const reader = new FactReader();
    const f = reader.read('The Meeting held six sittings from 4 to 8 November 2013, not seven.');
    assert.deepStrictEqual(f.quantities.map((q) => q.text), ['six', '4 to 8 November 2013', 'seven']);
    assert.deepStrictEqual(f.negations.map((n) => n.word), ['not']);
    assert.ok(f.hasStem('sit') || f.hasStem('sitting'));
    assert.ok(f.hasFolded('sittings'));
    assert.ok(!f.hasFolded('unseen-word'));
  });
});

describe('coverage of a claim', () => {
  it('weighs what each sentence has of the claim as a comparison of the words themselves does', () => {
    const reader = new FactReader();
    const sentences = sentencesOf().flat();
    const claims = sentences.filter((_, i) => i % 40 === 0).map((s) => reader.read(s.split(' ').reverse().join(' ')));
    const evidence = sentences.map((s) => reader.read(s));
    for (const claim of claims) {
      const weights = claim.terms.filter((t, i) => claim.terms.findIndex((u) => u.stem === t.stem) === i).map((term, i) => ({ term, w: 1 + (i % 3) }));
      const coverage = new ClaimCoverage(claim, weights, reader, 2.5);
      for (const ev of evidence) assert.strictEqual(coverage.of(ev), referenceCoverage(reader, claim, weights, ev, 2.5), `${claim.text} / ${ev.text}`);
    }
  });
});

/** Coverage computed with sets of strings, as the checker first did. */
function referenceCoverage(reader: FactReader, claim: TextFacts, weights: { term: TextFacts['terms'][number]; w: number }[], ev: TextFacts, slotWeight: number): number {
  const set = (ids: readonly number[]) => new Set(ids.map((id) => reader.vocabulary.word(id)));
  const stems = set(ev.stemIds);
  const groups = set(ev.groupIds);
  const folded = set(ev.foldedIds);
  const like = (s: string) => {
    if (s.length < 5) return false;
    for (const e of stems) {
      if (e.length < 5) continue;
      let k = 0;
      while (k < s.length && k < e.length && s[k] === e[k]) k++;
      if (k >= 5 && k >= 0.7 * Math.min(s.length, e.length)) return true;
    }
    return false;
  };
  let total = 0;
  let got = 0;
  for (const { term: t, w } of weights) {
    total += w;
    if (stems.has(t.stem) || groups.has(t.group) || folded.has(t.token.folded)) got += w;
    else if (like(t.stem)) got += 0.8 * w;
  }
  for (const q of claim.quantities) {
    total += slotWeight;
    if (ev.quantities.some((e) => sameQuantity(q, e))) got += slotWeight;
  }
  for (const r of claim.instruments) {
    total += slotWeight;
    if (ev.instruments.some((e) => e.id === r.id)) got += slotWeight;
  }
  return total === 0 ? 0 : got / total;
}
