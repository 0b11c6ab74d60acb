import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { Corpus } from '../../server/src/core/corpus/corpus';
import { buildDocument, originalRange, sourceName } from '../../server/src/core/corpus/document';
import { MemorySourceStore } from '../../server/src/core/corpus/sourceStore';
import { renderCitation } from '../../server/src/core/instruments/citation';
import { checkDraft } from '../../server/src/core/instruments/draftChecks';
import { MentionIndex } from '../../server/src/core/instruments/mentionIndex';
import { recogniseInstruments } from '../../server/src/core/instruments/recogniser';
import { loadShippedRegistry } from '../../server/src/core/instruments/registry';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describeInstrument } from '../../server/src/features/instruments/hover';
import { analyseDraft, DraftTarget, targetAt } from '../../server/src/features/instruments/instrumentIndex';
import { seed, SEEDS } from './corpusFixtures';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
const registry = loadShippedRegistry();
const allSources = () => Object.values(SEEDS).map(seed);
let sharedIndex: MentionIndex | undefined;
const index = () => (sharedIndex ??= new MentionIndex(registry, allSources()));

/** Mentions as [surface, id] pairs, for compact assertions. */
function found(text: string): [string, string | undefined][] {
  return recogniseInstruments(text, registry).map((m) => [text.slice(m.start, m.end), m.id]);
}

describe('instruments: shipped registry', () => {
  it('holds every Convention, Protocol and Recommendation with a citation and a source', () => {
    const all = registry.all().filter((e) => e.ilo);
    const numbers = (type: string) => new Set(all.filter((e) => e.type === type).map((e) => e.number));
    for (let n = 1; n <= 191; n++) assert.ok(numbers('Convention').has(n), `C${n} missing`);
    for (let n = 1; n <= 206; n++) assert.ok(numbers('Recommendation').has(n), `R${n} missing`);
    assert.ok(numbers('Protocol').has(29), 'P029 missing');
    for (const e of all) {
      assert.ok(e.source && e.source.length > 5, `${e.id} has no source`);
      assert.ok(e.year && e.year >= 1919 && e.year <= 2030, `${e.id} year ${e.year}`);
    }
  });

  it('renders official citations', () => {
    assert.strictEqual(registry.get('C181')!.citation, 'Private Employment Agencies Convention, 1997 (No. 181)');
    assert.strictEqual(registry.get('C097')!.citation, 'Migration for Employment Convention (Revised), 1949 (No. 97)');
    assert.strictEqual(registry.get('R086')!.citation, 'Migration for Employment Recommendation (Revised), 1949 (No. 86)');
    assert.strictEqual(registry.get('P029')!.citation, 'Protocol of 2014 to the Forced Labour Convention, 1930');
    assert.strictEqual(registry.get('GCM')!.citation, 'Global Compact for Safe, Orderly and Regular Migration');
    assert.strictEqual(renderCitation({ type: 'Directive', title: 'Directive (EU) 2019/1152', year: 2019, ilo: false }), 'Directive (EU) 2019/1152');
  });

  it('agrees with the checked seed list', () => {
    const seedList = JSON.parse(readFileSync(path.join(FIXTURES, 'ilo-instruments-seed.json'), 'utf8')) as { id: string; type: string; number: number; title: string; year: number; companion?: string[] }[];
    assert.ok(seedList.length >= 30);
    for (const s of seedList) {
      const e = registry.get(s.id);
      assert.ok(e, `${s.id} missing from the shipped registry`);
      assert.deepStrictEqual([e!.type, e!.number, e!.title, e!.year], [s.type, s.number, s.title, s.year], s.id);
      for (const c of s.companion ?? []) assert.ok(e!.companion.includes(c), `${s.id} companion ${c}`);
    }
  });

  it('agrees with every "Title, YEAR (No. N)" citation in the bundled sources but the one the slides get wrong', () => {
    // an independent, deliberately plain pattern, so a recogniser bug cannot hide a data error
    const CITATION = /((?:[A-Z][\w'’]*|of|for|and|the|on|in|against|\((?:[A-Z][\w'’]* ?)+\))(?: (?:[A-Z][\w'’]*|of|for|and|the|on|in|against|\((?:[A-Z][\w'’]* ?)+\)))*), (\d{4}) \(No\. ?(\d{1,3})\)/g;
    const disagreements: string[] = [];
    let checked = 0;
    for (const doc of allSources()) {
      const flat = doc.original.replace(/\s+/g, ' ');
      for (const m of flat.matchAll(CITATION)) {
        // the words before the official title (`namely the`, `The ILO`) are the sentence's, not the title's
        const type = /Recommendation/.test(m[1]) ? 'Recommendation' : 'Convention';
        const e = registry.ilo(type, Number(m[3]));
        checked++;
        if (!e || e.year !== Number(m[2]) || !m[1].endsWith(e.title)) disagreements.push(`${doc.name}: ${m[0]} (registry: ${e?.citation})`);
      }
    }
    assert.ok(checked >= 15, `only ${checked} citations checked`);
    assert.deepStrictEqual(disagreements, [
      'actrav-itcilo-course-ilo-migration-programme-slides.txt: Migration for Employment (Revised), 1994 (No.97) (registry: Migration for Employment Convention (Revised), 1949 (No. 97))',
    ]);
  });
});

