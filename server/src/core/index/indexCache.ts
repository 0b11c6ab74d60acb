/**
 * The persisted index: every loaded document (its extracted text, passages, offsets, pages)
 * and the compact postings, in one versioned binary file, so a reopened workspace is ready
 * without extracting, repairing or tokenising anything. A file is reused when its size and
 * modification time match, or, when only the time differs, when its content hash does.
 *
 * Opening must be quick on a 100 MB corpus, and on a machine where touching fresh memory is
 * slow, so the file is laid out for reading little: a header; raw, 8-byte-aligned sections:
 * the postings, read at open, and each document's text and anchors, read only when one of its
 * passages is (see `DiskTexts`); last, a manifest (V8 serialisation of the documents, passage
 * columns and terms). Nothing is trusted before its checksum is, but little is read at open:
 * the manifest is checked whole (its CRC-32 is in the header); everything between the header
 * and the manifest has a CRC-32 for each page of `PAGE` bytes (kept in the manifest), checked
 * on the first read of the page. At open that is the postings' offsets and the passage
 * lengths; a term's postings are read on its first query (see `PendingPostings`), a document's
 * text when one of its passages is needed. Reading and checking the whole file at open was
 * most of reopening a 100 MB corpus. A file with another magic, version, length or checksum is
 * discarded and rebuilt; a page found damaged later fails its read (`IndexCacheDamaged`) and
 * the file is removed, and the sources are read again (the CLI once, the server reindexes).
 *
 * Header (40 bytes): magic `GWIX`, format version (u32), manifest length (u32), CRC-32 of
 * the manifest (u32), total length (u64), manifest position (u64), position of the first
 * document's text (u64).
 */
import { createHash } from 'crypto';
import { closeSync, fstatSync, openSync, promises as fs, read as fsRead, readSync, statSync, unlinkSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { PassageColumns, PassageColumnWriter, passageAt } from '../corpus/passageColumns';
import { BLOCK_KINDS } from '../corpus/extractedText';
import { applyFacts, DocumentFacts, DocumentText, factsOf, Passage, SourceDocument, TextSource } from '../corpus/document';
import { CompactText, lowerBound, PLACEHOLDER } from '../text/compactText';
import { lineStarts } from '../text/lineIndex';
import { rebuildText } from '../text/mappedText';
import { crc32 } from './crc32';
import { LruCache } from '../lruCache';
import type { FrozenPostings, IndexSnapshot } from './passageIndex';

/** Bump when the layout, or anything that changes passages or terms, changes. */
export const INDEX_CACHE_VERSION = 10;
const MAGIC = 0x58495747; // 'GWIX' little-endian
const HEADER = 40;
/** Bytes of documents' text under one checksum (see the file's layout above). */
const PAGE = 16384;

/**
 * A read from an opened index file that cannot be trusted any more (damaged, or written into
 * by another program). The file is removed by then; the corpus must be loaded again, which
 * reads the sources (the CLI does so once, the server reindexes).
 */
export class IndexCacheDamaged extends Error {}

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

/** What identifies the file a document was read from. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  /** SHA-1 of the file's bytes. */
  hash: string;
}

/** A document as the manifest lists it; its text and anchors stay in the file until needed. */
export interface CachedDocument extends FileStamp, DocumentFacts {
  /** Text length in UTF-16 code units, and its number of characters above U+00FF. */
  length: number;
  wide: number;
  /** Where its one-byte text, wide characters and anchors are in the file. */
  textAt: number;
  anchorCount: number;
  lineCount: number;
  firstPassage: number;
  passageCount: number;
}

interface Manifest {
  roots: string[];
  passageCount: number;
  documents: CachedDocument[];
  /** Passage columns, in document order. */
  passages: PassageColumns;
  terms: string[];
  idsAscending: boolean;
  /** Where the postings sections are. */
  sections: { offsets: number; ids: number; tfs: number; lengths: number; order: number; termCount: number; postingCount: number; lengthCount: number; bounds?: { avg: number; impact: number; blockAt: number; blocks: number; blockCount: number; residual: number; championAt: number; champions: number; championCount: number } };
  /** CRC-32 of each `PAGE` bytes from the end of the header to the manifest. */
  pageSums: Uint32Array;
}

