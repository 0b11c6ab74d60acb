import * as assert from 'assert';
import { createHash } from 'crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildDocument, SourceDocument } from '../../server/src/core/corpus/document';
import { rankContinuations } from '../../server/src/core/phrases/continuations';
import { PhraseBank, PhraseBankBuilder, phraseWords, ReferencePhrase } from '../../server/src/core/phrases/phraseBank';
import { PHRASE_STORE_VERSION, phraseStoreFileFor, readPhraseStore, segmentKey, StoredPhrases, writePhraseStore } from '../../server/src/core/phrases/phraseStore';
import { seed, SEEDS } from './corpusFixtures';

const CONTEXTS = ['in consultation with the social', 'of the', 'the Global Migration', 'labour migration and', 'the', 'Private Employment', 'Assist governments and social partners, upon their'];
const REFERENCE: ReferencePhrase[] = [{ text: 'Private Employment Agencies Convention, 1997 (No. 181)', origin: 'Instrument registry (C181)' }];

function answers(bank: PhraseBank): string[][] {
  return CONTEXTS.map((c) => {
    const r = rankContinuations(bank, { context: phraseWords(c).map((w) => w.surface), partial: '', afterBreak: false, section: 'action-list', limit: 10 });
    return r.items.map((i) => `${i.text}|${i.count}|${i.score.toFixed(6)}|${i.origins.join(',')}`);
  });
}

/** Documents with a file hash each (what the corpus knows a file's content by). */
function corpus(): { docs: SourceDocument[]; hashes: Map<SourceDocument, string> } {
  const docs = [SEEDS.report2013, SEEDS.gb316, SEEDS.sideEvent2015, SEEDS.talkingPoints, SEEDS.slides].map(seed);
  return { docs, hashes: new Map(docs.map((d) => [d, createHash('sha1').update(d.original).digest('hex')])) };
}

function build(docs: SourceDocument[], stored?: StoredPhrases): { bank: PhraseBank; stats: PhraseBankBuilder['stats'] } {
  const builder = new PhraseBankBuilder(docs, REFERENCE, undefined, stored);
  while (!builder.step(Infinity));
  return { bank: builder.result(), stats: builder.stats };
}

/** Resolves at once: the tests need no event loop between slices. */
const noPause = () => Promise.resolve();

