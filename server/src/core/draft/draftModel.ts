/**
 * A draft seen as sentences with exact offsets: Markdown or plain text, headings, numbered
 * paragraphs, enumerated items and bullets. Sentences are cut by the same splitter as the
 * sources so that a sentence copied from a source is compared whole.
 */
import { splitSentences } from '../text/sentences';
import { ParagraphReader } from './paragraphs';

export type DraftUnitKind = 'heading' | 'sentence';

export interface DraftSentence {
  kind: DraftUnitKind;
  text: string;
  /** Offsets in the draft. */
  start: number;
  end: number;
  /** Paragraph number or enumerator that opens the block (`19`, `(iii)`), if any. */
  marker?: string;
  /** Index of the block (paragraph) the sentence belongs to. */
  block: number;
}

const MARKER_RE = /^(?:#{1,6}\s+|>\s*|[-*+•]\s+|\d{1,3}[.)]\s+|\((?:[ivxlc]{1,6}|[a-z]|\d{1,2})\)\s+|(?:[ivxlc]{1,6}|[a-z])\)\s+)/;

export function segmentDraft(text: string): DraftSentence[] {
  return segmentBlocks(text).sentences;
}

/** The sentences, and how many blocks they were found in (a block may hold none). */
function segmentBlocks(text: string): { sentences: DraftSentence[]; blocks: number } {
  const out: DraftSentence[] = [];
  let block = -1;
  let i = 0;
  const n = text.length;
  let inFence = false;
  while (i < n) {
    // a block: consecutive lines up to a blank line, a heading or a new list item
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = n;
    const line = text.slice(i, lineEnd);
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence || /^\s*(```|~~~)/.test(line) || line.trim() === '' || /^\s*(\|.*\||[-=_*]{3,}\s*$)/.test(line)) {
      i = lineEnd + 1;
      continue;
    }
    let end = lineEnd;
    const isHeading = /^\s{0,3}#{1,6}\s/.test(line);
    if (!isHeading) {
      let j = lineEnd + 1;
      while (j < n) {
        let e = text.indexOf('\n', j);
        if (e < 0) e = n;
        const l = text.slice(j, e);
        if (l.trim() === '' || /^\s{0,3}#{1,6}\s/.test(l) || MARKER_RE.test(l.trimStart()) || /^\s*(```|~~~)/.test(l)) break;
        end = e;
        j = e + 1;
      }
    }
    block++;
    const lead = line.length - line.trimStart().length;
    const m = MARKER_RE.exec(line.slice(lead));
    const bodyStart = i + lead + (m ? m[0].length : 0);
    const marker = m && !m[0].startsWith('#') && !/^[-*+•>]/.test(m[0]) ? m[0].trim().replace(/[.)]$/, (c) => (c === ')' && m[0].trim().startsWith('(') ? ')' : '')) : undefined;
    const body = text.slice(bodyStart, end);
    if (isHeading) {
      const t = body.trim();
      if (t) out.push({ kind: 'heading', text: t, start: bodyStart, end: bodyStart + body.trimEnd().length, block });
    } else {
      for (const s of splitSentences(body)) {
        out.push({ kind: 'sentence', text: body.slice(s.start, s.end), start: bodyStart + s.start, end: bodyStart + s.end, marker, block });
      }
    }
    i = end + 1;
  }
  return { sentences: out, blocks: block + 1 };
}

/**
 * `segmentDraft` with each paragraph's sentences kept by the paragraph's text, for a draft
 * segmented again after every edit. A block never runs across a blank line, so the sentences
 * are those of segmenting the draft whole, except where a fenced block (which may hold blank
 * lines) is open: a draft with a fence is segmented whole.
 */
export class DraftSegmenter {
  private readonly paragraphs = new ParagraphReader(segmentBlocks);

  segment(text: string): DraftSentence[] {
    if (text.includes('```') || text.includes('~~~')) return segmentDraft(text);
    const out: DraftSentence[] = [];
    let blocks = 0;
    this.paragraphs.forEach(text, (p, start) => {
      for (const s of p.sentences) out.push({ ...s, start: s.start + start, end: s.end + start, block: s.block + blocks });
      blocks += p.blocks;
    });
    return out;
  }
}

/** The sentence that contains an offset (or touches it at its end). */
export function sentenceAt(sentences: DraftSentence[], offset: number): DraftSentence | undefined {
  return sentences.find((s) => offset >= s.start && offset <= s.end);
}