/** An opened cache file: documents ready to be reused, the index snapshot, the file kept open. */
export interface OpenedCache {
  roots: string[];
  passageCount: number;
  documents: Map<string, CachedDocument>;
  index: IndexSnapshot;
  /** Builds a document whose text is read from this file, and whose passages are made, when first needed. */
  document(c: CachedDocument): SourceDocument;
  /** The ids of a document's passages, without making them. */
  passageIds(c: CachedDocument): Int32Array;
  /** Where a document's text is in this file (the file stays open while any document uses it). */
  textSource(c: CachedDocument): TextSource;
}

export type CacheRead = { ok: true; cache: OpenedCache } | { ok: false; reason: string };

/** Reads bytes at a position: a file descriptor, or a buffer (for tests). */
interface ByteSource {
  size: number;
  /** Throws when the file was changed in place since it was opened (checked on every late read). */
  unchanged(): void;
  /** Fills `into` from `position`. */
  read(position: number, into: Uint8Array): void;
  /** The same without blocking the thread (large reads at open). */
  readAsync(position: number, into: Uint8Array): Promise<void>;
  /** Removes the file, if its path still names it (a damaged file must not be opened again). */
  discard(): void;
  close(): void;
}

function fileSource(fd: number, file: string): ByteSource {
  const opened = fstatSync(fd);
  let checkedAt = 0;
  return {
    size: opened.size,
    unchanged() {
      // we replace the file by renaming, which an open descriptor never sees: this guards
      // against another program writing into it, and a check every few milliseconds does that
      // (one per passage read was a tenth of a full check's time)
      const t = performance.now();
      if (t - checkedAt < UNCHANGED_CHECK_MS) return;
      checkedAt = t;
      const now = fstatSync(fd);
      if (now.size !== opened.size || now.mtimeMs !== opened.mtimeMs) {
        this.discard();
        throw new IndexCacheDamaged('the index cache file changed while in use; it is removed: reindex the sources');
      }
    },
    read(position, into) {
      let done = 0;
      while (done < into.length) {
        const n = readSync(fd, into, done, into.length - done, position + done);
        if (n === 0) throw new Error('index file ended early');
        done += n;
      }
    },
    readAsync: (position, into) =>
      new Promise((resolve, reject) => {
        let done = 0;
        const step = () =>
          fsRead(fd, into, done, into.length - done, position + done, (err, n) => {
            if (err) return reject(err);
            if (n === 0) return reject(new Error('index file ended early'));
            done += n;
            if (done < into.length) step();
            else resolve();
          });
        step();
      }),
    discard() {
      try {
        const named = statSync(file);
        if (named.ino === opened.ino && named.dev === opened.dev) unlinkSync(file);
      } catch {
        /* already gone or replaced */
      }
    },
    close: () => closeSync(fd),
  };
}

function bufferSource(b: Buffer): ByteSource {
  const read = (position: number, into: Uint8Array) => void into.set(b.subarray(position, position + into.length));
  return { size: b.length, unchanged: () => undefined, read, readAsync: async (position, into) => read(position, into), discard: () => undefined, close: () => undefined };
}

/** How long a check that the cache file is unchanged holds (see `fileSource`). */
const UNCHANGED_CHECK_MS = 20;

/** A fresh, aligned buffer filled from the source, so typed arrays can view it. */
function readBlock(src: ByteSource, position: number, length: number): Buffer {
  // its own memory (typed arrays view it from offset 0), not zeroed since it is filled at once
  const b = Buffer.allocUnsafeSlow(length);
  src.read(position, b);
  return b;
}

async function readBlockAsync(src: ByteSource, position: number, length: number): Promise<Buffer> {
  const b = Buffer.from(new ArrayBuffer(length));
  await src.readAsync(position, b);
  return b;
}


/**
 * Opens and checks a cache file; undefined when there is none. `trusted`: the file was just
 * written by this process, and its checksum need not be read again.
 */
export async function readCache(file: string, trusted = false): Promise<CacheRead | undefined> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  const src = fileSource(fd, file);
  let read: CacheRead;
  try {
    read = await openCache(src, trusted);
  } catch (e) {
    read = { ok: false, reason: `index file cannot be read (${(e as Error).message})` };
  }
  if (!read.ok) src.close();
  return read;
}

/** Checks and opens a whole cache file held in memory (tests, tools). */
export function decodeCache(buf: Buffer): Promise<CacheRead> {
  return openCache(bufferSource(buf), false);
}

