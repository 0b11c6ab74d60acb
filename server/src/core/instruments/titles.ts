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
  for (const m of text.matchAll(WORD_RE)) out.push(tokenOf(m));
  return out;
}

function tokenOf(m: RegExpExecArray | RegExpMatchArray): WordToken {
  const c = m[0][0];
  return { start: m.index!, end: m.index! + m[0].length, folded: foldWord(m[0]), capitalised: c !== c.toLowerCase() || /\p{N}/u.test(c) };
}

/**
 * Text whose letters and digits are all ASCII (its other characters may be spaces, punctuation,
 * quotes, dashes, bullets, symbols): its words fold by lower-casing alone (and `’` to `'`), and
 * `[A-Za-z0-9]` is exactly `[\p{L}\p{N}]` in it. Latin-1 and compatibility characters that
 * are letters or digits (`ª`, `²`, `µ`, ligatures, roman numerals) are not plain.
 */
const PLAIN_RE = /^[\x00-\x7f\u00a0-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u2010-\u2027\u2030-\u205e\u2190-\u245f\u2500-\u2bff]*$/;

export function isPlainText(text: string): boolean {
  return PLAIN_RE.test(text);
}

/** Letters, digits and apostrophes: a word token never spans a character outside these. */
function wordish(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 39 || code === 0x2019;
}

/**
 * The word tokens of a plain text from `at` on, read as they are asked for, exactly as
 * `wordTokens` would give them (undefined when `at` is not where a token starts).
 */
class TokensFrom {
  private readonly re = new RegExp(WORD_RE.source, 'gu');
  private readonly tokens: WordToken[] = [];

  private constructor(private readonly text: string) {}

  static at(text: string, at: number): TokensFrom | undefined {
    // no token spans a character that is not wordish, so the tokenisation from there is the text's own
    let from = at;
    while (from > 0 && wordish(text.charCodeAt(from - 1))) from--;
    const t = new TokensFrom(text);
    t.re.lastIndex = from;
    for (;;) {
      const m = t.re.exec(text);
      if (!m || m.index > at) return undefined;
      if (m.index === at) {
        t.tokens.push(tokenOf(m));
        return t;
      }
    }
  }

  get(j: number): WordToken | undefined {
    while (this.tokens.length <= j) {
      const m = this.re.exec(this.text);
      if (!m) return undefined;
      this.tokens.push(tokenOf(m));
    }
    return this.tokens[j];
  }
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
  entries: InstrumentEntry[];
  alias: boolean;
}

/** A match and one past the index of its last token (in the token list it was found in). */
type Found = TitleMatch & { last: number };

export class TitleMatcher {
  private readonly root = node();
  /** Where a title or alias may start in a plain text: its first word, in any case (built on first use). */
  private starts?: RegExp;

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
   *
   * Without `tokens`, a plain text (see `isPlainText`) is not tokenised: only the words that
   * may start a title are looked at (found by one regular expression), with the same result.
   */
  find(text: string, tokens?: WordToken[]): TitleMatch[] {
    if (!tokens && isPlainText(text)) return this.findFromStarts(text);
    const all = tokens ?? wordTokens(text);
    const at = (j: number) => all[j];
    const out: TitleMatch[] = [];
    let i = 0;
    while (i < all.length) {
      const best = this.matchAt(text, at, i);
      if (!best || this.overtaken(text, at, i, best)) {
        i++;
        continue;
      }
      out.push(strip(best));
      i = best.last;
    }
    return out;
  }

  /**
   * `find` over a plain text, from the words a title may start with only: any other word starts
   * no match, so skipping it changes nothing.
   */
  private findFromStarts(text: string): TitleMatch[] {
    const re = (this.starts ??= this.startsRe());
    const out: TitleMatch[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const p = m.index;
      re.lastIndex = p + 1;
      const local = TokensFrom.at(text, p);
      if (!local) continue;
      const at = (j: number) => local.get(j);
      const best = this.matchAt(text, at, 0);
      if (!best || this.overtaken(text, at, 0, best)) continue;
      out.push(strip(best));
      re.lastIndex = best.end;
    }
    return out;
  }

  private startsRe(): RegExp {
    const words = [...this.root.next.keys()]
      .map((k) => k.replace(/^\^/, ''))
      // a word with other characters than these never folds from a plain text's word
      .filter((w) => /^[a-z0-9']+$/.test(w))
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/'/g, "['\u2019]"));
    if (words.length === 0) return /(?!)/g;
    const letters = words.filter((w) => !/^[0-9]/.test(w));
    const digits = words.filter((w) => /^[0-9]/.test(w));
    // a token starts after a non-word character; one starting with a digit may follow a possessive's letters (`x's1998`)
    const alternatives = [
      ...(letters.length ? [`(?<![A-Za-z0-9])(?:${letters.join('|')})`] : []),
      ...(digits.length ? [`(?<![0-9])(?:${digits.join('|')})`] : []),
    ];
    return new RegExp(`(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'gi');
  }

  /** A match starting inside `best` reaches further. */
  private overtaken(text: string, at: (j: number) => WordToken | undefined, i: number, best: Found): boolean {
    for (let j = i + 1; j < best.last; j++) if ((this.matchAt(text, at, j)?.end ?? 0) > best.end) return true;
    return false;
  }

  private matchAt(text: string, at: (j: number) => WordToken | undefined, i: number): Found | undefined {
    const first = at(i);
    if (!first) return undefined;
    let cur: TrieNode | undefined = this.root;
    let best: Found | undefined;
    let prev = first;
    for (let j = i; cur; j++) {
      const t = j === i ? first : at(j);
      if (!t) break;
      if (j > i && !TITLE_GAP_RE.test(text.slice(prev.end, t.start))) break;
      cur = (t.capitalised ? cur.next.get(`^${t.folded}`) : undefined) ?? cur.next.get(t.folded);
      if (cur && cur.ends.length) {
        best = { start: first.start, end: t.end, last: j + 1, entries: cur.ends.map((x) => x.entry), alias: cur.ends.every((x) => x.alias) };
      }
      prev = t;
    }
    return best;
  }
}

function strip(f: Found): TitleMatch {
  return { start: f.start, end: f.end, entries: f.entries, alias: f.alias };
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