describe('instruments: recogniser', () => {
  it('resolves every number form', () => {
    assert.deepStrictEqual(found('ratify Convention No. 97 now'), [['Convention No. 97', 'C097']]);
    assert.deepStrictEqual(found('ratify Convention No 97 now'), [['Convention No 97', 'C097']]);
    assert.deepStrictEqual(found('ratify Convention 97 now'), [['Convention 97', 'C097']]);
    assert.deepStrictEqual(found('C97, C097 and C.97 alike'), [['C97', 'C097'], ['C097', 'C097'], ['C.97', 'C097']]);
    assert.deepStrictEqual(found('annexed to Recommendation No. 86.'), [['Recommendation No. 86', 'R086']]);
    assert.deepStrictEqual(found('see R86 and its accompanying Recommendation (No. 201)'), [['R86', 'R086'], ['Recommendation (No. 201)', 'R201']]);
    assert.deepStrictEqual(found('P029 is in force'), [['P029', 'P029']]);
  });

  it('gives a list one mention per number', () => {
    assert.deepStrictEqual(found('Conventions Nos 97 and 143 have been poorly ratified.'), [['Conventions Nos 97', 'C097'], ['143', 'C143']]);
    assert.deepStrictEqual(found('consider Conventions Nos 97, 143 and 189.'), [['Conventions Nos 97', 'C097'], ['143', 'C143'], ['189', 'C189']]);
    assert.deepStrictEqual(found('the Recommendations, Nos. 86 and 151, guide'), [['Nos. 86', 'R086'], ['151', 'R151']]);
  });

  it('finds a mention broken across a line break, as in the 2013 report', () => {
    assert.deepStrictEqual(found('had taken Convention\nNo. 181 into consideration'), [['Convention\nNo. 181', 'C181']]);
    const doc = seed(SEEDS.report2013);
    const text = doc.original;
    const at = text.indexOf('Convention \n\nNo. 181');
    assert.ok(at > 0);
    const m = recogniseInstruments(text, registry).find((x) => x.start === at);
    assert.strictEqual(m?.id, 'C181');
  });

  it('reads full titles with or without the year, and Protocol titles', () => {
    assert.deepStrictEqual(found('the Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143) deals'), [['Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143)', 'C143']]);
    assert.deepStrictEqual(found('ratify the Domestic Workers Convention soon'), [['Domestic Workers Convention', 'C189']]);
    assert.deepStrictEqual(found('the Protocol of 2014 to the Forced Labour Convention, 1930 entered'), [['Protocol of 2014 to the Forced Labour Convention, 1930', 'P029']]);
    // namesakes: the year picks the Maternity Protection Convention
    assert.strictEqual(found('the Maternity Protection Convention, 1919 (No. 3)')[0][1], 'C003');
    assert.strictEqual(found('the Maternity Protection Convention, 2000 (No. 183)')[0][1], 'C183');
  });

  it('recognises the other instruments the sources name', () => {
    const text = 'the UN Migrant Workers Convention, the 1944 Declaration of Philadelphia, the 1998 ILO Declaration on Fundamental Principles and Rights at Work, the ILO Multilateral Framework on Labour Migration (MFLM), the Decent Work Agenda and the GCM.';
    assert.deepStrictEqual(found(text).map((x) => x[1]), ['ICRMW', 'PHILADELPHIA', 'FPRW', 'MFLM', 'MFLM', 'DWA', 'GCM']);
  });

  it('leaves prose and other numbers alone', () => {
    assert.deepStrictEqual(found('Decent Work Country Programmes promote decent work for all.'), []);
    assert.deepStrictEqual(found('Provisional Record No. 22, 92nd Session, page P20 of the Convention, 1949'), []);
    assert.deepStrictEqual(found('In 2013, 232 million people migrated; see paragraph 97.'), []);
  });

  it('keeps the parts of a citation it will check', () => {
    const [m] = recogniseInstruments('The Migration for Employment (Revised), 1994 (No.97) matters.', registry);
    assert.strictEqual(m.id, 'C097');
    assert.strictEqual(m.cited.year, 1994);
    assert.strictEqual(m.cited.number, 97);
    assert.strictEqual(m.cited.title, 'Migration for Employment (Revised)');
  });
});

