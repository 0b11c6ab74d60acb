import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { buildDocument, Passage } from '../../server/src/core/corpus/document';
import { extractSource } from '../../server/src/core/corpus/formats/extractSource';
import { normaliseExtractedText } from '../../server/src/core/corpus/extractedText';
import { CompactText } from '../../server/src/core/text/compactText';
import { rebuildText } from '../../server/src/core/text/mappedText';
import { splitSentences } from '../../server/src/core/text/sentences';
import { CORPUS_DIR, SEEDS } from './corpusFixtures';

const FORMATS_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats');

/** Every extracted text the tests know: the bundled sources and the PDF, Word and HTML fixtures. */
async function extractedTexts(): Promise<{ name: string; text: string; paragraphsByBlankLines?: boolean }[]> {
  const out: { name: string; text: string; paragraphsByBlankLines?: boolean }[] = Object.values(SEEDS).map((name) => ({ name, text: readFileSync(path.join(CORPUS_DIR, name), 'utf8') }));
  for (const name of readdirSync(FORMATS_DIR)) {
    const file = path.join(FORMATS_DIR, name);
    const bytes = readFileSync(file);
    const got = await extractSource({ path: file }, bytes);
    if (got.ok) out.push({ name, text: got.text, paragraphsByBlankLines: got.paragraphsByBlankLines });
  }
  return out;
}

describe('document text kept once', () => {
  it('rebuilds every passage of every source exactly from the original and its anchors', async () => {
    const texts = await extractedTexts();
    assert.ok(texts.length >= 8, `${texts.length} sources`);
    let passages = 0;
    for (const { name, text, paragraphsByBlankLines } of texts) {
      const compact = CompactText.from(text);
      for (const b of normaliseExtractedText(text, { paragraphsByBlankLines })) {
        const a = b.text.anchors;
        assert.strictEqual(rebuildText(compact, a, 0, a.length, b.text.text.length), b.text.text, `${name} at ${b.start}`);
        passages++;
      }
    }
    assert.ok(passages > 500);
  });

  it('slices a CompactText exactly, wide characters included, at one byte a character', () => {
    const text = 'The “Workers’ group” — 105 million – ok\u00e9\n€ and 𝔸 end';
    const c = CompactText.from(text);
    assert.strictEqual(c.length, text.length);
    assert.strictEqual(c.toString(), text);
    for (let s = 0; s <= text.length; s++) for (let e = s; e <= text.length; e++) assert.strictEqual(c.slice(s, e), text.slice(s, e));
    for (let i = 0; i < text.length; i++) assert.strictEqual(c.charCodeAt(i), text.charCodeAt(i));
    assert.strictEqual(c.indexOf('105'), text.indexOf('105'));
    assert.strictEqual(c.indexOf('group”'), text.indexOf('group”'));
    assert.ok(!/[^\x00-\xff]/.test(c.bytes));
  });

  it('gives the same passages, sentences and ranges after their texts were dropped', () => {
    const name = SEEDS.report2013;
    const doc = buildDocument(name, name, readFileSync(path.join(CORPUS_DIR, name), 'utf8'));
    const before = doc.passages.map((p) => [p.text, p.sentences, Array.from(p.mapped.anchors)]);
    // build enough other passages that every text of this document is dropped and rebuilt
    const others: Passage[] = [];
    while (others.length < 9000) others.push(...buildDocument('x', 'x', readFileSync(path.join(CORPUS_DIR, SEEDS.slides), 'utf8')).passages);
    for (const p of others) void p.text;
    assert.deepStrictEqual(doc.passages.map((p) => [p.text, p.sentences, Array.from(p.mapped.anchors)]), before);
    for (const p of doc.passages) if (p.kind !== 'heading') assert.deepStrictEqual(p.sentences, splitSentences(p.text));
  });
});
