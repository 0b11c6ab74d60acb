/**
 * Rebuilds paragraphs from text extracted from PDFs. Such text wraps lines mid-sentence with
 * blank lines between them, breaks pages with a line that starts with a space, carries page
 * footers (`32 TTMLM-R-[MIGRA-140213-1]-En.docx`), loses bullet glyphs and hyphenates words
 * across lines. The result is a list of blocks (headings, numbered paragraphs, enumerated
 * items, bullets, plain paragraphs), each with a map back to the original file.
 */
import { MappedText, MappedTextBuilder } from '../text/mappedText';

export type BlockKind = 'heading' | 'paragraph' | 'numbered' | 'item' | 'bullet';
/** Every kind, in a fixed order: a kind's index is how files and threads carry it. */
export const BLOCK_KINDS: readonly BlockKind[] = ['heading', 'paragraph', 'numbered', 'item', 'bullet'];

export interface Block {
  kind: BlockKind;
  /** `19` for a numbered paragraph, `2(iii)` for an item of paragraph 2, `(iii)` with no parent. */
  number?: string;
  /** The nearest heading above the block. */
  heading?: string;
  text: MappedText;
  /** Range in the original file. */
  start: number;
  end: number;
}

interface Line {
  text: string; // without the line terminator
  start: number;
  indented: boolean;
  /** Only white space, and at least one space or tab (PDF extraction marks breaks so). */
  spacer: boolean;
  blank: boolean;
}

const FOOTER_RES = [
  /^\s*\d{1,4}\s+\S*\.(docx?|pdf|rtf)\s*$/i,
  /^\s*\S*\.(docx?|pdf|rtf)\s+\d{1,4}\s*$/i,
  /^\s*(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?\s*$/i,
  /^\s*-\s*$/, // slide separators
];
const NUMBERED_RE = /^(\d{1,3})\.\s+(?=[\p{Lu}“"‘(])/u;
const ITEM_RE = /^\((?:([ivxlc]{1,6})|([a-z])|(\d{1,2}))\)\s+/;
const BULLET_RE = /^(?:(?:[-•▪◦●‣∙·✓✔➢►]|\*(?!\*))\s*)+(?=\S)/u;
const MD_HEADING_RE = /^#{1,6}\s+/;
const FOOTNOTE_RE = /^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s+\S/;
const QUESTION_RE = /^(?:Question|Q)\s*\d+\)?/;

function splitLines(raw: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i === raw.length || raw.charCodeAt(i) === 10) {
      let end = i;
      if (end > start && raw.charCodeAt(end - 1) === 13) end--;
      const text = raw.slice(start, end).replace(/\f/g, ' ');
      const blank = text.trim().length === 0;
      lines.push({ text, start, indented: /^[ \t]/.test(text) && !blank, spacer: blank && text.length > 0, blank });
      start = i + 1;
    }
  }
  return lines;
}

