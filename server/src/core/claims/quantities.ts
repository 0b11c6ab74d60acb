/**
 * Numbers, quantities and dates as a drafter writes them (`214 million`, `3.1 per cent`,
 * `twelve`, `two-thirds`, `4 to 8 November 2013`), read into comparable values with their
 * exact place in the text, so a changed figure can be named in a diagnostic.
 */
export type QuantityKind = 'number' | 'date';

export interface Quantity {
  kind: QuantityKind;
  /** Comparable value: 214000000, 0.5; for a date, its year (or 0 when it gives none). */
  value: number;
  /** What the number counts in: `per cent`, `million`, a currency; empty for a plain count. */
  unit: string;
  /** For dates: the parts stated, compared one by one. */
  date?: { dayFrom?: number; dayTo?: number; month?: number; year?: number };
  /** As written, for messages: `214 million`, `half`, `November`. */
  text: string;
  start: number;
  end: number;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30,
  forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, dozen: 12, single: 1, double: 2,
  twice: 2, triple: 3, thrice: 3,
};
const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};
const FRACTIONS: Record<string, number> = {
  half: 0.5, 'one-half': 0.5, 'a half': 0.5, 'one-third': 1 / 3, 'a third': 1 / 3, 'two-thirds': 2 / 3, 'one-quarter': 0.25,
  'a quarter': 0.25, 'three-quarters': 0.75, 'one-fifth': 0.2, 'a fifth': 0.2, 'two-fifths': 0.4, 'three-fifths': 0.6,
  'four-fifths': 0.8, 'one-tenth': 0.1, 'a tenth': 0.1, majority: 0.5001, 'vast majority': 0.8, minority: 0.4999,
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, millions: 1e6, billion: 1e9, billions: 1e9, trillion: 1e12, bn: 1e9, m: 1e6 };
export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const FRACTION_RE = new RegExp(`\\b(${Object.keys(FRACTIONS).sort((a, b) => b.length - a.length).map((f) => f.replace('-', '[-‐‑–\\s]')).join('|')})\\b`, 'gi');
const NUMERAL_RE = /(?<![\w.\/-])(?:US\$|\$|€|£)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|bn)\b)?(?:\s*(per\s*cent|percent|%))?(?![\w\/]|\.\d)/gi;
const WORD_RE = new RegExp(`\\b(${Object.keys(NUMBER_WORDS).join('|')})(?:[-\\s](${Object.keys(NUMBER_WORDS).join('|')}))?\\b(?:\\s+(thousand|million|billion))?(?:\\s+(per\\s*cent|percent))?`, 'gi');
const MONTH_NAMES = MONTHS.map((m) => m[0].toUpperCase() + m.slice(1)).join('|');
/** `4 to 8 November 2013`, `1–16 November 2012`, `5 June 2015`, `March 2013`, `2050`. */
const DATE_RE = new RegExp(
  `(?<![\\w.,])(?:(?<day>\\d{1,2})(?:\\s*(?:–|-|to|and)\\s*(?<dayTo>\\d{1,2}))?\\s+(?<month>${MONTH_NAMES})(?:\\s+(?<year>\\d{4}))?` +
    `|(?<month2>${MONTH_NAMES})(?:\\s+(?<day2>\\d{1,2}),?)?(?:\\s+(?<year2>\\d{4}))?` +
    `|(?<year3>(?:18|19|20)\\d{2})(?![\\d,.]?\\d)(?!\\s*(?:per\\s*cent|%|million|billion|thousand)))\\b`,
  'g',
);

const ORDINAL_OF = '\\s+(session|sitting|sittings|meeting|day|time|round|edition|cycle)\\b';
/** `third session`: one pattern per ordinal word, read in this order. */
const ORDINAL_RES: [string, number, RegExp][] = Object.entries(ORDINAL_WORDS).map(([w, v]) => [w, v, new RegExp(`\\b${w}${ORDINAL_OF}`, 'gi')]);
const ANY_ORDINAL_RE = new RegExp(`\\b(?:${Object.keys(ORDINAL_WORDS).join('|')})${ORDINAL_OF}`, 'i');
/** Every fraction word of `FRACTION_RE` holds one of these. */
const FRACTION_HINT_RE = /half|third|quarter|fifth|tenth|majority|minority/i;
/** A date without a digit is a month name. */
const MONTH_HINT_RE = new RegExp(MONTH_NAMES);

