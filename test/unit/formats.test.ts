import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { buildDocument, originalRange, passageLabel, SourceDocument } from '../../server/src/core/corpus/document';
import { extractSource, ExtractLimits } from '../../server/src/core/corpus/formats/extractSource';
import { loadPdfJs } from '../../server/src/core/corpus/formats/pdfjsRuntime';
import { passageLink } from '../../server/src/positions';
import { pathToFileURL } from 'url';
import { seed, SEEDS } from './corpusFixtures';

// made by scripts/make-fixtures.sh from corpus/2012-gb316-pol1-labour-migration.txt
export const FORMATS_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats');

async function extracted(name: string, limits: Partial<ExtractLimits> = {}): Promise<SourceDocument> {
  const file = path.join(FORMATS_DIR, name);
  const r = await extractSource({ path: file }, readFileSync(file), limits);
  if (!r.ok) throw new Error(`${name}: ${r.reason}`);
  return buildDocument(file, name, r.text, r);
}

const shape = (d: SourceDocument) => d.passages.map((p) => ({ kind: p.kind, number: p.number, heading: p.heading, text: p.text }));

describe('source formats: the same passages from every format', function () {
  this.timeout(20000);
  const expected = shape(seed(SEEDS.gb316));

  for (const name of ['gb316.md', 'gb316.html', 'gb316.docx', 'gb316.pdf']) {
    it(`${name} yields the passages of the text it was made from`, async () => {
      const doc = await extracted(name);
      assert.strictEqual(doc.passages.length, expected.length);
      assert.deepStrictEqual(shape(doc), expected);
    });
  }
});

describe('source formats: PDF', function () {
  this.timeout(20000);
  let gb: SourceDocument;
  before(async () => {
    gb = await extracted('gb316.pdf');
  });

  it('gives every passage the page it starts on, as pdf.js reads that page', async () => {
    const pdfjs = await loadPdfJs();
    const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(path.join(FORMATS_DIR, 'gb316.pdf'))), verbosity: 0, isEvalSupported: false });
    const pdf = await task.promise;
    const pageText: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const c = await (await pdf.getPage(n)).getTextContent();
      pageText.push(c.items.map((i) => i.str ?? '').join('').replace(/\s+/g, ''));
    }
    await task.destroy();
    assert.ok(pdf.numPages >= 5, `pages: ${pdf.numPages}`);
    const pages = new Set<number>();
    for (const p of gb.passages) {
      assert.ok(p.page && p.page >= 1 && p.page <= pdf.numPages, `page of ${p.text.slice(0, 40)}`);
      const opening = p.text.split(/\s+/).slice(0, 6).join('').replace(/\s+/g, '');
      assert.ok(pageText[p.page - 1].includes(opening), `"${p.text.slice(0, 60)}" is not on page ${p.page}`);
      pages.add(p.page);
    }
    assert.strictEqual(pages.size, pdf.numPages, 'passages on every page');
    assert.strictEqual(gb.pageStarts?.length, pdf.numPages);
  });

  it('labels a passage without a paragraph number by its page', async () => {
    const footnote = gb.passages.find((p) => p.text.startsWith('⁶ The World Bank'))!;
    assert.match(passageLabel(footnote), /^GB\.316\/POL\/1, p\. \d+$/);
    assert.strictEqual(passageLabel(gb.passages.find((p) => p.number === '19')!), 'GB.316/POL/1, para. 19');
  });

  it('links a PDF passage to its page, for a PDF viewer', () => {
    const p19 = gb.passages.find((p) => p.number === '19')!;
    assert.strictEqual(passageLink(p19), `${pathToFileURL(gb.path).href}#page=${p19.page}`);
  });

  it('drops the running header and the page numbers', () => {
    const text = gb.original;
    assert.strictEqual(text.split('GB.316/POL/1').length - 1, 1, 'the symbol only where the body has it');
    assert.ok(!/^\d+$/m.test(text), 'no line is a lone page number');
  });

  it('keeps a paragraph whole across a page break, and starts the page at its first word', () => {
    const p4 = gb.passages.find((p) => p.number === '4')!;
    const pageStart = gb.pageStarts![3];
    assert.ok(pageStart > p4.start && pageStart < p4.end, 'paragraph 4 runs onto page 4');
    assert.strictEqual(p4.page, 3);
    assert.ok(p4.text.includes('more vulnerable to abuse and exploitation. The persistence of irregular migration'), p4.text);
    assert.ok(gb.original.slice(pageStart).startsWith('persistence of irregular migration'), 'page 4 starts where its text starts');
  });

  it('maps each passage back to its range of the extracted text', () => {
    for (const p of gb.passages) {
      const r = originalRange(p);
      assert.strictEqual(gb.original.slice(r.start, r.end).replace(/\s+/g, ' '), p.text);
    }
  });

  it('reads two columns in order and repairs words hyphenated at line ends', async () => {
    const expected = JSON.parse(readFileSync(path.join(FORMATS_DIR, 'layout.expected.json'), 'utf8'));
    const doc = await extracted('layout.pdf');
    assert.deepStrictEqual(
      doc.passages.map((p) => p.text),
      [expected.title, ...expected.left, ...expected.right, expected.closing, ...expected.page2],
    );
    assert.deepStrictEqual(doc.passages.map((p) => p.page), [1, 1, 1, 1, 1, 1, 2, 2]);
    assert.ok(!doc.original.includes('Layout test report'), 'running header dropped');
  });

  it('reports a password-protected PDF', async () => {
    const file = path.join(FORMATS_DIR, 'encrypted.pdf');
    const r = await extractSource({ path: file }, readFileSync(file));
    assert.deepStrictEqual(r, { ok: false, reason: 'the PDF is password-protected; save a copy without a password' });
  });
});

