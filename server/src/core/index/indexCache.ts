/**
 * The persisted index: every loaded document (its extracted text, passages, offsets, pages)
 * and the compact postings, in one versioned binary file, so a reopened workspace is ready
 * without extracting, repairing or tokenising anything. A file is reused when its size and
 * modification time match, or, when only the time differs, when its content hash does.
 *
 * Layout: magic `GWIX`, format version (u32), payload length (u32 pair), SHA-1 of the payload
 * (20 bytes), then the payload (V8 structured serialisation). A file with another magic,
 * version, length or hash is discarded and rebuilt, never trusted.
 */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import type { BlockKind } from '../corpus/extractedText';
import type { Passage, SourceDocument } from '../corpus/document';
import { LineIndex } from '../text/lineIndex';
import { IndexSnapshot } from './passageIndex';

/** Bump when the payload's shape, or anything that changes passages or terms, changes. */
export const INDEX_CACHE_VERSION = 1;
const MAGIC = 0x58495747; // 'GWIX' little-endian
const HEADER = 4 + 4 + 8 + 20;

export interface CachedPassage {
  id: number;
  kind: BlockKind;
  number?: string;
  heading?: string;
  text: string;
  anchors: Int32Array;
  start: number;
  end: number;
  /** Sentence spans, flattened: start, end, start, end... */
  sentences: Int32Array;
  page?: number;
}

export interface CachedDocument {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
  /** SHA-1 of the file's bytes. */
  hash: string;
  title: string;
  symbol?: string;
  date?: string;
  original: string;
  pageStarts?: number[];
  passages: CachedPassage[];
}

export interface CachePayload {
  /** The corpus roots the cache was built for. */
  roots: string[];
  documents: CachedDocument[];
  /** Number of passage ids in use (including those of documents since removed). */
  passageCount: number;
  index: IndexSnapshot;
}

export type CacheRead = { ok: true; payload: CachePayload } | { ok: false; reason: string };

/** `$XDG_CACHE_HOME/groundwork`, else `~/.cache/groundwork`: where the CLI keeps its index. */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'groundwork');
}

/**
 * Bumped whenever extraction or normalisation changes what a file yields: a cache written by
 * an older reader is then never found.
 */
export const EXTRACTION_VERSION = 1;

/**
 * The cache file for a set of corpus roots and the reading options that shape what is
 * extracted (Word's tracked changes and comments): one per combination, named by a hash.
 */
export function cacheFileFor(dir: string, roots: string[], readingOptions: unknown = {}): string {
  const key = createHash('sha1')
    .update(roots.map((r) => path.resolve(r)).join('\0'))
    .update(`\0${EXTRACTION_VERSION}\0${JSON.stringify(readingOptions)}`)
    .digest('hex')
    .slice(0, 16);
  return path.join(dir, `index-${key}.gwix`);
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

export function encodeCache(payload: CachePayload): Buffer {
  const body = v8.serialize(payload);
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(INDEX_CACHE_VERSION, 4);
  header.writeUInt32LE(body.length % 0x100000000, 8);
  header.writeUInt32LE(Math.floor(body.length / 0x100000000), 12);
  createHash('sha1').update(body).digest().copy(header, 16);
  return Buffer.concat([header, body]);
}

export function decodeCache(buf: Buffer): CacheRead {
  if (buf.length < HEADER || buf.readUInt32LE(0) !== MAGIC) return { ok: false, reason: 'not a Groundwork index file' };
  const version = buf.readUInt32LE(4);
  if (version !== INDEX_CACHE_VERSION) return { ok: false, reason: `index format ${version}, expected ${INDEX_CACHE_VERSION}` };
  const length = buf.readUInt32LE(8) + buf.readUInt32LE(12) * 0x100000000;
  if (buf.length !== HEADER + length) return { ok: false, reason: 'truncated index file' };
  const body = buf.subarray(HEADER);
  if (!createHash('sha1').update(body).digest().equals(buf.subarray(16, HEADER))) return { ok: false, reason: 'index file is corrupt (checksum)' };
  try {
    const payload = v8.deserialize(body) as CachePayload;
    if (!payload || !Array.isArray(payload.documents) || !payload.index?.postings) return { ok: false, reason: 'index file has an unexpected shape' };
    return { ok: true, payload };
  } catch {
    return { ok: false, reason: 'index file cannot be decoded' };
  }
}

/** Reads a cache file; a missing file is not an error worth a reason. */
export async function readCache(file: string): Promise<CacheRead | undefined> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch {
    return undefined;
  }
  return decodeCache(buf);
}

/** Writes atomically (a temporary file renamed over the old one), so a crash leaves no half file. */
export async function writeCache(file: string, payload: CachePayload): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, encodeCache(payload));
  await fs.rename(tmp, file);
}

export function toCachedDocument(doc: SourceDocument, file: { size: number; mtimeMs: number; hash: string }): CachedDocument {
  return {
    path: doc.path, name: doc.name, size: file.size, mtimeMs: file.mtimeMs, hash: file.hash,
    title: doc.title, symbol: doc.symbol, date: doc.date, original: doc.original, pageStarts: doc.pageStarts,
    passages: doc.passages.map((p) => {
      const sentences = new Int32Array(p.sentences.length * 2);
      p.sentences.forEach((s, i) => {
        sentences[2 * i] = s.start;
        sentences[2 * i + 1] = s.end;
      });
      const c: CachedPassage = { id: p.id, kind: p.kind, number: p.number, heading: p.heading, text: p.text, anchors: p.mapped.anchors, start: p.start, end: p.end, sentences };
      if (p.page !== undefined) c.page = p.page;
      return c;
    }),
  };
}

export function fromCachedDocument(c: CachedDocument): SourceDocument {
  const doc: SourceDocument = { path: c.path, name: c.name, title: c.title, original: c.original, lines: new LineIndex(c.original), passages: [] };
  if (c.symbol !== undefined) doc.symbol = c.symbol;
  if (c.date !== undefined) doc.date = c.date;
  if (c.pageStarts) doc.pageStarts = c.pageStarts;
  for (const cp of c.passages) {
    const sentences = [];
    for (let i = 0; i < cp.sentences.length; i += 2) sentences.push({ start: cp.sentences[i], end: cp.sentences[i + 1] });
    const p: Passage = {
      id: cp.id, doc, kind: cp.kind, number: cp.number, heading: cp.heading, text: cp.text, mapped: { text: cp.text, anchors: cp.anchors },
      start: cp.start, end: cp.end, sentences,
    };
    if (cp.page !== undefined) p.page = cp.page;
    doc.passages.push(p);
  }
  return doc;
}