async function openCache(src: ByteSource, trusted: boolean): Promise<CacheRead> {
  if (src.size < HEADER) return { ok: false, reason: 'not a Groundwork index file' };
  const header = readBlock(src, 0, HEADER);
  if (header.readUInt32LE(0) !== MAGIC) return { ok: false, reason: 'not a Groundwork index file' };
  const version = header.readUInt32LE(4);
  if (version !== INDEX_CACHE_VERSION) return { ok: false, reason: `index format ${version}, expected ${INDEX_CACHE_VERSION}` };
  const manifestLength = header.readUInt32LE(8);
  const total = Number(header.readBigUInt64LE(16));
  const manifestAt = Number(header.readBigUInt64LE(24));
  const textStart = Number(header.readBigUInt64LE(32));
  if (src.size !== total || manifestAt + manifestLength > total || textStart < HEADER || textStart > manifestAt) return { ok: false, reason: 'truncated index file' };
  const manifestBytes = await readBlockAsync(src, manifestAt, manifestLength);
  if (!trusted && crc32(manifestBytes) >>> 0 !== header.readUInt32LE(12)) return { ok: false, reason: 'index file is corrupt (checksum)' };
  let m: Manifest;
  try {
    m = v8.deserialize(manifestBytes) as Manifest;
    if (!m || !Array.isArray(m.documents) || !m.sections || !m.passages || !(m.pageSums instanceof Uint32Array)) return { ok: false, reason: 'index file has an unexpected shape' };
  } catch {
    return { ok: false, reason: 'index file cannot be decoded' };
  }
  if (m.pageSums.length !== Math.ceil((manifestAt - HEADER) / PAGE)) return { ok: false, reason: 'index file has an unexpected shape (checksums)' };
  const pages = new CheckedPages(src, HEADER, manifestAt, trusted ? undefined : m.pageSums);
  let index: IndexSnapshot;
  try {
    const b = m.sections.bounds;
    index = {
      postings: pendingPostings(src, pages, m, textStart),
      lengths: readInts(src, pages, m.sections.lengths, m.sections.lengthCount, textStart),
      order: readInts(src, pages, m.sections.order, m.sections.lengthCount, textStart),
      idsAscending: m.idsAscending,
      // the term bounds the index computed for this average length (checked against the postings by the index)
      bounds: b && {
        avg: b.avg,
        impact: new Float64Array(readSection(src, pages, b.impact, m.sections.termCount * 8, textStart).buffer, 0, m.sections.termCount),
        blockAt: readInts(src, pages, b.blockAt, m.sections.termCount + 1, textStart),
        blocks: new Float32Array(readSection(src, pages, b.blocks, b.blockCount * 4, textStart).buffer, 0, b.blockCount),
        residual: new Float64Array(readSection(src, pages, b.residual, m.sections.termCount * 8, textStart).buffer, 0, m.sections.termCount),
        championAt: readInts(src, pages, b.championAt, m.sections.termCount + 1, textStart),
        champions: readInts(src, pages, b.champions, b.championCount, textStart),
      },
    };
  } catch (e) {
    return { ok: false, reason: e instanceof IndexCacheDamaged ? 'index file is corrupt (checksum)' : `index file is corrupt (${(e as Error).message})` };
  }
  if (!liveIdsDistinct(index, m.passageCount)) return { ok: false, reason: 'index file is corrupt (passage order)' };
  const texts = new DiskTexts(src, pages);
  const p = m.passages;
  return {
    ok: true,
    cache: {
      roots: m.roots,
      passageCount: m.passageCount,
      documents: new Map(m.documents.map((d) => [d.path, d])),
      index,
      textSource: (c) => texts.source(c),
      document(c) {
        const doc = new SourceDocument(c.path, c.name, texts.source(c), c.length);
        applyFacts(doc, c);
        const first = c.firstPassage;
        const last = first + c.passageCount;
        doc.deferPassages({
          count: c.passageCount,
          make: (d, i) => passageAt(d, p, first + i, first + i + 1 < last ? p.anchorFrom[first + i + 1] : c.anchorCount),
          forEachLayout: (visit) => {
            for (let i = first; i < last; i++) visit(p.start[i], p.end[i], p.length[i], (i + 1 < last ? p.anchorFrom[i + 1] : c.anchorCount) - p.anchorFrom[i], BLOCK_KINDS[p.kind[i]]);
          },
        });
        return doc;
      },
      passageIds: (c) => p.id.subarray(c.firstPassage, c.firstPassage + c.passageCount),
    },
  };
}

/** `bytes` at `at`, which must lie 8-byte aligned before `end`, their pages checked. */
function readSection(src: ByteSource, pages: CheckedPages, at: number, bytes: number, end: number): Buffer {
  if (at < HEADER || at + bytes > end || at % 8 !== 0 || bytes < 0) throw new Error('a section lies outside the postings');
  pages.check(at, bytes);
  return readBlock(src, at, bytes);
}