/** Reads every quantity of a text. Instrument numbers (`No. 97`) are left to the recogniser. */
export function readQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  const taken: [number, number][] = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);
  const push = (q: Quantity) => {
    if (!free(q.start, q.end)) return;
    taken.push([q.start, q.end]);
    out.push(q);
  };
  let m: RegExpExecArray | null;
  // each reader below runs only on a text that has what its pattern cannot match without
  const digits = /\d/.test(text);
  const fractions = FRACTION_HINT_RE.test(text);
  const dates = digits || MONTH_HINT_RE.test(text);
  FRACTION_RE.lastIndex = 0;
  while (fractions && (m = FRACTION_RE.exec(text))) {
    const key = m[1].toLowerCase().replace(/[-‐‑–\s]+/g, (s) => (s.trim() ? '-' : ' ')).replace(/ (thirds?|quarters?|fifths?|half|tenth)$/, '-$1');
    const v = FRACTIONS[key] ?? FRACTIONS[m[1].toLowerCase()];
    if (v !== undefined) push({ kind: 'number', value: v, unit: 'share', text: m[0], start: m.index, end: m.index + m[0].length });
  }
  DATE_RE.lastIndex = 0;
  while (dates && (m = DATE_RE.exec(text))) {
    const g = m.groups!;
    const month = g.month ?? g.month2;
    // "May" is a month only beside a day or a year
    const year = g.year ?? g.year2 ?? g.year3;
    if (month === 'May' && !g.day && !g.day2 && !year) continue;
    if (g.year3 && isInstrumentNumber(text, m.index)) continue;
    const date = {
      dayFrom: g.day ?? g.day2 ? Number(g.day ?? g.day2) : undefined,
      dayTo: g.dayTo ? Number(g.dayTo) : undefined,
      month: month ? MONTHS.indexOf(month.toLowerCase()) + 1 : undefined,
      year: year ? Number(year) : undefined,
    };
    if (!date.month && !date.year) continue;
    push({ kind: 'date', value: date.year ?? 0, unit: '', date, text: m[0].trim(), start: m.index, end: m.index + m[0].trimEnd().length });
  }
  NUMERAL_RE.lastIndex = 0;
  while (digits && (m = NUMERAL_RE.exec(text))) {
    const start = m.index;
    const end = start + m[0].length;
    if (isInstrumentNumber(text, start)) continue;
    const raw = m[1].replace(/,/g, '');
    let value = Number(raw);
    const scale = m[2] ? SCALES[m[2].toLowerCase()] : 1;
    const currency = /^(US\$|\$|€|£)/.exec(m[0])?.[1] ?? '';
    value *= scale;
    const unit = m[3] ? 'per cent' : currency ? currency : '';
    push({ kind: 'number', value: m[3] ? value / 100 : value, unit, text: m[0].trim(), start, end });
  }
  WORD_RE.lastIndex = 0;
  while ((m = WORD_RE.exec(text))) {
    let value = NUMBER_WORDS[m[1].toLowerCase()];
    if (m[2]) value += NUMBER_WORDS[m[2].toLowerCase()];
    if (m[3]) value *= SCALES[m[3].toLowerCase()];
    if (m[4]) value /= 100;
    // "one of the", "a single": only counts when something follows that is counted
    if (/^one$/i.test(m[0]) && /^\s+(of|another|day|way|hand|area|side|dimension|another)\b/i.test(text.slice(m.index + m[0].length))) continue;
    push({ kind: 'number', value, unit: m[4] ? 'per cent' : '', text: m[0], start: m.index, end: m.index + m[0].length });
  }
  if (ANY_ORDINAL_RE.test(text)) {
    for (const [w, v, re] of ORDINAL_RES) {
      re.lastIndex = 0;
      while ((m = re.exec(text))) push({ kind: 'number', value: v, unit: 'ordinal', text: m[0].split(/\s+/)[0], start: m.index, end: m.index + w.length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function isInstrumentNumber(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 40), at);
  return /(?:\bNos?\.?|Conventions?|Recommendations?|Protocols?)\s*\(?\s*(?:No\.?\s*)?$/.test(before)
    || /\bNos?\.?\s*\d{1,3}(?:\s*,\s*\d{1,3})*\s*(?:,|and|&)\s*$/.test(before)
    || /\b[A-Z]{2,}[-\/.]$/.test(before)
    || /[-\/.]$/.test(before) && /\w[-\/.]$/.test(before);
}

export function sameQuantity(a: Quantity, b: Quantity): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'date') return dateAgrees(a, b);
  return Math.abs(a.value - b.value) <= Math.abs(a.value) * 1e-6;
}

/** Every part the draft's date states is stated alike by the source's. */
function dateAgrees(a: Quantity, b: Quantity): boolean {
  const x = a.date!;
  const y = b.date!;
  let shared = 0;
  for (const k of ['dayFrom', 'dayTo', 'month', 'year'] as const) {
    if (x[k] === undefined) continue;
    if (y[k] !== x[k]) return false;
    shared++;
  }
  return shared > 0;
}

/** How alike two quantities are, to pair a changed figure with the one it replaced. */
export function kinship(a: Quantity, b: Quantity): number {
  if (a.kind !== b.kind) return -1;
  if (a.kind === 'date') {
    let s = 0;
    for (const k of ['dayFrom', 'dayTo', 'month', 'year'] as const) if (a.date![k] !== undefined && a.date![k] === b.date![k]) s++;
    return s + (a.date!.month !== undefined && b.date!.month !== undefined ? 0.5 : 0);
  }
  let s = a.unit === b.unit ? 2 : 0;
  if (a.value > 0 && b.value > 0) s -= Math.abs(Math.log10(a.value) - Math.log10(b.value)) / 3;
  return s;
}
