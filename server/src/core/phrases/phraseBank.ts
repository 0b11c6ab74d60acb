/**
 * The phrase bank: the wording of the sources as word streams a completion can continue, and
 * the recurring multi-word expressions mined from them (with their frequency, documents and a
 * sample sentence). Reference phrases (instrument citations, expansions of abbreviations) are
 * added as whole units, so `Private Employment Agencies` continues to the full citation.
 *
 * Words are kept per document segment so that a rebuild after a corpus change re-reads only
 * the documents whose text changed.
 */
import { Interner } from '../text/interner';
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
export class Vocabulary extends Interner {
  /** For a word vocabulary: the match key id of each word. */
  readonly keyOf: number[] = [];
  private sorted: number[] | undefined;

  find(word: string): number | undefined {
    const id = this.peek(word);
    return id < 0 ? undefined : id;
  }

  /**
   * Sorts the words for `startingWith`. Only the words added since the last call are sorted
   * and merged in, so a rebuild after one file changed does not sort the whole vocabulary.
   */
  prepare(): void {
    const sorted = this.sorted ?? [];
    if (sorted.length === this.words.length) {
      this.sorted = sorted;
      return;
    }
    const added: number[] = [];
    for (let i = sorted.length; i < this.words.length; i++) added.push(i);
    added.sort((a, b) => cmp(this.words[a], this.words[b]));
    const merged = new Array<number>(this.words.length);
    let i = 0, j = 0, k = 0;
    while (i < sorted.length && j < added.length) merged[k++] = cmp(this.words[sorted[i]], this.words[added[j]]) <= 0 ? sorted[i++] : added[j++];
    while (i < sorted.length) merged[k++] = sorted[i++];
    while (j < added.length) merged[k++] = added[j++];
    this.sorted = merged;
  }

