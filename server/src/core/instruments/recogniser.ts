/**
 * Finds instrument mentions in any text (a source passage or a draft) with exact offsets and
 * resolves each to a registry id. Recognised forms, in the order they claim text:
 *   1. titles and aliases, with a following `, 1949` and `(No. 97)` (`Migrant Workers
 *      (Supplementary Provisions) Convention, 1975 (No. 143)`, `the Domestic Workers
 *      Convention`, `1998 ILO Declaration on ...`, `Protocol of 2014 to the ... , 1930`);
 *   2. other citations ending in `(No. N)`, whose title is read backwards from the number
 *      (`Migration for Employment (Revised), 1994 (No.97)`, `Recommendation (No. 86)`);
 *   3. a type word and numbers (`Convention No. 97`, `Convention 97`, `Conventions Nos 97,
 *      143 and 189`, one mention per number);
 *   4. bare number lists (`Nos. 97 and 143`), typed by the nearest type word before them;
 *   5. codes (`C97`, `C097`, `C.97`, `R86`, `P029`).
 * Whitespace between words may be a line break, as in PDF-extracted text.
 */
import { iloId } from './citation';
import { InstrumentEntry, InstrumentRegistry } from './registry';
import { isPlainText, significantWords, TitleMatcher, titleFits, typeNamedIn, wordTokens, WordToken } from './titles';

export type MentionForm = 'title' | 'alias' | 'citation' | 'number' | 'list' | 'code';
export type IloType = 'Convention' | 'Recommendation' | 'Protocol';

export interface Span {
  start: number;
  end: number;
}

/** What the text itself states about the instrument: the facts a citation can get wrong. */
export interface CitedParts {
  title?: string;
  titleSpan?: Span;
  year?: number;
  yearSpan?: Span;
  number?: number;
  numberSpan?: Span;
  type?: IloType;
}

export interface InstrumentMention {
  start: number;
  end: number;
  /** The resolved instrument; undefined when the number names no known instrument. */
  id?: string;
  form: MentionForm;
  cited: CitedParts;
  /** True when a registered title or alias (not a paraphrase) was matched. */
  exactTitle: boolean;
}

const matchers = new WeakMap<InstrumentRegistry, TitleMatcher>();
function matcherFor(registry: InstrumentRegistry): TitleMatcher {
  let m = matchers.get(registry);
  if (!m) matchers.set(registry, (m = new TitleMatcher(registry)));
  return m;
}

const NUMBER_AFTER_RE = /^\s*\(\s*No\.?\s*(\d{1,3})\s*\)/;
const YEAR_AFTER_RE = /^\s*,\s*(1[89]\d\d|20\d\d)(?!\d)/;
const YEAR_BEFORE_RE = /\b(?:the|The|its|their)\s+(1[89]\d\d|20\d\d)\s+$/;
const ANCHOR_RE = /(?:,\s*(1[89]\d\d|20\d\d)\s*)?\(\s*No\.?\s*(\d{1,3})\s*\)/g;
const TYPE_NUMBER_RE =
  /\b(conventions?|recommendations?|protocols?)\s*(?:\(\s*nos?\.?\s*(\d{1,3})\s*\)|(nos?\.?\s*)?(\d{1,3})(?![\d\p{L}]|[.,]\d)((?:\s*,\s*\d{1,3}(?![\d\p{L}]|[.,]\d))*(?:\s*,?\s*(?:and|or|&)\s*\d{1,3}(?![\d\p{L}]|[.,]\d))?))/giu;
const BARE_LIST_RE = /\bNos\.?\s*(\d{1,3})((?:\s*,\s*\d{1,3}(?![\d\p{L}]|[.,]\d))*\s*,?\s*(?:and|or|&)\s*\d{1,3}(?![\d\p{L}]|[.,]\d))/gu;
const CODE_RE = /(?<![\p{L}\p{N}\/.\-])([CRP])\.?(\d{2,3})(?![\p{L}\p{N}]|[.\/]\d)/gu;
const LIST_NUMBER_RE = /\d{1,3}/g;
const HAS_DIGIT_RE = /\d/;
const CONNECTORS = new Set(['of', 'for', 'and', 'the', 'on', 'in', 'to', 'against', 'with', 'at', 'de']);
const LEADING_NOISE = new Set(['the', 'of', 'for', 'and', 'on', 'in', 'to', 'at', 'with', 'against', 'de', 'its', 'their', 'ilo', "ilo's"]);