/** `n` 32-bit integers at `at` (see `readSection`). */
/** Whether each live slot's passage id is one of the file's passages, and no two slots share one. */
function liveIdsDistinct({ lengths, order }: IndexSnapshot, passageCount: number): boolean {
  if (!order || order.length !== lengths.length) return false;
  const seen = new Uint8Array(passageCount);
  for (let slot = 0; slot < lengths.length; slot++) {
    if (lengths[slot] < 0) continue;
    const id = order[slot];
    if (!(id >= 0 && id < passageCount) || seen[id]) return false;
    seen[id] = 1;
  }
  return true;
}

function readInts(src: ByteSource, pages: CheckedPages, at: number, n: number, end: number): Int32Array {
  return new Int32Array(readSection(src, pages, at, n * 4, end).buffer, 0, n);
}

/**
 * The postings with only their offsets read: each term's ids and frequencies are read into
 * arrays made for all of them on the term's first use. Fresh memory is slow to touch on some
 * machines (60 MB cost 190 ms here), and most terms of a 100 MB corpus's postings are not
 * queried in the first seconds after a reopen.
 */
function pendingPostings(src: ByteSource, pages: CheckedPages, m: Manifest, end: number): FrozenPostings {
  const s = m.sections;
  const offsets = readInts(src, pages, s.offsets, s.termCount + 1, end);
  const total = s.postingCount;
  if (offsets[0] !== 0 || offsets[s.termCount] !== total || m.terms.length !== s.termCount) throw new Error('postings that do not add up');
  for (let t = 0; t < s.termCount; t++) if (offsets[t + 1] < offsets[t]) throw new Error('postings that do not add up');
  if (s.ids < HEADER || s.ids + total * 4 > end || s.tfs < HEADER || s.tfs + total > end) throw new Error('a section lies outside the postings');
  const ids = new Int32Array(total);
  const tfs = new Uint8Array(total);
  const into = (a: Int32Array | Uint8Array, at: number, from: number, to: number) => {
    const bytes = (to - from) * a.BYTES_PER_ELEMENT;
    pages.check(at + from * a.BYTES_PER_ELEMENT, bytes);
    src.read(at + from * a.BYTES_PER_ELEMENT, new Uint8Array(a.buffer, a.byteOffset + from * a.BYTES_PER_ELEMENT, bytes));
  };
  return {
    terms: m.terms,
    offsets,
    ids,
    tfs,
    pending: {
      loaded: new Uint8Array(s.termCount),
      load(tid) {
        const from = offsets[tid];
        const to = offsets[tid + 1];
        if (to === from) return;
        src.unchanged();
        into(ids, s.ids, from, to);
        into(tfs, s.tfs, from, to);
      },
    },
  };
}

/**
 * Texts of documents reused from a cache file, read when first needed: a passage alone (its
 * anchors and the stretch of text they cover: a hover or a symbol needs a few passages of many
 * documents), or the whole document once several of its passages are asked for in a row (a
 * pass over every passage). Whole documents and their wide characters are kept for the most
 * recently used.
 */
/**
 * Passages of one document read alone, one after the other, before it is read whole. A
 * document's block (its text, anchors and wide characters) is several times its passages'
 * text: at ×100, symbol searches that read whole documents from their fourth passage read 165
 * MB for 200 queries; and counting a document's passages over a session rather than in a row
 * made symbol searches at ×500 read whole the documents (130 KB each) that a pass had read
 * last.
 */
const WHOLE_AFTER = 8;

class DiskTexts {
  private recent = new Map<CachedDocument, DocumentText>();
  private wide = new Map<CachedDocument, { at: Int32Array; chars: Uint16Array }>();
  /** The document of the last passage read alone, and how many of its passages were read in a row. */
  private lastAsked?: CachedDocument;
  private inRow = 0;
  private readonly scratches: Buffer[] = [];
  constructor(
    private readonly src: ByteSource,
    private readonly pages: CheckedPages,
  ) {
    // the file is closed when no document reads from it any more
    openFiles.register(this, src);
  }

  /** Bytes of documents' text, their pages checked (see CheckedPages). */
  private read(position: number, length: number): Buffer {
    return this.pages.bytes(position, length);
  }

