import * as assert from 'assert';
import { fitToCursor, readDraftCursor } from '../../server/src/core/phrases/draftContext';
import { draftSectionAt } from '../../server/src/core/phrases/sections';
import { skeletonsAt } from '../../server/src/core/phrases/skeletons';

const at = (text: string) => readDraftCursor(text.replace('|', ''), text.indexOf('|'));

describe('phrase draft context', () => {
  it('reads the typed words of the sentence and the word being typed', () => {
    const c = at('2. The Office should:\n\n(i) Assist governments. Then the social pa|');
    assert.deepStrictEqual(c.context, ['Then', 'the', 'social']);
    assert.strictEqual(c.partial, 'pa');
    assert.strictEqual(c.section, 'action-list');
    assert.strictEqual(c.sentenceStart, false);
  });

  it('sees a clause break and spacing needs', () => {
    const c = at('Assist governments and social partners,|');
    assert.strictEqual(c.afterBreak, true);
    assert.strictEqual(c.needsSpace, true);
    assert.strictEqual(fitToCursor('upon their request', c), ' upon their request');
  });

  it('capitalises at the start of an item and drops a bracket already typed', () => {
    const item = at('The Office should:\n\n(iv) |');
    assert.strictEqual(item.sentenceStart, true);
    assert.strictEqual(item.atLineStart, true);
    assert.strictEqual(fitToCursor('assist constituents', item), 'Assist constituents');
    const bracket = at('Migration for Employment Convention (|');
    assert.strictEqual(fitToCursor('(Revised)', bracket), 'Revised)');
  });

  it('continues the sentence of a wrapped line', () => {
    const c = at('(ii) Assist governments and social\n|');
    assert.deepStrictEqual(c.context.slice(-2), ['and', 'social']);
    assert.strictEqual(c.sentenceStart, false);
  });

  it('tells preamble, action list and body apart', () => {
    const lines = ['The Tripartite Technical Meeting on Labour Migration,', '', 'Having met in Geneva from 4 to 8 November 2013,', '',
      'Adopts, this eighth day of November 2013, the following conclusions:', '', '1. Labour migration matters.', '', '2. The Office should:', '', '(i) Assist;', ''];
    assert.strictEqual(draftSectionAt(lines, 3), 'preamble');
    assert.strictEqual(draftSectionAt(lines, 7), 'body');
    assert.strictEqual(draftSectionAt(lines, 11), 'action-list');
  });

  it('judges the section from the lines above the cursor as from the whole draft, far down a long one', () => {
    // an action list of 300 items, some wrapped, after a preamble and numbered paragraphs
    const lines = ['The Tripartite Technical Meeting on Labour Migration,', '', 'Having met in Geneva,', '', 'Adopts the following conclusions:', '', '1. Labour migration matters.', '', '2. The Office should:', ''];
    for (let i = 0; i < 300; i++) lines.push(i % 7 === 3 ? `(${i}) Assist governments and` : `(${i}) Assist governments;`, ...(i % 7 === 3 ? ['social partners;'] : []), ...(i % 50 === 49 ? ['', `${3 + i / 50}. Further paragraph.`, '', 'The ILO should:'] : []), '');
    const text = lines.join('\n');
    let checked = 0;
    for (let line = 0, offset = 0; line < lines.length; offset += lines[line].length + 1, line++) {
      const end = offset + lines[line].length;
      const c = readDraftCursor(text, end);
      assert.strictEqual(c.line, line);
      assert.strictEqual(c.section, draftSectionAt(lines, line), `line ${line}`);
      checked++;
    }
    assert.ok(checked > 600);
    // a wrapped line far down continues the item above it
    const wrapped = lines.findIndex((l, i) => i > 500 && l === 'social partners;');
    const start = lines.slice(0, wrapped).join('\n').length + 1;
    assert.deepStrictEqual(readDraftCursor(text, start).context.slice(-2), ['governments', 'and']);
  });

  it('offers skeletons that fit the place: a preamble only before any paragraph', () => {
    assert.deepStrictEqual(skeletonsAt('body', 1, false).map((s) => s.id), ['preamble', 'action-list', 'paragraph']);
    assert.deepStrictEqual(skeletonsAt('body', 4, true).map((s) => s.id), ['action-list', 'paragraph']);
    assert.deepStrictEqual(skeletonsAt('action-list', 4, true), []);
    const preamble = skeletonsAt('body', 1, false)[0].body;
    for (const stop of ['${1:', '${3:Geneva}', '${4:', '${6:', 'the following conclusions:', '$0']) assert.ok(preamble.includes(stop), stop);
    assert.match(skeletonsAt('body', 4, true)[0].body, /^\$\{1:4\}\. \$\{2:The Office\} should:\n\n\(i\) /);
  });
});
