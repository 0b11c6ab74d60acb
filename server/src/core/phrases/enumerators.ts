/**
 * Enumerated lists in a draft: the `(i) … (x)` items under `The Office should:`, lettered
 * sub-items and the numbered paragraphs. Finds which item comes next at a line and the edits
 * that renumber a list after an item was inserted or removed.
 */
export type EnumeratorStyle = 'roman' | 'alpha' | 'arabic';

export interface Enumerator {
  style: EnumeratorStyle;
  value: number;
  upper: boolean;
  /** Punctuation around the value: `(`…`)`, ``…`)`, ``…`.`. */
  open: string;
  close: string;
}

export interface ListItem {
  line: number;
  /** Offsets of the enumerator (without surrounding space) in the draft. */
  start: number;
  end: number;
  enumerator: Enumerator;
}

export interface EnumeratedList {
  kind: 'items' | 'paragraphs';
  items: ListItem[];
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

const ROMAN: [number, string][] = [[100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];

export function toRoman(n: number): string {
  let out = '';
  for (const [v, s] of ROMAN) while (n >= v) {
    out += s;
    n -= v;
  }
  return out;
}

export function fromRoman(s: string): number | undefined {
  const t = s.toLowerCase();
  if (!/^[ivxlc]+$/.test(t)) return undefined;
  let n = 0;
  let i = 0;
  for (const [v, sym] of ROMAN) while (t.startsWith(sym, i)) {
    n += v;
    i += sym.length;
  }
  return i === t.length && toRoman(n) === t ? n : undefined;
}

export function formatEnumerator(e: Enumerator, value = e.value): string {
  let v = e.style === 'arabic' ? String(value) : e.style === 'roman' ? toRoman(value) : alpha(value);
  if (e.upper) v = v.toUpperCase();
  return `${e.open}${v}${e.close}`;
}

function alpha(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}

const ITEM_RE = /^(\s*)(\(?)([ivxlc]{1,7}|[a-z]|\d{1,2})\)(?=\s)/i;
const PARAGRAPH_RE = /^(\s{0,3})(\d{1,3})\.(?=\s)/;
const HEADING_RE = /^\s{0,3}#{1,6}\s/;

/** The ways a marker's letters can be read: `i` is roman one or the ninth letter. */
function readings(letters: string, open: string): Enumerator[] {
  const upper = letters === letters.toUpperCase() && /[A-Z]/.test(letters);
  const close = ')';
  const out: Enumerator[] = [];
  if (/^\d+$/.test(letters)) return [{ style: 'arabic', value: Number(letters), upper: false, open, close }];
  const r = fromRoman(letters);
  if (r !== undefined) out.push({ style: 'roman', value: r, upper, open, close });
  if (letters.length === 1) out.push({ style: 'alpha', value: letters.toLowerCase().charCodeAt(0) - 96, upper, open, close });
  return out;
}

/**
 * The enumerated lists of a draft. An item list runs from its first item to a numbered
 * paragraph, a heading or a new lead line (`…:`); lettered sub-items nest inside it, so
 * `(ii)` after `(a)`, `(b)` continues the roman list.
 */
export function findLists(text: string): EnumeratedList[] {
  const lists: EnumeratedList[] = [];
  const paragraphs: EnumeratedList = { kind: 'paragraphs', items: [] };
  let open: EnumeratedList[] = [];
  let offset = 0;
  const lines = text.split('\n');
  lines.forEach((line, n) => {
    const lineOffset = offset;
    offset += line.length + 1;
    const para = PARAGRAPH_RE.exec(line);
    if (para) {
      const start = lineOffset + para[1].length;
      paragraphs.items.push({ line: n, start, end: start + para[2].length + 1, enumerator: { style: 'arabic', value: Number(para[2]), upper: false, open: '', close: '.' } });
      open = [];
      return;
    }
    if (HEADING_RE.test(line)) {
      open = [];
      return;
    }
    const item = ITEM_RE.exec(line);
    if (!item) {
      // a lead line, or a block of its own that is no item, ends the lists (a wrapped item line follows its item directly)
      if (/:\s*$/.test(line) || (line.trim() !== '' && (n === 0 || lines[n - 1].trim() === ''))) open = [];
      return;
    }
    const start = lineOffset + item[1].length;
    const end = start + item[0].length - item[1].length;
    const options = readings(item[3], item[2]);
    // the innermost open list that this item continues, by style, punctuation and value
    for (let k = open.length - 1; k >= 0; k--) {
      const last = open[k].items[open[k].items.length - 1].enumerator;
      const fits = options.find((o) => o.style === last.style && o.open === last.open);
      // an inserted or removed item leaves the next value off by one or two, not more
      if (fits && Math.abs(fits.value - (last.value + 1)) <= 2) {
        open[k].items.push({ line: n, start, end, enumerator: fits });
        open = open.slice(0, k + 1);
        return;
      }
    }
    // a new list: `(i)` starts a roman list, any other single letter a lettered one
    const first = options.find((o) => o.style === 'roman' && (o.value === 1 || item[3].length > 1)) ?? options.find((o) => o.style !== 'roman') ?? options[0];
    const list: EnumeratedList = { kind: 'items', items: [{ line: n, start, end, enumerator: first }] };
    lists.push(list);
    open.push(list);
  });
  if (paragraphs.items.length > 0) lists.push(paragraphs);
  return lists;
}

/**
 * The enumerator that comes next on a line: after `(iii) …;` it is `(iv)`; under a lead line
 * ending in `:` with no item yet, `(i)`.
 */
export function nextItemEnumerator(text: string, line: number): string | undefined {
  const lines = text.split('\n');
  const above = lines.slice(0, line).join('\n');
  const lists = findLists(above).filter((l) => l.kind === 'items');
  let prev = line - 1;
  while (prev >= 0 && lines[prev].trim() === '') prev--;
  if (prev < 0) return undefined;
  if (/:\s*$/.test(lines[prev])) return '(i)';
  // the list of the nearest item above, unless a paragraph, heading or lead intervenes
  let best: ListItem | undefined;
  for (const l of lists) {
    const last = l.items[l.items.length - 1];
    if (!best || last.line > best.line) best = last;
  }
  if (!best) return undefined;
  for (let l = best.line + 1; l < line; l++) {
    if (PARAGRAPH_RE.test(lines[l]) || HEADING_RE.test(lines[l])) return undefined;
    if (lines[l].trim() !== '' && lines[l - 1].trim() === '') return undefined;
  }
  return formatEnumerator(best.enumerator, best.enumerator.value + 1);
}

/** The paragraph number the next numbered paragraph takes at a line. */
export function nextParagraphNumber(text: string, line: number): number {
  const above = text.split('\n').slice(0, line).join('\n');
  const paragraphs = findLists(above).find((l) => l.kind === 'paragraphs');
  let max = 0;
  for (const it of paragraphs?.items ?? []) max = Math.max(max, it.enumerator.value);
  return max + 1;
}

/** The list that has an item on the line, or whose items enclose it. */
export function listAt(text: string, line: number): EnumeratedList | undefined {
  const lists = findLists(text);
  const own = lists.find((l) => l.items.some((i) => i.line === line));
  if (own) return own;
  return lists.find((l) => l.kind === 'items' && l.items[0].line < line && l.items[l.items.length - 1].line > line);
}

/** Edits that number a list consecutively from its first item. */
export function renumberEdits(list: EnumeratedList): TextEdit[] {
  const first = list.items[0].enumerator;
  const edits: TextEdit[] = [];
  list.items.forEach((item, k) => {
    const wanted = formatEnumerator({ ...first, open: item.enumerator.open, close: item.enumerator.close }, first.value + k);
    const current = formatEnumerator(item.enumerator);
    if (wanted !== current) edits.push({ start: item.start, end: item.end, newText: wanted });
  });
  return edits;
}