describe('instruments: mentions in the bundled sources', () => {
  it('finds the hand-checked mentions (precision and recall)', () => {
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'instrument-mentions.json'), 'utf8')).mentions as { file: string; line: number; id: string }[];
    const key = (f: string, line: number, id: string) => `${f}:${line}:${id}`;
    const want = new Map<string, number>();
    for (const e of expected) want.set(key(e.file, e.line, e.id), (want.get(key(e.file, e.line, e.id)) ?? 0) + 1);
    let tp = 0;
    let fp = 0;
    const extra: string[] = [];
    for (const [id, mentions] of index().instruments) {
      for (const m of mentions) {
        const line = m.doc.lines.positionAt(originalRange(m.passage, m.start, m.end).start).line + 1;
        const k = key(m.doc.name, line, id);
        if ((want.get(k) ?? 0) > 0) {
          tp++;
          want.set(k, want.get(k)! - 1);
        } else {
          fp++;
          extra.push(k);
        }
      }
    }
    const fn = [...want.values()].reduce((a, b) => a + b, 0);
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`      mention precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (${tp} found, ${fp} extra, ${fn} missed of ${expected.length})`);
    assert.deepStrictEqual(extra, []);
    assert.ok(recall >= 0.95, `recall ${recall}`);
  });

  it('records what the sources state, and the one statement the registry contradicts', () => {
    const forms = index().citedForms.get('C181')!;
    assert.ok(forms.get('Private Employment Agencies Convention, 1997 (No. 181)')! >= 3);
    assert.deepStrictEqual([...index().eachConflict()].map((c) => [c.id, c.field, c.cited, c.registry, c.where.doc.name]), [
      ['C097', 'year', '1994', '1949', SEEDS.slides],
    ]);
  });

  it('ranks full citations from different documents first', () => {
    const best = index().bestMentions('C097', 3);
    assert.strictEqual(best.length, 3);
    assert.strictEqual(best[0].mention.form, 'citation');
    assert.strictEqual(new Set(best.map((b) => b.doc)).size, 3);
  });

  it('ranks every instrument\'s mentions as a stable sort by weight would, reading only what it needs', () => {
    const weight = (m: { mention: { form: string; cited: { year?: number } } }) =>
      (m.mention.form === 'citation' ? 3 : m.mention.form === 'title' ? 2 : 1) + (m.mention.cited.year !== undefined ? 0.5 : 0);
    const naive = (id: string, k: number) => {
      const ranked = [...index().mentionsOf(id)].sort((a, b) => weight(b) - weight(a));
      const out: typeof ranked = [];
      const seen = new Set<unknown>();
      const seenSources = new Set<string>();
      for (const pass of [0, 1, 2]) {
        for (const m of ranked) {
          if (out.length >= k) return out;
          if (out.some((o) => o.doc === m.doc && o.passage === m.passage && o.sentence.start === m.sentence.start)) continue;
          if (pass === 0 && seenSources.has(sourceName(m.doc))) continue;
          if (pass === 1 && seen.has(m.doc)) continue;
          seen.add(m.doc);
          seenSources.add(sourceName(m.doc));
          out.push(m);
        }
      }
      return out;
    };
    const where = (ms: { doc: { name: string }; passage: { id: number }; start: number }[]) => ms.map((m) => `${m.doc.name}:${m.passage.id}:${m.start}`);
    let compared = 0;
    for (const id of index().instruments.keys()) {
      for (const k of [1, 3, 7]) assert.deepStrictEqual(where(index().bestMentions(id, k)), where(naive(id, k)), `${id} ${k}`);
      compared++;
    }
    assert.ok(compared > 20);
  });

  it('names one edition of a report among the best mentions and the definitions, then other sources', () => {
    // three editions of one report (one symbol) cite the Convention in full; a note cites it by number
    const edition = (year: number) => buildDocument(`/c/report-${year}.txt`, `report-${year}.txt`,
      `GB.316/POL/1\n\nLabour migration\n\n1. The Migration for Employment Convention (Revised), 1949 (No. 97), applies to migrant workers; the International Organization for Migration (IOM) reported on it in ${year}.\n`);
    const note = buildDocument('/c/note.txt', 'note.txt', 'Briefing note\n\n1. Convention No. 97 was discussed with the International Organization for Migration (IOM) at the meeting.\n');
    const editions = new MentionIndex(registry, [edition(2011), edition(2012), edition(2013), note]);
    assert.deepStrictEqual(editions.bestMentions('C097', 2).map((m) => m.doc.name), ['report-2011.txt', 'note.txt']);
    assert.deepStrictEqual(editions.bestMentions('C097', 3).map((m) => m.doc.name), ['report-2011.txt', 'note.txt', 'report-2012.txt']);
    assert.deepStrictEqual(editions.abbreviationDefinitions.fromDistinctSources('IOM', 2).map((d) => d.doc.name), ['report-2011.txt', 'note.txt']);
    assert.strictEqual(editions.abbreviationDefinitions.get('IOM')!.length, 4);
  });

  it('ranks every instrument\'s best mentions in idle time as a first hover would', () => {
    const prepared = new MentionIndex(registry, allSources());
    let slices = 0;
    while (!prepared.groupNext()) slices++;
    assert.ok(slices > [...prepared.instruments.keys()].length, `${slices} slices`);
    const where = (ms: { doc: { name: string }; passage: { id: number }; start: number }[]) => ms.map((m) => `${m.doc.name}:${m.passage.id}:${m.start}`);
    for (const id of prepared.instruments.keys()) {
      for (const k of [2, 3, 1]) assert.deepStrictEqual(where(prepared.bestMentions(id, k)), where(index().bestMentions(id, k)), `${id} ${k}`);
    }
  });

  it('finds document symbols and the document they name', () => {
    assert.ok(index().symbols.get('GB.303/PFA/3/5')!.length >= 1);
    assert.ok(index().symbols.get('A/68/190')!.length >= 1);
    assert.strictEqual(index().documentFor('GB.316/POL/1')!.title, 'Labour migration');
    assert.strictEqual(index().documentFor('GB.316/POL/1')!.date, '4 October 2012');
  });
});

