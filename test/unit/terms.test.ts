import * as assert from 'assert';
import { contentTerms, tokenize } from '../../server/src/core/text/terms';
import { seed, SEEDS } from './corpusFixtures';

describe('terms', () => {
  it('folds case, typographic quotes, possessives and inflection', () => {
    assert.deepStrictEqual(contentTerms('The ILO’s Migrants ratified'), contentTerms("the ILO's migrant ratify"));
  });

  it('meets British and American spellings', () => {
    assert.deepStrictEqual(contentTerms('organisations recognised'), contentTerms('organizations recognized'));
  });

  it('keeps numbers and instrument-like tokens whole', () => {
    assert.deepStrictEqual(contentTerms('GB.316/POL/1 ISCO-08 C097 3.1 per cent of 50,000 workers'), ['gb.316/pol/1', 'isco-08', 'c097', '3.1', 'cent', '50000', 'worker']);
  });

  it('drops stop words but keeps negation tokens visible to the checker', () => {
    const toks = tokenize('All standards do not apply');
    assert.deepStrictEqual(toks.map((t) => [t.folded, t.stop]), [['all', true], ['standards', false], ['do', true], ['not', true], ['apply', false]]);
  });

  it('splits hyphenated compounds into their parts with offsets', () => {
    const t = 'rights-based approach';
    const toks = tokenize(t);
    assert.deepStrictEqual(toks.map((x) => t.slice(x.start, x.end)), ['rights', 'based', 'approach']);
  });

  it('cuts words where the index does, on every source and on awkward text', () => {
    // the pattern the index splits words with, which the tokenizer implements by hand
    const WORD_RE = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|[\p{L}\p{N}]+(?:[’'‐‑\-./][\p{L}\p{N}]+)*/gu;
    const awkward = [
      '1,000,000.50 and 1234,567 and 12,34 and 1,0000 and ,123 and 3.1. and 1,000. and 1,000.5.6',
      'ISCO-08, GB.316/POL/1, C.97, 5(iii), e.g. U.S. and n’t and don’t and l’emploi and 2nd',
      'Émigré naïve 𝐁𝐨𝐥𝐝 😀 word\ud800 lone \udc00 surrogates, ½ and ² and ٣٤ digits',
      'a--b a-.b a/ b -a a- .5 5. ‐x x‐ ‑y it’s workers’ ’twas',
    ];
    for (const t of [...awkward, ...Object.values(SEEDS).map((n) => seed(n).original)]) {
      const tokens = tokenize(t);
      const content = tokens.filter((x) => !x.stop && (x.kind !== 'word' || x.folded.length > 1)).map((x) => x.term);
      assert.deepStrictEqual(content, contentTerms(t), t.slice(0, 60));
      // the index's terms are those of the pattern's words, each analysed alone
      assert.deepStrictEqual(contentTerms(t), [...t.matchAll(WORD_RE)].flatMap((m) => contentTerms(m[0])), t.slice(0, 60));
      const words = [...t.matchAll(WORD_RE)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
      const starts = new Set(tokens.map((x) => x.start));
      for (const w of words) assert.ok(starts.has(w.start), `a token starts the word at ${w.start}: ${t.slice(w.start, w.end)}`);
      let i = 0;
      for (const x of tokens) {
        while (words[i].end <= x.start) i++;
        assert.ok(x.start >= words[i].start && x.end <= words[i].end, `token ${x.surface} inside one word`);
      }
    }
  });
});
