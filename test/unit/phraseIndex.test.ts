import * as assert from 'assert';
import { buildDocument, SourceDocument } from '../../server/src/core/corpus/document';
import { rankContinuations } from '../../server/src/core/phrases/continuations';
import { matchKey, PhraseBank, PhraseBankBuilder, phraseWords, VISIT_CAP } from '../../server/src/core/phrases/phraseBank';
import { seed, SEEDS } from './corpusFixtures';

/** The seeds copied `times` over with their figures changed, so frequent words pass the visiting cap. */
function copies(times: number): SourceDocument[] {
  const out: SourceDocument[] = [];
  for (let k = 0; k < times; k++) {
    for (const name of [SEEDS.report2013, SEEDS.gb316]) {
      const d = seed(name);
      out.push(k === 0 ? d : buildDocument(`${d.path}.${k}`, `copy${k}/${d.name}`, d.original.replace(/\d+/g, (n) => String(Number(n) + k))));
    }
  }
  return out;
}

const CONTEXTS = ['in consultation with the social', 'of the', 'the Global Migration', 'labour migration and', 'the', 'Assist governments and social partners, upon their'];

function answers(bank: PhraseBank): string[][] {
  return CONTEXTS.map((c) => {
    const r = rankContinuations(bank, { context: phraseWords(c).map((w) => w.surface), partial: '', afterBreak: false, section: 'action-list', limit: 10 });
    return r.items.map((i) => `${i.text}|${i.count}|${i.score.toFixed(6)}|${i.origins.length}`);
  });
}

describe('phrase bank index', () => {
  const docs = copies(6);
  const bank = PhraseBank.build(docs);

  it('keeps, for a word past the cap, exactly the postings a visit document by document would take', () => {
    const key = bank.keys.find(matchKey('the'))!;
    const total = bank.keyCount(key);
    assert.ok(total > VISIT_CAP, `the occurs ${total} times`);
    // the visit as it was made before the postings were bank-wide: a stride, its fraction carried over
    const stride = total / VISIT_CAP;
    const expected: number[] = [];
    let phase = 0;
    let base = 0;
    for (const s of bank.segments) {
      const local: number[] = [];
      for (let p = 0; p < s.size; p++) if (bank.vocab.keyOf[s.word[p]] === key) local.push(p);
      if (local.length > 0) {
        let x = phase;
        for (; x < local.length; x += stride) expected.push(base + local[Math.floor(x)]);
        phase = x - local.length;
      }
      base += s.size;
    }
    const { postStart, postPos } = bank.index;
    assert.deepStrictEqual([...postPos.subarray(postStart[key], postStart[key + 1])], expected);
  });

  it('keeps every posting of a word under the cap, in bank order', () => {
    const key = bank.keys.find(matchKey('tripartite'))!;
    const expected: number[] = [];
    let base = 0;
    for (const s of bank.segments) {
      for (let p = 0; p < s.size; p++) if (bank.vocab.keyOf[s.word[p]] === key) expected.push(base + p);
      base += s.size;
    }
    assert.ok(expected.length > 0 && expected.length <= VISIT_CAP);
    const { postStart, postPos } = bank.index;
    assert.deepStrictEqual([...postPos.subarray(postStart[key], postStart[key + 1])], expected);
  });

  it('finds units and clauses from its bitsets as the sentences cut them', () => {
    const s = bank.segments[0];
    for (let u = 0; u < s.unitCount; u++) {
      const from = s.unitStart[u];
      const to = s.unitStart[u + 1] - 1;
      assert.strictEqual(s.unitOf(from), u);
      assert.strictEqual(s.unitOf(to), u);
      assert.ok(s.isUnitStart(from) && s.isClauseStart(from));
      assert.ok(s.inOneUnit(from, to));
      if (to + 1 < s.size) assert.ok(!s.inOneUnit(from, to + 1));
      const unit = s.unitAt(u);
      assert.strictEqual(phraseWords(unit.text).length, to - from + 1, unit.text);
    }
    assert.ok(s.word instanceof Uint16Array, 'a small vocabulary takes 16-bit ids');
  });

  it('answers the same whether built in one go, in small slices, or from a previous bank', () => {
    const expected = answers(bank);
    const sliced = new PhraseBankBuilder(docs, []);
    let steps = 0;
    while (!sliced.step(performance.now() + 0.05)) steps++;
    assert.ok(steps > 1);
    assert.deepStrictEqual(answers(sliced.result()), expected);
    // one document changed, then changed back: its words are read again, the others kept
    const changed = docs.slice();
    const d = docs[1];
    changed[1] = buildDocument(d.path, d.name, d.original.replace(/social partners/g, 'social actors'));
    const between = PhraseBank.build(changed, [], bank);
    assert.notDeepStrictEqual(answers(between), expected);
    const restored = docs.slice();
    restored[1] = buildDocument(d.path, d.name, d.original);
    const builder = new PhraseBankBuilder(restored, [], between);
    while (!builder.step(Infinity));
    assert.deepStrictEqual(builder.stats, { read: 1, reused: docs.length - 1, restored: 0 });
    assert.deepStrictEqual(answers(builder.result()), expected);
  });

  it('answers from the documents read so far while a first build goes on', () => {
    const builder = new PhraseBankBuilder(docs, []);
    while (builder.step(performance.now() + 0.05) === false && builder.partial()!.segments.length < 3);
    const part = builder.partial()!;
    assert.ok(part.segments.length >= 3 && part.segments.length < docs.length + 1);
    assert.deepStrictEqual(answers(part), answers(PhraseBank.build(docs.slice(0, part.segments.length))));
  });
});
