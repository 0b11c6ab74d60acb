/**
 * The phrase store: the words the phrase bank read from each document (its segments), kept in
 * one binary file beside the index cache, so that a restarted server restores the bank instead
 * of re-reading every sentence (20 s of work at ×500). A document's entry is used only when the
 * document has the content it was read from (its file's hash, its length and passages); any
 * other document is read again and its entry replaced at the next write.
 *
 * Layout, with no JSON to parse (at ×500 a JSON manifest took 50 ms to parse at once): a
 * 40-byte header; the strings (UTF-8, separated by NUL: the words, the match keys, then each
 * document's path and key); the match key of each word (u32); per document, where each of its
 * arrays is, its element size and length (u32 × 27); the arrays, raw, each 8-byte aligned.
 * The header: magic `GWPB`, format version, CRC-32 of everything after the header, strings
 * length (u32 each), total length (f64), then the counts of words, keys and documents (u32).
 * A file with another magic, version, length or checksum, or whose tables do not describe
 * arrays inside it, is discarded whole and the bank built afresh.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { passageLayoutKey, SourceDocument } from '../corpus/document';
import { crc32 } from '../index/crc32';
import { Compact, PhraseBank, PhraseSegment, SegmentParts, StoredSegments, Vocabulary } from './phraseBank';

/** Bump when the layout changes, or anything that changes the words read from a document (scanner, sentences, sections). */
export const PHRASE_STORE_VERSION = 1;
const MAGIC = 0x42505747; // 'GWPB' little-endian
const HEADER = 40;
/** Bytes checked, copied or encoded between two yields: a few milliseconds of work. */
const CHUNK_BYTES = 4 << 20;

/** The store file beside an index cache file (`index-<key>.gwix` → `phrases-<key>.gwpb`). */
export function phraseStoreFileFor(indexCacheFile: string): string {
  const base = path.basename(indexCacheFile).replace(/^index-/, '').replace(/\.gwix$/, '');
  return path.join(path.dirname(indexCacheFile), `phrases-${base}.gwpb`);
}

/** What identifies a document's content and passages for its segment (see `passageLayoutKey`). */
export const segmentKey = passageLayoutKey;

/** The arrays of a segment, in the order the tables list them. */
const PARTS = ['word', 'unitBits', 'clauseBits', 'softBits', 'unitStart', 'unitSection', 'unitPassage', 'unitSentence', 'openers'] as const;
type PartName = (typeof PARTS)[number];
/** Arrays that are bytes whatever their values; the others are 16- or 32-bit (`Compact`). */
const BYTE_PARTS = new Set<PartName>(['unitBits', 'clauseBits', 'softBits', 'unitSection']);

/** Per document, per part (in `PARTS` order): byte position, element size, length. */
const LAYOUT = PARTS.length * 3;

/** Lets other work run: a yield to the event loop between slices. */
export type Yield = () => Promise<void>;
export const yieldToEventLoop: Yield = () => new Promise((resolve) => setImmediate(resolve));

export type StoreRead = { ok: true; stored: StoredPhrases } | { ok: false; reason: string };

/**
 * Segments restored from the store, by document path, with the vocabularies their word ids
 * are in. A builder given it starts from these vocabularies and takes over the segment of each
 * document whose key (see `segmentKey`) is the stored one.
 */
export class StoredPhrases implements StoredSegments {
  constructor(
    readonly vocab: Vocabulary,
    readonly keys: Vocabulary,
    private readonly entries: Map<string, { key: string; parts: SegmentParts }>,
    private readonly hashOf: (doc: SourceDocument) => string | undefined,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  keyOf(doc: SourceDocument): string | undefined {
    const hash = this.hashOf(doc);
    return hash === undefined ? undefined : segmentKey(doc, hash);
  }

  segment(doc: SourceDocument): PhraseSegment | undefined {
    const entry = this.entries.get(doc.path);
    if (!entry) return undefined;
    const key = this.keyOf(doc);
    if (key !== entry.key) return undefined;
    return new PhraseSegment(doc.path, doc, '', false, entry.parts, key);
  }

  /** Empty, for a corpus with no store file yet: every document is read and keyed. */
  static empty(hashOf: (doc: SourceDocument) => string | undefined): StoredPhrases {
    return new StoredPhrases(new Vocabulary(), new Vocabulary(), new Map(), hashOf);
  }
}

/**
 * Reads a store file without blocking the thread (the read is asynchronous; checking and
 * decoding run in slices with `pause` between them). Any problem is a reason, never an exception.
 */
export async function readPhraseStore(file: string, hashOf: (doc: SourceDocument) => string | undefined, pause: Yield = yieldToEventLoop): Promise<StoreRead> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    return { ok: false, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no store file' : `unreadable: ${(e as Error).message}` };
  }
  return decodePhraseStore(bytes, hashOf, pause);
}

