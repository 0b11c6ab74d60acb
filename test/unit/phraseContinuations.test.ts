import * as assert from 'assert';
import { ContinuationQuery, rankContinuations } from '../../server/src/core/phrases/continuations';
import { PhraseBank, phraseWords } from '../../server/src/core/phrases/phraseBank';
import { seed, SEEDS } from './corpusFixtures';

describe('phrase continuations', () => {
  const report = seed(SEEDS.report2013);
  const bank = PhraseBank.build(
    [report, seed(SEEDS.gb316), seed(SEEDS.sideEvent2015), seed(SEEDS.talkingPoints)],
    [{ text: 'Private Employment Agencies Convention, 1997 (No. 181)', origin: 'registry' }],
  );
  const ask = (typed: string, extra: Partial<ContinuationQuery> = {}) =>
    rankContinuations(bank, { context: phraseWords(typed).map((w) => w.surface), partial: '', afterBreak: false, section: 'body', limit: 10, ...extra });

  it('continues a phrase in the wording of the sources, with the source sentence', () => {
    const { items } = ask('in consultation with the social');
    assert.strictEqual(items[0].text, 'partners');
    assert.ok(items[0].matched >= 4, `matched ${items[0].matched}`);
    const { unit, start, end } = items[0].sample;
    assert.strictEqual(unit.text.slice(start, end), 'partners');
    assert.match(unit.text, /in consultation with the social partners/);
  });

  it('prefers the continuation that matches more of the typed words', () => {
    // `Migration` alone is most often followed by `and`; after `the Global Migration` it is `Group`
    assert.match(ask('the Global Migration').items[0].text, /^Group/);
    assert.match(ask('Migration').items[0].text, /^(and|policies)/);
  });

  it('offers multi-word continuations up to where the sources stop agreeing', () => {
    const { items } = ask('through social dialogue at local, national, bilateral, subregional, regional and');
    assert.strictEqual(items[0].text, 'international levels');
  });

  it('completes an instrument title to its whole citation from reference data', () => {
    const texts = ask('the Private Employment Agencies').items.map((c) => c.text);
    assert.strictEqual(texts[0], 'Convention');
    assert.ok(texts.includes('Convention, 1997 (No. 181)'), texts.join(' | '));
  });

  it('filters by the word being typed', () => {
    const { items } = ask('labour market', { partial: 'in' });
    assert.ok(items.length > 0);
    for (const c of items) assert.match(c.text, /^in/i);
    assert.ok(items.some((c) => /^information/.test(c.text)));
  });

  it('continues after a comma only with what the sources put after one', () => {
    const texts = ask('Assist governments and social partners,', { afterBreak: true }).items.map((c) => c.text);
    assert.ok(texts.some((t) => t.startsWith('upon their request')), texts.join(' | '));
  });

  it('opens an action-list item with the verbs the sources use there', () => {
    const { items } = rankContinuations(bank, { context: [], partial: '', afterBreak: false, section: 'action-list', limit: 10 });
    assert.ok(items.length > 0);
    for (const c of items.slice(0, 5)) assert.strictEqual(c.sample.unit.section, 'action-list', c.text);
    assert.ok(items.some((c) => /^(Assist|Promote|Support)\b/.test(c.text)), items.map((c) => c.text).join(' | '));
  });

  it('backs off to phrases starting with the typed word when the context is unknown', () => {
    const { items } = ask('zyxwv', { partial: 'deskil' });
    assert.ok(items.some((c) => c.text.startsWith('deskilling') && c.kind === 'word'));
  });

  it('bounds the list and says when it is truncated', () => {
    const r = ask('the', { limit: 5 });
    assert.strictEqual(r.items.length, 5);
    assert.strictEqual(r.truncated, true);
    assert.strictEqual(ask('zyxwv').items.length, 0);
  });
});
