/**
 * The one place where core offsets become LSP ranges and locations, for drafts (through the
 * editor's TextDocument) and for sources (through their original text).
 */
import { Location, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { originalRange, Passage, SourceDocument } from './core/corpus/document';
import { sourceFormat } from './core/corpus/formats/extractSource';

export function draftRange(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/** Each source's URI, made once: at ×500, locating the 10,000 results of 200 symbol searches took 53-60 ms formatting each again, 34-44 ms with these. */
const uris = new WeakMap<SourceDocument, string>();

export function sourceUri(doc: SourceDocument): string {
  let uri = uris.get(doc);
  if (uri === undefined) uris.set(doc, (uri = URI.file(doc.path).toString()));
  return uri;
}

export function sourceRange(doc: SourceDocument, start: number, end: number): Range {
  return { start: doc.lines.positionAt(start), end: doc.lines.positionAt(end) };
}

/** Location of a passage (or of a span of its text) in the original file. */
export function passageLocation(p: Passage, start?: number, end?: number): Location {
  const r = originalRange(p, start, end);
  return { uri: sourceUri(p.doc), range: sourceRange(p.doc, r.start, r.end) };
}

/** A link that opens the original file at the passage's line, for Markdown hovers. */
export function passageLink(p: Passage, start?: number, end?: number): string {
  // a PDF viewer opens at a page (the PDF open parameter); lines of the text extracted from a
  // PDF, Word or HTML file mean nothing in the file itself (an editor asks groundwork/sourceText)
  if (p.page !== undefined) return `${sourceUri(p.doc)}#page=${p.page}`;
  const format = sourceFormat(p.doc.path);
  if (format === 'docx' || format === 'html' || format === 'pdf') return sourceUri(p.doc);
  const loc = passageLocation(p, start, end);
  return `${loc.uri}#L${loc.range.start.line + 1},${loc.range.start.character + 1}`;
}
