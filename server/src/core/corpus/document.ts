/**
 * Source documents and their passages: the unit of evidence. A passage knows its document,
 * its number (`19`, `2(iii)`), its heading, its sentences and its exact range in the file.
 *
 * A large corpus must fit in about twice its text, so neither keeps strings it can rebuild: a
 * document holds its extracted text once, at one byte a character (CompactText), or only
 * knows where to read it (the index cache file); a passage holds offsets, and its text (the
 * original's runs joined by single spaces, see `rebuildText`) and sentences are rebuilt on use
 * and kept for the most recently used passages only.
 */
import { readAppositions } from '../claims/actors';
import { Block, BlockKind, normaliseExtractedText } from './extractedText';
import { CompactText } from '../text/compactText';
import { MappedText, rebuildText, toOriginalOffset } from '../text/mappedText';
import { LineIndex } from '../text/lineIndex';
import { Span, splitSentences } from '../text/sentences';

/** A document's extracted text and the anchors of its passages (see MappedText). */
export interface DocumentText {
  text: CompactText;
  anchors: Int32Array;
}

/** Where a document's text is: in memory, or in a file read when it is needed. */
export interface TextSource {
  read(): DocumentText;
  /**
   * One passage's text and anchors, read without the rest of the document, where that is
   * cheaper; with `limit`, its first `limit` characters (and the anchors of the runs they hold).
   */
  passageText?(p: Passage, limit?: number): { text: string; anchors: Int32Array };
  /** Where the document's lines start, known without its text. */
  lineStarts?(): Int32Array;
}

export class InMemoryText implements TextSource {
  constructor(private readonly held: DocumentText) {}
  read(): DocumentText {
    return this.held;
  }
}

export class SourceDocument {
  title = '';
  /** Official symbol found in the document (GB.316/POL/1), if any. */
  symbol?: string;
  /** Date the document states (`4 October 2012`), if any. */
  date?: string;
  /** PDFs: where each page starts in the extracted text. */
  pageStarts?: number[];
  /** People named beside their office (`Mr Guy Ryder, ILO Director-General`), as actor keys. */
  appositions?: [string, string][];
  private held?: Passage[];
  /** Passages not made yet (a document reused from the index cache): see `passages`. */
  private pending?: PendingPassages;
  /** Passages made one at a time before all were (see `passageAt`). */
  private alone?: Passage[];
  private lineIndex?: LineIndex;

  constructor(
    /** Absolute path of the file. */
    readonly path: string,
    /** Path relative to the corpus root, for display. */
    readonly name: string,
    public textSource: TextSource,
    /** Length of the extracted text, in UTF-16 code units. */
    readonly length: number,
  ) {}

  /**
   * The passages, in order. A document reopened from the index cache makes them on first use:
   * a 100 MB corpus has 200,000 of them, and making them all was a third of reopening it, while
   * a session uses those of few documents.
   */
  get passages(): Passage[] {
    if (!this.held) {
      const { pending, alone } = this;
      this.held = pending ? Array.from({ length: pending.count }, (_, i) => alone?.[i] ?? pending.make(this, i)) : [];
      this.pending = this.alone = undefined;
    }
    return this.held;
  }

  /**
   * Passage `i`, made alone if the others are not made yet: a search's results lie in many
   * documents, and making all of each one's passages for one of them made every passage of a
   * 100 MB corpus within 200 symbol searches (200,000 objects for the collector to copy).
   */
  passageAt(i: number): Passage | undefined {
    if (this.held || !this.pending) return this.passages[i];
    if (i < 0 || i >= this.pending.count) return undefined;
    const alone = (this.alone ??= []);
    return (alone[i] ??= this.pending.make(this, i));
  }

  get passageCount(): number {
    return this.held ? this.held.length : (this.pending?.count ?? 0);
  }

  /** The passages will be made by `pending` when first asked for. */
  deferPassages(pending: PendingPassages): void {
    if (this.held) throw new Error('the passages of this document are made already');
    this.pending = pending;
  }

  /** Each passage's layout (range, text length, anchor count, kind), without making passages that are not made yet. */
  forEachLayout(visit: (start: number, end: number, length: number, anchorCount: number, kind: BlockKind) => void): void {
    if (this.pending) this.pending.forEachLayout(visit);
    else for (const p of this.passages) visit(p.start, p.end, p.length, p.anchorTo - p.anchorFrom, p.kind);
  }

  /** The extracted text (the file's own text for plain-text sources). Rebuilt on each call. */
  get original(): string {
    return this.text().slice();
  }

  text(): CompactText {
    return this.textSource.read().text;
  }

  /** Anchor pairs (offset in passage text, offset in original) of every passage, in order. */
  get anchors(): Int32Array {
    return this.textSource.read().anchors;
  }

