/**
 * The phrase bank: the wording of the sources as word streams a completion can continue, and
 * the recurring multi-word expressions mined from them (with their frequency, documents and a
 * sample sentence). Reference phrases (instrument citations, expansions of abbreviations) are
 * added as whole units, so `Private Employment Agencies` continues to the full citation.
 *
 * Words are kept per document segment so that a rebuild after a corpus change re-reads only
 * the documents whose text changed.
 */
import { Passage, SourceDocument } from '../corpus/document';
import { foldCharacters, stem, STOP_WORDS } from '../text/terms';
import { passageSections, SectionKind } from './sections';

/** One sentence of a source (or one reference phrase) that phrases are read from. */
export interface PhraseUnit {
  text: string;
  /** Where the sentence is; absent for reference phrases. */
  passage?: Passage;
  /** Offset of `text` in `passage.text`. */
  offset: number;
  section: SectionKind;
  /** Display name of the origin: the document's file name, or the reference data's name. */
  origin: string;
}

/** A phrase from reference data, e.g. an instrument citation. */
export interface ReferencePhrase {
  text: string;
  origin: string;
}

/** A recurring expression of the sources. */
export interface Phrase {
  /** As written in its first occurrence. */
  text: string;
  words: number;
  /** Occurrences in the corpus. */
  count: number;
  /** Origins (document names) it occurs in. */
  origins: string[];
  sample: PhraseSpan;
}

/** A span of a unit's text: a phrase inside its source sentence. */
export interface PhraseSpan {
  unit: PhraseUnit;
  start: number;
  end: number;
}

export const SECTIONS: readonly SectionKind[] = ['body', 'preamble', 'action-list'];

/** A boundary (clause punctuation, bullet, spaced dash) precedes this word. */
export const CLAUSE_START = 1;
/** First word of its unit. */
export const UNIT_START = 2;
/** Starts a clause with a capital: a sentence or a preamble clause opens here. */
export const OPENER = 4;
/** Punctuation precedes this word inside a unit kept whole (`Convention, 1997`). */
export const SOFT_BREAK = 8;

/** Word ids shared by every segment of a bank and its successors. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];
  /** For a word vocabulary: the match key id of each word. */
  readonly keyOf: number[] = [];
  private sorted: number[] | undefined;

  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  find(word: string): number | undefined {
    return this.ids.get(word);
  }

  /** Ids of the words that start with a (folded) prefix. */
  startingWith(prefix: string): number[] {
    if (!this.sorted || this.sorted.length !== this.words.length) {
      this.sorted = this.words.map((_, i) => i).sort((a, b) => cmp(this.words[a], this.words[b]));
    }
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(this.words[sorted[mid]], prefix) < 0) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < sorted.length && this.words[sorted[i]].startsWith(prefix); i++) out.push(sorted[i]);
    return out;
  }
}