  source(c: CachedDocument): TextSource {
    return {
      read: () => this.load(c),
      passageText: (p, limit) => this.passage(c, p, limit),
      lineStarts: () => {
        this.src.unchanged();
        const at = c.textAt + blockLayout(c.length, c.wide, c.anchorCount).lineStarts;
        return new Int32Array(this.read(at, c.lineCount * 4).buffer, 0, c.lineCount);
      },
    };
  }

  /** A passage's text and anchors, or with `limit` its first `limit` characters and the anchors of their runs. */
  private passage(c: CachedDocument, p: Passage, limit = Infinity): { text: string; anchors: Int32Array } {
    const whole = this.recent.get(c);
    this.inRow = c === this.lastAsked ? this.inRow + 1 : 1;
    this.lastAsked = c;
    const length = Math.min(p.length, limit);
    if (whole || this.inRow > WHOLE_AFTER) {
      const { text, anchors } = whole ?? this.load(c);
      const own = anchors.slice(p.anchorFrom, p.anchorTo);
      const made = rebuildText(text, own, 0, own.length, p.length);
      return { text: length < p.length ? made.slice(0, length) : made, anchors: length < p.length ? own.subarray(0, runsWithin(own, length)) : own };
    }
    this.src.unchanged();
    const layout = blockLayout(c.length, c.wide, c.anchorCount);
    const all = p.anchorTo - p.anchorFrom;
    // from Node's pool of small buffers (8-byte aligned): an array buffer of its own cost 3.6 µs a passage
    const anchorBytes = Buffer.allocUnsafe(all * 4);
    this.pages.copy(c.textAt + layout.anchors + p.anchorFrom * 4, all * 4, anchorBytes);
    const anchors = new Int32Array(anchorBytes.buffer, anchorBytes.byteOffset, runsWithin(new Int32Array(anchorBytes.buffer, anchorBytes.byteOffset, all), length));
    const n = anchors.length;
    // the stretch of the original the anchors cover
    let lo = Infinity;
    let hi = 0;
    for (let i = 0; i < n; i += 2) {
      const next = i + 2 < n ? anchors[i + 2] : length;
      lo = Math.min(lo, anchors[i + 1]);
      hi = Math.max(hi, anchors[i + 1] + (next - anchors[i]));
    }
    if (n === 0) lo = hi = 0;
    const stretch = this.scratch(0, hi - lo);
    this.pages.copy(c.textAt + lo, hi - lo, stretch);
    // the document's wide characters are read only when a placeholder says one is here
    if (c.wide > 0 && holds(stretch, hi - lo, PLACEHOLDER)) {
      const wide = this.wideOf(c, layout);
      if (lowerBound(wide.at, lo) < lowerBound(wide.at, hi)) {
        const out = this.scratch(1, 2 * length);
        return { text: rebuildTwoByte(stretch, lo, anchors, length, wide, new Uint16Array(out.buffer, 0, length)), anchors };
      }
    }
    return { text: rebuildOneByte(stretch, lo, anchors, length, this.scratch(1, length)), anchors };
  }

  /**
   * Scratch bytes, one of two (`which`), at least `length` of them, from offset 0 of their own
   * memory: a passage's text on its way to a string.
   */
  private scratch(which: number, length: number): Buffer {
    let b = this.scratches[which];
    if (!b || b.length < length) b = this.scratches[which] = Buffer.allocUnsafeSlow(Math.max(2 * length, 8192));
    return b;
  }

  private wideOf(c: CachedDocument, layout: ReturnType<typeof blockLayout>): { at: Int32Array; chars: Uint16Array } {
    let w = this.wide.get(c);
    if (!w) {
      const block = this.read(c.textAt + layout.wideAt, layout.anchors - layout.wideAt);
      w = { at: new Int32Array(block.buffer, 0, c.wide), chars: new Uint16Array(block.buffer, layout.wideChars - layout.wideAt, c.wide) };
      this.wide.set(c, w);
      if (this.wide.size > 512) this.wide.delete(this.wide.keys().next().value!);
    }
    return w;
  }

  private load(c: CachedDocument): DocumentText {
    let got = this.recent.get(c);
    if (got) {
      // most recently used last, so the first key is the one to drop
      this.recent.delete(c);
      this.recent.set(c, got);
      return got;
    }
    this.src.unchanged();
    const layout = blockLayout(c.length, c.wide, c.anchorCount);
    const block = this.read(c.textAt, layout.lineStarts);
    got = {
      text: CompactText.of(block.toString('latin1', 0, c.length), new Int32Array(block.buffer, layout.wideAt, c.wide), new Uint16Array(block.buffer, layout.wideChars, c.wide)),
      anchors: new Int32Array(block.buffer, layout.anchors, c.anchorCount),
    };
    this.recent.set(c, got);
    if (this.recent.size > 64) {
      // a document dropped goes back to being read a passage at a time: where requests touch a
      // few passages of many documents (symbols, hovers), reading each whole again thrashed
      const dropped = this.recent.keys().next().value!;
      this.recent.delete(dropped);
    }
    return got;
  }
}