/** Checks and decodes a store file's bytes (see `readPhraseStore`). */
export async function decodePhraseStore(bytes: Uint8Array, hashOf: (doc: SourceDocument) => string | undefined, pause: Yield = yieldToEventLoop): Promise<StoreRead> {
  if (bytes.length < HEADER) return { ok: false, reason: 'truncated header' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return { ok: false, reason: 'not a phrase store' };
  const version = view.getUint32(4, true);
  if (version !== PHRASE_STORE_VERSION) return { ok: false, reason: `version ${version}, expected ${PHRASE_STORE_VERSION}` };
  const crc = view.getUint32(8, true);
  const stringsLength = view.getUint32(12, true);
  const total = view.getFloat64(16, true);
  const [vocabSize, keySize, entryCount] = [view.getUint32(24, true), view.getUint32(28, true), view.getUint32(32, true)];
  if (total !== bytes.length) return { ok: false, reason: `length ${bytes.length}, header says ${total}` };
  let sum = 0;
  for (let at = HEADER; at < bytes.length; at += CHUNK_BYTES) {
    sum = crc32(bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES)), sum);
    if (at + CHUNK_BYTES < bytes.length) await pause();
  }
  if (sum !== crc) return { ok: false, reason: 'checksum mismatch' };
  const tablesAt = HEADER + align8(stringsLength);
  const tablesEnd = tablesAt + 4 * (vocabSize + entryCount * LAYOUT);
  if (tablesEnd > bytes.length) return { ok: false, reason: 'tables past the end' };
  const strings = Buffer.from(bytes.buffer, bytes.byteOffset + HEADER, stringsLength).toString('utf8').split('\u0000');
  if (strings.length !== vocabSize + keySize + 2 * entryCount) return { ok: false, reason: 'wrong number of strings' };
  const tables = new Uint32Array(vocabSize + entryCount * LAYOUT);
  new Uint8Array(tables.buffer).set(bytes.subarray(tablesAt, tablesEnd));
  const vocab = new Vocabulary();
  const keys = new Vocabulary();
  for (let i = 0; i < vocabSize; i++) vocab.id(strings[i]);
  for (let i = 0; i < keySize; i++) keys.id(strings[vocabSize + i]);
  if (vocab.words.length !== vocabSize || keys.words.length !== keySize) return { ok: false, reason: 'repeated words' };
  for (let i = 0; i < vocabSize; i++) {
    if (tables[i] >= keySize) return { ok: false, reason: 'match key past the keys' };
    vocab.keyOf[i] = tables[i];
  }
  await pause();
  const entries = new Map<string, { key: string; parts: SegmentParts }>();
  let copied = 0;
  for (let e = 0; e < entryCount; e++) {
    const docPath = strings[vocabSize + keySize + 2 * e];
    const at = vocabSize + e * LAYOUT;
    const parts = decodeParts(bytes, tables.subarray(at, at + LAYOUT), vocabSize);
    if (typeof parts === 'string') return { ok: false, reason: `${docPath}: ${parts}` };
    entries.set(docPath, { key: strings[vocabSize + keySize + 2 * e + 1], parts });
    if ((copied += parts.word.byteLength * 2) >= CHUNK_BYTES / 4) {
      copied = 0;
      await pause();
    }
  }
  return { ok: true, stored: new StoredPhrases(vocab, keys, entries, hashOf) };
}

