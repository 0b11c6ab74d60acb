/**
 * Source documents and their passages: the unit of evidence. A passage knows its document,
 * its number (`19`, `2(iii)`), its heading, its sentences and its exact range in the file.
 */
import { Block, BlockKind, normaliseExtractedText } from './extractedText';
import { MappedText, toOriginalOffset } from '../text/mappedText';
import { LineIndex } from '../text/lineIndex';
import { Span, splitSentences } from '../text/sentences';

export interface Passage {
  /** Index in the corpus-wide passage list. */
  id: number;
  doc: SourceDocument;
  kind: BlockKind;
  number?: string;
  heading?: string;
  text: string;
  mapped: MappedText;
  start: number;
  end: number;
  sentences: Span[];
  /** PDFs: the page the passage starts on, from 1. */
  page?: number;
}

export interface SourceDocument {
  /** Absolute path of the file. */
  path: string;
  /** Path relative to the corpus root, for display. */
  name: string;
  title: string;
  /** Official symbol found in the document (GB.316/POL/1), if any. */
  symbol?: string;
  /** Date the document states (`4 October 2012`), if any. */
  date?: string;
  original: string;
  lines: LineIndex;
  passages: Passage[];
  /** PDFs: where each page starts in `original`, which is then the text extracted from the file. */
  pageStarts?: number[];
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
  const doc: SourceDocument = { path, name, title: '', original, lines: new LineIndex(original), passages: [] };
  if (layout.pageStarts) doc.pageStarts = layout.pageStarts;
  for (const b of blocks) {
    const passage: Passage = {
      id: -1, doc, kind: b.kind, number: b.number, heading: b.heading, text: b.text.text, mapped: b.text,
      start: b.start, end: b.end, sentences: b.kind === 'heading' ? [{ start: 0, end: b.text.text.length }] : splitSentences(b.text.text),
    };
    if (layout.pageStarts) passage.page = pageAt(layout.pageStarts, b.start);
    doc.passages.push(passage);
  }
  const head = original.slice(0, 4000);
  doc.symbol = SYMBOL_RE.exec(head)?.[1] ?? SYMBOL_RE.exec(original)?.[1];
  const dated = /Date:\s*([^\n]+)/.exec(head)?.[1]?.trim();
  doc.date = dated || DATE_RE.exec(head)?.[1];
  doc.title = documentTitle(doc) || name;
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
export function originalRange(p: Passage, start = 0, end = p.text.length): { start: number; end: number } {
  const s = toOriginalOffset(p.mapped, start);
  const e = end > start ? toOriginalOffset(p.mapped, end - 1) + 1 : s;
  return { start: s, end: e };
}

/** A short label for a passage: `GB.316/POL/1, para. 3` or `file.txt, para. 19`. */
export function passageLabel(p: Passage): string {
  const where = p.doc.symbol ?? p.doc.title ?? p.doc.name;
  if (p.number) return `${where}, para. ${p.number}`;
  // a line of text extracted from a PDF means nothing to the reader of the PDF; its page does
  if (p.page !== undefined) return `${where}, p. ${p.page}`;
  const line = p.doc.lines.positionAt(p.start).line + 1;
  return `${where}, line ${line}`;
}
