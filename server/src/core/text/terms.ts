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

const TOKEN_RE = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|[\p{L}\p{N}]+(?:[’'‐‑\-./][\p{L}\p{N}]+)*/gu;
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
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text))) {
    const surface = m[0];
    const start = m.index;
    pushToken(out, surface, start);
  }
  return out;
}

/** A token's analysis relative to its surface, cached: words repeat, analysis need not. */
interface Part {
  offset: number;
  length: number;
  folded: string;
  term: string;
  kind: Token['kind'];
  stop: boolean;
}
interface Analysis {
  parts: Part[];
  /** The parts that are index terms, as `contentTerms` returns them. */
  content: string[];
}
const analysisCache = new Map<string, Analysis>();

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

function pushToken(out: Token[], surface: string, start: number): void {
  const { parts } = analysisOf(surface);
  for (const p of parts) {
    const s = start + p.offset;
    out.push({ surface: p.offset === 0 && p.length === surface.length ? surface : surface.slice(p.offset, p.offset + p.length), start: s, end: s + p.length, folded: p.folded, term: p.term, kind: p.kind, stop: p.stop });
  }
}

function analyse(surface: string): Part[] {
  const whole = (folded: string, term: string, kind: Token['kind'], stop = false): Part[] => [{ offset: 0, length: surface.length, folded, term, kind, stop }];
  if (NUMBER_RE.test(surface) || /^\d{1,3}(?:,\d{3})+/.test(surface)) {
    const folded = surface.replace(/,(?=\d{3})/g, '');
    return whole(folded, folded, 'number');
  }
  const folded = foldCharacters(surface);
  if (CODE_RE.test(surface) && !/^\d+(st|nd|rd|th)$/i.test(surface)) return whole(folded, folded.replace(/[‐‑–]/g, '-'), 'code');
  // split compound words into their parts; keep offsets of each part
  const parts: Part[] = [];
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

/** The index terms of a text: content words, numbers and codes, in order. */
export function contentTerms(text: string): string[] {
  // the hot path of indexing: no Token objects, each distinct word analysed once
  const terms: string[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text))) {
    const content = analysisOf(m[0]).content;
    for (let i = 0; i < content.length; i++) terms.push(content[i]);
  }
  return terms;
}
