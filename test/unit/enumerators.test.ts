import * as assert from 'assert';
import { findLists, fromRoman, listAt, nextItemEnumerator, nextParagraphNumber, renumberEdits, toRoman } from '../../server/src/core/phrases/enumerators';

function apply(text: string, edits: { start: number; end: number; newText: string }[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

describe('enumerators', () => {
  it('converts roman numerals both ways', () => {
    assert.deepStrictEqual([1, 4, 9, 10, 14, 40].map(toRoman), ['i', 'iv', 'ix', 'x', 'xiv', 'xl']);
    assert.strictEqual(fromRoman('viii'), 8);
    assert.strictEqual(fromRoman('iiii'), undefined);
  });

  const draft = '5. With a view to increasing protection, the Office should:\n\n(i) In line with ILC resolutions, invite member States;\n\n(ii) Work with governments;\n\n(iii) Develop guidance;\n\n';

  it('offers the next item after the last one, and (i) under a lead line', () => {
    assert.strictEqual(nextItemEnumerator(draft, 7), '(iv)');
    assert.strictEqual(nextItemEnumerator('7. The Office should:\n\n', 2), '(i)');
    assert.strictEqual(nextItemEnumerator('Some paragraph.\n\n', 2), undefined);
    assert.strictEqual(nextItemEnumerator(draft + '6. Next paragraph.\n\n', 9), undefined);
  });

  it('continues the roman list after lettered sub-items, and letters after (h)', () => {
    const nested = '1. The Office should:\n(i) Assist:\n(a) governments;\n(b) employers;\n(ii) Promote;\n';
    assert.strictEqual(nextItemEnumerator(nested, 5), '(iii)');
    const lettered = '(a) one\n(b) two\n(c) three\n(d) four\n(e) five\n(f) six\n(g) seven\n(h) eight\n';
    assert.strictEqual(nextItemEnumerator(lettered, 8), '(i)');
    assert.strictEqual(nextItemEnumerator(lettered + '(i) nine\n', 9), '(j)');
  });

  it('numbers the next paragraph after the last one above', () => {
    assert.strictEqual(nextParagraphNumber(draft + '6. More.\n\n', 11), 7);
    assert.strictEqual(nextParagraphNumber('No numbers yet\n', 1), 1);
  });

  it('renumbers a list after an item was inserted', () => {
    const inserted = draft.replace('(ii) Work with governments;', '(ii) Work with governments;\n\n(ii) Raise awareness;');
    const list = listAt(inserted, 8)!;
    assert.strictEqual(list.kind, 'items');
    assert.strictEqual(list.items.length, 4);
    const fixed = apply(inserted, renumberEdits(list));
    assert.match(fixed, /\(ii\) Work with governments;\n\n\(iii\) Raise awareness;\n\n\(iv\) Develop guidance;/);
  });

  it('renumbers after an item was removed, and leaves a correct list alone', () => {
    const removed = draft.replace('(ii) Work with governments;\n\n', '');
    const fixed = apply(removed, renumberEdits(listAt(removed, 4)!));
    assert.match(fixed, /\(i\) In line[^\n]*\n\n\(ii\) Develop guidance;/);
    assert.deepStrictEqual(renumberEdits(listAt(draft, 4)!), []);
  });

  it('renumbers paragraphs', () => {
    const text = '1. One.\n\n2. Two.\n\n2. Inserted.\n\n3. Three.\n';
    const lists = findLists(text);
    const paragraphs = lists.find((l) => l.kind === 'paragraphs')!;
    assert.strictEqual(apply(text, renumberEdits(paragraphs)), '1. One.\n\n2. Two.\n\n3. Inserted.\n\n4. Three.\n');
  });
});

describe('enumerators: list ends', () => {
  it('ends a list at a paragraph of its own, not at a wrapped item line', () => {
    const text = '2. The Office should:\n\n(i) Assist governments\nand social partners;\n\n(ii) Promote dialogue.\n\nAfter the list.\n\n';
    assert.strictEqual(nextItemEnumerator(text, 6), '(iii)');
    assert.strictEqual(nextItemEnumerator(text, 9), undefined);
  });
});