const WORD_RE = /\d{1,3}(?:,\d{3})+|(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:['’`‐‑-][\p{L}\p{N}]+)*/gu;
/** Words after which a full stop does not end a clause (`No. 181`, `para. 3`). */
const ABBREVIATIONS = new Set(['no', 'nos', 'art', 'arts', 'para', 'paras', 'mr', 'ms', 'mrs', 'dr', 'vol', 'p', 'pp', 'cf', 'st']);
const BOUNDARY_RE = /[,;:.!?"“”•▪●|]|\s[-–—]+\s|---/;

/** Folded form of a word as phrases compare it: lower case, typographic marks folded. */
export function foldWord(surface: string): string {
  return foldCharacters(surface);
}

/** The key words match on when continuing a context: inflection and possessives folded away. */
export function matchKey(folded: string): string {
  const w = folded.replace(/'s$/, '');
  return /^[a-z]+$/.test(w) && w.length > 2 ? stem(w) : w;
}

export interface WordSpan {
  surface: string;
  start: number;
  end: number;
}

/** The words of a text with offsets, as the bank cuts them. */
export function phraseWords(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text))) out.push({ surface: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Whether the text between two words ends a clause. */
export function isClauseBreak(gap: string, previousWord: string | undefined): boolean {
  if (!BOUNDARY_RE.test(gap)) return false;
  if (previousWord && /^\.\s*$/.test(gap) && ABBREVIATIONS.has(previousWord.toLowerCase())) return false;
  return true;
}

/** The words of one document (or of the reference phrases), with their postings. */
export class PhraseSegment {
  readonly units: PhraseUnit[] = [];
  /** Per word position: folded word id, match key id, offsets in its unit, unit, flags. */
  word: Int32Array;
  key: Int32Array;
  start: Int32Array;
  end: Int32Array;
  unit: Int32Array;
  flags: Uint8Array;
  /** First word position of each unit, and one past the last. */
  unitStart: Int32Array;
  /** Section of each unit, as an index in `SECTIONS` (read per candidate, so kept flat). */
  unitSection: Uint8Array;
  /** Positions of each match key. */
  readonly postings = new Map<number, Int32Array>();
  /** Positions where a clause opens with a capital. */
  openers: Int32Array;
  readonly origins: string[];

  constructor(
    /** Document path, or the name of the reference data. */
    readonly id: string,
    /** The text the segment was read from, to tell whether a rebuild can reuse it. */
    readonly source: string,
    units: PhraseUnit[],
    vocab: Vocabulary,
    keys: Vocabulary,
    /** Reference phrases are whole units: their commas (`Convention, 1997`) do not cut them. */
    readonly whole: boolean,
  ) {
    const word: number[] = [], key: number[] = [], start: number[] = [], end: number[] = [], unit: number[] = [], flags: number[] = [];
    const unitStart: number[] = [];
    const origins = new Set<string>();
    const seen = new Map<string, [number, number]>();
    for (const u of units) {
      const words = phraseWords(u.text);
      if (words.length === 0) continue;
      const ui = this.units.length;
      this.units.push(u);
      origins.add(u.origin);
      unitStart.push(word.length);
      words.forEach((w, i) => {
        let ids = seen.get(w.surface);
        if (!ids) {
          const folded = foldWord(w.surface);
          ids = [vocab.id(folded), keys.id(matchKey(folded))];
          vocab.keyOf[ids[0]] = ids[1];
          seen.set(w.surface, ids);
        }
        word.push(ids[0]);
        key.push(ids[1]);
        start.push(w.start);
        end.push(w.end);
        unit.push(ui);
        let f = 0;
        if (i === 0) f |= UNIT_START | CLAUSE_START;
        else if (isClauseBreak(u.text.slice(words[i - 1].end, w.start), words[i - 1].surface)) f |= whole ? SOFT_BREAK : CLAUSE_START;
        if (f & CLAUSE_START && /^\p{Lu}/u.test(w.surface)) f |= OPENER;
        flags.push(f);
      });
    }
    unitStart.push(word.length);
    this.word = Int32Array.from(word);
    this.key = Int32Array.from(key);
    this.start = Int32Array.from(start);
    this.end = Int32Array.from(end);
    this.unit = Int32Array.from(unit);
    this.flags = Uint8Array.from(flags);
    this.unitStart = Int32Array.from(unitStart);
    this.unitSection = Uint8Array.from(this.units.map((u) => SECTIONS.indexOf(u.section)));
    this.origins = [...origins];
    const lists = new Map<number, number[]>();
    const openers: number[] = [];
    for (let p = 0; p < key.length; p++) {
      let l = lists.get(key[p]);
      if (!l) lists.set(key[p], (l = []));
      l.push(p);
      if (flags[p] & OPENER) openers.push(p);
    }
    for (const [k, l] of lists) this.postings.set(k, Int32Array.from(l));
    this.openers = Int32Array.from(openers);
  }

  get size(): number {
    return this.word.length;
  }

  /** Whether position `p` ends its clause (the next word opens another clause or unit). */
  endsClause(p: number): boolean {
    return p + 1 >= this.word.length || (this.flags[p + 1] & CLAUSE_START) !== 0;
  }

  /** Source text from the start of word `from` to the end of word `to` (same unit). */
  text(from: number, to: number): string {
    return this.units[this.unit[from]].text.slice(this.start[from], this.end[to]).replace(/\s+/g, ' ');
  }

  /**
   * The text of words `from`..`to` as a phrase to insert: with the opening bracket or quote
   * the source puts before the first word (`(Revised)`), and the closers that balance it.
   */
  phraseText(from: number, to: number): string {
    const unitText = this.units[this.unit[from]].text;
    let start = this.start[from];
    if (!(this.flags[from] & CLAUSE_START)) {
      const gapStart = from > 0 && this.unit[from - 1] === this.unit[from] ? this.end[from - 1] : 0;
      const lead = /[(\[“"‘]+$/.exec(unitText.slice(gapStart, start));
      if (lead) start -= lead[0].length;
    }
    let end = this.end[to];
    let text = unitText.slice(start, end);
    for (const [open, close] of PAIRS) {
      if (!text.includes(open)) continue;
      let missing = count(text, open) - count(text, close);
      while (missing > 0 && unitText[end] === close) {
        end++;
        missing--;
      }
    }
    text = unitText.slice(start, end);
    return text.replace(/\s+/g, ' ');
  }
}

export interface PhraseMiningOptions {
  /** Occurrences a phrase needs. */
  minCount?: number;
  minWords?: number;
  maxWords?: number;
}

export class PhraseBank {
  readonly vocab: Vocabulary;
  readonly keys: Vocabulary;
  readonly segments: PhraseSegment[];
  private mined: Phrase[] | undefined;

  /** Occurrences of each match key over all segments: which typed word is rarest. */
  private readonly keyCounts = new Map<number, number>();

  private constructor(vocab: Vocabulary, keys: Vocabulary, segments: PhraseSegment[]) {
    this.vocab = vocab;
    this.keys = keys;
    this.segments = segments;
    for (const s of segments) for (const [k, l] of s.postings) this.keyCounts.set(k, (this.keyCounts.get(k) ?? 0) + l.length);
  }

  keyCount(key: number): number {
    return this.keyCounts.get(key) ?? 0;
  }

  /**
   * Builds the bank from the corpus documents and reference phrases. With `previous`, the
   * segments of documents whose text is unchanged are reused as they are.
   */
  static build(documents: readonly SourceDocument[], reference: readonly ReferencePhrase[] = [], previous?: PhraseBank): PhraseBank {
    const vocab = previous?.vocab ?? new Vocabulary();
    const keys = previous?.keys ?? new Vocabulary();
    const reusable = new Map(previous?.segments.map((s) => [s.id, s]) ?? []);
    const segments: PhraseSegment[] = [];
    for (const doc of documents) {
      const old = reusable.get(doc.path);
      if (old && old.source === doc.original) segments.push(old);
      else segments.push(new PhraseSegment(doc.path, doc.original, documentUnits(doc), vocab, keys, false));
    }
    if (reference.length > 0) {
      const source = reference.map((r) => `${r.origin}\u0000${r.text}`).join('\n');
      const old = reusable.get(REFERENCE_SEGMENT);
      if (old && old.source === source) segments.push(old);
      else {
        const units = reference.map((r) => ({ text: r.text, offset: 0, section: 'body' as SectionKind, origin: r.origin }));
        segments.push(new PhraseSegment(REFERENCE_SEGMENT, source, units, vocab, keys, true));
      }
    }
    return new PhraseBank(vocab, keys, segments);
  }

  get wordCount(): number {
    return this.segments.reduce((n, s) => n + s.size, 0);
  }

  /**
   * Recurring expressions: word sequences within one clause that occur at least `minCount`
   * times, neither starting nor ending with a function word, and not merely the start of a
   * longer expression that occurs as often. Computed once, level by level (a sequence can only
   * recur if its start does), so the cost follows the recurring sequences, not all n-grams.
   */
  phrases(options: PhraseMiningOptions = {}): Phrase[] {
    const minCount = options.minCount ?? 2;
    const minWords = options.minWords ?? 2;
    const maxWords = options.maxWords ?? 8;
    const custom = options.minCount !== undefined || options.minWords !== undefined || options.maxWords !== undefined;
    if (!custom && this.mined) return this.mined;
    const out: Phrase[] = [];
    // occurrences of the current level as (segment, start position) pairs, grouped by sequence
    let level: { seg: Int32Array; pos: Int32Array }[] = [];
    const byWord = new Map<number, { seg: number[]; pos: number[] }>();
    this.segments.forEach((s, si) => {
      for (let p = 0; p < s.size; p++) {
        let g = byWord.get(s.word[p]);
        if (!g) byWord.set(s.word[p], (g = { seg: [], pos: [] }));
        g.seg.push(si);
        g.pos.push(p);
      }
    });
    for (const g of byWord.values()) if (g.pos.length >= minCount) level.push({ seg: Int32Array.from(g.seg), pos: Int32Array.from(g.pos) });
    for (let n = 2; n <= maxWords && level.length > 0; n++) {
      const next: typeof level = [];
      for (const group of level) {
        const children = new Map<number, { seg: number[]; pos: number[] }>();
        for (let i = 0; i < group.pos.length; i++) {
          const s = this.segments[group.seg[i]];
          const q = group.pos[i] + n - 1;
          if (q >= s.size || s.flags[q] & CLAUSE_START) continue;
          const w = s.word[q];
          let c = children.get(w);
          if (!c) children.set(w, (c = { seg: [], pos: [] }));
          c.seg.push(group.seg[i]);
          c.pos.push(group.pos[i]);
        }
        let extendedAsOften = false;
        for (const c of children.values()) {
          if (c.pos.length < minCount) continue;
          if (c.pos.length === group.pos.length) extendedAsOften = true;
          next.push({ seg: Int32Array.from(c.seg), pos: Int32Array.from(c.pos) });
        }
        if (n - 1 >= minWords && !extendedAsOften) {
          const phrase = this.phraseOf(group.seg, group.pos, n - 1);
          if (phrase) out.push(phrase);
        }
      }
      level = next;
    }
    for (const group of level) {
      const phrase = this.phraseOf(group.seg, group.pos, maxWords);
      if (phrase) out.push(phrase);
    }
    out.sort((a, b) => b.count * b.words - a.count * a.words || a.text.localeCompare(b.text));
    if (!custom) this.mined = out;
    return out;
  }

  private phraseOf(segs: Int32Array, pos: Int32Array, n: number): Phrase | undefined {
    const s0 = this.segments[segs[0]];
    const p0 = pos[0];
    if (STOP_WORDS.has(this.vocab.words[s0.word[p0]]) || STOP_WORDS.has(this.vocab.words[s0.word[p0 + n - 1]])) return undefined;
    if (!/\p{L}/u.test(this.vocab.words[s0.word[p0]])) return undefined;
    const origins = new Set<string>();
    for (let i = 0; i < pos.length; i++) {
      const s = this.segments[segs[i]];
      origins.add(s.units[s.unit[pos[i]]].origin);
    }
    return {
      text: s0.text(p0, p0 + n - 1), words: n, count: pos.length, origins: [...origins],
      sample: { unit: s0.units[s0.unit[p0]], start: s0.start[p0], end: s0.end[p0 + n - 1] },
    };
  }
}

const REFERENCE_SEGMENT = '\u0000reference';
const PAIRS: [string, string][] = [['(', ')'], ['[', ']'], ['“', '”'], ['‘', '’']];
function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The sentences of a document's passages (headings aside: in extracted text many are page furniture). */
function documentUnits(doc: SourceDocument): PhraseUnit[] {
  const sections = passageSections(doc);
  const units: PhraseUnit[] = [];
  doc.passages.forEach((p, i) => {
    if (p.kind === 'heading') return;
    for (const s of p.sentences) units.push({ text: p.text.slice(s.start, s.end), passage: p, offset: s.start, section: sections[i], origin: doc.name });
  });
  return units;
}