/**
 * Pages of a document's text kept after their first read. A passage read alone touches a page
 * or two (its text, its anchors), and a request reads passages of many documents; the first
 * read of a page was one read of the whole page for its checksum and another of the passage's
 * bytes (at ×500, 31,000 reads for the 10,000 results of 200 symbol searches; 17,800 with
 * pages kept). Kept, a page serves the checked read, then its neighbours' passages, without a
 * system call. 256 pages are 4 MB.
 */
const KEPT_PAGES = 256;

/**
 * The checksums of the documents' text, one a page: a page is checked the first time a read
 * touches it (read whole), so a session pays for what it reads, once. Small reads are served
 * from the pages last read (see `KEPT_PAGES`).
 */
class CheckedPages {
  private readonly checked: Uint8Array;
  private scratch?: Buffer;
  /** Page number to its bytes. */
  private readonly kept = new LruCache<number, Buffer>(KEPT_PAGES);

  constructor(
    private readonly src: ByteSource,
    private readonly from: number,
    private readonly to: number,
    /** undefined: the file was written by this process and is trusted. */
    private readonly sums: Uint32Array | undefined,
  ) {
    this.checked = new Uint8Array(sums?.length ?? 0);
  }

  check(position: number, length: number): void {
    const { sums } = this;
    if (!sums || length <= 0) return;
    this.within(position, length);
    const last = Math.floor((position + length - 1 - this.from) / PAGE);
    for (let i = Math.floor((position - this.from) / PAGE); i <= last; i++) {
      if (this.checked[i]) continue;
      const at = this.from + i * PAGE;
      const page = (this.scratch ??= Buffer.allocUnsafeSlow(PAGE)).subarray(0, Math.min(PAGE, this.to - at));
      this.src.read(at, page);
      this.verify(i, page);
    }
  }

  /** A fresh buffer (typed arrays may view it from offset 0) of the bytes at `position`, checked. */
  bytes(position: number, length: number): Buffer {
    const out = Buffer.allocUnsafeSlow(length);
    this.copy(position, length, out);
    return out;
  }

  /** Puts the `length` bytes at `position`, checked, at the start of `into`. */
  copy(position: number, length: number, into: Uint8Array): void {
    if (length <= 0) return;
    this.within(position, length);
    const first = Math.floor((position - this.from) / PAGE);
    const last = Math.floor((position + length - 1 - this.from) / PAGE);
    if (last - first > 1) {
      // a whole document: read at once, its pages checked on the way, none kept
      this.check(position, length);
      this.src.read(position, into.length === length ? into : into.subarray(0, length));
      return;
    }
    for (let i = first; i <= last; i++) {
      const page = this.page(i);
      const pageAt = this.from + i * PAGE;
      const s = Math.max(position, pageAt);
      const e = Math.min(position + length, pageAt + page.length);
      // a loop, not a view and a set: passages are read by the thousand, and views are garbage
      for (let j = s; j < e; j++) into[j - position] = page[j - pageAt];
    }
  }

  private page(i: number): Buffer {
    const kept = this.kept.get(i);
    if (kept) return kept;
    const at = this.from + i * PAGE;
    const size = Math.min(PAGE, this.to - at);
    // the page forgotten lends its memory to the one read
    const reused = this.kept.size >= KEPT_PAGES ? this.kept.removeOldest() : undefined;
    const page = reused?.length === size ? reused : Buffer.allocUnsafeSlow(size);
    this.src.read(at, page);
    if (this.sums && !this.checked[i]) this.verify(i, page);
    this.kept.set(i, page);
    return page;
  }

  /** Checks page `i`, read into `page`. */
  private verify(i: number, page: Buffer): void {
    if (crc32(page) >>> 0 !== this.sums![i]) {
      this.src.discard();
      throw new IndexCacheDamaged('the index cache file is damaged (a page fails its checksum); it is removed: reindex the sources');
    }
    this.checked[i] = 1;
  }