describe('phrase store', () => {
  let dir: string;
  let file: string;
  const { docs, hashes } = corpus();
  const hashOf = (d: SourceDocument) => hashes.get(d);
  const keyOf = (d: SourceDocument) => (hashes.has(d) ? segmentKey(d, hashes.get(d)!) : undefined);
  const fresh = build(docs).bank;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gw-phrases-'));
    file = phraseStoreFileFor(path.join(dir, 'index-0123456789abcdef.gwix'));
    await writePhraseStore(file, fresh, keyOf, noPause);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is named after the index cache file, beside it', () => {
    assert.strictEqual(file, path.join(dir, 'phrases-0123456789abcdef.gwpb'));
  });

  it('restores every document as the build read it, and the bank answers the same', async () => {
    const read = await readPhraseStore(file, hashOf, noPause);
    assert.ok(read.ok, read.ok ? '' : read.reason);
    const { bank, stats } = build(docs, read.stored);
    assert.deepStrictEqual(stats, { read: 0, reused: 0, restored: docs.length });
    assert.deepStrictEqual(bank.vocab.words, fresh.vocab.words);
    assert.deepStrictEqual(bank.vocab.keyOf, fresh.vocab.keyOf);
    for (let i = 0; i < docs.length; i++) {
      assert.strictEqual(bank.segments[i].doc, docs[i]);
      assert.deepStrictEqual(bank.segments[i].parts, fresh.segments[i].parts, docs[i].name);
    }
    assert.deepStrictEqual(bank.index, fresh.index);
    assert.deepStrictEqual(answers(bank), answers(fresh));
    assert.ok(answers(bank).every((a) => a.length > 0));
    // a restored sentence is re-read from the document: offsets and sample text still resolve
    assert.deepStrictEqual(bank.phrases().slice(0, 50).map((p) => [p.text, p.count, p.sample.start]), fresh.phrases().slice(0, 50).map((p) => [p.text, p.count, p.sample.start]));
  });

  it('reads again only the document whose file changed', async () => {
    const changed = buildDocument(docs[1].path, docs[1].name, docs[1].original.replace(/migration/g, 'mobility'));
    const now = docs.map((d, i) => (i === 1 ? changed : d));
    const nowHashes = new Map(now.map((d) => [d, d === changed ? 'new-hash' : hashes.get(d)!]));
    const read = await readPhraseStore(file, (d) => nowHashes.get(d), noPause);
    assert.ok(read.ok);
    const { bank, stats } = build(now, read.stored);
    assert.deepStrictEqual(stats, { read: 1, reused: 0, restored: docs.length - 1 });
    assert.deepStrictEqual(answers(bank), answers(build(now).bank));
  });

  it('does not restore a document whose passages differ though its hash is the same', async () => {
    const split = buildDocument(docs[0].path, docs[0].name, docs[0].original.replace(/\n\n/, '\n\nExtra paragraph.\n\n'));
    const read = await readPhraseStore(file, (d) => (d === split ? hashes.get(docs[0]) : hashes.get(d)), noPause);
    assert.ok(read.ok);
    assert.strictEqual(read.stored.segment(split), undefined);
    assert.ok(read.stored.segment(docs[0]));
  });

  for (const [name, damage, reason] of [
    ['a flipped byte', (b: Buffer) => void (b[b.length >> 1] ^= 0x55), /checksum/],
    ['a truncated file', (b: Buffer) => b.subarray(0, b.length - 100), /length/],
    ['a file cut inside its header', (b: Buffer) => b.subarray(0, 20), /truncated/],
    ['an older version', (b: Buffer) => void b.writeUInt32LE(PHRASE_STORE_VERSION - 1, 4), /version/],
    ['another kind of file', (b: Buffer) => void b.write('GWIX', 0), /not a phrase store/],
  ] as [string, (b: Buffer) => Buffer | void, RegExp][]) {
    it(`discards ${name}, and the bank is then read afresh`, async () => {
      const bytes = readFileSync(file);
      writeFileSync(file, damage(bytes) ?? bytes);
      const read = await readPhraseStore(file, hashOf, noPause);
      assert.ok(!read.ok, 'a damaged store was trusted');
      assert.match(read.reason, reason);
      const { bank, stats } = build(docs, StoredPhrases.empty(hashOf));
      assert.strictEqual(stats.read, docs.length);
      assert.deepStrictEqual(answers(bank), answers(fresh));
      // and the next write replaces it with one that reads back
      await writePhraseStore(file, bank, keyOf, noPause);
      assert.ok((await readPhraseStore(file, hashOf, noPause)).ok);
    });
  }

  it('says when there is no store yet', async () => {
    const read = await readPhraseStore(path.join(dir, 'none.gwpb'), hashOf, noPause);
    assert.deepStrictEqual(read, { ok: false, reason: 'no store file' });
  });

  it('streams the file: the same bytes whatever the chunk size, never more than a chunk between two pauses', async () => {
    const whole = readFileSync(file);
    for (const chunkBytes of [4096, 1000, 7]) {
      const other = path.join(dir, `chunked-${chunkBytes}.gwpb`);
      // at each pause, what the file system has been handed since the last one (the temp file's growth)
      // (the file starts with a 40-byte header, written last: the first chunk lands after it)
      let last = 40;
      let most = 0;
      let pauses = 0;
      const pause = async () => {
        pauses++;
        const temp = readdirSync(dir).find((f) => f.startsWith(`chunked-${chunkBytes}.gwpb.`) && f.endsWith('.tmp'));
        const size = temp ? Math.max(40, statSync(path.join(dir, temp)).size) : 40;
        most = Math.max(most, size - last);
        last = size;
      };
      const written = await writePhraseStore(other, fresh, keyOf, pause, chunkBytes);
      assert.strictEqual(written.bytes, whole.length);
      assert.ok(readFileSync(other).equals(whole), `chunks of ${chunkBytes} bytes wrote other bytes`);
      assert.ok(most > 0 && most <= chunkBytes, `${most} bytes written between two pauses, chunks of ${chunkBytes}`);
      assert.ok(pauses >= (whole.length - 40) / chunkBytes, `${pauses} pauses for ${whole.length} bytes`);
      const read = await readPhraseStore(other, hashOf, noPause);
      assert.ok(read.ok, read.ok ? '' : read.reason);
      assert.deepStrictEqual(answers(build(docs, read.stored).bank), answers(fresh));
    }
    assert.deepStrictEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'a temp file was left behind');
  });

  it('leaves no temp file when the write fails', async () => {
    // a failure once the temp file is open (a full disk, say), stood in for by the pause
    const failing = async () => {
      if (readdirSync(dir).some((f) => f.endsWith('.tmp'))) throw new Error('disk full');
    };
    await assert.rejects(writePhraseStore(path.join(dir, 'other.gwpb'), fresh, keyOf, failing, 4096), /disk full/);
    assert.deepStrictEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f === 'other.gwpb'), []);
  });

  it('leaves out documents it has no key for', async () => {
    const written = await writePhraseStore(file, fresh, (d) => (d === docs[0] ? undefined : keyOf(d)), noPause);
    assert.strictEqual(written.entries, docs.length - 1);
    const read = await readPhraseStore(file, hashOf, noPause);
    assert.ok(read.ok);
    assert.strictEqual(read.stored.size, docs.length - 1);
    assert.strictEqual(read.stored.segment(docs[0]), undefined);
  });
});