  /** Ids of the words that start with a (folded) prefix. */
  startingWith(prefix: string): number[] {
    if (!this.sorted || this.sorted.length !== this.words.length) this.prepare();
    const sorted = this.sorted!;
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

  /** Rough heap bytes: each word's string and its map entry, and the id arrays. */
  get byteSize(): number {
    let chars = 0;
    for (const w of this.words) chars += w.length;
    return chars + this.words.length * (16 + 40 + 8 + 8 + (this.sorted ? 8 : 0));
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

/** A unit as the segment reads it: where its text is, or the text itself for reference phrases. */
interface RawUnit {
  text: string;
  passage: number;
  offset: number;
  section: SectionKind;
  origin: string;
}

/** Words read between two checks of the clock by a time-sliced build. */
const WORDS_PER_STEP = 4096;

/**
 * The words of one document (or of the reference phrases), with their postings, in flat typed
 * arrays: a ×500 corpus has 14 M words, so per-word objects or per-key arrays would cost more
 * than the corpus text. Offsets of words in their sentence are not kept: the few results a
 * request describes re-read their sentence.
 */
export class PhraseSegment {
  /** Per word position: folded word id (its match key is `vocab.keyOf[word]`), unit, flags. */
  readonly word: Int32Array;
  readonly unit: Uint16Array | Int32Array;
  readonly flags: Uint8Array;
  /** First word position of each unit, and one past the last. */
  readonly unitStart: Int32Array;
  /** Section of each unit, as an index in `SECTIONS` (read per candidate, so kept flat). */
  readonly unitSection: Uint8Array;
  /** Where each unit's sentence is: passage index in the document, offset and length in its text. */
  private readonly unitPassage: Int32Array;
  private readonly unitOffset: Int32Array;
  private readonly unitLength: Int32Array;
  /** Postings: the distinct match keys ascending, where each one's positions start in `postPos`, the positions. */
  readonly postKeys: Int32Array;
  readonly postStart: Int32Array;
  readonly postPos: Uint16Array | Int32Array;
  /** Positions where a clause opens with a capital. */
  readonly openers: Int32Array;
  readonly origins: string[];
  /** Reference phrases: each unit's text and origin (documents re-read their passages). */
  private readonly referenceUnits: RawUnit[] | undefined;
  private offsets: { unit: number; start: Int32Array; end: Int32Array } | undefined;

  private constructor(
    /** Document path, or the name of the reference data. */
    readonly id: string,
    /** The document read; absent for reference phrases. */
    readonly doc: SourceDocument | undefined,
    /** For reference phrases, their text, to tell whether a rebuild can reuse the segment. */
    readonly source: string,
    /** Reference phrases are whole units: their commas (`Convention, 1997`) do not cut them. */
    readonly whole: boolean,
    parts: SegmentParts,
  ) {
    this.word = parts.word;
    this.unit = parts.unit;
    this.flags = parts.flags;
    this.unitStart = parts.unitStart;
    this.unitSection = parts.unitSection;
    this.unitPassage = parts.unitPassage;
    this.unitOffset = parts.unitOffset;
    this.unitLength = parts.unitLength;
    this.postKeys = parts.postKeys;
    this.postStart = parts.postStart;
    this.postPos = parts.postPos;
    this.openers = parts.openers;
    this.origins = parts.origins;
    this.referenceUnits = parts.referenceUnits;
  }

  /** Reads a document's sentences in steps: each `yield` lets a time-sliced build look at the clock. */
  static *readDocument(doc: SourceDocument, vocab: Vocabulary, keys: Vocabulary): Generator<void, PhraseSegment> {
    const parts = yield* readUnits(documentUnits(doc), vocab, keys, false);
    return new PhraseSegment(doc.path, doc, '', false, parts);
  }

  static readReference(reference: readonly ReferencePhrase[], source: string, vocab: Vocabulary, keys: Vocabulary): PhraseSegment {
    const units: RawUnit[] = reference.map((r) => ({ text: r.text, passage: -1, offset: 0, section: 'body', origin: r.origin }));
    const parts = drain(readUnits(units, vocab, keys, true));
    return new PhraseSegment(REFERENCE_SEGMENT, undefined, source, true, { ...parts, referenceUnits: units });
  }

  get size(): number {
    return this.word.length;
  }

  get unitCount(): number {
    return this.unitSection.length;
  }

  /** Index of a match key in the postings, or -1. */
  slot(key: number): number {
    const keys = this.postKeys;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = keys[mid];
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** Occurrences of each match key in the segment, added to (or, with -1, taken from) per-key counts. */
  addKeyCounts(counts: Int32Array, sign: 1 | -1): void {
    for (let i = 0; i < this.postKeys.length; i++) counts[this.postKeys[i]] += sign * (this.postStart[i + 1] - this.postStart[i]);
  }

  /** A unit as the results describe it (built on demand: only a few per request). */
  unitAt(u: number): PhraseUnit {
    if (this.referenceUnits) {
      const r = this.referenceUnits[u];
      return { text: r.text, offset: 0, section: r.section, origin: r.origin };
    }
    const passage = this.doc!.passages[this.unitPassage[u]];
    const offset = this.unitOffset[u];
    return { text: passage.text.slice(offset, offset + this.unitLength[u]), passage, offset, section: SECTIONS[this.unitSection[u]], origin: this.doc!.name };
  }

  originOf(u: number): string {
    return this.referenceUnits ? this.referenceUnits[u].origin : this.doc!.name;
  }

  /** Offset of word `p` in its unit's text. */
  wordStart(p: number): number {
    return this.wordOffsets(p).start[p - this.unitStart[this.unit[p]]];
  }

  /** Offset just past word `p` in its unit's text. */
  wordEnd(p: number): number {
    return this.wordOffsets(p).end[p - this.unitStart[this.unit[p]]];
  }

  /** The offsets of the words of `p`'s unit, read again from its text (the last unit read is kept). */
  private wordOffsets(p: number): { start: Int32Array; end: Int32Array } {
    const u = this.unit[p];
    if (this.offsets?.unit === u) return this.offsets;
    const words = phraseWords(this.unitAt(u).text);
    const offsets = { unit: u, start: Int32Array.from(words, (w) => w.start), end: Int32Array.from(words, (w) => w.end) };
    if (words.length !== this.unitStart[u + 1] - this.unitStart[u]) throw new Error(`phrase bank: the text of ${this.id} changed under it`);
    this.offsets = offsets;
    return offsets;
  }

  /** Bytes held by the segment's arrays (what its heap size is made of). */
  get byteSize(): number {
    let n = 0;
    for (const a of [this.word, this.unit, this.flags, this.unitStart, this.unitSection, this.unitPassage, this.unitOffset, this.unitLength, this.postKeys, this.postStart, this.postPos, this.openers]) n += a.byteLength;
    return n;
  }

  /** Whether position `p` ends its clause (the next word opens another clause or unit). */
  endsClause(p: number): boolean {
    return p + 1 >= this.word.length || (this.flags[p + 1] & CLAUSE_START) !== 0;
  }

  /** Source text from the start of word `from` to the end of word `to` (same unit). */
  text(from: number, to: number): string {
    return this.unitAt(this.unit[from]).text.slice(this.wordStart(from), this.wordEnd(to)).replace(/\s+/g, ' ');
  }

  /**
   * The text of words `from`..`to` as a phrase to insert: with the opening bracket or quote
   * the source puts before the first word (`(Revised)`), and the closers that balance it.
   */
  phraseText(from: number, to: number): string {
    const unitText = this.unitAt(this.unit[from]).text;
    let start = this.wordStart(from);
    if (!(this.flags[from] & CLAUSE_START)) {
      const gapStart = from > 0 && this.unit[from - 1] === this.unit[from] ? this.wordEnd(from - 1) : 0;
      const lead = /[(\[“"‘]+$/.exec(unitText.slice(gapStart, start));
      if (lead) start -= lead[0].length;
    }
    let end = this.wordEnd(to);
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

interface SegmentParts {
  word: Int32Array;
  unit: Uint16Array | Int32Array;
  flags: Uint8Array;
  unitStart: Int32Array;
  unitSection: Uint8Array;
  unitPassage: Int32Array;
  unitOffset: Int32Array;
  unitLength: Int32Array;
  postKeys: Int32Array;
  postStart: Int32Array;
  postPos: Uint16Array | Int32Array;
  openers: Int32Array;
  origins: string[];
  referenceUnits?: RawUnit[];
}

const UPPER_START_RE = /^\p{Lu}/u;

/** Cuts units into words: ids, flags and postings. Yields every few thousand words. */
function* readUnits(units: Iterable<RawUnit>, vocab: Vocabulary, keys: Vocabulary, whole: boolean): Generator<void, SegmentParts> {
  const word: number[] = [], unit: number[] = [], flags: number[] = [];
  const unitStart: number[] = [], unitSection: number[] = [], unitPassage: number[] = [], unitOffset: number[] = [], unitLength: number[] = [];
  const origins = new Set<string>();
  // surface form to word id within the segment: most words recur, and folding is the costly part
  const seen = new Map<string, number>();
  let sinceYield = 0;
  for (const u of units) {
    const text = u.text;
    const first = word.length;
    const ui = unitSection.length;
    let prevEnd = -1;
    let prevSurface = '';
    WORD_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = WORD_RE.exec(text))) {
      const surface = m[0];
      const start = m.index;
      let id = seen.get(surface);
      if (id === undefined) {
        const folded = foldWord(surface);
        id = vocab.id(folded);
        if (vocab.keyOf[id] === undefined) vocab.keyOf[id] = keys.id(matchKey(folded));
        seen.set(surface, id);
      }
      let f = 0;
      if (prevEnd < 0) f |= UNIT_START | CLAUSE_START;
      // a single space between words, by far the commonest gap, breaks nothing
      else if (!(start === prevEnd + 1 && text.charCodeAt(prevEnd) === 32) && isClauseBreak(text.slice(prevEnd, start), prevSurface)) f |= whole ? SOFT_BREAK : CLAUSE_START;
      if (f & CLAUSE_START && UPPER_START_RE.test(surface)) f |= OPENER;
      word.push(id);
      unit.push(ui);
      flags.push(f);
      prevEnd = start + surface.length;
      prevSurface = surface;
    }
    if (word.length === first) continue;
    origins.add(u.origin);
    unitStart.push(first);
    unitSection.push(SECTIONS.indexOf(u.section));
    unitPassage.push(u.passage);
    unitOffset.push(u.offset);
    unitLength.push(text.length);
    sinceYield += word.length - first;
    if (sinceYield >= WORDS_PER_STEP) {
      sinceYield = 0;
      yield;
    }
  }
  unitStart.push(word.length);
  const size = word.length;
  // postings grouped by key: count, then place positions (ascending, as they are visited)
  const localOf = new Map<number, number>();
  const localKeys: number[] = [];
  const counts: number[] = [];
  const keyAt = new Int32Array(size);
  for (let p = 0; p < size; p++) {
    const key = vocab.keyOf[word[p]];
    let l = localOf.get(key);
    if (l === undefined) {
      localOf.set(key, (l = localKeys.length));
      localKeys.push(key);
      counts.push(0);
    }
    keyAt[p] = l;
    counts[l]++;
  }
  const order = localKeys.map((_, i) => i).sort((a, b) => localKeys[a] - localKeys[b]);
  const slotOf = new Int32Array(order.length);
  const postKeys = new Int32Array(order.length);
  const postStart = new Int32Array(order.length + 1);
  order.forEach((l, i) => {
    slotOf[l] = i;
    postKeys[i] = localKeys[l];
    postStart[i + 1] = postStart[i] + counts[l];
  });
  const postPos = size < 0x10000 ? new Uint16Array(size) : new Int32Array(size);
  const fill = postStart.slice(0, order.length);
  const openers: number[] = [];
  for (let p = 0; p < size; p++) {
    postPos[fill[slotOf[keyAt[p]]]++] = p;
    if (flags[p] & OPENER) openers.push(p);
  }
  return {
    word: Int32Array.from(word),
    unit: unitSection.length < 0x10000 ? Uint16Array.from(unit) : Int32Array.from(unit),
    flags: Uint8Array.from(flags),
    unitStart: Int32Array.from(unitStart),
    unitSection: Uint8Array.from(unitSection),
    unitPassage: Int32Array.from(unitPassage),
    unitOffset: Int32Array.from(unitOffset),
    unitLength: Int32Array.from(unitLength),
    postKeys, postStart, postPos,
    openers: Int32Array.from(openers),
    origins: [...origins],
  };
}

function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
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
  private readonly keyCounts: Int32Array;

  /** @internal through `PhraseBank.build` or a `PhraseBankBuilder`. */
  constructor(vocab: Vocabulary, keys: Vocabulary, segments: PhraseSegment[], keyCounts: Int32Array) {
    this.vocab = vocab;
    this.keys = keys;
    this.segments = segments;
    this.keyCounts = keyCounts;
  }

  keyCount(key: number): number {
    return key >= 0 && key < this.keyCounts.length ? this.keyCounts[key] : 0;
  }

  /** @internal the key counts, for a builder to update. */
  countsCopy(): Int32Array {
    return this.keyCounts.slice();
  }

  /**
   * Builds the bank from the corpus documents and reference phrases in one go. With
   * `previous`, the segments of documents unchanged since (the same document objects) are
   * reused as they are.
   */
  static build(documents: readonly SourceDocument[], reference: readonly ReferencePhrase[] = [], previous?: PhraseBank): PhraseBank {
    const builder = new PhraseBankBuilder(documents, reference, previous);
    while (!builder.step(Infinity));
    return builder.result();
  }

  /** Bytes held by the bank: the segments' arrays, and an estimate of its vocabularies. */
  get byteSize(): { segments: number; vocabulary: number } {
    let segments = this.keyCounts.byteLength;
    for (const s of this.segments) segments += s.byteSize;
    return { segments, vocabulary: this.vocab.byteSize + this.keys.byteSize };
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
      origins.add(s.originOf(s.unit[pos[i]]));
    }
    return {
      text: s0.text(p0, p0 + n - 1), words: n, count: pos.length, origins: [...origins],
      sample: { unit: s0.unitAt(s0.unit[p0]), start: s0.wordStart(p0), end: s0.wordEnd(p0 + n - 1) },
    };
  }
}

/**
 * Builds a bank a step at a time, so that a server can build it between requests: `step`
 * works until a deadline and says whether it is done. Segments of documents that the previous
 * bank read (the same document objects: a changed file is a new document) are taken over, and
 * the key counts are updated by difference, so a change to one file costs that file.
 */
export class PhraseBankBuilder {
  private readonly vocab: Vocabulary;
  private readonly keys: Vocabulary;
  private readonly segments: PhraseSegment[] = [];
  private counts: Int32Array;
  private next = 0;
  private reading: Generator<void, PhraseSegment> | undefined;
  private readonly previousByDoc = new Map<SourceDocument, PhraseSegment>();
  private readonly kept = new Set<PhraseSegment>();
  private finished: PhraseBank | undefined;
  /** Documents read, and documents whose segment was taken over. */
  readonly stats = { read: 0, reused: 0 };

  constructor(
    private readonly documents: readonly SourceDocument[],
    private readonly reference: readonly ReferencePhrase[],
    private readonly previous?: PhraseBank,
  ) {
    this.vocab = previous?.vocab ?? new Vocabulary();
    this.keys = previous?.keys ?? new Vocabulary();
    this.counts = previous ? previous.countsCopy() : new Int32Array(1024);
    for (const s of previous?.segments ?? []) if (s.doc) this.previousByDoc.set(s.doc, s);
  }

  /** Works until `deadline` (a `performance.now()` time); true when the bank is complete. */
  step(deadline: number): boolean {
    if (this.finished) return true;
    while (this.next < this.documents.length) {
      const doc = this.documents[this.next];
      if (!this.reading) {
        const old = this.previousByDoc.get(doc);
        if (old) {
          this.segments.push(old);
          this.kept.add(old);
          this.stats.reused++;
          this.next++;
          continue;
        }
        this.reading = PhraseSegment.readDocument(doc, this.vocab, this.keys);
      }
      for (;;) {
        const r = this.reading.next();
        if (r.done) {
          this.add(r.value);
          this.stats.read++;
          break;
        }
        if (performance.now() >= deadline) return false;
      }
      this.reading = undefined;
      this.next++;
      if (performance.now() >= deadline) return false;
    }
    if (this.reference.length > 0) {
      const source = this.reference.map((r) => `${r.origin}\u0000${r.text}`).join('\n');
      const old = this.previous?.segments.find((s) => s.id === REFERENCE_SEGMENT);
      if (old && old.source === source) {
        this.segments.push(old);
        this.kept.add(old);
      } else this.add(PhraseSegment.readReference(this.reference, source, this.vocab, this.keys));
    }
    for (const s of this.previous?.segments ?? []) if (!this.kept.has(s)) s.addKeyCounts(this.counts, -1);
    this.vocab.prepare();
    this.finished = new PhraseBank(this.vocab, this.keys, this.segments, this.counts);
    return true;
  }

  /**
   * The documents read so far, as a bank to answer from while the build goes on. Only for a
   * first build: a rebuild answers from the previous bank until it is done.
   */
  partial(): PhraseBank | undefined {
    if (this.previous) return undefined;
    return new PhraseBank(this.vocab, this.keys, this.segments.slice(), this.counts);
  }

  /**
   * What an abandoned build read, as a previous bank for the next build: the segments read so
   * far and the previous bank's not yet visited, which are exactly what the counts hold.
   */
  salvage(): PhraseBank {
    if (this.finished) return this.finished;
    const segments = this.segments.slice();
    for (const s of this.previous?.segments ?? []) if (!this.kept.has(s)) segments.push(s);
    return new PhraseBank(this.vocab, this.keys, segments, this.counts.slice());
  }

  result(): PhraseBank {
    if (!this.finished) throw new Error('phrase bank: build not finished');
    return this.finished;
  }

  private add(segment: PhraseSegment): void {
    if (this.counts.length < this.keys.words.length) {
      const grown = new Int32Array(Math.max(this.keys.words.length, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    segment.addKeyCounts(this.counts, 1);
    this.segments.push(segment);
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
function* documentUnits(doc: SourceDocument): Generator<RawUnit> {
  const sections = passageSections(doc);
  const passages = doc.passages;
  for (let i = 0; i < passages.length; i++) {
    const p = passages[i];
    if (p.kind === 'heading') continue;
    const text = p.text;
    for (const s of p.sentences) yield { text: text.slice(s.start, s.end), passage: i, offset: s.start, section: sections[i], origin: doc.name };
  }
}