const isFooter = (t: string) => FOOTER_RES.some((re) => re.test(t));
const endsSentence = (t: string) => /[.!?:;]["”’)\]*]*\s*$/.test(t);
const startsUpper = (t: string) => /^\s*[\p{Lu}\p{N}“"‘(*]/u.test(t);

function blockStart(t: string): { kind: BlockKind; label?: string; strip: number } | undefined {
  const s = t.trimStart();
  const lead = t.length - s.length;
  let m: RegExpExecArray | null;
  if ((m = MD_HEADING_RE.exec(s))) return { kind: 'heading', strip: lead + m[0].length };
  if ((m = NUMBERED_RE.exec(s))) return { kind: 'numbered', label: m[1], strip: lead + m[0].length };
  if ((m = ITEM_RE.exec(s))) return { kind: 'item', label: m[1] ?? m[2] ?? m[3], strip: lead + m[0].length };
  if ((m = BULLET_RE.exec(s))) return { kind: 'bullet', strip: lead + m[0].length };
  if (QUESTION_RE.test(s)) return { kind: 'paragraph', strip: lead };
  return undefined;
}

/** Typical length of a wrapped line; 0 when lines are not wrapped (one paragraph a line). */
function wrapWidth(lines: Line[]): number {
  const lens = lines.filter((l) => !l.blank).map((l) => l.text.trim().length).sort((a, b) => a - b);
  if (lens.length < 8) return 0;
  const p80 = lens[Math.floor(lens.length * 0.8)];
  return p80 > 160 ? 0 : p80;
}

/**
 * @param options.paragraphsByBlankLines a blank line always ends a paragraph: Markdown, and the
 * text Groundwork makes from PDF, Word and HTML files (one paragraph a line). In text extracted
 * by other tools blank lines often separate every line, so there they mean nothing.
 */
export function normaliseExtractedText(raw: string, options: { paragraphsByBlankLines?: boolean } = {}): Block[] {
  const lines = splitLines(raw);
  const width = wrapWidth(lines);
  const blocks: Block[] = [];
  let heading: string | undefined;
  let lastNumber = 0;
  let parentNumber: string | undefined;

  let cur: { kind: BlockKind; label?: string; builder: MappedTextBuilder; start: number; end: number; lastLine: string } | undefined;
  const flush = (next: Line | undefined) => {
    if (!cur || cur.builder.isEmpty) {
      cur = undefined;
      return;
    }
    const text = cur.builder.build();
    if (cur.kind === 'paragraph' && isHeadingText(text.text) && (!next || !next.indented || width === 0)) cur.kind = 'heading';
    let number: string | undefined;
    if (cur.kind === 'numbered') number = cur.label;
    if (cur.kind === 'item') number = parentNumber ? `${parentNumber}(${cur.label})` : `(${cur.label})`;
    blocks.push({ kind: cur.kind, number, heading, text, start: cur.start, end: cur.end });
    if (cur.kind === 'heading') heading = text.text.replace(/\*+/g, '').trim();
    if (cur.kind === 'numbered') parentNumber = cur.label;
    cur = undefined;
  };

  const footnotes: Block[] = [];
  let gapSpacer = false;
  let gapFooter = false;
  let gapBlank = false;
  for (const line of lines) {
    if (line.blank) {
      if (line.spacer) gapSpacer = true;
      gapBlank = true;
      continue;
    }
    if (isFooter(line.text)) {
      gapFooter = true;
      continue;
    }
    if (FOOTNOTE_RE.test(line.text) && cur) {
      // a footnote printed inside a paragraph that goes on after it: its own passage
      const note = new MappedTextBuilder();
      note.append(line.text.trim(), line.start + line.text.length - line.text.trimStart().length);
      footnotes.push({ kind: 'paragraph', heading, text: note.build(), start: line.start, end: line.start + line.text.trimEnd().length });
      continue;
    }
    let startsNew = !cur;
    let kind: BlockKind = 'paragraph';
    let label: string | undefined;
    let strip = line.text.length - line.text.trimStart().length;
    const prev = cur?.lastLine ?? '';
    const prevEnds = endsSentence(prev) || /:\s*$/.test(prev);
    const bs = blockStart(line.text);
    const paragraphBreak = !!options.paragraphsByBlankLines && gapBlank;
    let accept = !!bs;
    if (bs?.kind === 'numbered') {
      const n = Number(bs.label);
      // a number at the start of a wrapped line is a paragraph number only in sequence
      accept = paragraphBreak || !cur || n === 1 || (n > lastNumber && n <= lastNumber + 3) || prevEnds;
      if (accept) lastNumber = n;
    } else if (bs?.kind === 'item') {
      accept = paragraphBreak || !cur || prevEnds || /[,;]\s*$/.test(prev) || /^\S+\s+[\p{Lu}]/u.test(line.text.trimStart());
    }
    if (bs && accept) {
      startsNew = true;
      kind = bs.kind;
      label = bs.label;
      strip = bs.strip;
    } else if (cur && paragraphBreak) {
      startsNew = true;
    } else if (cur) {
      // in text with one paragraph a line, a long line that stops mid-sentence goes on below
      const prevShort = width === 0 ? prev.trim().length < 160 : prev.trim().length < width * 0.72;
      const upper = startsUpper(line.text);
      if (cur.kind === 'heading') startsNew = !/^\s*[\p{Ll}]/u.test(line.text) || !prevShort;
      else if (prevEnds && upper) startsNew = prevShort || line.indented || (gapSpacer && !gapFooter);
      else if (line.indented && upper && cur.kind === 'bullet') startsNew = true;
      else if (!prevEnds && /^\s*[\p{Lu}“"(]/u.test(line.text) && (prevShort || (gapSpacer && !gapFooter))) startsNew = !/(,|\b(of|and|the|to|in|for|on|with|by|a|an|or|from|at))\s*$/i.test(prev);
      // bullets whose glyph was lost in extraction: an indented line after a finished sentence
      if (startsNew && line.indented && (prevEnds || cur.kind === 'bullet') && !gapFooter) kind = 'bullet';
    }
    gapSpacer = false;
    gapFooter = false;
    gapBlank = false;
    if (startsNew) {
      flush(line);
      cur = { kind, label, builder: new MappedTextBuilder(isBrokenWord), start: line.start + strip, end: line.start + line.text.length, lastLine: '' };
    }
    const c = cur!;
    const body = line.text.slice(startsNew ? strip : 0);
    const bodyStart = line.start + (startsNew ? strip : 0);
    const hyphenated = !c.builder.isEmpty && /[\p{L}]-$/u.test(c.lastLine.trimEnd()) && /^\s*[\p{Ll}]/u.test(body);
    c.builder.append(body, bodyStart, hyphenated);
    c.lastLine = line.text;
    c.end = line.start + line.text.trimEnd().length;
  }
  flush(undefined);
  return footnotes.length ? [...blocks, ...footnotes].sort((a, b) => a.start - b.start) : blocks;
}

/**
 * The two-letter words of English and of this register: any other two-letter fragment of
 * lower-case letters followed by more letters is a word broken by the extraction.
 */
const TWO_LETTER_WORDS = new Set(
  'am an as at be by do eg go he hi ie if in is it me mr ms my no nd of oh ok on or ox pp re rd so st th to uk un up us vs we cf dr km kg'.split(' '),
);

/** `eq uipped`: a two-letter fragment that is no word, followed by the rest of the word. */
function isBrokenWord(before: string, after: string): boolean {
  // called for every word of every source: the length test spares the regex almost always
  if (before.length < 2 || before.length > 4 || after.length < 3) return false;
  if (!/^\p{Ll}{2}$/u.test(before) || TWO_LETTER_WORDS.has(before)) return false;
  return /^\p{Ll}{3,}[,.;:)]?$/u.test(after);
}

/** Short, unpunctuated text that starts in upper case: a title or section heading. */
function isHeadingText(t: string): boolean {
  const s = t.replace(/\*+/g, '').trim();
  return s.length > 0 && s.length <= 100 && !/[.!?:;,]["”’)]?$/.test(s) && /^[\p{Lu}\p{N}“"]/u.test(s) && !/\b(of|and|the|to|in|for|on|with|by|a|an|or)$/i.test(s);
}
