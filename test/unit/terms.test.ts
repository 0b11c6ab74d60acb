import * as assert from 'assert';
import { contentTerms, tokenize } from '../../server/src/core/text/terms';

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
});
