/**
 * Terms: the normalised content words that the index, the phrase bank and the claim checker
 * compare. Case, diacritics, typographic quotes and dashes, British/American spelling and
 * inflection are folded away; numbers and instrument-like tokens (C097, GB.316/POL/1,
 * ISCO-08, 3.1) are kept whole because they are what a drafter gets wrong.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const porter2: (word: string) => string = require('wink-porter2-stemmer');

export interface Token {
  /** The word as written. */
  surface: string;
  /** Offsets in the text that was tokenised. */
  start: number;
  end: number;
  /** Lower-cased, folded surface (quotes, dashes, diacritics), before stemming. */
  folded: string;
  /** Stemmed term, or the folded token itself for numbers and codes. */
  term: string;
  kind: 'word' | 'number' | 'code';
  stop: boolean;
}

export const STOP_WORDS = new Set(
  ('a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each either few for from further had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just me more most my myself neither nor of off on once only or other ought our ' +
    'ours ourselves out over own same shall she so some such than that the their theirs them themselves then there these they ' +
    'this those through to too under until up upon very was we were what when where which while who whom why will with would you ' +
    'your yours yourself yourselves us whose whether thus hence therefore however moreover furthermore also inter alia etc per ' +
    'said say says stated noted note notes').split(/\s+/),
);

/** Words that carry polarity or modality: never stop words for the checker, but not indexed. */
export const POLARITY_WORDS = new Set(['not', 'no', 'never', 'without', 'nor', 'cannot', "n't", 'should', 'must', 'may', 'might', 'shall']);

const CODE_RE = /^(?=.*\p{L})(?=.*\p{N})[\p{L}\p{N}]+(?:[-./][\p{L}\p{N}]+)*$|\//u;
const NUMBER_RE = /^\d+(?:[.,]\d+)*$/;

export function foldCharacters(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .toLowerCase();
}

/** British and American spellings meet: organisation/organization, recognise/recognize. */
function foldSpelling(w: string): string {
  if (w.length > 5) {
    const m = /^(.{3,}?)is(e|es|ed|ing|ation|ations|ational)$/.exec(w);
    if (m) return `${m[1]}iz${m[2]}`;
    if (w.endsWith('our') && w.length > 6) return w.slice(0, -3) + 'or'; // labour/labor keeps 'labour' below
  }
  return w;
}

const stemCache = new Map<string, string>();
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    const w = word === 'labour' || word === 'labor' ? 'labour' : foldSpelling(word);
    s = porter2(w);
    if (stemCache.size < 200_000) stemCache.set(word, s);
  }
  return s;
}

/**
 * Splits text into tokens. Hyphenated and slashed words are split into their parts unless
 * they look like codes or numbers; possessive 's is dropped.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  forEachTokenPart(text, (p, at, surface) => {
    out.push({ surface: p.offset === 0 && p.length === surface.length ? surface : surface.slice(p.offset, p.offset + p.length), start: at, end: at + p.length, folded: p.folded, term: p.term, kind: p.kind, stop: p.stop });
  });
  return out;
}

/**
 * What `tokenize` returns, one token at a time and without building it: the analysis of the
 * token, its offset in the text, and the surface of the word it is a part of. For a reader
 * that needs only the terms of a text, not its Token objects.
 */
export function forEachTokenPart(text: string, visit: (part: TokenPart, start: number, surface: string) => void): void {
  forEachWord(text, (surface, at) => {
    for (const p of analysisOf(surface).parts) visit(p, at + p.offset, surface);
  });
}

/**
 * Each word of the text, with its offset: what `\d{1,3}(?:,\d{3})+(?:\.\d+)?|[\p{L}\p{N}]+(?:[’'‐‑\-./][\p{L}\p{N}]+)*`
 * matches (test/unit/terms.test.ts holds them to it), found by a hand-written scan: the checker
 * tokenises every sentence it reads and the index every passage, and a Unicode-aware regex
 * costs several times more per character.
 */
function forEachWord(text: string, visit: (surface: string, start: number) => void): void {
  forEachWordSpan(text, (start, end) => visit(text.slice(start, end), start));
}

/**
 * The same words as `forEachWord`, as their start and end only, for a reader that looks words
 * up without cutting them out of the text.
 */
export function forEachWordSpan(text: string, visit: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordAt(text, i, c)) {
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
      continue;
    }
    const end = (isDigit(c) && groupedNumberEnd(text, i)) || wordEnd(text, i);
    visit(i, end);
    i = end;
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** Characters that join two runs of letters and digits into one token: ’ ' ‐ ‑ - . / */
const isJoiner = (c: number) => c === 0x2019 || c === 39 || c === 0x2010 || c === 0x2011 || c === 45 || c === 46 || c === 47;

/** Whether a letter or a digit (`[\p{L}\p{N}]`) starts at `i`; `c` is the code unit there. */
function isWordAt(text: string, i: number, c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return isLowSurrogate(next) && WORD_CHAR_RE.test(text.slice(i, i + 2));
  }
  let known = wordUnit[c];
  if (known === 0) wordUnit[c] = known = WORD_CHAR_RE.test(String.fromCharCode(c)) ? 1 : 2;
  return known === 1;
}
const WORD_CHAR_RE = /^[\p{L}\p{N}]$/u;
/** Per code unit of the Basic Multilingual Plane: 0 not yet known, 1 letter or digit, 2 neither. */
const wordUnit = new Uint8Array(0x10000);