  private within(position: number, length: number): void {
    if (position < this.from || position + length > this.to) {
      this.src.discard();
      throw new IndexCacheDamaged('the index cache file is damaged (a read outside its sections); it is removed: reindex the sources');
    }
  }
}

/**
 * `rebuildText` for a stretch of one-byte text without wide characters (`stretch` holds the
 * original from `lo`), straight into `out` and then one string: the runs joined, white space
 * made spaces. A symbol search reads 50 passages this way, and the string concatenation made
 * 2 KB of garbage for each.
 */
function rebuildOneByte(stretch: Buffer, lo: number, anchors: Int32Array, length: number, out: Buffer): string {
  if (anchors.length === 0) return '';
  // runs are joined from the first anchor's offset, as rebuildText joins them
  const base = anchors[0];
  for (let i = 0; i < anchors.length; i += 2) {
    const next = i + 2 < anchors.length ? anchors[i + 2] : length;
    const shift = anchors[i] - base - (anchors[i + 1] - lo);
    // a loop: Buffer#copy makes a view of the source for every run
    for (let j = anchors[i + 1] - lo, end = j + (next - anchors[i]); j < end; j++) out[j + shift] = stretch[j];
  }
  length -= base;
  for (let i = 0; i < length; i++) {
    const c = out[i];
    // the characters rebuildText's WHITE_SPACE_RE turns into spaces: tab to carriage return, no-break space
    if ((c >= 0x09 && c <= 0x0d) || c === 0xa0) out[i] = 0x20;
  }
  return out.toString('latin1', 0, length);
}

/** The length of the anchor pairs whose runs start within the first `length` characters of a passage (at least one pair). */
function runsWithin(anchors: Int32Array, length: number): number {
  let n = 2;
  while (n < anchors.length && anchors[n] < length) n += 2;
  return Math.min(n, anchors.length);
}

/** Whether `byte` is among the first `length` of `bytes`. */
function holds(bytes: Uint8Array, length: number, byte: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[i] === byte) return true;
  return false;
}

