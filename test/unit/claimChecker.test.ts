import * as assert from 'assert';
import { ClaimChecker } from '../../server/src/core/claims/claimChecker';
import { isClaim } from '../../server/src/core/claims/claimDetection';
import { checkDraft, coverageOf } from '../../server/src/core/claims/draftCheck';
import { bundledCorpus } from './claimFixtures';

describe('claim detection', () => {
  it('skips procedure and exhortation without content', () => {
    for (const s of ['The Office should:', 'Adopts the following conclusions:', 'The Meeting may wish to consider the following points.', 'Further consultations will be held with the groups.', 'What are the key challenges?']) {
      assert.strictEqual(isClaim(s), false, s);
    }
  });
  it('keeps statements of fact, position and number', () => {
    for (const s of ['The Meeting held six sittings.', 'The Employers regretted that the HLD had not included a tripartite delegation.', 'All ILO standards apply to migrant workers unless specified otherwise.']) {
      assert.strictEqual(isClaim(s), true, s);
    }
  });
});

describe('ClaimChecker against the bundled corpus', function () {
  this.timeout(20000);
  let checker: ClaimChecker;
  before(async () => {
    checker = new ClaimChecker(await bundledCorpus());
  });
  const check = (s: string) => checker.check(s)!;

  it('supports a verbatim sentence and names its passage', () => {
    const f = check('The Tripartite Technical Meeting on Labour Migration was held at the ILO in Geneva from 4 to 8 November 2013.');
    assert.strictEqual(f.verdict, 'supported');
    assert.strictEqual(f.evidence[0].passage.number, '1');
  });

  it('supports paraphrases that reorder clauses and change inflection', () => {
    for (const s of [
      'Mr Paulo Sergio de Almeida, independent representative of the Government of Brazil, was elected to chair the Meeting.',
      'The Worker spokesperson recalled the October 2013 tragedy in which migrants died off the shores of Lampedusa.',
      'Approximately 105 million of the 214 million international migrants are economically active.',
    ]) assert.strictEqual(check(s).verdict, 'supported', s);
  });

  it('names a changed number with both values', () => {
    const f = check('The Meeting held eight sittings.');
    assert.strictEqual(f.code, 'number-mismatch');
    assert.strictEqual(f.conflict!.claimValue, 'eight');
    assert.strictEqual(f.conflict!.sourceValue, 'six');
    assert.match(f.message, /Source says “six” \(TTMLM-R-\[MIGRA-140213-1\], para\. 8\); draft says “eight”/);
  });

  it('pairs a changed figure with the figure of the same unit', () => {
    const f = check('Approximately 150 million of the 214 million international migrants are economically active.');
    assert.strictEqual(f.code, 'number-mismatch');
    assert.strictEqual(f.conflict!.sourceValue, '105 million');
  });

  it('names a changed month and a changed year', () => {
    const f = check('The Tripartite Technical Meeting on Labour Migration was held at the ILO in Geneva from 4 to 8 October 2013.');
    assert.strictEqual(f.code, 'date-mismatch');
    assert.strictEqual(f.conflict!.sourceValue, '4 to 8 November 2013');
    assert.strictEqual(check('If UNDP estimates are right, between 25 million and 1 billion people will be displaced by 2030.').code, 'date-mismatch');
  });

  it('names the wrong speaker', () => {
    const f = check('The Worker spokesperson regretted that the HLD had not included a tripartite delegation.');
    assert.strictEqual(f.code, 'attribution-mismatch');
    assert.strictEqual(f.conflict!.sourceValue, 'Employers');
    assert.strictEqual(check('Ambassador Sørensen said that the Philippines would like to contribute to the process as a knowledge resource.').code, 'attribution-mismatch');
  });

  it('names a flipped negation and a flipped stance', () => {
    assert.strictEqual(check('Some ILO standards do not apply to migrant workers in an irregular situation.').verdict !== 'supported', true);
    const stance = check('The Workers welcomed the increased focus on temporary or circular migration schemes as a response to structural labour shortages.');
    assert.strictEqual(stance.code, 'negation-mismatch');
    assert.strictEqual(stance.conflict!.sourceValue, 'concerned');
    assert.strictEqual(check('The ILO Multilateral Framework on Labour Migration was adopted as a binding instrument in 2006.').code, 'negation-mismatch');
    assert.strictEqual(check('The Director-General stressed that the problem of labour mobility cannot be solved by closing borders.').verdict, 'supported');
  });

  it('names a changed code such as a classification edition', () => {
    const f = check('The Office should promote the alignment of national occupational classifications, taking into account ISCO-88.');
    assert.strictEqual(f.code, 'instrument-mismatch');
    assert.strictEqual(f.conflict!.sourceValue, 'ISCO-08');
  });

  it('flags a swapped qualifier (high-skilled for low-skilled)', () => {
    const f = check('The EU Blue Card system for low-skilled workers would be the subject of an online public hearing.');
    assert.notStrictEqual(f.verdict, 'supported');
    assert.strictEqual(f.conflict!.sourceValue, 'high');
  });

  it('finds no support for an invented claim', () => {
    const f = check('The Meeting recommended that the ILO open a regional office for labour migration in the Gulf.');
    assert.strictEqual(f.verdict, 'unsupported');
    assert.strictEqual(f.code, 'unsupported-claim');
    assert.ok(f.evidence.length > 0, 'still shows the closest passage');
  });

  it('checks a draft and counts its coverage', () => {
    const draft = '# Notes\n\nThe Office should:\n\nThe Meeting held six sittings.\n\nThe Meeting held eight sittings.\n\nThe ILO will open an office in the Gulf next year.\n';
    const claims = checkDraft(draft, checker);
    assert.deepStrictEqual(coverageOf(claims), { claims: 3, supported: 1, mismatched: 1, unsupported: 1 });
    assert.strictEqual(draft.slice(claims[1].sentence.start, claims[1].sentence.end), 'The Meeting held eight sittings.');
  });

  it('reads nothing of the corpus until a claim is checked', async () => {
    const corpus = await bundledCorpus();
    const untouched = new Proxy(corpus, {
      get: (target, key) => {
        if (key === 'passages' || key === 'documents') throw new Error(`read corpus.${key}`);
        return Reflect.get(target, key);
      },
    });
    assert.doesNotThrow(() => new ClaimChecker(untouched));
  });

  it('answers a long sentence with a note rather than a slow check', () => {
    const f = check('The Meeting noted ' + 'that labour migration mattered and '.repeat(80) + 'ended.');
    assert.match(f.message, /too long to check/);
  });
});

