/**
 * A source read, extracted, repaired, segmented and tokenised, as plain data: what the corpus
 * needs to add a document, in a form a worker thread can send (strings and typed arrays, no
 * objects pointing at each other). The corpus prepares documents in worker threads when there
 * are many (see loadWorkers.ts) and in its own thread otherwise: one code path either way.
 */
import { PassageColumns, PassageColumnWriter, passageAt } from './passageColumns';
import { applyFacts, buildDocument, DocumentFacts, factsOf, InMemoryText, SourceDocument } from './document';
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
  passages: PassageColumns;
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
  const columns = new PassageColumnWriter(n);
  const counts = new Int32Array(n);
  const out = { ids: new Int32Array(1024) };
  let at = 0;
  doc.passages.forEach((p, i) => {
    columns.put(i, p);
    // headings are indexed so workspace/symbol finds sections, with their own text only
    const from = at;
    at = contentTermIds(p.text, numbering, out, at);
    counts[i] = at - from;
  });
  const ids = out.ids;
  const { text, anchors } = doc.textSource.read();
  return {
    ...factsOf(doc),
    length: doc.length, bytes: text.bytes, wideAt: text.wideAt, wideChars: text.wideChars, anchors,
    passages: columns.columns, terms: { newTerms: numbering.takeNew(), ids: ids.slice(0, at), counts },
  };
}

/** The typed arrays of a prepared document, to be moved rather than copied between threads. */
export function transferables(d: PreparedDocument): ArrayBuffer[] {
  const p = d.passages;
  const all = [d.wideAt, d.wideChars, d.anchors, p.kind, p.start, p.end, p.length, p.anchorFrom, p.page, p.numberOf, p.headingOf, p.id, d.terms.ids, d.terms.counts].map((a) => a.buffer as ArrayBuffer);
  return [...new Set(all)];
}

/** The document a prepared one describes, its text held in memory; passages get ids when added. */
export function documentFrom(d: PreparedDocument): SourceDocument {
  const doc = new SourceDocument(d.path, d.name, new InMemoryText({ text: CompactText.of(d.bytes, d.wideAt, d.wideChars), anchors: d.anchors }), d.length);
  applyFacts(doc, d);
  const p = d.passages;
  const n = p.kind.length;
  for (let i = 0; i < n; i++) doc.passages.push(passageAt(doc, p, i, i + 1 < n ? p.anchorFrom[i + 1] : d.anchors.length));
  return doc;
}
