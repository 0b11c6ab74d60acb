/**
 * Finding instrument titles and aliases in running text. Titles are matched word by word
 * through a trie, so a title broken across a line break, or with its `(Revised)` or
 * `(Supplementary Provisions)` part, is found in one pass over the text whatever the size of
 * the registry. Capitalised title words must be capitalised in the text: `Decent Work Agenda`
 * names an instrument, `decent work agenda` is prose.
 */
import { InstrumentEntry, InstrumentRegistry } from './registry';

export interface WordToken {
  start: number;
  end: number;
  folded: string;
  capitalised: boolean;
}

const WORD_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
/** What may separate two words of one title: spaces, line breaks, brackets, commas, dashes. */
const TITLE_GAP_RE = /^[\s()\[\],:\-‐‑–—'’"“”*_]*$/;

export function foldWord(w: string): string {
  // most words are plain ASCII, and normalize() is the slow part of tokenising a long source
  if (/^[\x00-\x7f]*$/.test(w)) return w.toLowerCase();
  return w
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/’/g, "'")
    .toLowerCase();
}

export function wordTokens(text: string): WordToken[] {
  const out: WordToken[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const c = m[0][0];
    out.push({ start: m.index!, end: m.index! + m[0].length, folded: foldWord(m[0]), capitalised: c !== c.toLowerCase() || /\p{N}/u.test(c) });
  }
  return out;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Entries whose title or alias ends at this node, with whether the words were a title. */
  ends: { entry: InstrumentEntry; alias: boolean }[];
  /** The title word here is capitalised, so the text's word must be too. */
  needsCapital: boolean;
}

const node = (needsCapital = false): TrieNode => ({ next: new Map(), ends: [], needsCapital });

export interface TitleMatch {
  start: number;
  end: number;
  /** Index of the first and one past the last word token. */
  first: number;
  last: number;
  entries: InstrumentEntry[];
  alias: boolean;
}

export class TitleMatcher {
  private readonly root = node();

  constructor(registry: InstrumentRegistry) {
    for (const e of registry.all()) {
      this.add(e.title, e, false);
      // sources drop the `ILO` of `ILO Declaration on ...` after a possessive (`the ILO's Declaration on ...`)
      if (/^ILO\s/.test(e.title)) this.add(e.title.replace(/^ILO\s+/, ''), e, false);
      for (const a of e.aliases) this.add(a, e, true);
    }
  }

  private add(name: string, entry: InstrumentEntry, alias: boolean): void {
    const words = wordTokens(name);
    if (words.length === 0) return;
    let cur = this.root;
    for (const w of words) {
      // the key carries the capital requirement so `Decent Work` and `decent work` stay apart
      const key = `${w.capitalised ? '^' : ''}${w.folded}`;
      let n = cur.next.get(key);
      if (!n) cur.next.set(key, (n = node(w.capitalised)));
      cur = n;
    }
    if (!cur.ends.some((x) => x.entry === entry)) cur.ends.push({ entry, alias });
  }

  /**
   * Longest title or alias matches, left to right, not overlapping. A match gives way to one
   * starting inside it that reaches further: `its 1998 Declaration on Fundamental Principles
   * and Rights at Work` is the Declaration's title, not the alias `1998 Declaration`.
   */
  find(text: string, tokens: WordToken[] = wordTokens(text)): TitleMatch[] {
    const out: TitleMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      const best = this.matchAt(text, tokens, i);
      if (!best) {
        i++;
        continue;
      }
      let overtaken = false;
      for (let j = i + 1; j < best.last && !overtaken; j++) overtaken = (this.matchAt(text, tokens, j)?.end ?? 0) > best.end;
      if (overtaken) {
        i++;
        continue;
      }
      out.push(best);
      i = best.last;
    }
    return out;
  }

  private matchAt(text: string, tokens: WordToken[], i: number): TitleMatch | undefined {
    let cur: TrieNode | undefined = this.root;
    let best: TitleMatch | undefined;
    for (let j = i; j < tokens.length && cur; j++) {
      if (j > i && !TITLE_GAP_RE.test(text.slice(tokens[j - 1].end, tokens[j].start))) break;
      const t = tokens[j];
      cur = (t.capitalised ? cur.next.get(`^${t.folded}`) : undefined) ?? cur.next.get(t.folded);
      if (cur && cur.ends.length) {
        best = { start: tokens[i].start, end: t.end, first: i, last: j + 1, entries: cur.ends.map((x) => x.entry), alias: cur.ends.every((x) => x.alias) };
      }
    }
    return best;
  }
}

const STOP = new Set(['of', 'the', 'and', 'for', 'in', 'on', 'to', 'at', 'against', 'with', 'a', 'an', 'ilo', "ilo's", 'un']);
const TYPE_WORDS = new Set(['convention', 'conventions', 'recommendation', 'recommendations', 'protocol', 'protocols']);

/** The words that make a title what it is: no connectors, no `Convention`. */
export function significantWords(title: string): string[] {
  return wordTokens(title).map((t) => t.folded).filter((w) => !STOP.has(w) && !TYPE_WORDS.has(w) && !/^\d+$/.test(w));
}

/** The instrument type a cited title names (`... Recommendation` → Recommendation), if any. */
export function typeNamedIn(title: string): 'Convention' | 'Recommendation' | 'Protocol' | undefined {
  const words = wordTokens(title).map((t) => t.folded);
  if (words[0] === 'protocol') return 'Protocol';
  for (let i = words.length - 1; i >= 0; i--) {
    if (words[i] === 'recommendation') return 'Recommendation';
    if (words[i] === 'convention') return 'Convention';
  }
  return undefined;
}

/**
 * Whether a title as cited fits an instrument's official title: every significant word of
 * the citation belongs to the official title (drafters shorten titles, they should not
 * change them) and the type it names, if any, is the instrument's.
 */
export function titleFits(cited: string, entry: InstrumentEntry): boolean {
  const type = typeNamedIn(cited);
  if (type && entry.ilo && type !== entry.type) return false;
  const official = new Set(significantWords(entry.title));
  const words = significantWords(cited);
  return words.length > 0 && words.every((w) => official.has(w));
}