/** A segment's arrays copied out of the file (so the file's buffer is freed), or what is wrong with them. */
function decodeParts(bytes: Uint8Array, layout: Uint32Array, vocabSize: number): SegmentParts | string {
  const parts: Partial<Record<PartName, Uint8Array | Compact>> = {};
  for (let i = 0; i < PARTS.length; i++) {
    const at = layout[i * 3], size = layout[i * 3 + 1], length = layout[i * 3 + 2];
    const name = PARTS[i];
    if (!(size === 1 || size === 2 || size === 4) || (BYTE_PARTS.has(name) ? size !== 1 : size === 1)) return `bad element size for ${name}`;
    if (!(at >= HEADER && at % 8 === 0 && at + size * length <= bytes.length)) return `${name} out of the file`;
    const out = size === 1 ? new Uint8Array(length) : size === 2 ? new Uint16Array(length) : new Uint32Array(length);
    new Uint8Array(out.buffer).set(bytes.subarray(at, at + size * length));
    parts[name] = out;
  }
  const p = parts as SegmentParts;
  const n = p.word.length;
  const units = p.unitSection.length;
  const bitBytes = (n + 7) >> 3;
  if (p.unitBits.length !== bitBytes || p.clauseBits.length !== bitBytes || p.softBits.length !== bitBytes) return 'bitsets of the wrong size';
  if (p.unitStart.length !== units + 1 || p.unitStart[units] !== n || p.unitPassage.length !== units || p.unitSentence.length !== units) return 'units of the wrong size';
  for (let i = 0; i < units; i++) if (p.unitStart[i] > p.unitStart[i + 1] || p.unitSection[i] > 2) return 'bad unit';
  for (let i = 0; i < n; i++) if (p.word[i] >= vocabSize) return 'word id past the vocabulary';
  for (let i = 0; i < p.openers.length; i++) if (p.openers[i] >= n) return 'opener past the words';
  return p;
}

/**
 * Writes the document segments of a bank, each under its key (documents without one are left
 * out), encoding in slices with `pause` between them; the file is replaced atomically.
 */
export async function writePhraseStore(file: string, bank: PhraseBank, keyOf: (doc: SourceDocument) => string | undefined, pause: Yield = yieldToEventLoop): Promise<{ entries: number; bytes: number }> {
  const chosen: { seg: PhraseSegment; key: string }[] = [];
  for (const seg of bank.segments) {
    const key = seg.doc && keyOf(seg.doc);
    if (key) chosen.push({ seg, key });
  }
  const words = bank.vocab.words;
  const strings = [...words, ...bank.keys.words];
  for (const { seg, key } of chosen) strings.push(seg.id, key);
  if (strings.some((w) => w.includes('\u0000'))) throw new Error('phrase store: a string holds NUL');
  const stringBytes = Buffer.from(strings.join('\u0000'), 'utf8');
  const tables = new Uint32Array(words.length + chosen.length * LAYOUT);
  for (let i = 0; i < words.length; i++) tables[i] = bank.vocab.keyOf[i];
  const start = HEADER + align8(stringBytes.length) + align8(tables.byteLength);
  let at = start;
  chosen.forEach(({ seg }, e) => {
    const parts = seg.parts;
    PARTS.forEach((name, i) => {
      const a = parts[name];
      tables.set([at, a.BYTES_PER_ELEMENT, a.length], words.length + e * LAYOUT + i * 3);
      at += align8(a.byteLength);
    });
  });
  const total = at;
  const out = Buffer.alloc(total);
  stringBytes.copy(out, HEADER);
  out.set(new Uint8Array(tables.buffer), HEADER + align8(stringBytes.length));
  let copied = 0;
  let position = start;
  for (const { seg } of chosen) {
    const parts = seg.parts;
    for (const name of PARTS) {
      const a = parts[name];
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), position);
      position += align8(a.byteLength);
      copied += a.byteLength;
    }
    if (copied >= CHUNK_BYTES) {
      copied = 0;
      await pause();
    }
  }
  let sum = 0;
  for (let p = HEADER; p < total; p += CHUNK_BYTES) {
    sum = crc32(out.subarray(p, Math.min(total, p + CHUNK_BYTES)), sum);
    await pause();
  }
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, PHRASE_STORE_VERSION, true);
  view.setUint32(8, sum, true);
  view.setUint32(12, stringBytes.length, true);
  view.setFloat64(16, total, true);
  view.setUint32(24, words.length, true);
  view.setUint32(28, bank.keys.words.length, true);
  view.setUint32(32, chosen.length, true);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(temp, out);
    await fs.rename(temp, file);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
  return { entries: chosen.length, bytes: total };
}

const align8 = (n: number) => (n + 7) & ~7;