/** The end of a run of letters and digits from `i` (a word character). */
function runEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordAt(text, i, c)) break;
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return i;
}

/** `[\p{L}\p{N}]+(?:[’'‐‑\-./][\p{L}\p{N}]+)*` from `i`. */
function wordEnd(text: string, i: number): number {
  let end = runEnd(text, i);
  while (end + 1 < text.length && isJoiner(text.charCodeAt(end)) && isWordAt(text, end + 1, text.charCodeAt(end + 1))) end = runEnd(text, end + 1);
  return end;
}

/** `\d{1,3}(?:,\d{3})+(?:\.\d+)?` from `i` (a digit), or 0 when it does not match there. */
function groupedNumberEnd(text: string, i: number): number {
  let end = i;
  while (isDigit(text.charCodeAt(end))) end++;
  if (end - i > 3) return 0;
  const group = (at: number) => text.charCodeAt(at) === 44 && isDigit(text.charCodeAt(at + 1)) && isDigit(text.charCodeAt(at + 2)) && isDigit(text.charCodeAt(at + 3));
  if (!group(end)) return 0;
  while (group(end)) end += 4;
  if (text.charCodeAt(end) === 46 && isDigit(text.charCodeAt(end + 1))) {
    end += 2;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  return end;
}

/** A token's analysis relative to its surface, cached: words repeat, analysis need not. */
export interface TokenPart {
  /** Where the token starts in the word it is cut from, and its length. */
  offset: number;
  length: number;
  folded: string;
  term: string;
  kind: Token['kind'];
  stop: boolean;
}
interface Analysis {
  parts: TokenPart[];
  /** The parts that are index terms, as `contentTerms` returns them. */
  content: string[];
  /** Those terms as numbered by the last numbering that asked (see `contentTermIds`). */
  ids?: Int32Array;
  numbering?: TermNumbering;
}

/** Numbers terms: an index's term ids, or a worker's own numbers. */
export interface TermNumbering {
  number(term: string): number;
}
const analysisCache = new Map<string, Analysis>();

/** The tokens of one word as `forEachWord` gives it, relative to the word (what `forEachTokenPart` visits). */
export function wordParts(surface: string): readonly TokenPart[] {
  return analysisOf(surface).parts;
}

function analysisOf(surface: string): Analysis {
  let a = analysisCache.get(surface);
  if (a === undefined) {
    const parts = analyse(surface);
    a = { parts, content: parts.filter(isContent).map((p) => p.term) };
    if (analysisCache.size > 500_000) analysisCache.clear();
    analysisCache.set(surface, a);
  }
  return a;
}

const isContent = (t: { stop: boolean; kind: Token['kind']; folded: string }) => !t.stop && (t.kind !== 'word' || t.folded.length > 1);

function analyse(surface: string): TokenPart[] {
  const whole = (folded: string, term: string, kind: Token['kind'], stop = false): TokenPart[] => [{ offset: 0, length: surface.length, folded, term, kind, stop }];
  if (NUMBER_RE.test(surface) || /^\d{1,3}(?:,\d{3})+/.test(surface)) {
    const folded = surface.replace(/,(?=\d{3})/g, '');
    return whole(folded, folded, 'number');
  }
  const folded = foldCharacters(surface);
  if (CODE_RE.test(surface) && !/^\d+(st|nd|rd|th)$/i.test(surface)) return whole(folded, folded.replace(/[‐‑–]/g, '-'), 'code');
  // split compound words into their parts; keep offsets of each part
  const parts: TokenPart[] = [];
  const re = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;
  let p: RegExpExecArray | null;
  while ((p = re.exec(folded))) {
    let w = p[0];
    if (w.endsWith("'s")) w = w.slice(0, -2);
    else if (w.includes("'")) w = w.replace(/'/g, '');
    if (!w) continue;
    const numeric = /^\d+$/.test(w);
    parts.push({ offset: p.index, length: p[0].length, folded: w, term: numeric ? w : stem(w), kind: numeric ? 'number' : 'word', stop: STOP_WORDS.has(w) || POLARITY_WORDS.has(w) });
  }
  return parts;
}

/**
 * The index terms of a text as numbers, appended to `out` from `at`; returns where they end.
 * Indexing's hot path: each distinct word is analysed and numbered once, so a word costs one
 * look-up (`out` grows when it must: the caller keeps the returned array).
 */
export function contentTermIds(text: string, numbering: TermNumbering, out: { ids: Int32Array }, at = 0): number {
  forEachWord(text, (surface) => {
    const a = analysisOf(surface);
    if (a.numbering !== numbering) {
      a.ids = Int32Array.from(a.content, (t) => numbering.number(t));
      a.numbering = numbering;
    }
    const ids = a.ids!;
    if (at + ids.length > out.ids.length) {
      const grown = new Int32Array(Math.max(2 * out.ids.length, at + ids.length, 64));
      grown.set(out.ids);
      out.ids = grown;
    }
    for (let i = 0; i < ids.length; i++) out.ids[at++] = ids[i];
  });
  return at;
}

/** The index terms of a text: content words, numbers and codes, in order. */
export function contentTerms(text: string): string[] {
  // the hot path of indexing: no Token objects, each distinct word analysed once
  const terms: string[] = [];
  forEachWord(text, (surface) => {
    const content = analysisOf(surface).content;
    for (let i = 0; i < content.length; i++) terms.push(content[i]);
  });
  return terms;
}