  get lines(): LineIndex {
    if (!this.lineIndex) {
      const starts = this.textSource.lineStarts?.();
      this.lineIndex = starts ? new LineIndex({ starts, length: this.length }) : new LineIndex(this.text());
    }
    return this.lineIndex;
  }
}

/** How a document's passages are made when first needed (see `SourceDocument.passages`). */
export interface PendingPassages {
  count: number;
  /** Passage `i` of `doc`. */
  make(doc: SourceDocument, i: number): Passage;
  forEachLayout(visit: (start: number, end: number, length: number, anchorCount: number, kind: BlockKind) => void): void;
}

/** Passages whose rebuilt text is kept; older ones drop theirs and rebuild it on next use. */
const KEPT_TEXTS = 8192;
const kept: (Passage | undefined)[] = new Array(KEPT_TEXTS);
let keptAt = 0;

export class Passage {
  /** Index in the corpus-wide passage list. */
  id = -1;
  private cachedText?: string;
  private cachedAnchors?: Int32Array;
  private cachedSentences?: Span[];

  constructor(
    readonly doc: SourceDocument,
    readonly kind: BlockKind,
    /** Range in the original file. */
    readonly start: number,
    readonly end: number,
    /** Length of the passage text. */
    readonly length: number,
    /** This passage's anchor pairs are doc.anchors[anchorFrom, anchorTo). */
    readonly anchorFrom: number,
    readonly anchorTo: number,
    readonly number?: string,
    readonly heading?: string,
    /** PDFs: the page the passage starts on, from 1. */
    readonly page?: number,
  ) {}

  get text(): string {
    if (this.cachedText === undefined) this.load();
    return this.cachedText!;
  }

  private load(): void {
    const source = this.doc.textSource;
    if (source.passageText) {
      const read = source.passageText(this);
      this.keep(read.text, read.anchors);
    } else {
      const { text, anchors } = source.read();
      const own = anchors.subarray(this.anchorFrom, this.anchorTo);
      this.keep(rebuildText(text, own, 0, own.length, this.length), own);
    }
  }

  /**
   * The first `limit` characters of the text. A passage whose text is not in memory reads
   * only those, and keeps nothing: a symbol search shows the start of 50 passages, and kept
   * whole they were 58 KB a search for the collector to copy.
   */
  textStart(limit: number): string {
    if (this.cachedText !== undefined || this.length <= limit) return this.text.slice(0, limit);
    const source = this.doc.textSource;
    return source.passageText ? source.passageText(this, limit).text : this.text.slice(0, limit);
  }

  get sentences(): Span[] {
    const text = this.text;
    return (this.cachedSentences ??= this.kind === 'heading' ? [{ start: 0, end: text.length }] : splitSentences(text));
  }

  get mapped(): MappedText {
    if (this.cachedText === undefined) this.load();
    return { text: this.cachedText!, anchors: this.cachedAnchors! };
  }

  /** Keeps a text known to equal the rebuilt one, and this passage's anchors. */
  keep(text: string, anchors: Int32Array): void {
    const old = kept[keptAt];
    if (old && old !== this) {
      old.cachedText = undefined;
      old.cachedAnchors = undefined;
      old.cachedSentences = undefined;
    }
    kept[keptAt] = this;
    keptAt = (keptAt + 1) % KEPT_TEXTS;
    this.cachedText = text;
    this.cachedAnchors = anchors;
    this.cachedSentences = undefined;
  }
}

/** What a document says of itself, as files and threads carry it (index cache, load workers). */
export interface DocumentFacts {
  path: string;
  name: string;
  title: string;
  symbol?: string;
  date?: string;
  pageStarts?: number[];
  appositions?: [string, string][];
}

/** A document's facts, to carry. */
export function factsOf(doc: SourceDocument): DocumentFacts {
  return { path: doc.path, name: doc.name, title: doc.title, symbol: doc.symbol, date: doc.date, pageStarts: doc.pageStarts, appositions: doc.appositions };
}

/** Gives a document the facts carried for it (its path and name it has already). */
export function applyFacts(doc: SourceDocument, facts: DocumentFacts): void {
  doc.title = facts.title;
  if (facts.symbol !== undefined) doc.symbol = facts.symbol;
  if (facts.date !== undefined) doc.date = facts.date;
  if (facts.pageStarts) doc.pageStarts = facts.pageStarts;
  if (facts.appositions) doc.appositions = facts.appositions;
}

/** How the text of a source is laid out, as its reader knows it (see formats/extractSource). */
export interface SourceLayout {
  paragraphsByBlankLines?: boolean;
  pageStarts?: number[];
}

const SYMBOL_RE = /\b(GB\.\d{3}\/[A-Z]{2,5}(?:\/\d+)*(?:\/[A-Z]+)?|[A-Z]{3,}-R-\[[A-Z]+-\d+-\d+\])/;
const DATE_RE = /\b(\d{1,2}(?:[–-]\d{1,2})?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})\b/;