export function recogniseInstruments(text: string, registry: InstrumentRegistry): InstrumentMention[] {
  // a plain text is tokenised only if a citation's title must be read backwards (step 2)
  let tokens: WordToken[] | undefined = isPlainText(text) ? undefined : wordTokens(text);
  const kept: InstrumentMention[] = [];
  const free = (s: number, e: number) => !kept.some((m) => s < m.end && e > m.start);
  const keep = (m: InstrumentMention) => {
    if (free(m.start, m.end)) kept.push(m);
  };

  // 1. registered titles and aliases, extended by what follows them
  for (const t of matcherFor(registry).find(text, tokens)) {
    let end = t.end;
    // the trie matches words; a title's closing bracket (`Convention (Revised)`) is part of it
    const close = /^\s*\)/.exec(text.slice(end, end + 4));
    if (close && text.slice(t.start, end).split('(').length > text.slice(t.start, end).split(')').length) end += close[0].length;
    const cited: CitedParts = { title: text.slice(t.start, end), titleSpan: { start: t.start, end } };
    let start = t.start;
    const before = YEAR_BEFORE_RE.exec(text.slice(Math.max(0, start - 16), start));
    if (before) {
      const ys = start - before[0].length + before[0].indexOf(before[1]);
      cited.year = Number(before[1]);
      cited.yearSpan = { start: ys, end: ys + 4 };
      start = ys;
    }
    const titleEndsWithYear = /\d{4}$/.test(cited.title!);
    const y = titleEndsWithYear || before ? null : YEAR_AFTER_RE.exec(text.slice(end, end + 24));
    if (y) {
      const ys = end + y[0].length - 4;
      cited.year = Number(y[1]);
      cited.yearSpan = { start: ys, end: ys + 4 };
      end += y[0].length;
    }
    const n = NUMBER_AFTER_RE.exec(text.slice(end, end + 24));
    if (n && t.entries.some((e) => e.ilo)) {
      const ns = end + n[0].lastIndexOf(n[1]);
      cited.number = Number(n[1]);
      cited.numberSpan = { start: ns, end: ns + n[1].length };
      end += n[0].length;
    }
    const typed = t.entries.find((e) => e.ilo);
    if (typed) cited.type = typed.type as IloType;
    const id = resolveCitation(cited, t.entries, registry)?.id;
    keep({ start, end, id, form: cited.year !== undefined || cited.number !== undefined ? 'citation' : t.alias ? 'alias' : 'title', cited, exactTitle: true });
  }

  // every later form has a number in it
  if (!HAS_DIGIT_RE.test(text)) return kept.sort((a, b) => a.start - b.start);

  // 2. other `... , YEAR (No. N)` citations: the title is read backwards from the number
  for (const a of text.matchAll(ANCHOR_RE)) {
    const aStart = a.index!;
    const aEnd = aStart + a[0].length;
    if (!free(aStart, aEnd)) continue;
    const title = titleBefore(text, (tokens ??= wordTokens(text)), aStart);
    const number = Number(a[2]);
    const ns = aStart + a[0].lastIndexOf(a[2]);
    const cited: CitedParts = { number, numberSpan: { start: ns, end: ns + a[2].length } };
    if (a[1]) {
      const ys = aStart + a[0].indexOf(a[1]);
      cited.year = Number(a[1]);
      cited.yearSpan = { start: ys, end: ys + 4 };
    }
    if (title) {
      cited.title = text.slice(title.start, title.end);
      cited.titleSpan = title;
      cited.type = typeNamedIn(cited.title);
    }
    const byNumber = numberCandidates(number, cited.type, registry);
    const plausible = cited.year !== undefined || cited.type !== undefined || (!!cited.title && byNumber.some((e) => titleFits(cited.title!, e)));
    if (!plausible) continue;
    const best = resolveCitation(cited, [], registry);
    if (best && !cited.type) cited.type = best.type as IloType;
    const start = title && free(title.start, aEnd) ? title.start : aStart;
    keep({ start, end: aEnd, id: best?.id, form: 'citation', cited, exactTitle: false });
  }

  // 3. a type word and one or more numbers
  for (const m of text.matchAll(TYPE_NUMBER_RE)) {
    const type = typeFromWord(m[1]);
    if (m[2]) {
      const ns = m.index! + m[0].lastIndexOf(m[2]);
      keepNumber(keep, m.index!, m.index! + m[0].length, type, Number(m[2]), ns, registry, 'number');
      continue;
    }
    const plural = /s$/i.test(m[1]) || /^nos/i.test(m[3] ?? '');
    const headEnd = m.index! + m[0].length - (m[5]?.length ?? 0);
    const firstStart = headEnd - m[4].length;
    keepNumber(keep, m.index!, headEnd, type, Number(m[4]), firstStart, registry, plural && m[5] ? 'list' : 'number');
    if (plural && m[5]) listRest(keep, m[5], headEnd, type, registry);
  }

  // 4. `Nos. 97 and 143` with the type word earlier in the sentence, or none
  for (const m of text.matchAll(BARE_LIST_RE)) {
    if (!free(m.index!, m.index! + m[0].length)) continue;
    const type = typeFromWord(/(conventions?|recommendations?|protocols?)\b[^.;]*$/i.exec(text.slice(Math.max(0, m.index! - 200), m.index!))?.[1] ?? 'Convention');
    const headEnd = m.index! + m[0].length - m[2].length;
    keepNumber(keep, m.index!, headEnd, type, Number(m[1]), headEnd - m[1].length, registry, 'list');
    listRest(keep, m[2], headEnd, type, registry);
  }

  // 5. codes; a P-code that names no Protocol is something else (a page, a grade)
  for (const m of text.matchAll(CODE_RE)) {
    const type = typeFromWord(m[1] === 'C' ? 'Convention' : m[1] === 'R' ? 'Recommendation' : 'Protocol');
    const number = Number(m[2]);
    const entry = registry.ilo(type, number);
    if (!entry && type === 'Protocol') continue;
    const ns = m.index! + m[0].length - m[2].length;
    keep({ start: m.index!, end: m.index! + m[0].length, id: entry?.id, form: 'code', cited: { number, numberSpan: { start: ns, end: ns + m[2].length }, type }, exactTitle: false });
  }

  return kept.sort((a, b) => a.start - b.start);
}