/** `rebuildOneByte` for a stretch with wide characters (their offsets and characters in `wide`), into UTF-16. */
function rebuildTwoByte(stretch: Buffer, lo: number, anchors: Int32Array, length: number, wide: { at: Int32Array; chars: Uint16Array }, out: Uint16Array): string {
  if (anchors.length === 0) return '';
  const base = anchors[0];
  for (let i = 0; i < anchors.length; i += 2) {
    const next = i + 2 < anchors.length ? anchors[i + 2] : length;
    const from = anchors[i + 1];
    const to = from + (next - anchors[i]);
    const shift = anchors[i] - base - from;
    for (let j = from; j < to; j++) out[j + shift] = stretch[j - lo];
    for (let w = lowerBound(wide.at, from); w < wide.at.length && wide.at[w] < to; w++) out[wide.at[w] + shift] = wide.chars[w];
  }
  length -= base;
  for (let i = 0; i < length; i++) {
    const c = out[i];
    if ((c >= 0x09 && c <= 0x0d) || c === 0xa0) out[i] = 0x20;
  }
  // code units to a string: decoded as UTF-16LE bytes where that is the machine's order (one
  // string made, where spreading the units as arguments made three times its size in garbage)
  if (LITTLE_ENDIAN) return Buffer.from(out.buffer, out.byteOffset, length * 2).toString('utf16le');
  let text = '';
  for (let i = 0; i < length; i += 8192) text += String.fromCharCode.apply(null, out.subarray(i, Math.min(length, i + 8192)) as unknown as number[]);
  return text;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

const openFiles = new FinalizationRegistry<ByteSource>((src) => src.close());

const align8 = (n: number) => (n + 7) & ~7;

/** A document's block: one-byte text, offsets of wide characters, those characters, anchors, line starts. */
function blockLayout(length: number, wide: number, anchorCount: number): { wideAt: number; wideChars: number; anchors: number; lineStarts: number } {
  const wideAt = align8(length);
  const wideChars = wideAt + align8(wide * 4);
  const anchors = wideChars + align8(wide * 2);
  return { wideAt, wideChars, anchors, lineStarts: anchors + align8(anchorCount * 4) };
}

/**
 * Writes the cache for these documents and index, atomically (a temporary file renamed over the
 * old one, so a crash leaves no half file), yielding between documents so a server goes on
 * answering while it writes. Sections come first, each 8-byte aligned; the manifest, which says
 * where they are, last.
 */
export async function writeCache(file: string, roots: string[], documents: { doc: SourceDocument; stamp: FileStamp }[], passageCount: number, index: IndexSnapshot): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await fs.open(tmp, 'w');
  try {
    let at = HEADER;
    // everything before the manifest is summed a page at a time (see the layout above)
    const pages = new PageSums();
    const write = async (data: Uint8Array) => {
      const padded = align8(data.length);
      const bytes = padded === data.length ? data : Buffer.concat([data, new Uint8Array(padded - data.length)]);
      pages.add(bytes);
      await handle.write(bytes, 0, bytes.length, at);
      const where = at;
      at += bytes.length;
      return where;
    };
    const view = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const { postings, lengths, bounds } = index;
    const order = index.order ?? Int32Array.from(lengths, (_, slot) => slot);
    const sections: Manifest['sections'] = {
      offsets: await write(view(postings.offsets)), ids: await write(view(postings.ids)), tfs: await write(view(postings.tfs)), lengths: await write(view(lengths)), order: await write(view(order)),
      termCount: postings.offsets.length - 1, postingCount: postings.ids.length, lengthCount: lengths.length,
    };
    if (bounds) {
      sections.bounds = {
        avg: bounds.avg, impact: await write(view(bounds.impact)), blockAt: await write(view(bounds.blockAt)), blocks: await write(view(bounds.blocks)), blockCount: bounds.blocks.length,
        residual: await write(view(bounds.residual)), championAt: await write(view(bounds.championAt)), champions: await write(view(bounds.champions)), championCount: bounds.champions.length,
      };
    }
    const textStart = at;
    let passages = 0;
    for (const d of documents) passages += d.doc.passages.length;
    const columns = new PassageColumnWriter(passages);
    const cached: CachedDocument[] = [];
    let k = 0;
    for (let i = 0; i < documents.length; i++) {
      const { doc, stamp } = documents[i];
      const { text, anchors } = doc.textSource.read();
      const layout = blockLayout(doc.length, text.wideAt.length, anchors.length);
      const lines = lineStarts(text.bytes);
      const block = Buffer.alloc(layout.lineStarts + lines.byteLength);
      block.write(text.bytes, 0, 'latin1');
      block.set(view(text.wideAt), layout.wideAt);
      block.set(view(text.wideChars), layout.wideChars);
      block.set(view(anchors), layout.anchors);
      block.set(view(lines), layout.lineStarts);
      cached.push({
        ...factsOf(doc), size: stamp.size, mtimeMs: stamp.mtimeMs, hash: stamp.hash,
        length: doc.length, wide: text.wideAt.length, textAt: await write(block), anchorCount: anchors.length, lineCount: lines.length, firstPassage: k, passageCount: doc.passages.length,
      });
      for (const p of doc.passages) columns.put(k++, p);
      if (i % 32 === 31) await new Promise((r) => setImmediate(r));
    }
    const pageSums = pages.finish();
    const manifest = v8.serialize({ roots, passageCount, documents: cached, passages: columns.columns, terms: postings.terms, idsAscending: index.idsAscending, sections, pageSums } satisfies Manifest);
    // unpadded: the file ends with it, and a reader checks exactly the bytes it reads
    const manifestAt = at;
    const crc = crc32(manifest);
    await handle.write(manifest, 0, manifest.length, at);
    at += manifest.length;
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(INDEX_CACHE_VERSION, 4);
    header.writeUInt32LE(manifest.length, 8);
    header.writeUInt32LE(crc >>> 0, 12);
    header.writeBigUInt64LE(BigInt(at), 16);
    header.writeBigUInt64LE(BigInt(manifestAt), 24);
    header.writeBigUInt64LE(BigInt(textStart), 32);
    await handle.write(header, 0, HEADER, 0);
  } catch (e) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  await fs.rename(tmp, file);
}

/** CRC-32s of consecutive `PAGE`-byte pages of what is added, in order. */
class PageSums {
  private sums: number[] = [];
  private crc = 0;
  private filled = 0;

  add(bytes: Uint8Array): void {
    for (let from = 0; from < bytes.length; ) {
      const n = Math.min(PAGE - this.filled, bytes.length - from);
      this.crc = crc32(bytes.subarray(from, from + n), this.crc);
      this.filled += n;
      from += n;
      if (this.filled === PAGE) {
        this.sums.push(this.crc >>> 0);
        this.crc = 0;
        this.filled = 0;
      }
    }
  }

  finish(): Uint32Array {
    if (this.filled > 0) this.sums.push(this.crc >>> 0);
    return Uint32Array.from(this.sums);
  }
}
