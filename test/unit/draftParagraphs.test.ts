import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { abbreviationTokens, findAbbreviationDefinitions } from '../../server/src/core/instruments/abbreviations';
import { findDocumentSymbols } from '../../server/src/core/instruments/documentSymbols';
import { readDraft } from '../../server/src/core/instruments/draftReading';
import { recogniseInstruments } from '../../server/src/core/instruments/recogniser';
import { loadShippedRegistry } from '../../server/src/core/instruments/registry';
import { DraftSegmenter, segmentDraft } from '../../server/src/core/draft/draftModel';
import { commonPrefix, commonSuffix, forEachParagraph } from '../../server/src/core/draft/paragraphs';

const ROOT = path.join(__dirname, '../../..');
const registry = loadShippedRegistry();

/** Every draft we have, and one of every hand-checked mention of the sources, a few to a paragraph. */
function drafts(): { name: string; text: string }[] {
  const files = [
    ...readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'examples', f)),
    ...readdirSync(path.join(ROOT, 'test/fixtures')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'test/fixtures', f)),
  ];
  const cited: string[] = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/instrument-mentions.json'), 'utf8')).mentions.map((m: { text: string }) => m.text);
  const paragraphs: string[] = [];
  for (let i = 0; i < cited.length; i += 3) paragraphs.push(`The Office recalled ${cited.slice(i, i + 3).join(', ')} (ILO).`);
  return [
    ...files.map((f) => ({ name: path.basename(f), text: readFileSync(f, 'utf8') })),
    { name: 'mentions of the sources', text: paragraphs.join('\n\n') },
    // Windows line ends, and blank lines of spaces and tabs
    { name: 'CRLF', text: readFileSync(files[0], 'utf8').replace(/\n/g, '\r\n').replace(/\r\n\r\n/g, '\r\n \t\r\n') },
  ];
}