describe('source formats: Word', () => {
  it('keeps headings, numbers auto-numbered lists as Word shows them and keeps bullets', async () => {
    const doc = await extracted('word.docx');
    assert.deepStrictEqual(
      doc.passages.map((p) => [p.kind, p.number ?? '', p.text]),
      [
        ['heading', '', 'Draft conclusions on labour migration'],
        ['paragraph', '', 'The Meeting recalled the ILO Multilateral Framework on Labour Migration.'],
        ['heading', '', 'Priorities for the Office'],
        ['numbered', '1', 'Promote fair recruitment through the General principles and operational guidelines.'],
        ['numbered', '2', 'Strengthen labour market information systems.'],
        ['numbered', '3', 'Support social dialogue on migration policy.'],
        ['bullet', '', 'Governments should ratify Convention No. 97.'],
        ['bullet', '', 'Employers should not charge recruitment fees to workers.'],
        ['paragraph', '', 'The Office will report annually to the Governing Body.'],
      ],
    );
    assert.ok(!doc.original.includes('legal adviser'), 'comments left out');
  });

  it('reads tracked changes accepted, and comments, only when asked', async () => {
    const doc = await extracted('word.docx', { includeTrackedChanges: true, includeComments: true });
    const texts = doc.passages.map((p) => p.text);
    assert.ok(texts.includes('The Office will report every two years to the Governing Body.'), texts.join('\n'));
    assert.ok(texts.includes('Comment by Reviewer: Check the reporting cycle with the legal adviser.'), texts.join('\n'));
  });
});

describe('source formats: HTML and Markdown', () => {
  it('HTML: leaves out scripts, styles, navigation and the page footer, and decodes entities', async () => {
    const doc = await extracted('gb316.html');
    assert.ok(!/analytics|Home|Governing Body >|©/.test(doc.original), doc.original.slice(0, 300));
    const html = Buffer.from('<ol start="3"><li><p>Fees &amp; costs are &ldquo;paid by employers&rdquo;.</p></li><li>Next item.</li></ol><h3>Annex</h3><p>Text<br>after a break.</p>');
    const r = await extractSource({ path: 'x.html' }, html);
    assert.ok(r.ok);
    const d = buildDocument('x.html', 'x.html', r.text, r);
    assert.deepStrictEqual(
      d.passages.map((p) => [p.kind, p.number ?? '', p.text]),
      [['numbered', '3', 'Fees & costs are “paid by employers”.'], ['numbered', '4', 'Next item.'], ['heading', '', 'Annex'], ['paragraph', '', 'Text after a break.']],
    );
  });

  it('Markdown: a blank line ends a paragraph, however long the paragraph', async () => {
    const long = 'The Meeting discussed the recruitment of migrant workers and the costs they pay, '.repeat(3).trim() + '.';
    const md = `# Notes\n\n${long}\n\nThe Office will report to the Governing Body.\n\n- a first point\n- A second point\n`;
    const r = await extractSource({ path: 'notes.md' }, Buffer.from(md));
    assert.ok(r.ok);
    const d = buildDocument('notes.md', 'notes.md', r.text, r);
    assert.deepStrictEqual(
      d.passages.map((p) => [p.kind, p.text]),
      [['heading', 'Notes'], ['paragraph', long], ['paragraph', 'The Office will report to the Governing Body.'], ['bullet', 'a first point'], ['bullet', 'A second point']],
    );
  });
});
