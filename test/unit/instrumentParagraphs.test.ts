import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { recogniseInstruments, recogniseParagraphs } from '../../server/src/core/instruments/recogniser';
import { loadShippedRegistry } from '../../server/src/core/instruments/registry';

const ROOT = path.join(__dirname, '../../..');
const registry = loadShippedRegistry();

describe('instrument mentions read paragraph by paragraph', () => {
  it('are those of reading each draft whole', () => {
    const drafts = [
      ...readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'examples', f)),
      ...readdirSync(path.join(ROOT, 'test/fixtures')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'test/fixtures', f)),
    ];
    // and a draft of every hand-checked mention of the sources, a few to a paragraph
    const cited: string[] = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/instrument-mentions.json'), 'utf8')).mentions.map((m: { text: string }) => m.text);
    const paragraphs: string[] = [];
    for (let i = 0; i < cited.length; i += 3) paragraphs.push(`The Office recalled ${cited.slice(i, i + 3).join(', ')}.`);
    const texts = [...drafts.map((f) => readFileSync(f, 'utf8')), paragraphs.join('\n\n')];
    let mentions = 0;
    for (const [i, text] of texts.entries()) {
      const file = drafts[i] ?? 'mentions of the sources';
      const whole = recogniseInstruments(text, registry);
      mentions += whole.length;
      assert.deepStrictEqual(recogniseParagraphs(text, registry), whole, path.basename(file));
    }
    assert.ok(mentions > 50, `only ${mentions} mentions in the drafts`);
  });

  it('moves a kept paragraph\'s mentions with the text an edit inserts before it', () => {
    const later = 'Member States should ratify the Migration for Employment Convention (Revised), 1949 (No. 97), and Conventions Nos 143 and 189.';
    const first = recogniseParagraphs(`The Meeting met.\n\n${later}`, registry);
    const edited = `The Meeting met in Geneva in November.\n\n  \n${later}`;
    const again = recogniseParagraphs(edited, registry);
    assert.deepStrictEqual(again, recogniseInstruments(edited, registry));
    assert.strictEqual(again.length, first.length);
    for (const m of again) assert.strictEqual(edited.slice(m.cited.numberSpan!.start, m.cited.numberSpan!.end), String(m.cited.number));
  });
});
