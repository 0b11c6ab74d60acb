import * as assert from 'assert';
import { buildDocument } from '../../server/src/core/corpus/document';
import { isClauseBreak, PhraseBank, phraseWords } from '../../server/src/core/phrases/phraseBank';
import { passageSections } from '../../server/src/core/phrases/sections';
import { seed, SEEDS } from './corpusFixtures';

describe('phrase bank', () => {
  const report = seed(SEEDS.report2013);
  const bank = PhraseBank.build([report, seed(SEEDS.gb316), seed(SEEDS.sideEvent2015)]);

  it('finds the offsets of the words of a unit as `phraseWords` cuts them', () => {
    const texts = [
      'In 1,000,000 cases the U.S. and e.g. the ILO’s 2nd-tier (re-)training — “well-known” workers’ rights.',
      'Ünïcödé wörds, 𝐌𝐚𝐭𝐡 letters 𝟏𝟐 and an emoji 🙂 between: Ωmega; 中文 text, ٣٤ digits',
      '  leading spaces, 12,34 and 1,234,5 numbers, a.b.c. and A. B. initials',
    ];
    const bank = PhraseBank.build([], texts.map((text) => ({ text, origin: 'test' })));
    const seg = bank.segments[0];
    for (let u = 0; u < texts.length; u++) {
      const words = phraseWords(texts[u]);
      const first = seg.unitStart[u];
      assert.strictEqual(seg.unitStart[u + 1] - first, words.length, texts[u]);
      // from the last word back, so that each unit is read again on its first word
      for (let k = words.length - 1; k >= 0; k--) {
        assert.deepStrictEqual([seg.wordStart(first + k), seg.wordEnd(first + k)], [words[k].start, words[k].end], `${texts[u]}: ${words[k].surface}`);
      }
    }
  });

  it('mines recurring expressions with their frequency, documents and a source sentence', () => {
    const phrases = bank.phrases();
    const partners = phrases.find((p) => p.text.toLowerCase() === 'social partners');
    assert.ok(partners, 'social partners is mined');
    assert.ok(partners.count >= 10, `count ${partners.count}`);
    assert.ok(partners.origins.includes(SEEDS.report2013));
    const { unit, start, end } = partners.sample;
    assert.strictEqual(unit.text.slice(start, end).toLowerCase(), 'social partners');
    assert.ok(unit.passage, 'the sample is a corpus sentence');
    assert.ok(unit.passage!.text.includes(unit.text));
  });

  it('keeps the longest form of an expression that always continues the same way', () => {
    const texts = bank.phrases().map((p) => p.text);
    assert.ok(texts.includes('countries of origin and destination'), 'the full expression is kept');
    // `Multilateral Framework on Labour` is never followed by anything but `Migration`
    assert.ok(!texts.includes('Multilateral Framework on Labour'), 'its truncated start is not');
  });

  it('cuts expressions at clause boundaries and never starts or ends one with a function word', () => {
    for (const p of bank.phrases()) {
      assert.ok(!/[,;:]/.test(p.text), p.text);
      assert.ok(!/^(the|of|and|to|in)\b|\b(the|of|and|to|in)$/i.test(p.text), p.text);
    }
  });

  it('reads `No. 181` as one clause and a comma as a break', () => {
    assert.strictEqual(isClauseBreak('. ', 'No'), false);
    assert.strictEqual(isClauseBreak(', ', 'partners'), true);
    assert.strictEqual(isClauseBreak(' (', 'Convention'), false);
    assert.deepStrictEqual(phraseWords('the ILO’s post-2015 agenda').map((w) => w.surface), ['the', 'ILO’s', 'post-2015', 'agenda']);
  });

  it('classifies the 2013 conclusions: preamble, action-list items, body', () => {
    const sections = passageSections(report);
    const at = (re: RegExp) => sections[report.passages.findIndex((p) => re.test(p.text))];
    assert.strictEqual(at(/^The Tripartite Technical Meeting on Labour Migration, Having met/), 'preamble');
    assert.strictEqual(at(/^Assist governments and social partners, upon their request/), 'action-list');
    assert.strictEqual(at(/^Social dialogue lies at the heart/), 'body');
  });

  it('rebuilds incrementally: unchanged documents keep their words, a changed one is re-read', () => {
    const gb = seed(SEEDS.gb316);
    const side = seed(SEEDS.sideEvent2015);
    const first = PhraseBank.build([report, gb]);
    const edited = buildDocument(gb.path, gb.name, gb.original.replace(/labour migration/g, 'labour mobility'));
    const second = PhraseBank.build([report, edited, side], [], first);
    assert.strictEqual(second.segments[0], first.segments[0], 'the report is reused');
    assert.notStrictEqual(second.segments[1], first.segments[1], 'the edited paper is re-read');
    assert.strictEqual(second.segments.length, 3);
    const mobility = second.phrases().find((p) => p.text === 'labour mobility');
    assert.ok(mobility && mobility.origins.includes(gb.name));
  });
});
