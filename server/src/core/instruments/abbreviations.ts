/**
 * Abbreviations as the sources define them: `Full Name (ABBR)` or `ABBR (Full Name)`. The long
 * form is found with the Schwartz–Hearst rule (the abbreviation's letters, right to left, in
 * the words before it, its first letter starting a word), so `Second High-level Dialogue on
 * Migration and Development (HLD)` defines HLD as `High-level Dialogue on Migration and
 * Development` and a unit code such as `(WORKQUALITY)` defines nothing.
 */

export interface AbbreviationDefinition {
  abbr: string;
  expansion: string;
  /** The whole definition (`Global Migration Group (GMG)`) in the text. */
  start: number;
  end: number;
  /** The abbreviation itself in the text. */
  abbrStart: number;
  abbrEnd: number;
}

export interface AbbreviationUse {
  abbr: string;
  start: number;
  end: number;
}

const ABBR = '[A-Z][A-Za-z&]{0,2}[A-Z][A-Z&]{0,7}s?';
const SHORT_IN_PARENS_RE = new RegExp(`\\(\\s*(${ABBR})\\s*\\)`, 'g');
const SHORT_BEFORE_PARENS_RE = new RegExp(`\\b(${ABBR})\\s*\\(\\s*([A-Z][^()]{3,120}?)\\s*\\)`, 'g');
const ABBR_TOKEN_RE = /(?<![\p{L}\p{N}\/.\-])[A-Z][A-Za-z&]{0,2}[A-Z][A-Z&]{0,7}s?(?![\p{L}\p{N}]|[\-\/][\p{L}\p{N}])/gu;
const STOP = new Set(['of', 'the', 'and', 'for', 'in', 'on', 'to', 'at', 'a', 'an', 'with', 'by']);

export function findAbbreviationDefinitions(text: string): AbbreviationDefinition[] {
  const out: AbbreviationDefinition[] = [];
  // both forms have a bracket
  if (!text.includes('(')) return out;
  for (const m of text.matchAll(SHORT_IN_PARENS_RE)) {
    const abbr = m[1];
    const before = text.slice(Math.max(0, m.index! - 160), m.index!);
    // the long form stays inside its sentence and its bracket
    const cut = Math.max(...['.', ';', ':', '(', ')', '[', ']', '\n\n\n'].map((c) => lastBoundary(before, c)));
    const window = before.slice(cut).replace(/\s+$/, '');
    const long = longForm(abbr, window);
    if (!long) continue;
    const start = m.index! - (before.length - cut) + window.length - long.length;
    const abbrStart = m.index! + m[0].indexOf(abbr);
    out.push({ abbr, expansion: tidy(long), start, end: m.index! + m[0].length, abbrStart, abbrEnd: abbrStart + abbr.length });
  }
  for (const m of text.matchAll(SHORT_BEFORE_PARENS_RE)) {
    const abbr = m[1];
    const inner = m[2];
    const long = longForm(abbr, inner);
    // the whole bracket must be the long form, not a remark that happens to contain the letters
    if (!long || long.length !== inner.length) continue;
    if (out.some((d) => d.abbrStart === m.index!)) continue;
    out.push({ abbr, expansion: tidy(long), start: m.index!, end: m.index! + m[0].length, abbrStart: m.index!, abbrEnd: m.index! + abbr.length });
  }
  return out.sort((a, b) => a.start - b.start);
}

function lastBoundary(s: string, c: string): number {
  const i = s.lastIndexOf(c);
  return i < 0 ? 0 : i + c.length;
}

const tidy = (s: string) => s.replace(/[*_]+/g, '').replace(/\s+/g, ' ').trim();

/** Schwartz–Hearst: the shortest tail of `window` whose letters spell the abbreviation. */
export function longForm(abbr: string, window: string): string | undefined {
  const letters = abbr.replace(/s$/, '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  if (letters.length < 2) return undefined;
  const lower = window.toLowerCase();
  let l = lower.length - 1;
  for (let s = letters.length - 1; s >= 0; s--) {
    const c = letters[s];
    while (l >= 0 && (lower[l] !== c || (s === 0 && l > 0 && /[\p{L}\p{N}]/u.test(lower[l - 1])))) l--;
    if (l < 0) return undefined;
    l--;
  }
  const start = Math.max(window.lastIndexOf(' ', l), window.lastIndexOf('\n', l)) + 1;
  const long = window.slice(start).trim();
  const words = long.split(/\s+/).filter(Boolean);
  const content = words.filter((w) => !STOP.has(w.toLowerCase()));
  // a long form much longer than its abbreviation has swallowed the sentence before it
  if (words.length > letters.length + 5 || content.length === 0) return undefined;
  if (long.toLowerCase()[0] !== letters[0] || long.includes(abbr)) return undefined;
  // the letters must mostly start words: `Employment` does not define `EMP`
  const initials = new Set(long.split(/[\s\-‐‑]+/).filter(Boolean).map((w) => w[0].toLowerCase()));
  const covered = [...letters].filter((c) => initials.has(c)).length;
  if (covered < Math.ceil(letters.length / 2)) return undefined;
  return long;
}

/** Every use of a known abbreviation (or its plural) in the text, as a whole word. */
export function findAbbreviationUses(text: string, known: (abbr: string) => string | undefined): AbbreviationUse[] {
  return knownUses(abbreviationTokens(text), known);
}

/** Every word shaped like an abbreviation, known or not (`abbr` is the word as written). */
export function abbreviationTokens(text: string): AbbreviationUse[] {
  const out: AbbreviationUse[] = [];
  for (const m of text.matchAll(ABBR_TOKEN_RE)) out.push({ abbr: m[0], start: m.index!, end: m.index! + m[0].length });
  return out;
}

/** The tokens that are uses of a known abbreviation, each under the abbreviation it uses. */
export function knownUses(tokens: AbbreviationUse[], known: (abbr: string) => string | undefined): AbbreviationUse[] {
  const out: AbbreviationUse[] = [];
  for (const t of tokens) {
    const abbr = known(t.abbr);
    if (abbr) out.push({ abbr, start: t.start, end: t.end });
  }
  return out;
}

export interface AbbreviationSense {
  expansion: string;
  /** How many definitions give this expansion. */
  count: number;
}

/**
 * What each abbreviation stands for across many definitions: the most frequent expansion
 * first (the first defined wins a tie).
 */
export function expansionsOf(defs: { abbr: string; expansion: string }[]): Map<string, AbbreviationSense[]> {
  const out = new Map<string, AbbreviationSense[]>();
  for (const d of defs) {
    const senses = out.get(d.abbr) ?? [];
    const same = senses.find((s) => s.expansion.toLowerCase() === d.expansion.toLowerCase());
    if (same) same.count++;
    else senses.push({ expansion: d.expansion, count: 1 });
    out.set(d.abbr, senses);
  }
  for (const senses of out.values()) senses.sort((a, b) => b.count - a.count);
  return out;
}
