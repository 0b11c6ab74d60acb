/**
 * A source read, extracted, repaired, segmented and tokenised, as plain data: what the corpus
 * needs to add a document, in a form a worker thread can send (strings and typed arrays, no
 * objects pointing at each other). The corpus prepares documents in worker threads when there
 * are many (see loadWorkers.ts) and in its own thread otherwise: one code path either way.
 */
import { BLOCK_KINDS } from './extractedText';
import { buildDocument, DocumentFacts, InMemoryText, Passage, SourceDocument } from './document';
import { ExtractLimits, extractSource } from './formats/extractSource';
import { CompactText } from '../text/compactText';
import { contentTermIds, TermNumbering as TermIds } from '../text/terms';


export interface PreparedDocument extends DocumentFacts {
  /** The extracted text as a CompactText's parts. */
  length: number;
  bytes: string;
  wideAt: Int32Array;
  wideChars: Uint16Array;
  anchors: Int32Array;
  passages: {
    kind: Uint8Array;
    start: Int32Array;
    end: Int32Array;
    length: Int32Array;
    anchorFrom: Int32Array;
    /** -1: no page. */
    page: Int32Array;
    number: (string | null)[];
    /** Index in `headings`, -1: none (a thread boundary would copy a shared string for each passage). */
    headingOf: Int32Array;
    headings: string[];
  };
  /**
   * Index terms of each passage (`counts[i]` of them, in order), as numbers a `TermNumbering`
   * gave them, and the terms it numbered first for this document.
   */
  terms: { newTerms: string[]; ids: Int32Array; counts: Int32Array };
}

/**
 * Numbers terms for the index. In the corpus's own thread the index's term ids themselves; in
 * a worker thread, its own numbers, kept across documents so that each term crosses to the
 * corpus once (see loadWorkers.ts).
 */
export interface TermNumbering extends TermIds {
  /** The terms numbered since the last call. */
  takeNew(): string[];
}

/** A worker's numbering: 0, 1, 2... in order of first sight. */
export class LocalNumbering implements TermNumbering {
  private ids = new Map<string, number>();
  private fresh: string[] = [];
  number(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      this.ids.set(term, (id = this.ids.size));
      this.fresh.push(term);
    }
    return id;
  }
  takeNew(): string[] {
    const f = this.fresh;
    this.fresh = [];
    return f;
  }
}

export type PrepareResult = { ok: true; doc: PreparedDocument } | { ok: false; reason: string };

export async function prepareDocument(file: { path: string; name: string }, bytes: Uint8Array, numbering: TermNumbering, limits?: Partial<ExtractLimits>): Promise<PrepareResult> {
  const extracted = await extractSource(file, bytes, limits);
  if (!extracted.ok) return { ok: false, reason: extracted.reason };
  return { ok: true, doc: prepared(buildDocument(file.path, file.name, extracted.text, extracted), numbering) };
}

/** A built document as plain data, its passages' terms numbered. */
export function prepared(doc: SourceDocument, numbering: TermNumbering): PreparedDocument {
  const n = doc.passages.length;
  const headings: string[] = [];
  const cols: PreparedDocument['passages'] = {
    kind: new Uint8Array(n), start: new Int32Array(n), end: new Int32Array(n), length: new Int32Array(n), anchorFrom: new Int32Array(n), page: new Int32Array(n), number: [], headingOf: new Int32Array(n), headings,
  };
  const counts = new Int32Array(n);
  const out = { ids: new Int32Array(1024) };
  let at = 0;
  doc.passages.forEach((p, i) => {
    cols.kind[i] = BLOCK_KINDS.indexOf(p.kind);
    cols.start[i] = p.start;
    cols.end[i] = p.end;
    cols.length[i] = p.length;
    cols.anchorFrom[i] = p.anchorFrom;
    cols.page[i] = p.page ?? -1;
    cols.number.push(p.number ?? null);
    // passages under one heading share its string
    if (p.heading === undefined) cols.headingOf[i] = -1;
    else if (headings[headings.length - 1] === p.heading) cols.headingOf[i] = headings.length - 1;
    else cols.headingOf[i] = headings.push(p.heading) - 1;
    // headings are indexed so workspace/symbol finds sections, with their own text only
    const from = at;
    at = contentTermIds(p.text, numbering, out, at);
    counts[i] = at - from;
  });
  const ids = out.ids;
  const { text, anchors } = doc.textSource.read();
  return {
    path: doc.path, name: doc.name, title: doc.title, symbol: doc.symbol, date: doc.date, pageStarts: doc.pageStarts,
    length: doc.length, bytes: text.bytes, wideAt: text.wideAt, wideChars: text.wideChars, anchors,
    passages: cols, terms: { newTerms: numbering.takeNew(), ids: ids.slice(0, at), counts },
  };
}

/** The typed arrays of a prepared document, to be moved rather than copied between threads. */
export function transferables(d: PreparedDocument): ArrayBuffer[] {
  const p = d.passages;
  const all = [d.wideAt, d.wideChars, d.anchors, p.kind, p.start, p.end, p.length, p.anchorFrom, p.page, p.headingOf, d.terms.ids, d.terms.counts].map((a) => a.buffer as ArrayBuffer);
  return [...new Set(all)];
}

/** The document a prepared one describes, its text held in memory; passages get ids when added. */
export function documentFrom(d: PreparedDocument): SourceDocument {
  const doc = new SourceDocument(d.path, d.name, new InMemoryText({ text: CompactText.of(d.bytes, d.wideAt, d.wideChars), anchors: d.anchors }), d.length);
  doc.title = d.title;
  if (d.symbol !== undefined) doc.symbol = d.symbol;
  if (d.date !== undefined) doc.date = d.date;
  if (d.pageStarts) doc.pageStarts = d.pageStarts;
  const p = d.passages;
  const n = p.kind.length;
  for (let i = 0; i < n; i++) {
    const anchorTo = i + 1 < n ? p.anchorFrom[i + 1] : d.anchors.length;
    doc.passages.push(new Passage(doc, BLOCK_KINDS[p.kind[i]], p.start[i], p.end[i], p.length[i], p.anchorFrom[i], anchorTo, p.number[i] ?? undefined, p.headingOf[i] >= 0 ? p.headings[p.headingOf[i]] : undefined, p.page[i] >= 0 ? p.page[i] : undefined));
  }
  return doc;
}
