import * as assert from 'assert';
import { actorAliases, passageSpeakers, readActors } from '../../server/src/core/claims/actors';
import { seed, SEEDS } from './corpusFixtures';

const keys = (t: string) => readActors(t).map((a) => a.key);

describe('actors', () => {
  it('reads groups, spokespersons, governments, people and offices', () => {
    assert.deepStrictEqual(keys('The Employer spokesperson said that employers had an important role'), ['group:employers']);
    assert.deepStrictEqual(keys('the Workers’ group was concerned by the increased focus'), ['group:workers']);
    assert.deepStrictEqual(keys('A Government representative of Trinidad and Tobago said that'), ['government:trinidad and tobago']);
    assert.deepStrictEqual(keys('The Meeting elected Mr Paulo Sergio de Almeida, independent representative of the Government of Brazil'), ['person:almeida', 'government:brazil']);
    assert.deepStrictEqual(keys('Ambassador Rebong emphasised ILO’s key role'), ['person:rebong']);
    assert.deepStrictEqual(keys('The Deputy Secretary-General explained'), ['role:deputy-secretary-general']);
  });

  it('does not take workers’ organizations for the Workers’ group', () => {
    assert.deepStrictEqual(keys('employers’ and workers’ organizations have decisional power'), []);
  });

  it('carries the speaker of a numbered paragraph into the paragraphs that continue the speech', () => {
    const doc = seed(SEEDS.report2013);
    const speakers = passageSpeakers(doc.passages);
    const p14 = doc.passages.find((p) => p.number === '14')!;
    assert.deepStrictEqual(speakers.get(p14)!.map((a) => a.key), ['group:employers']);
    const p17 = doc.passages.find((p) => p.number === '17')!;
    assert.deepStrictEqual(speakers.get(p17)!.map((a) => a.key), ['government:italy']);
  });

  it('takes the speaker from the heading, and links a person to the office named beside them', () => {
    const doc = seed(SEEDS.sideEvent2015);
    const speakers = passageSpeakers(doc.passages);
    const closing = doc.passages.find((p) => p.text.includes('closing borders'))!;
    assert.deepStrictEqual(speakers.get(closing)!.map((a) => a.key), ['role:director-general']);
    assert.ok(actorAliases(doc.passages).get('person:ryder')?.has('role:director-general'));
  });
});
