import * as assert from 'assert';
import { normaliseExtractedText } from '../../server/src/core/corpus/extractedText';
import { originalRange } from '../../server/src/core/corpus/document';
import { toOriginalOffset } from '../../server/src/core/text/mappedText';
import { seed, SEEDS } from './corpusFixtures';

describe('normaliseExtractedText', () => {
  it('rebuilds a numbered paragraph wrapped over lines with blank lines between them', () => {
    const doc = seed(SEEDS.report2013);
    const p = doc.passages.find((x) => x.number === '1')!;
    assert.strictEqual(p.kind, 'numbered');
    assert.strictEqual(p.text, 'The Tripartite Technical Meeting on Labour Migration was held at the ILO in Geneva from 4 to 8 November 2013.');
    assert.strictEqual(p.heading, 'Introduction');
  });

  it('keeps a paragraph whole across a page break, a footer and an indented continuation', () => {
    const doc = seed(SEEDS.report2013);
    const p59 = doc.passages.find((x) => x.number === '59')!;
    assert.ok(p59.text.endsWith('the beginning of the implementation of the 2004 Ouagadougou Declaration.'), p59.text.slice(-120));
    assert.ok(!/docx/.test(p59.text), 'page footer removed');
    const p60 = doc.passages.find((x) => x.number === '60')!;
    assert.ok(p60.text.startsWith('A Government representative of Panama said that the relevant ILO Conventions provided a good framework'));
    // line 177 of the file starts with a space at a page break but continues paragraph 12's sentence
    const p12 = doc.passages.find((x) => x.number === '12')!;
    assert.ok(p12.text.includes('on the one hand, and ministries of labour, on the other, which undermined policy coherence'), p12.text);
  });

  it('numbers enumerated items after their paragraph: 5(iii)', () => {
    const doc = seed(SEEDS.report2013);
    const item = doc.passages.find((x) => x.number === '5(iii)' && x.kind === 'item')!;
    assert.ok(item, 'item 5(iii)');
    assert.ok(item.text.startsWith('In collaboration with constituents and GMG members and other stakeholders, develop guidance to promote recruitment practices'));
    const office = doc.passages.filter((x) => x.number === '7(vii)');
    assert.ok(office.some((x) => x.text.startsWith('Promote the alignment of national occupational classifications')));
  });

  it('repairs words hyphenated across lines and keeps the hyphen of compounds', () => {
    const doc = seed(SEEDS.talkingPoints);
    const all = doc.passages.map((p) => p.text).join('\n');
    assert.ok(all.includes('positive socio-economic benefits'), 'socio-\\neconomic joined');
    assert.ok(all.includes('non-payment of wages'));
  });

  it('mends a word broken by the extraction (eq uipped) and maps it back', () => {
    const doc = seed(SEEDS.sideEvent2015);
    const p = doc.passages.find((x) => x.text.includes('better equipped to deal with'))!;
    assert.ok(p, 'equipped mended');
    const at = p.text.indexOf('equipped');
    const r = originalRange(p, at, at + 'equipped'.length);
    assert.strictEqual(doc.original.slice(r.start, r.end), 'eq uipped');
    const [b] = normaliseExtractedText('The Meeting was in Geneva as it is every year and so on.');
    assert.strictEqual(b.text.text, 'The Meeting was in Geneva as it is every year and so on.');
  });

  it('separates bullets whose glyph was lost, and headings, in the side event summary', () => {
    const doc = seed(SEEDS.sideEvent2015);
    const bullets = doc.passages.filter((p) => p.kind === 'bullet').map((p) => p.text);
    assert.ok(bullets.includes('Mr Guy Ryder, ILO Director General'));
    assert.ok(bullets.includes('Ms Cecilia Rebong, Ambassador, Permanent Mission of the Philippines to the UN'));
    const headings = doc.passages.filter((p) => p.kind === 'heading').map((p) => p.text);
    assert.ok(headings.includes('Summary of interventions'));
    assert.ok(headings.includes('Ensuring decent work opportunities in countries of destination and origin'), headings.join(' | '));
  });

  it('reads one-paragraph-a-line text (the Governing Body paper) and finds its symbol and date', () => {
    const doc = seed(SEEDS.gb316);
    assert.strictEqual(doc.symbol, 'GB.316/POL/1');
    assert.strictEqual(doc.date, '4 October 2012');
    assert.strictEqual(doc.title, 'Labour migration');
    const p3 = doc.passages.find((x) => x.number === '3')!;
    assert.ok(p3.text.includes('Of these 214 million people, approximately 105 million are economically active'));
  });

  it('maps every passage back to its exact range in the original file', () => {
    for (const name of Object.values(SEEDS)) {
      const doc = seed(name);
      for (const p of doc.passages) {
        const words = p.text.split(' ');
        const first = words[0];
        const r = originalRange(p, 0, first.length);
        assert.strictEqual(doc.original.slice(r.start, r.end), first, `${name}: start of "${p.text.slice(0, 40)}"`);
        const last = words[words.length - 1];
        const lr = originalRange(p, p.text.length - last.length, p.text.length);
        assert.strictEqual(doc.original.slice(lr.start, lr.end), last, `${name}: end of "${p.text.slice(-40)}"`);
      }
    }
  });

  it('maps offsets inside collapsed white space runs', () => {
    const raw = 'Domestic workers are experiencing higher\n\nrates of  violence and harassment.\n';
    const [b] = normaliseExtractedText(raw);
    assert.strictEqual(b.text.text, 'Domestic workers are experiencing higher rates of violence and harassment.');
    const at = b.text.text.indexOf('violence');
    assert.strictEqual(raw.slice(toOriginalOffset(b.text, at), toOriginalOffset(b.text, at) + 8), 'violence');
  });

  it('does not take a number at the start of a wrapped line for a paragraph number', () => {
    const raw = '12. The Meeting noted that in\n\n2013 more than\n\n200 delegates attended. It ended.\n\n13. Next paragraph.\n';
    const blocks = normaliseExtractedText(raw);
    assert.deepStrictEqual(blocks.map((b) => b.number), ['12', '13']);
    assert.strictEqual(blocks[0].text.text, 'The Meeting noted that in 2013 more than 200 delegates attended. It ended.');
  });
});
