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

/** Bytes encoded, checksummed and handed to the file system between two yields when writing. */
const WRITE_CHUNK_BYTES = 1 << 20;
/** Strings encoded to UTF-8 at once when writing (at ×500 the words are flattened slowly: ~1 ms per thousand). */
const STRINGS_PER_SLICE = 1 << 12;
/** Documents keyed between two yields. */
const KEYS_PER_SLICE = 256;
/** Buffers in one vectored write (below every system's IOV_MAX). */
const MAX_WRITE_BUFFERS = 512;
const ZEROS = new Uint8Array(8);

/**
 * Writes the document segments of a bank, each under its key (documents without one are left
 * out), and replaces the file atomically. The file is streamed: the strings are encoded a
 * slice at a time, each segment's arrays are written straight from their own memory (no copy
 * of the whole file is ever made), the checksum is computed over exactly the bytes written,
 * and at most `chunkBytes` are encoded, checksummed and handed to the file system between two
 * `pause`s. The header, which holds the checksum, is written last, at the start of the file.
 */
export async function writePhraseStore(
  file: string,
  bank: PhraseBank,
  keyOf: (doc: SourceDocument) => string | undefined,
  pause: Yield = yieldToEventLoop,
  chunkBytes = WRITE_CHUNK_BYTES,
): Promise<{ entries: number; bytes: number }> {
  if (!(chunkBytes >= 1)) throw new RangeError(`phrase store: chunks of ${chunkBytes} bytes`);
  const chosen: { seg: PhraseSegment; key: string }[] = [];
  for (let i = 0; i < bank.segments.length; i++) {
    const seg = bank.segments[i];
    // a key reads every passage of its document (see `segmentKey`)
    const key = seg.doc && keyOf(seg.doc);
    if (key) chosen.push({ seg, key });
    if (i % KEYS_PER_SLICE === KEYS_PER_SLICE - 1) await pause();
  }
  const words = bank.vocab.words;
  const keyWords = bank.keys.words;
  const vocabSize = words.length;
  const keySize = keyWords.length;
  // the strings, NUL-separated, encoded a slice at a time
  const stringChunks: Uint8Array[] = [];
  let stringsLength = 0;
  const separator = new Uint8Array(1);
  const encode = (slice: string[]) => {
    for (const w of slice) if (w.includes('\u0000')) throw new Error('phrase store: a string holds NUL');
    if (stringChunks.length > 0) stringChunks.push(separator);
    const b = Buffer.from(slice.join('\u0000'), 'utf8');
    stringChunks.push(b);
    stringsLength += b.length + (stringChunks.length > 1 ? 1 : 0);
  };
  const docStrings: string[] = [];
  for (const { seg, key } of chosen) docStrings.push(seg.id, key);
  for (const list of [words, keyWords, docStrings]) {
    for (let i = 0; i < list.length; i += STRINGS_PER_SLICE) {
      encode(list.slice(i, i + STRINGS_PER_SLICE));
      await pause();
    }
  }
  const tables = new Uint32Array(vocabSize + chosen.length * LAYOUT);
  const keyOfWord = bank.vocab.keyOf;
  for (let i = 0; i < vocabSize; i++) tables[i] = keyOfWord[i];
  const start = HEADER + align8(stringsLength) + align8(tables.byteLength);
  let at = start;
  for (let e = 0; e < chosen.length; e++) {
    const parts = chosen[e].seg.parts;
    for (let i = 0; i < PARTS.length; i++) {
      const a = parts[PARTS[i]];
      const t = vocabSize + e * LAYOUT + i * 3;
      tables[t] = at;
      tables[t + 1] = a.BYTES_PER_ELEMENT;
      tables[t + 2] = a.length;
      at += align8(a.byteLength);
    }
  }
  const total = at;

  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    let sum = 0;
    let position = HEADER;
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (batchBytes === 0) return;
      for (const b of batch) sum = crc32(b, sum);
      const { bytesWritten } = await handle.writev(batch, position);
      if (bytesWritten !== batchBytes) throw new Error(`phrase store: wrote ${bytesWritten} of ${batchBytes} bytes`);
      position += batchBytes;
      batch = [];
      batchBytes = 0;
      await pause();
    };
    // a view of `bytes`, cut where a chunk fills; then zeros up to the next 8-byte boundary
    const put = async (bytes: Uint8Array) => {
      for (let from = 0; from < bytes.length; ) {
        const n = Math.min(bytes.length - from, chunkBytes - batchBytes);
        batch.push(from === 0 && n === bytes.length ? bytes : bytes.subarray(from, from + n));
        batchBytes += n;
        from += n;
        if (batchBytes >= chunkBytes || batch.length >= MAX_WRITE_BUFFERS) await flush();
      }
    };
    const pad = async (length: number) => {
      if (length % 8) await put(ZEROS.subarray(0, 8 - (length % 8)));
    };
    for (const c of stringChunks) await put(c);
    await pad(stringsLength);
    await put(new Uint8Array(tables.buffer, tables.byteOffset, tables.byteLength));
    await pad(tables.byteLength);
    for (const { seg } of chosen) {
      const parts = seg.parts;
      for (const name of PARTS) {
        const a = parts[name];
        await put(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
        await pad(a.byteLength);
      }
    }
    await flush();
    if (position !== total) throw new Error(`phrase store: wrote ${position} bytes, laid out ${total}`);
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(PHRASE_STORE_VERSION, 4);
    header.writeUInt32LE(sum, 8);
    header.writeUInt32LE(stringsLength, 12);
    header.writeDoubleLE(total, 16);
    header.writeUInt32LE(vocabSize, 24);
    header.writeUInt32LE(keySize, 28);
    header.writeUInt32LE(chosen.length, 32);
    const { bytesWritten } = await handle.write(header, 0, HEADER, 0);
    if (bytesWritten !== HEADER) throw new Error('phrase store: header not written');
    await handle.close();
    await fs.rename(temp, file);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw e;
  }
  return { entries: chosen.length, bytes: total };
}

const align8 = (n: number) => (n + 7) & ~7;