function keepNumber(
  keep: (m: InstrumentMention) => void, start: number, end: number, type: IloType, number: number, numberStart: number,
  registry: InstrumentRegistry, form: MentionForm,
): void {
  keep({
    start, end, id: registry.ilo(type, number)?.id, form, exactTitle: false,
    cited: { number, type, numberSpan: { start: numberStart, end: numberStart + String(number).length } },
  });
}

function listRest(keep: (m: InstrumentMention) => void, rest: string, offset: number, type: IloType, registry: InstrumentRegistry): void {
  for (const n of rest.matchAll(LIST_NUMBER_RE)) {
    const s = offset + n.index!;
    keepNumber(keep, s, s + n[0].length, type, Number(n[0]), s, registry, 'list');
  }
}

function typeFromWord(w: string): IloType {
  const l = w.toLowerCase();
  return l.startsWith('recommendation') ? 'Recommendation' : l.startsWith('protocol') ? 'Protocol' : 'Convention';
}

function numberCandidates(number: number, type: IloType | undefined, registry: InstrumentRegistry): InstrumentEntry[] {
  const types: IloType[] = type ? [type] : ['Convention', 'Recommendation'];
  return types.map((t) => registry.ilo(t, number)).filter((e): e is InstrumentEntry => !!e);
}

/**
 * The title words right before a citation's year or number: capitalised words and the
 * connectors between them (`Migration for Employment Convention (Revised)`), without a
 * leading article. Stops at a lower-case word, a sentence or list boundary.
 */
