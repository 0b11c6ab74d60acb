import * as assert from 'assert';
import { expansionsOf, findAbbreviationDefinitions, findAbbreviationUses, longForm } from '../../server/src/core/instruments/abbreviations';
import { findDocumentSymbols } from '../../server/src/core/instruments/documentSymbols';
import { MentionIndex } from '../../server/src/core/instruments/mentionIndex';
import { loadShippedRegistry } from '../../server/src/core/instruments/registry';
import { seed, SEEDS } from './corpusFixtures';

describe('abbreviations', () => {
  it('reads `Full Name (ABBR)` and `ABBR (Full Name)` definitions', () => {
    const text = 'members of the Global Migration Group (GMG) and the GFMD (Global Forum on Migration and Development) met.';
    const defs = findAbbreviationDefinitions(text);
    assert.deepStrictEqual(defs.map((d) => [d.abbr, d.expansion, text.slice(d.start, d.end)]), [
      ['GMG', 'Global Migration Group', 'Global Migration Group (GMG)'],
      ['GFMD', 'Global Forum on Migration and Development', 'GFMD (Global Forum on Migration and Development)'],
    ]);
  });

  it('finds the shortest long form whose letters spell the abbreviation', () => {
    assert.strictEqual(longForm('HLD', 'came soon after the Second High-level Dialogue on Migration and Development'), 'High-level Dialogue on Migration and Development');
    assert.strictEqual(longForm('SIDS', 'differently. Small Island Developing States'), 'Small Island Developing States');
    assert.strictEqual(longForm('RECs', 'the role of Regional Economic Communities'), 'Regional Economic Communities');
    // a unit code is not an abbreviation of the words before it
    assert.strictEqual(longForm('WORKQUALITY', 'Director, Conditions of Work and Equality Department'), undefined);
  });

  it('learns the abbreviations of the bundled sources', () => {
    const index = new MentionIndex(loadShippedRegistry(), Object.values(SEEDS).map(seed));
    const first = (a: string) => index.expansions(a)[0]?.expansion;
    assert.strictEqual(first('GMG'), 'Global Migration Group');
    assert.strictEqual(first('FMA'), 'Fair Migration Agenda');
    assert.strictEqual(first('SIDS'), 'Small Island Developing States');
    assert.strictEqual(first('IOM'), 'International Organization for Migration');
    assert.strictEqual(first('GFMD'), 'Global Forum on Migration and Development');
    assert.match(first('HLD')!, /^High-level Dialogue on (International )?Migration and Development$/);
    // the registry spells out what the sources only use
    assert.strictEqual(first('GCM'), 'Global Compact for Safe, Orderly and Regular Migration');
    const gmg = index.abbreviationDefinitions.get('GMG')!;
    assert.ok(gmg.length >= 3 && new Set(gmg.map((d) => d.doc)).size >= 2);
    assert.ok(index.abbreviationUses.get('HLD')!.length > 5);
  });

  it('ranks the most frequent expansion first', () => {
    const senses = expansionsOf([
      { abbr: 'HLD', expansion: 'High-level Dialogue on Migration and Development' },
      { abbr: 'HLD', expansion: 'High-level Dialogue on International Migration and Development' },
      { abbr: 'HLD', expansion: 'High-level dialogue on international migration and development' },
    ]).get('HLD')!;
    assert.deepStrictEqual(senses.map((s) => s.count), [2, 1]);
  });

  it('finds uses as whole words, plurals included', () => {
    const known = (t: string) => (t === 'REC' || t === 'RECs' ? 'RECs' : undefined);
    const uses = findAbbreviationUses('RECs and one REC, not PRECs or RECs-based', known);
    assert.deepStrictEqual(uses.map((u) => u.start), [0, 13]);
  });
});

describe('document symbols', () => {
  it('finds ILO and UN symbols', () => {
    const text = 'See GB.316/POL/1, GB.303/PFA/3/5, GB.295/PV, GB.303/11/1(Rev.) and A/68/190; A/RES/73/195 too.';
    assert.deepStrictEqual(findDocumentSymbols(text).map((s) => s.symbol), ['GB.316/POL/1', 'GB.303/PFA/3/5', 'GB.295/PV', 'GB.303/11/1(Rev.)', 'A/68/190', 'A/RES/73/195']);
  });
  it('leaves dates and fractions alone', () => {
    assert.deepStrictEqual(findDocumentSymbols('on 12/10/2013, 3/4 of them, and/or A/B testing'), []);
  });
});