export function buildDocument(path: string, name: string, original: string, layout: SourceLayout = {}): SourceDocument {
  const blocks: Block[] = normaliseExtractedText(original, { paragraphsByBlankLines: layout.paragraphsByBlankLines });
  let anchorCount = 0;
  for (const b of blocks) anchorCount += b.text.anchors.length;
  const anchors = new Int32Array(anchorCount);
  const doc = new SourceDocument(path, name, new InMemoryText({ text: CompactText.from(original), anchors }), original.length);
  if (layout.pageStarts) doc.pageStarts = layout.pageStarts;
  let at = 0;
  for (const b of blocks) {
    anchors.set(b.text.anchors, at);
    const page = layout.pageStarts ? pageAt(layout.pageStarts, b.start) : undefined;
    const passage = new Passage(doc, b.kind, b.start, b.end, b.text.text.length, at, at + b.text.anchors.length, b.number, b.heading, page);
    passage.keep(b.text.text, anchors.subarray(at, at + b.text.anchors.length));
    doc.passages.push(passage);
    at += b.text.anchors.length;
  }
  const head = original.slice(0, 4000);
  doc.symbol = SYMBOL_RE.exec(head)?.[1] ?? SYMBOL_RE.exec(original)?.[1];
  const dated = /Date:\s*([^\n]+)/.exec(head)?.[1]?.trim();
  doc.date = dated || DATE_RE.exec(head)?.[1];
  doc.title = documentTitle(doc) || name;
  doc.appositions = readAppositions(doc.passages);
  return doc;
}

function documentTitle(doc: SourceDocument): string {
  const headings = doc.passages.filter((p) => p.kind === 'heading').slice(0, 12);
  // a Governing Body paper names its subject after the agenda item line
  const item = headings.findIndex((h) => /ITEM ON THE AGENDA/i.test(h.text));
  if (item >= 0 && headings[item + 1]) return clean(headings[item + 1].text);
  // only headings above the first paragraph can be the document's title
  const firstBody = doc.passages.findIndex((p) => p.kind !== 'heading');
  const top = doc.passages.slice(0, firstBody < 0 ? doc.passages.length : firstBody);
  const first = top.find((h) => clean(h.text).length > 12 && !/:/.test(h.text));
  if (first) return clean(first.text);
  return doc.name.replace(/\.[a-z]+$/i, '').replace(/[-_]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** The page (from 1) holding an offset of the extracted text. */
export function pageAt(pageStarts: number[], offset: number): number {
  let page = 1;
  for (let i = 1; i < pageStarts.length && pageStarts[i] <= offset; i++) page = i + 1;
  return page;
}

const clean = (s: string) => s.replace(/\*+/g, '').replace(/\s+/g, ' ').trim();

/** Range of a span of passage text in the original file. */
export function originalRange(p: Passage, start = 0, end = p.length): { start: number; end: number } {
  const mapped = p.mapped;
  const s = toOriginalOffset(mapped, start);
  const e = end > start ? toOriginalOffset(mapped, end - 1) + 1 : s;
  return { start: s, end: e };
}

/** A short label for a passage: `GB.316/POL/1, para. 3` or `file.txt, para. 19`. */
/** What a reader calls a source: its symbol, else its title, else its file's name. */
export function sourceName(doc: SourceDocument): string {
  return doc.symbol ?? (doc.title || doc.name);
}

export function passageLabel(p: Passage): string {
  const where = sourceName(p.doc);
  if (p.number) return `${where}, para. ${p.number}`;
  // a line of text extracted from a PDF means nothing to the reader of the PDF; its page does
  if (p.page !== undefined) return `${where}, p. ${p.page}`;
  const line = p.doc.lines.positionAt(p.start).line + 1;
  return `${where}, line ${line}`;
}

/**
 * What identifies a document's content and passages, given its file's content hash: its length
 * and a hash of its passages' offsets, lengths, anchors and kinds. A store kept beside the
 * index (instrument mentions, the phrase bank's words) points into passages by number and
 * offset, so its entry for a document is only good for a document with this same key.
 */
export function passageLayoutKey(doc: SourceDocument, fileHash: string): string {
  let h = 0x811c9dc5;
  const mix = (n: number) => {
    h = Math.imul(h ^ (n & 0xffff), 16777619);
    h = Math.imul(h ^ (n >>> 16), 16777619);
  };
  doc.forEachLayout((start, end, length, anchorCount, kind) => {
    mix(start);
    mix(end);
    mix(length);
    mix(anchorCount);
    mix(kind.length);
  });
  return `${fileHash}:${doc.length}:${doc.passageCount}:${(h >>> 0).toString(16)}`;
}
