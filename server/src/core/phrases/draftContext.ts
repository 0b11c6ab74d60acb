/**
 * What a completion needs to know about the cursor in a draft: the words typed before it in
 * the current sentence, the word being typed, whether a new sentence starts there, how the
 * inserted text must be spaced and which section of a conclusions text the cursor is in.
 */
import { isClauseBreak, phraseWords } from './phraseBank';
import { draftSectionAt, SectionKind } from './sections';

export interface DraftCursor {
  offset: number;
  line: number;
  /** Text of the line before the cursor. */
  before: string;
  /** Offset where the current line starts. */
  lineStart: number;
  /** The start of the word being typed (`pa` in `the social pa|`), and its offset. */
  partial: string;
  partialStart: number;
  /** Complete words of the current sentence before the partial word, oldest first. */
  context: string[];
  /** Clause punctuation after the last context word (`partners, |`). */
  afterBreak: boolean;
  /** The text inserted here opens a sentence or an item, so it takes a capital. */
  sentenceStart: boolean;
  /** Nothing but an enumerator or paragraph number (or nothing) precedes the cursor on its line. */
  atLineStart: boolean;
  /** The character before the insertion is not white space, so a space must come first. */
  needsSpace: boolean;
  section: SectionKind;
}

/** Enumerators and paragraph numbers that open a line: `(iv) `, `iv) `, `12. `, `- `. */
export const LINE_MARKER_RE = /^\s*(?:\((?:[ivxlc]{1,6}|[a-z]|\d{1,2})\)\s+|(?:[ivxlc]{1,6}|[a-z])\)\s+|\d{1,3}[.)]\s+|[-*+•]\s+|#{1,6}\s+|>\s*)/;
const SENTENCE_END_RE = /[.!?]["”’)]*\s+/g;
/** Context beyond this many words adds nothing a phrase match can use. */
const CONTEXT_WORDS = 12;
/** Lines above the cursor's that its section is judged from (see `draftSectionAt`), and one more. */
const LINES_ABOVE = 201;

export function readDraftCursor(text: string, offset: number): DraftCursor {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  // the cursor's line and those above it that matter, not every line of the draft: a request
  // costs the same however long the draft (on the bench's 874-line probe draft, 36-38 -> 29-30 µs)
  let from = lineStart;
  for (let k = 0; k < LINES_ABOVE && from > 0; k++) from = text.lastIndexOf('\n', from - 2) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const lines = text.slice(from, lineEnd < 0 ? text.length : lineEnd).split('\n');
  const here = lines.length - 1;
  const line = countNewlines(text, lineStart);
  const partialMatch = /[\p{L}\p{N}]+(?:['’`‐‑-][\p{L}\p{N}]+)*['’`‐‑-]?$/u.exec(before);
  const partial = partialMatch ? partialMatch[0] : '';
  const partialStart = offset - partial.length;
  const marker = LINE_MARKER_RE.exec(before)?.[0] ?? '';
  let body = before.slice(marker.length, before.length - partial.length);
  // the context is the current sentence: words after the last full stop on the line
  let sentenceFrom = 0;
  for (const m of body.matchAll(SENTENCE_END_RE)) if (!isAbbreviationBefore(body, m.index!)) sentenceFrom = m.index! + m[0].length;
  body = body.slice(sentenceFrom);
  const atLineStart = sentenceFrom === 0 && body.trim() === '';
  let words = phraseWords(body);
  let carried = false;
  if (atLineStart && marker === '' && here > 0) {
    // a wrapped line continues the sentence of the line above it
    const above = lines[here - 1];
    if (above.trim() !== '' && !/[.!?:;]["”’)]*\s*$/.test(above)) {
      const aboveBody = above.slice((LINE_MARKER_RE.exec(above)?.[0] ?? '').length);
      words = phraseWords(aboveBody + ' ' + body);
      body = aboveBody + ' ' + body;
      carried = words.length > 0;
    }
  }
  const lastWord = words[words.length - 1];
  const gap = lastWord ? body.slice(lastWord.end) : '';
  const context = words.slice(-CONTEXT_WORDS).map((w) => w.surface);
  const charBefore = partialStart > lineStart ? text[partialStart - 1] : '';
  return {
    offset, line, before, lineStart, partial, partialStart, context,
    afterBreak: lastWord ? isClauseBreak(gap, lastWord.surface) : false,
    sentenceStart: context.length === 0 && !carried,
    atLineStart: atLineStart && !carried,
    needsSpace: partial === '' && charBefore !== '' && !/[\s(\[“"‘]/.test(charBefore),
    section: draftSectionAt(lines, here),
  };
}

function isAbbreviationBefore(text: string, dot: number): boolean {
  const word = /([\p{L}.]+)$/u.exec(text.slice(0, dot))?.[1] ?? '';
  return /^(?:no|nos|para|art|mr|ms|dr|e\.g|i\.e|\p{Lu})$/iu.test(word);
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The phrase as it must read at the cursor: capitalised where a sentence starts. */
export function fitToCursor(text: string, cursor: DraftCursor): string {
  let out = text;
  // the draft may already hold the opening bracket the phrase brings (`Convention (|`)
  const lead = /^[(\[“"‘]+/.exec(out)?.[0];
  if (lead && cursor.before.slice(0, cursor.before.length - cursor.partial.length).endsWith(lead)) out = out.slice(lead.length);
  if (cursor.sentenceStart) out = out.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
  return (cursor.needsSpace ? ' ' : '') + out;
}
