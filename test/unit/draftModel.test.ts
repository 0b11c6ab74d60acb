import * as assert from 'assert';
import { segmentDraft, sentenceAt } from '../../server/src/core/draft/draftModel';

describe('segmentDraft', () => {
  const draft = [
    '# Draft conclusions',
    '',
    '1. The Meeting held six sittings. It adopted conclusions.',
    '',
    'The Office should:',
    '(i) Assist governments, upon their request;',
    '(ii) Promote social dialogue.',
    '',
    '- A bullet that wraps',
    '  onto a second line.',
  ].join('\n');
  const s = segmentDraft(draft);

  it('finds headings, sentences and their markers', () => {
    assert.deepStrictEqual(s.map((x) => [x.kind, x.text.replace(/\s+/g, ' '), x.marker ?? '']), [
      ['heading', 'Draft conclusions', ''],
      ['sentence', 'The Meeting held six sittings.', '1'],
      ['sentence', 'It adopted conclusions.', '1'],
      ['sentence', 'The Office should:', ''],
      ['sentence', 'Assist governments, upon their request;', '(i)'],
      ['sentence', 'Promote social dialogue.', '(ii)'],
      ['sentence', 'A bullet that wraps onto a second line.', ''],
    ]);
  });

  it('keeps exact offsets', () => {
    for (const x of s) assert.strictEqual(draft.slice(x.start, x.end), x.text);
    assert.strictEqual(sentenceAt(s, draft.indexOf('six'))!.text, 'The Meeting held six sittings.');
  });
});
