import * as assert from 'assert';
import { Actor, documentAliases, PassageSpeakers, readActors, sameActor } from '../../server/src/core/claims/actors';
import { Passage } from '../../server/src/core/corpus/document';
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
    const speakers = new PassageSpeakers();
    const p14 = doc.passages.find((p) => p.number === '14')!;
    assert.deepStrictEqual(speakers.of(p14).map((a) => a.key), ['group:employers']);
    const p17 = doc.passages.find((p) => p.number === '17')!;
    assert.deepStrictEqual(speakers.of(p17).map((a) => a.key), ['government:italy']);
  });

  it('takes the speaker from the heading, and links a person to the office named beside them', () => {
    const doc = seed(SEEDS.sideEvent2015);
    const closing = doc.passages.find((p) => p.text.includes('closing borders'))!;
    assert.deepStrictEqual(new PassageSpeakers().of(closing).map((a) => a.key), ['role:director-general']);
    assert.ok(documentAliases([doc]).get('person:ryder')?.has('role:director-general'));
  });

  it('finds a passage’s speaker on demand as a reading of the whole document would', () => {
    for (const name of Object.values(SEEDS)) {
      const doc = seed(name);
      const expected = speakersInOnePass(doc.passages);
      // asked in reverse, so that each answer walks back through passages not yet read
      const lazy = new PassageSpeakers(8);
      for (const p of doc.passages.slice().reverse()) {
        if (p.kind === 'heading') continue;
        assert.deepStrictEqual(lazy.of(p).map((a) => a.key), expected.get(p)!.map((a) => a.key), `${name}: ${p.text.slice(0, 50)}`);
      }
    }
  });

  it('links the same people and offices as reading every passage, document by document', () => {
    const docs = Object.values(SEEDS).map((n) => seed(n));
    const expected = aliasesOfEveryPassage(docs.flatMap((d) => d.passages));
    const table = (m: Map<string, Set<string>>) => [...m].map(([k, v]) => [k, [...v].sort()]).sort();
    assert.deepStrictEqual(table(documentAliases(docs)), table(expected));
  });

  it('asks for the alias table only to compare a person with an office', () => {
    let asked = 0;
    const aliases = () => {
      asked++;
      return new Map([['person:ryder', new Set(['role:director-general'])], ['role:director-general', new Set(['person:ryder'])]]);
    };
    assert.strictEqual(sameActor('group:employers', 'group:workers', aliases), false);
    assert.strictEqual(sameActor('person:ryder', 'person:ryder', aliases), true);
    assert.strictEqual(sameActor('person:ryder', 'government:italy', aliases), false);
    assert.strictEqual(asked, 0);
    assert.strictEqual(sameActor('role:director-general', 'person:ryder', aliases), true);
    assert.strictEqual(sameActor('person:almeida', 'role:director-general', aliases), false);
    assert.strictEqual(asked, 2);
  });
});

/** The speakers of each passage as the checker first read them: the whole document in order. */
function speakersInOnePass(passages: Passage[]): Map<Passage, Actor[]> {
  const out = new Map<Passage, Actor[]>();
  let prev: Passage | undefined;
  let prevSpeakers: Actor[] = [];
  for (const p of passages) {
    if (p.kind === 'heading') {
      prev = p;
      prevSpeakers = [];
      continue;
    }
    const first = p.sentences[0] ? p.text.slice(p.sentences[0].start, p.sentences[0].end) : p.text;
    let speakers = readActors(first);
    if (speakers.length === 0 && p.heading) speakers = readActors(p.heading);
    if (speakers.length === 0 && prev && prev.doc === p.doc && prev.heading === p.heading) speakers = prevSpeakers;
    out.set(p, speakers);
    prev = p;
    prevSpeakers = speakers;
  }
  return out;
}

/** Aliases as first read: the actors of every passage, without looking for an office first. */
function aliasesOfEveryPassage(passages: Passage[]): Map<string, Set<string>> {
  const aliases = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!aliases.has(a)) aliases.set(a, new Set());
    if (!aliases.has(b)) aliases.set(b, new Set());
    aliases.get(a)!.add(b);
    aliases.get(b)!.add(a);
  };
  for (const p of passages) {
    const actors = readActors(p.text);
    for (let i = 0; i + 1 < actors.length; i++) {
      const between = p.text.slice(actors[i].end, actors[i + 1].start);
      if (actors[i].key.startsWith('person:') && actors[i + 1].key.startsWith('role:') && /^,\s*(?:ILO\s+|UN\s+)?$/.test(between)) link(actors[i].key, actors[i + 1].key);
    }
  }
  return aliases;
}