describe('instruments: draft checks', () => {
  const codes = (text: string) => checkDraft(text, index()).map((f) => [f.code, text.slice(f.start, f.end)]);

  it('flags a wrong year and rewrites the citation', () => {
    const text = 'The Migration for Employment Convention (Revised), 1994 (No. 97) should be ratified.';
    const [f] = checkDraft(text, index());
    assert.strictEqual(f.code, 'instrument-mismatch');
    assert.match(f.message, /year is 1949, not 1994/);
    const e = f.fix!.edits[0];
    assert.strictEqual(text.slice(0, e.start) + e.newText + text.slice(e.end), 'The Migration for Employment Convention (Revised), 1949 (No. 97) should be ratified.');
    assert.ok(f.evidence.length > 0, 'evidence from the sources');
  });

  it('flags the slides\' paraphrased citation with its wrong year', () => {
    const text = 'Migration for Employment (Revised), 1994 (No.97)';
    const [f] = checkDraft(text, index());
    assert.strictEqual(f.code, 'instrument-mismatch');
    assert.strictEqual(f.fix!.edits[0].newText, 'Migration for Employment Convention (Revised), 1949 (No. 97)');
  });

  it('flags a number that contradicts the title and year', () => {
    const [f] = checkDraft('The Domestic Workers Convention, 2011 (No. 181) protects them.', index());
    assert.strictEqual(f.code, 'instrument-mismatch');
    assert.strictEqual(f.subject, 'C189');
    assert.strictEqual(f.fix!.edits[0].newText, 'Domestic Workers Convention, 2011 (No. 189)');
  });

  it('flags a title that names another instrument', () => {
    const [f] = checkDraft('the Private Employment Agencies Recommendation, 1997 (No. 181)', index());
    assert.strictEqual(f?.code, 'instrument-mismatch');
  });

  it('flags numbers that do not exist', () => {
    assert.deepStrictEqual(codes('States should ratify Convention No. 400.'), [['unknown-instrument', 'Convention No. 400']]);
    assert.deepStrictEqual(codes('Conventions Nos 97 and 250 apply.'), [['unknown-instrument', '250']]);
    assert.deepStrictEqual(codes('See C400.'), [['unknown-instrument', 'C400']]);
    // the message gives the numbers there are, from the registry
    const conventions = index().registry.all().filter((e) => e.ilo && e.type === 'Convention').map((e) => e.number!);
    const [f] = checkDraft('States should ratify Convention No. 400.', index());
    assert.strictEqual(f.message, `There is no ILO Convention No. 400: the Conventions run from No. ${Math.min(...conventions)} to No. ${Math.max(...conventions)}.`);
  });

  it('accepts every correct citation the sources make', () => {
    for (const doc of allSources()) {
      if (doc.name === SEEDS.slides) continue;
      for (const p of doc.passages) {
        const wrong = checkDraft(p.text, index()).filter((f) => f.code !== 'undefined-abbreviation');
        assert.deepStrictEqual(wrong.map((f) => f.message), [], `${doc.name}: ${p.text.slice(0, 80)}`);
      }
    }
  });

  it('asks for an abbreviation to be spelled out at its first use, once', () => {
    const text = 'The IOM is a member of the GMG. The IOM agreed.';
    const fs = checkDraft(text, index());
    assert.deepStrictEqual(fs.map((f) => [f.code, text.slice(f.start, f.end)]), [['undefined-abbreviation', 'IOM'], ['undefined-abbreviation', 'GMG']]);
    const e = fs[0].fix!.edits[0];
    assert.strictEqual(text.slice(0, e.start) + e.newText + text.slice(e.end, 31), 'The International Organization for Migration (IOM) is a member of the GMG.');
  });

  it('accepts an abbreviation the draft defines before using', () => {
    assert.deepStrictEqual(codes('The Global Migration Group (GMG) met. The GMG agreed.'), []);
    assert.deepStrictEqual(codes('The GMG met. The Global Migration Group (GMG) agreed.'), [['undefined-abbreviation', 'GMG']]);
  });
});

