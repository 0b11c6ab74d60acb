import * as assert from 'assert';
import { Corpus } from '../../server/src/core/corpus/corpus';
import { MemorySourceStore } from '../../server/src/core/corpus/sourceStore';
import { PassageIndex } from '../../server/src/core/index/passageIndex';
import { seed, SEEDS } from './corpusFixtures';

describe('PassageIndex (BM25)', () => {
  it('ranks the passage sharing the rarest terms first', () => {
    const idx = new PassageIndex();
    idx.add(0, 'The Meeting held six sittings.');
    idx.add(1, 'The Meeting approved the adoption of the provisional working schedule.');
    idx.add(2, 'The drafting committee submitted its draft conclusions to the Meeting at its sixth sitting.');
    assert.deepStrictEqual(idx.search('how many sittings did the Meeting hold').map((h) => h.id).slice(0, 2), [0, 2]);
  });

  it('prefers a short passage over a long one with the same matches', () => {
    const idx = new PassageIndex();
    idx.add(0, 'Labour migration is discussed here at great length with many other words about other things entirely unrelated.');
    idx.add(1, 'Labour migration.');
    assert.strictEqual(idx.search('labour migration')[0].id, 1);
  });

  it('forgets removed passages', () => {
    const idx = new PassageIndex();
    idx.add(0, 'Lampedusa tragedy');
    idx.add(1, 'Other text');
    idx.remove(0);
    assert.deepStrictEqual(idx.search('Lampedusa'), []);
    assert.strictEqual(idx.size, 1);
  });

  it('finds real passages of the bundled corpus from paraphrased queries', async () => {
    const files = new Map<string, string>();
    for (const name of Object.values(SEEDS)) files.set(`/c/${name}`, seed(name).original);
    const corpus = await Corpus.load(['/c'], new MemorySourceStore(files));
    const cases: [string, string][] = [
      ['Employers regretted the HLD did not include a tripartite delegation', '15'],
      ['Workers recalled the Lampedusa tragedy of October 2013', '16'],
      ['ratification of Conventions Nos 97, 143 and 189', '5(i)'],
    ];
    for (const [q, number] of cases) {
      const [top] = corpus.search(q, 1);
      assert.strictEqual(top.passage.number, number, `${q} → ${top.passage.number}: ${top.passage.text.slice(0, 80)}`);
    }
  });
});