describe('verbatim quotes', function () {
  this.timeout(60000);
  it('every sentence of the bundled sources, quoted as a claim, is supported', async () => {
    const corpus = await bundledCorpus();
    const checker = new ClaimChecker(corpus);
    const flagged: string[] = [];
    let claims = 0;
    for (const p of corpus.allPassages()) {
      if (p.kind === 'heading') continue;
      for (const s of p.sentences) {
        const f = checker.check(p.text.slice(s.start, s.end));
        if (!f) continue;
        claims++;
        if (f.verdict !== 'supported') flagged.push(`${f.code}: ${p.text.slice(s.start, s.end)}`);
      }
    }
    assert.ok(claims > 1000, `${claims} claims`);
    assert.deepStrictEqual(flagged, []);
  });
});

describe('checkDraft on a very large draft', function () {
  this.timeout(30000);
  it('stops at its time budget and gets further on the next pass', async () => {
    const { bundledCorpus } = await import('./claimFixtures');
    const checker = new ClaimChecker(await bundledCorpus());
    const sentences = Array.from({ length: 400 }, (_, i) => `The Meeting held ${i + 2} sittings on labour migration in room ${i}.`);
    const draft = sentences.join('\n\n');
    const first = checkDraft(draft, checker, undefined, 30);
    assert.ok(first.stoppedAt, 'stopped early');
    const second = checkDraft(draft, checker, undefined, 30);
    assert.ok(second.length > first.length, `${second.length} > ${first.length}`);
    const all = checkDraft(draft, checker);
    assert.strictEqual(all.stoppedAt, undefined);
    assert.strictEqual(all.length, 400);
  });
});

describe('evidence of a finding', () => {
  // three editions of one paper (one symbol) repeat its paragraph with small changes; another
  // paper says something close in its own words
  const edition = (figure: string, year: number) =>
    `GB.316/POL/1\n\nReport on labour migration\n\n1. The Office trained ${figure} labour inspectors in the recruitment regions of Asia and Africa during ${year}, with the support of the social partners.\n`;
  const files = new Map<string, string>([
    ['/corpus/a.txt', edition('forty', 2011)],
    ['/corpus/b.txt', edition('forty-two', 2012)],
    ['/corpus/c.txt', edition('forty-one', 2013)],
    ['/corpus/d.txt', 'GB.320/INS/5\n\nBriefing note\n\n1. Labour inspectors in the recruitment regions of Asia and Africa were trained by the Office with the social partners.\n'],
  ]);
  it('names each statement once, not its copies in other editions of the same source', async () => {
    const { Corpus } = await import('../../server/src/core/corpus/corpus');
    const { MemorySourceStore } = await import('../../server/src/core/corpus/sourceStore');
    const corpus = await Corpus.load(['/corpus'], new MemorySourceStore(files));
    const f = new ClaimChecker(corpus).check('The Office trained ninety labour inspectors in the recruitment regions of Asia and Africa, with the support of the social partners.')!;
    assert.strictEqual(f.code, 'number-mismatch');
    const sources = f.evidence.map((e) => e.passage.doc.symbol);
    assert.strictEqual(sources.filter((s) => s === 'GB.316/POL/1').length, 1, sources.join(', '));
    assert.ok(sources.includes('GB.320/INS/5'), `the other paper's passage is shown: ${sources.join(', ')}`);
  });
  it('shows the closest sources of a sentence each statement once', async () => {
    const { Corpus } = await import('../../server/src/core/corpus/corpus');
    const { MemorySourceStore } = await import('../../server/src/core/corpus/sourceStore');
    const { findEvidence } = await import('../../server/src/core/claims/evidence');
    const corpus = await Corpus.load(['/corpus'], new MemorySourceStore(files));
    const shown = findEvidence(corpus, 'The Office trained labour inspectors in the recruitment regions of Asia and Africa during 2012, with the support of the social partners.', 3);
    assert.deepStrictEqual(shown.map((e) => e.passage.doc.symbol).sort(), ['GB.316/POL/1', 'GB.320/INS/5']);
  });

  it('names two places of one document however alike', async () => {
    const { Corpus } = await import('../../server/src/core/corpus/corpus');
    const { MemorySourceStore } = await import('../../server/src/core/corpus/sourceStore');
    const text = 'GB.316/POL/1\n\nReport\n\n1. The Office trained forty labour inspectors in Asia with the social partners.\n\n2. The Office trained forty labour inspectors in Africa with the social partners.\n';
    const corpus = await Corpus.load(['/corpus'], new MemorySourceStore(new Map([['/corpus/a.txt', text]])));
    const f = new ClaimChecker(corpus).check('The Office trained ninety labour inspectors in Asia and Africa with the social partners.')!;
    assert.strictEqual(new Set(f.evidence.map((e) => e.passage.number)).size, 2, f.evidence.map((e) => e.passage.number).join(', '));
  });
});
