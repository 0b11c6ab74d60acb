import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { classifyItem, outlineDraft, OutlineNode } from '../../server/src/core/draft/draftOutline';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const tree = (n: OutlineNode): any => (n.children.length ? { [n.name]: n.children.map(tree) } : n.name);

describe('outlineDraft', () => {
  it('outlines the example draft: its headings and the Office’s enumerated items', () => {
    const text = readFileSync(path.join(ROOT, 'examples', 'draft-conclusions.md'), 'utf8');
    const { symbols } = outlineDraft(text);
    assert.deepStrictEqual(symbols.map(tree), [{
      'Draft conclusions: follow-up to the Tripartite Technical Meeting on Labour Migration': [{
        'The Office should:': [
          '(i) In line with ILC resolutions, invite member States to…',
          '(ii) Upon the request of governments, help build their capacity…',
        ],
      }],
    }]);
    const office = symbols[0].children[0];
    assert.strictEqual(text.slice(office.selectionStart, office.selectionEnd), 'The Office should:');
    // the section runs to the end of the draft's last sentence
    assert.ok(text.slice(office.start, office.end).endsWith('labour migration in the Gulf.'));
  });

  it('nests lettered items in a roman list and numbered paragraphs under headings', () => {
    const text = [
      '## Follow-up',
      '1. Labour migration is a priority',
      '   for the Office.',
      '',
      '2. The Office should:',
      '(i) help build capacity:',
      '  (a) analysis;',
      '  (b) assessment;',
      '(ii) improve outreach.',
    ].join('\n');
    const { symbols, folds } = outlineDraft(text);
    assert.deepStrictEqual(symbols.map(tree), [{
      'Follow-up': [
        '1. Labour migration is a priority',
        { '2. The Office should:': [{ '(i) help build capacity:': ['(a) analysis;', '(b) assessment;'] }, '(ii) improve outreach.'] },
      ],
    }]);
    assert.deepStrictEqual(folds.map((f) => [f.startLine, f.endLine, f.kind]), [
      [0, 8, 'section'], [1, 2, 'paragraph'], [4, 8, 'paragraph'], [5, 8, 'list'], [6, 7, 'list'],
    ]);
  });

  it('reads (i) after (h) as a letter, and ignores structure inside code fences', () => {
    const text = ['3. The Governing Body should:', ...'abcdefghij'.split('').map((c) => `(${c}) item ${c};`), '```', '# not a heading', '```'].join('\n');
    const { symbols } = outlineDraft(text);
    assert.strictEqual(symbols.length, 1);
    assert.deepStrictEqual(symbols[0].children.map((c) => c.marker), ['(a)', '(b)', '(c)', '(d)', '(e)', '(f)', '(g)', '(h)', '(i)', '(j)']);
  });

  it('cuts long names at a word and keeps CRLF drafts on the right offsets', () => {
    const text = '# Title\r\n\r\n12. The Meeting recommended that the ILO open a regional office for labour migration in the Gulf.\r\n';
    const { symbols } = outlineDraft(text);
    const para = symbols[0].children[0];
    assert.strictEqual(para.name, '12. The Meeting recommended that the ILO open a regional office…');
    assert.strictEqual(text.slice(para.selectionStart, para.selectionEnd), '12.');
    assert.ok(text.slice(para.start, para.end).endsWith('Gulf.'));
  });

  it('returns nothing for an empty draft', () => {
    assert.deepStrictEqual(outlineDraft(''), { symbols: [], folds: [] });
  });
});

describe('classifyItem', () => {
  it('tells roman numerals from letters by what the list holds so far', () => {
    assert.deepStrictEqual(classifyItem('i', []), { style: 'roman', value: 1 });
    assert.deepStrictEqual(classifyItem('v', [{ style: 'roman', value: 4 }]), { style: 'roman', value: 5 });
    assert.deepStrictEqual(classifyItem('i', [{ style: 'alpha', value: 8 }]), { style: 'alpha', value: 9 });
    assert.deepStrictEqual(classifyItem('c', [{ style: 'roman', value: 2 }]), { style: 'alpha', value: 3 });
    assert.deepStrictEqual(classifyItem('a', []), { style: 'alpha', value: 1 });
    assert.deepStrictEqual(classifyItem('12', []), { style: 'arabic', value: 12 });
  });
});