describe('a draft read paragraph by paragraph', () => {
  it('finds the paragraphs between blank lines, of spaces, tabs or a carriage return too', () => {
    const text = '# Title\n\n1. One.\nstill one.\n \t\n2. Two.\r\n\r\n\n\n3. Three.';
    const found: string[] = [];
    forEachParagraph(text, (s, e) => found.push(text.slice(s, e)));
    assert.deepStrictEqual(found, ['# Title', '1. One.\nstill one.', '2. Two.\r', '3. Three.']);
  });

  it('reads the instruments, abbreviations and symbols of reading each draft whole', () => {
    let mentions = 0;
    for (const { name, text } of drafts()) {
      const whole = { instruments: recogniseInstruments(text, registry), definitions: findAbbreviationDefinitions(text), tokens: abbreviationTokens(text), symbols: findDocumentSymbols(text) };
      mentions += whole.instruments.length + whole.definitions.length + whole.symbols.length;
      // twice: read, then from the paragraphs kept
      assert.deepStrictEqual(readDraft(text, registry), whole, name);
      assert.deepStrictEqual(readDraft(text, registry), whole, name);
    }
    assert.ok(mentions > 80, `only ${mentions} mentions in the drafts`);
  });

  it('segments the sentences of segmenting each draft whole, fenced blocks included', () => {
    const segmenter = new DraftSegmenter();
    const fenced = 'Before.\n\n```\nA fenced line.\n\nStill fenced.\n```\n\n2. After the fence. And more.';
    let sentences = 0;
    for (const { name, text } of [...drafts(), { name: 'fenced', text: fenced }]) {
      const whole = segmentDraft(text);
      sentences += whole.length;
      assert.deepStrictEqual(segmenter.segment(text), whole, name);
      assert.deepStrictEqual(segmenter.segment(text), whole, name);
    }
    assert.ok(sentences > 50, `only ${sentences} sentences in the drafts`);
  });

  it('moves a kept paragraph\'s readings with the text an edit inserts before it', () => {
    const later = 'Member States should ratify the Migration for Employment Convention (Revised), 1949 (No. 97), and Conventions Nos 143 and 189, as the International Labour Organization (ILO) and GB.316/POL/1 say. The ILO agreed.';
    const first = readDraft(`The Meeting met.\n\n${later}`, registry);
    const edited = `# Draft\n\nThe Meeting met in Geneva in November.\n\n  \n${later}`;
    const again = readDraft(edited, registry);
    assert.deepStrictEqual(again.instruments, recogniseInstruments(edited, registry));
    assert.strictEqual(again.instruments.length, first.instruments.length);
    for (const m of again.instruments) assert.strictEqual(edited.slice(m.cited.numberSpan!.start, m.cited.numberSpan!.end), String(m.cited.number));
    assert.deepStrictEqual(again.definitions.map((d) => edited.slice(d.abbrStart, d.abbrEnd)), ['ILO']);
    assert.deepStrictEqual(again.symbols.map((s) => edited.slice(s.start, s.end)), ['GB.316/POL/1']);
    const segmenter = new DraftSegmenter();
    segmenter.segment(`The Meeting met.\n\n${later}`);
    const sentences = segmenter.segment(edited);
    assert.deepStrictEqual(sentences, segmentDraft(edited));
    assert.deepStrictEqual(sentences.map((s) => [s.block, edited.slice(s.start, s.end) === s.text]), [[0, true], [1, true], [2, true], [2, true]]);
  });

  it('reads a draft after each of many edits as it reads it whole: words, blank lines, joined and split paragraphs', () => {
    // a small seeded generator: the same edits on every run
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const inserts = ['amended ', '\n\n', '\n \t\n\n', '\r\n\r\n', 'Convention No. 97 ', '(ILO) ', 'GB.316/POL/1. ', '.', '\n'];
    const segmenter = new DraftSegmenter();
    let edits = 0;
    for (const { name, text: original } of drafts().slice(0, 4)) {
      let text = original;
      for (let i = 0; i < 120; i++) {
        const at = Math.floor(random() * (text.length + 1));
        const op = random();
        if (op < 0.5) text = text.slice(0, at) + pick(inserts) + text.slice(at);
        else if (op < 0.85) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 40));
        else {
          // a paragraph copied elsewhere: the same text at two places
          const from = text.lastIndexOf('\n\n', at);
          text = text.slice(0, at) + text.slice(Math.max(0, from), at) + text.slice(at);
        }
        const whole = { instruments: recogniseInstruments(text, registry), definitions: findAbbreviationDefinitions(text), tokens: abbreviationTokens(text), symbols: findDocumentSymbols(text) };
        assert.deepStrictEqual(readDraft(text, registry), whole, `${name}, edit ${i}`);
        assert.deepStrictEqual(segmenter.segment(text), segmentDraft(text), `${name}, edit ${i}`);
        edits++;
      }
    }
    assert.strictEqual(edits, 480);
  });

  it('keeps no version of the draft alive through the readings it keeps', () => {
    // a reading holds pieces of its paragraph (sentences, mentions); they must not hold the
    // whole draft they were cut from, one version for each edit. Counted in a process of its
    // own, where the collector can be called.
    const script = `
      const { ParagraphReader } = require(${JSON.stringify(require.resolve('../../server/src/core/draft/paragraphs'))});
      const reader = new ParagraphReader((p) => ({ head: p.slice(0, 200), tail: p.slice(-200) }));
      // a 20-page draft with typographic quotes: two bytes a character, 150 KB
      const paragraphs = Array.from({ length: 150 }, (_, i) => '(' + i + ') The Office should “support” member States, ' + 'upon the request of governments and in consultation with the social partners, '.repeat(6) + 'end.');
      let text = paragraphs.join('\\n\\n');
      reader.forEach(text, () => undefined);
      gc();
      const before = process.memoryUsage().heapUsed;
      for (let edit = 0; edit < 300; edit++) {
        const at = text.indexOf('should', (edit * 7919) % (text.length - 600));
        text = text.slice(0, at) + (edit % 2 ? 'should' : 'shall ') + text.slice(at + 6);
        reader.forEach(text, () => undefined);
      }
      gc();
      console.log((process.memoryUsage().heapUsed - before) / 2 ** 20);`;
    const grown = Number(execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' }));
    // the versions held came to 23 MB; the readings alone, 0.3 MB
    assert.ok(grown < 6, `${grown.toFixed(1)} MB kept after 300 edits`);
  });

  it('finds the common start and end of two texts, across the stretches it compares at once', () => {
    const long = 'x'.repeat(3000);
    assert.strictEqual(commonPrefix('', 'abc'), 0);
    assert.strictEqual(commonPrefix('abc', 'abc'), 3);
    assert.strictEqual(commonPrefix(long + 'a' + long, long + 'b' + long), 3000);
    assert.strictEqual(commonPrefix(long, long + 'y'), 3000);
    assert.strictEqual(commonSuffix(long + 'a' + long, long + 'b' + long, 3000), 3000);
    assert.strictEqual(commonSuffix('abc', 'abc', 3), 0);
    // the suffix leaves the prefix out: 'aa' and 'aaa' share a prefix of 2, then a suffix of 0
    assert.strictEqual(commonSuffix('aa', 'aaa', commonPrefix('aa', 'aaa')), 0);
    assert.strictEqual(commonSuffix('y' + long, 'zz' + long, 0), 3000);
  });
});
