/**
 * Sentence boundaries for the register of ILO documents, shared by sources and drafts so a
 * draft sentence and a source sentence are cut the same way.
 */
export interface Span {
  start: number;
  end: number;
}

/** Words after which a full stop does not end a sentence ("No. 97", "Mr F. Muia", "e.g."). */
const ABBREVIATIONS = new Set([
  'no', 'nos', 'mr', 'ms', 'mrs', 'dr', 'prof', 'amb', 'h.e', 'st', 'e.g', 'i.e', 'eg', 'ie', 'para', 'paras',
  'art', 'arts', 'vol', 'vols', 'cf', 'rev', 'approx', 'ref', 'fig', 'viz', 'vs', 'p', 'pp', 'ch', 'sect',
  'co', 'inc', 'ltd', 'jr', 'sr', 'gen', 'gov', 'hon', 'op', 'cit', 'ibid', 'al', 'nr', 'u.s', 'u.k', 'u.n',
]);

const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰', '*']);

/**
 * Splits text into sentences. A boundary is `.`, `!` or `?` (with any closing quotes or
 * brackets) followed by white space and a capital, digit, quote or opening bracket, unless the
 * word before the full stop is a known abbreviation or a single initial.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = skipSpace(text, 0);
  const n = text.length;
  for (let i = start; i < n; i++) {
    const c = text[i];
    if (c !== '.' && c !== '!' && c !== '?') continue;
    let j = i + 1;
    while (j < n && (CLOSERS.has(text[j]) || text[j] === '.')) j++;
    if (j < n && !/\s/.test(text[j])) continue;
    const next = skipSpace(text, j);
    if (next >= n) break;
    if (!startsSentence(text, next)) continue;
    if (c === '.' && isAbbreviation(text, i)) continue;
    spans.push(trimSpan(text, start, j));
    start = next;
    i = next - 1;
  }
  if (start < n) {
    const last = trimSpan(text, start, n);
    if (last.end > last.start) spans.push(last);
  }
  return spans;
}

function startsSentence(text: string, at: number): boolean {
  const ch = text[at];
  if (/[\p{Lu}\p{N}“"‘'(\[*¹²³⁴⁵⁶⁷⁸⁹]/u.test(ch)) return true;
  return false;
}

function isAbbreviation(text: string, dot: number): boolean {
  let k = dot - 1;
  while (k >= 0 && /[\p{L}.]/u.test(text[k])) k--;
  const word = text.slice(k + 1, dot);
  if (word.length === 0) return false;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: "Mr F. Muia"
  return ABBREVIATIONS.has(word.toLowerCase());
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function trimSpan(text: string, start: number, end: number): Span {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/**
 * A sentence with its runs of white space collapsed to one space and its ends trimmed: the
 * form in which the checker keys and reads it. Most sentences are already in that form, and
 * a recheck of a long draft asks for every one of them, so they are returned without a copy.
 */
export function collapseSpace(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  let prevSpace = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return slowCollapse(s);
      prevSpace = true;
    } else if (c < 32 ? c >= 9 && c <= 13 : c >= 0xa0 && isOtherSpace(c)) {
      return slowCollapse(s);
    } else {
      prevSpace = false;
    }
  }
  return prevSpace ? slowCollapse(s) : s;
}

const slowCollapse = (s: string) => s.replace(/\s+/g, ' ').trim();
/** The white space of `\s` beyond ASCII. */
const isOtherSpace = (c: number) => c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
