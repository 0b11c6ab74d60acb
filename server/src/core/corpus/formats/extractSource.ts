/**
 * The one entry point from the bytes of a source file to its text: picks the reader by
 * extension (PDF, Word, HTML, Markdown, plain text), bounds the time a file may take, and turns
 * whatever goes wrong into a reason the user can act on. It never throws for a bad file.
 */
import * as path from 'path';
import { decodeSource } from '../sourceDecoding';
import { extractDocx } from './docx';
import { extractHtml } from './html';
import { extractPdf } from './pdf';

export type SourceFormat = 'text' | 'markdown' | 'pdf' | 'docx' | 'html';

/** Extensions Groundwork reads, and how. */
export const SOURCE_FORMATS: Readonly<Record<string, SourceFormat>> = {
  '.txt': 'text', '.md': 'markdown', '.markdown': 'markdown', '.pdf': 'pdf', '.docx': 'docx', '.html': 'html', '.htm': 'html', '.xhtml': 'html',
};

export interface ExtractLimits {
  /** Time one file may take to read, in milliseconds. */
  timeoutMs: number;
  /** What the parts of a Word file may expand to when unpacked: a zip bomb stops here. */
  maxExpandedBytes: number;
  /** Word: read the text with tracked changes accepted, rather than as it was before them. */
  includeTrackedChanges: boolean;
  /** Word: add the comments as passages after the text. */
  includeComments: boolean;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  timeoutMs: 30_000,
  maxExpandedBytes: 100 * 1024 * 1024,
  includeTrackedChanges: false,
  includeComments: false,
};

export type ExtractResult =
  | {
      ok: true;
      format: SourceFormat;
      text: string;
      /** PDFs: the offset in `text` where each page starts (page n at index n - 1). */
      pageStarts?: number[];
      /** A blank line ends a paragraph (Markdown, and the text made from PDF, Word and HTML). */
      paragraphsByBlankLines: boolean;
    }
  | { ok: false; reason: string };

export function sourceFormat(file: string): SourceFormat | undefined {
  return SOURCE_FORMATS[path.extname(file).toLowerCase()];
}

export async function extractSource(file: { path: string }, bytes: Uint8Array, limits: Partial<ExtractLimits> = {}): Promise<ExtractResult> {
  const l: ExtractLimits = { ...DEFAULT_EXTRACT_LIMITS, ...limits };
  const format = sourceFormat(file.path);
  const deadline = Date.now() + l.timeoutMs;
  let result: ExtractResult;
  try {
    switch (format) {
      case 'pdf':
        result = await extractPdf(bytes, deadline);
        break;
      case 'docx':
        result = extractDocx(bytes, l);
        break;
      case 'html':
        result = extractHtml(bytes);
        break;
      case 'markdown':
      case 'text': {
        const decoded = decodeSource(bytes);
        result = decoded.ok ? { ok: true, format, text: decoded.text, paragraphsByBlankLines: format === 'markdown' } : decoded;
        break;
      }
      default:
        return { ok: false, reason: `not a supported source format (${Object.keys(SOURCE_FORMATS).join(', ')})` };
    }
  } catch (e) {
    // a reader that throws has met a file it was not written for: a bug, reported with the file
    return { ok: false, reason: `could not be read (${(e as Error)?.message ?? String(e)})` };
  }
  if (!result.ok && result.reason === 'timeout') {
    return { ok: false, reason: `took longer than ${+(l.timeoutMs / 1000).toFixed(3)} s to read (groundwork.corpus.maxSecondsPerFile)` };
  }
  return result;
}