describe('instruments: the mention under the cursor', () => {
  it('is found at every offset as among all mentions, inside one first and then just after one', () => {
    const text = [
      'The ILO (International Labour Organization) recalled the Migration for Employment Convention (Revised), 1949 (No. 97), C.143 and GB.316/POL/1.',
      '',
      'The ILO, the GFMD and the UNHCR met; ILO experts cited Conventions Nos 97, 143 and 189 (GB.316/POL/1).',
    ].join('\n');
    const analysis = analyseDraft(TextDocument.create('file:///t/targets.md', 'markdown', 1, text), index());
    assert.ok(analysis.instruments.length >= 4 && analysis.symbols.length >= 2 && analysis.abbreviations.length >= 3);
    // the definition: every mention as a target, in this order
    const all: DraftTarget[] = [
      ...analysis.instruments.map((m) => ({ kind: 'instrument' as const, start: m.start, end: m.end, mention: m })),
      ...analysis.symbols.map((s) => ({ kind: 'symbol' as const, start: s.start, end: s.end, symbol: s.symbol })),
      ...analysis.abbreviations.map((a) => ({ kind: 'abbreviation' as const, start: a.start, end: a.end, abbr: a.abbr })),
    ];
    let found = 0;
    for (let offset = 0; offset <= text.length; offset++) {
      const expected = all.find((t) => offset >= t.start && offset < t.end) ?? all.find((t) => offset === t.end);
      assert.deepStrictEqual(targetAt(analysis, offset), expected, `offset ${offset}`);
      if (expected) found++;
    }
    assert.ok(found > 100, `${found} offsets on a mention`);
  });
});

describe('instruments: hovers over a large corpus', () => {
  it('name a few documents and conflicting citations, and count the rest', async () => {
    const files = new Map<string, string>();
    for (let i = 0; i < 14; i++) {
      files.set(`/many/report-${String(i).padStart(2, '0')}.txt`, `Report ${i}\n\n1. States should ratify the Migration for Employment Convention (Revised), 1994 (No. 97), as the Office recommends.\n`);
    }
    const corpus = await Corpus.load(['/many'], new MemorySourceStore(files));
    const many = new MentionIndex(registry, corpus.documents);
    assert.strictEqual(many.mentionCount('C097'), 14);
    assert.strictEqual(many.conflictCountOf('C097'), 14);
    const hover = describeInstrument(registry.get('C097')!, many);
    assert.match(hover, /\*\*In the sources:\*\* 14 mentions in 14 documents \([^)]*; … and 4 more\)/);
    assert.strictEqual((hover.match(/^⚠ \[/gm) ?? []).length, 5, hover);
    assert.match(hover, /^⚠ … and 9 more citations in the sources that differ from the registry\.$/m);
    // a small corpus is shown whole
    const small = describeInstrument(registry.get('C097')!, index());
    assert.doesNotMatch(small, /… and \d+ more/);
    assert.strictEqual((small.match(/^⚠ \[/gm) ?? []).length, 1);
  });
});
