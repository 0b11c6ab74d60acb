import * as assert from 'assert';
import { ClaimChecker } from '../../server/src/core/claims/claimChecker';
import { GenerationCache } from '../../server/src/core/lruCache';
import { FactReader } from '../../server/src/core/claims/textFacts';
import { bundledCorpus } from './claimFixtures';
import { seed, SEEDS } from './corpusFixtures';

describe('claim checker caches', () => {
  it('a generation cache keeps at most its capacity and what was used lately', () => {
    const c = new GenerationCache<number, string>(4);
    for (let i = 0; i < 10; i++) {
      c.set(i, String(i));
      assert.ok(c.size <= 4, `size ${c.size}`);
    }
    assert.strictEqual(c.get(9), '9');
    assert.strictEqual(c.get(1), undefined);
  });

  it('a hit in the older half survives the next turn', () => {
    const c = new GenerationCache<string, number>(4);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3); // a and b now older
    assert.strictEqual(c.get('a'), 1); // moved back to the younger half
    c.set('d', 4);
    c.set('e', 5); // the younger half (c, a, d) turns older; b is forgotten
    assert.strictEqual(c.get('a'), 1);
    assert.strictEqual(c.get('b'), undefined);
    assert.ok(c.has('a') && c.has('e') && !c.has('b'));
  });

  it('keeps a null value (a sentence that carries no claim) as found', () => {
    const c = new GenerationCache<string, null>(4);
    c.set('no claim', null);
    assert.ok(c.has('no claim'));
    assert.strictEqual(c.get('no claim'), null);
    assert.strictEqual(c.get('never checked'), undefined);
  });

  it('a text reads the same whether its words were met before or not', () => {
    const texts = Object.values(SEEDS).flatMap((n) => seed(n).passages.map((p) => p.text));
    const once = new FactReader();
    const words = (reader: FactReader, ids: readonly number[]) => ids.map((id) => reader.vocabulary.word(id));
    for (const t of texts) once.read(t);
    for (const t of texts) {
      const fresh = new FactReader();
      const a = fresh.read(t);
      const b = once.read(t);
      assert.deepStrictEqual(words(fresh, a.stemIds), words(once, b.stemIds));
      assert.deepStrictEqual(words(fresh, a.groupIds), words(once, b.groupIds));
      assert.deepStrictEqual(words(fresh, a.foldedIds), words(once, b.foldedIds));
      assert.deepStrictEqual(words(fresh, a.prefixStems), words(once, b.prefixStems));
    }
  });

  it('a sentence checked by two checkers of one corpus gets the same finding, cached or not', async () => {
    const corpus = await bundledCorpus();
    const sentences = seed(SEEDS.report2013).passages.filter((p) => p.kind !== 'heading').flatMap((p) => p.sentences.map((s) => p.text.slice(s.start, s.end)));
    const warm = new ClaimChecker(corpus);
    for (const s of sentences) warm.check(s);
    for (const s of sentences.slice(0, 40)) {
      const strip = (f: ReturnType<ClaimChecker['check']>) => f && { ...f, evidence: f.evidence.map((e) => ({ id: e.passage.id, span: e.span, coverage: e.coverage, matched: e.matched })) };
      assert.deepStrictEqual(strip(new ClaimChecker(corpus).check(s)), strip(warm.check(s)), s);
    }
  });
});