function titleBefore(text: string, tokens: WordToken[], at: number): Span | undefined {
  let i = lowerBound(tokens, at) - 1;
  let first = -1;
  let count = 0;
  let right = at;
  while (i >= 0 && count < 16) {
    const t = tokens[i];
    const gap = text.slice(t.end, right);
    if (!/^[\s()\-‐‑'’]*$/.test(gap) || /\n\s*[-*•✓]/.test(gap)) break;
    if (!t.capitalised && !CONNECTORS.has(t.folded)) break;
    first = i;
    right = t.start;
    count++;
    i--;
  }
  if (first < 0) return undefined;
  let last = lowerBound(tokens, at) - 1;
  while (first <= last && LEADING_NOISE.has(tokens[first].folded)) first++;
  if (first > last) return undefined;
  // a closing bracket belongs to the title: `Convention (Revised)`
  let end = tokens[last].end;
  const close = /^\s*\)/.exec(text.slice(end, at));
  if (close) end += close[0].length;
  return { start: tokens[first].start, end };
}

function lowerBound(tokens: WordToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The instrument a citation most likely means: the candidate (by its title, by its number)
 * that agrees with the most of what is cited. A wrong year or number then shows up as the
 * one part that disagrees. Ties go to the title, since numbers are the usual slip.
 */
export function resolveCitation(cited: CitedParts, titleEntries: InstrumentEntry[], registry: InstrumentRegistry): InstrumentEntry | undefined {
  const candidates = new Map<string, InstrumentEntry>();
  for (const e of titleEntries) candidates.set(e.id, e);
  if (cited.number !== undefined) for (const e of numberCandidates(cited.number, cited.type, registry)) candidates.set(e.id, e);
  if (cited.title && titleEntries.length === 0 && cited.type) {
    // a paraphrased title with a wrong number: look the title up among instruments of that type
    for (const e of registry.all()) if (e.ilo && e.type === cited.type && closeTitle(cited.title, e)) candidates.set(e.id, e);
  }
  let best: InstrumentEntry | undefined;
  let bestScore = -1;
  for (const e of candidates.values()) {
    const byTitle = titleEntries.includes(e) || (!!cited.title && titleFits(cited.title, e));
    let score = (byTitle ? 1.1 : 0) + (cited.number === e.number && e.type !== 'Protocol' ? 1 : 0) + (cited.year !== undefined && cited.year === e.year ? 1 : 0);
    // among namesakes (two Maternity Protection Conventions), the one still in force, then the newest
    score += (e.status === 'abrogated' || e.status === 'withdrawn' ? 0 : 0.01) + (e.year ?? 0) / 1e6;
    if (score > bestScore) {
      best = e;
      bestScore = score;
    }
  }
  return best;
}

/** A paraphrased title that uses the official title's own words, all of them. */
function closeTitle(cited: string, e: InstrumentEntry): boolean {
  const official = significantWords(e.title);
  const words = new Set(significantWords(cited));
  return official.length > 0 && official.every((w) => words.has(w)) && titleFits(cited, e);
}

/** `C097` for a Convention cited by number, whether or not the registry knows it. */
export function citedId(m: InstrumentMention): string | undefined {
  if (m.id) return m.id;
  if (m.cited.number !== undefined && m.cited.type) return iloId(m.cited.type, m.cited.number);
  return undefined;
}

/** The mention with its offsets moved `by` characters (a paragraph's mention, in the draft). */
export function shifted(m: InstrumentMention, by: number): InstrumentMention {
  const span = (s: Span | undefined) => (s ? { start: s.start + by, end: s.end + by } : undefined);
  const c = m.cited;
  const cited: CitedParts = { ...c };
  if (c.titleSpan) cited.titleSpan = span(c.titleSpan);
  if (c.yearSpan) cited.yearSpan = span(c.yearSpan);
  if (c.numberSpan) cited.numberSpan = span(c.numberSpan);
  return { ...m, start: m.start + by, end: m.end + by, cited };
}
