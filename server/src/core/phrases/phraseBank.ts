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
    // the default sort compares UTF-16 code units, as `cmp` does, natively: several times faster
    // than a comparator reading ids (40 ms for a restored ×500 vocabulary)
    const added = this.words.slice(sorted.length).sort().map((w) => this.peek(w));
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
const WORD_CHAR_AT = /[\p{L}\p{N}]/uy;
/** Whether a letter or a digit (a code point) starts at `at`. */
function isWordCharAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  WORD_CHAR_AT.lastIndex = at;
  return WORD_CHAR_AT.test(text);
}
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
  /** Index of the sentence in its passage (documents only). */
  sentence: number;
  section: SectionKind;
  origin: string;
}

/** Words read between two checks of the clock by a time-sliced build. */
const WORDS_PER_STEP = 4096;

/** Positions and ids in the narrowest array that holds them: most documents have fewer than 65,536 words. */
export type Compact = Uint16Array | Uint32Array;
function compact(values: ArrayLike<number>, max: number): Compact {
  return max < 0x10000 ? Uint16Array.from(values) : Uint32Array.from(values);
}
function maxOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}
const bit = (bits: Uint8Array, p: number) => (bits[p >> 3] >> (p & 7)) & 1;

/**
 * The words of one document (or of the reference phrases) in flat typed arrays: a ×500 corpus
 * has 14 M words, so per-word objects, or even a byte of flags and a unit number per word,
 * would cost more than the corpus text. A word is its 16-bit id (32-bit only in a vocabulary
 * past 65,536 words); where units and clauses start are bitsets; a unit is where its sentence
 * is. Offsets of words in their sentence are not kept: the few results a request describes
 * re-read their sentence. Postings are the bank's, over all segments (see `PhraseBank`).
 */
export class PhraseSegment {
  /** Per word position: folded word id (its match key is `vocab.keyOf[word]`). */
  readonly word: Compact;
  /** Bitsets over positions: a unit starts; a clause starts (every unit start too); a soft break precedes. */
  readonly unitBits: Uint8Array;
  readonly clauseBits: Uint8Array;
  readonly softBits: Uint8Array;
  /** First word position of each unit, and one past the last. */
  readonly unitStart: Compact;
  /** Section of each unit, as an index in `SECTIONS`. */
  readonly unitSection: Uint8Array;
  /** Where each unit's sentence is: passage index in the document, sentence index in the passage. */
  readonly unitPassage: Compact;
  readonly unitSentence: Compact;
  /** Positions where a clause opens with a capital. */
  readonly openers: Compact;
  /** Reference phrases: each unit's text and origin (documents re-read their passages). */
  private readonly referenceUnits: RawUnit[] | undefined;
  private offsets: { unit: number; start: Int32Array; end: Int32Array } | undefined;

  /** @internal read with `readDocument`/`readReference`, or restored by the phrase store. */
  constructor(
    /** Document path, or the name of the reference data. */
    readonly id: string,
    /** The document read; absent for reference phrases. */
    readonly doc: SourceDocument | undefined,
    /** For reference phrases, their text, to tell whether a rebuild can reuse the segment. */
    readonly source: string,
    /** Reference phrases are whole units: their commas (`Convention, 1997`) do not cut them. */
    readonly whole: boolean,
    parts: SegmentParts,
    /** What the phrase store knows the document by (its content), when the corpus knows its file. */
    readonly key?: string,
  ) {
    this.word = parts.word;
    this.unitBits = parts.unitBits;
    this.clauseBits = parts.clauseBits;
    this.softBits = parts.softBits;
    this.unitStart = parts.unitStart;
    this.unitSection = parts.unitSection;
    this.unitPassage = parts.unitPassage;
    this.unitSentence = parts.unitSentence;
    this.openers = parts.openers;
    this.referenceUnits = parts.referenceUnits;
  }

  /** Reads a document's sentences in steps: each `yield` lets a time-sliced build look at the clock. */
  static *readDocument(doc: SourceDocument, vocab: Vocabulary, keys: Vocabulary, key?: string): Generator<void, PhraseSegment> {
    const parts = yield* readUnits(documentUnits(doc), vocab, keys, false);
    return new PhraseSegment(doc.path, doc, '', false, parts, key);
  }

  static readReference(reference: readonly ReferencePhrase[], source: string, vocab: Vocabulary, keys: Vocabulary): PhraseSegment {
    const units: RawUnit[] = reference.map((r) => ({ text: r.text, passage: -1, sentence: 0, section: 'body', origin: r.origin }));
    const parts = drain(readUnits(units, vocab, keys, true));
    return new PhraseSegment(REFERENCE_SEGMENT, undefined, source, true, { ...parts, referenceUnits: units });
  }

  /** @internal the arrays, for the phrase store to write. */
  get parts(): SegmentParts {
    const { word, unitBits, clauseBits, softBits, unitStart, unitSection, unitPassage, unitSentence, openers } = this;
    return { word, unitBits, clauseBits, softBits, unitStart, unitSection, unitPassage, unitSentence, openers };
  }

  get size(): number {
    return this.word.length;
  }

  get unitCount(): number {
    return this.unitSection.length;
  }

  isUnitStart(p: number): boolean {
    return bit(this.unitBits, p) === 1;
  }

  /** A clause (or a unit) starts at `p`. */
  isClauseStart(p: number): boolean {
    return bit(this.clauseBits, p) === 1;
  }

  /** Punctuation precedes `p`: a clause break, or a soft break in a unit kept whole. */
  breaksBefore(p: number): boolean {
    return (bit(this.clauseBits, p) | bit(this.softBits, p)) === 1;
  }

  /** Whether positions `from`..`to` (ascending, in the segment) lie in one unit. */
  inOneUnit(from: number, to: number): boolean {
    if (from < 0 || to >= this.word.length) return false;
    for (let p = from + 1; p <= to; p++) if (bit(this.unitBits, p)) return false;
    return true;
  }

  /** The unit holding position `p`. */
  unitOf(p: number): number {
    const starts = this.unitStart;
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Section of the unit holding position `p`. */
  sectionAt(p: number): SectionKind {
    return SECTIONS[this.unitSection[this.unitOf(p)]];
  }

  /** A unit as the results describe it (built on demand: only a few per request). */
  unitAt(u: number): PhraseUnit {
    if (this.referenceUnits) {
      const r = this.referenceUnits[u];
      return { text: r.text, offset: 0, section: r.section, origin: r.origin };
    }
    const passage = this.doc!.passageAt(this.unitPassage[u])!;
    const s = passage.sentences[this.unitSentence[u]];
    return { text: passage.text.slice(s.start, s.end), passage, offset: s.start, section: SECTIONS[this.unitSection[u]], origin: this.doc!.name };
  }

  /** Origin of the word at position `p`. */
  originAt(p: number): string {
    return this.referenceUnits ? this.referenceUnits[this.unitOf(p)].origin : this.doc!.name;
  }

  /** Offset of word `p` in its unit's text. */
  wordStart(p: number): number {
    const o = this.wordOffsets(p);
    return o.start[p - this.unitStart[o.unit]];
  }

  /** Offset just past word `p` in its unit's text. */
  wordEnd(p: number): number {
    const o = this.wordOffsets(p);
    return o.end[p - this.unitStart[o.unit]];
  }

  /** The offsets of the words of `p`'s unit, read again from its text (the last unit read is kept). */
  private wordOffsets(p: number): { unit: number; start: Int32Array; end: Int32Array } {
    const u = this.unitOf(p);
    if (this.offsets?.unit === u) return this.offsets;
    // the words as `phraseWords` cuts them, straight into the offset arrays (this runs for
    // every unit a completion shows: no word objects)
    const text = this.unitAt(u).text;
    const n = this.unitStart[u + 1] - this.unitStart[u];
    const start = new Int32Array(n);
    const end = new Int32Array(n);
    // `test` finds each word's end without making a match; its start is the first letter or digit
    // since the previous word's end (every kind of word starts with one, and a run of letters and
    // digits is a word: so the leftmost match starts there)
    let k = 0;
    let more = false;
    let from = 0;
    WORD_RE.lastIndex = 0;
    for (; WORD_RE.test(text); k++) {
      if (k === n) {
        more = true;
        break;
      }
      const stop = WORD_RE.lastIndex;
      let at = from;
      while (at < stop && !isWordCharAt(text, at)) at++;
      start[k] = at;
      end[k] = from = stop;
    }
    WORD_RE.lastIndex = 0;
    if (more || k !== n) throw new Error(`phrase bank: the text of ${this.id} changed under it`);
    this.offsets = { unit: u, start, end };
    return this.offsets;
  }

  /** Bytes held by the segment's arrays (what its heap size is made of). */
  get byteSize(): number {
    let n = 0;
    for (const a of Object.values(this.parts)) n += (a as ArrayBufferView).byteLength;
    return n;
  }

  /** Whether position `p` ends its clause (the next word opens another clause or unit). */
  endsClause(p: number): boolean {
    return p + 1 >= this.word.length || bit(this.clauseBits, p + 1) === 1;
  }

  /** Source text from the start of word `from` to the end of word `to` (same unit). */
  text(from: number, to: number): string {
    return this.unitAt(this.unitOf(from)).text.slice(this.wordStart(from), this.wordEnd(to)).replace(/\s+/g, ' ');
  }

  /**
   * The text of words `from`..`to` as a phrase to insert: with the opening bracket or quote
   * the source puts before the first word (`(Revised)`), and the closers that balance it.
   */
  phraseText(from: number, to: number): string {
    const unitText = this.unitAt(this.unitOf(from)).text;
    let start = this.wordStart(from);
    if (!this.isClauseStart(from)) {
      const gapStart = from > 0 && !this.isUnitStart(from) ? this.wordEnd(from - 1) : 0;
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
    // white space other than single spaces made single spaces (most phrases have none)
    return /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ') : text;
  }
}

export interface SegmentParts {
  word: Compact;
  unitBits: Uint8Array;
  clauseBits: Uint8Array;
  softBits: Uint8Array;
  unitStart: Compact;
  unitSection: Uint8Array;
  unitPassage: Compact;
  unitSentence: Compact;
  openers: Compact;
  referenceUnits?: RawUnit[];
}

const UPPER_START_RE = /^\p{Lu}/u;

/** Cuts units into words: ids, break bits and openers. Yields every few thousand words. */
function* readUnits(units: Iterable<RawUnit>, vocab: Vocabulary, keys: Vocabulary, whole: boolean): Generator<void, SegmentParts> {
  const word: number[] = [];
  const unitStart: number[] = [], unitSection: number[] = [], unitPassage: number[] = [], unitSentence: number[] = [];
  const clauses: number[] = [], softs: number[] = [], openers: number[] = [];
  // surface form to word id within the segment: most words recur, and folding is the costly part
  const seen = new Map<string, number>();
  let sinceYield = 0;
  for (const u of units) {
    const text = u.text;
    const first = word.length;
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
      const p = word.length;
      let clause = prevEnd < 0;
      // a single space between words, by far the commonest gap, breaks nothing
      if (!clause && !(start === prevEnd + 1 && text.charCodeAt(prevEnd) === 32) && isClauseBreak(text.slice(prevEnd, start), prevSurface)) {
        if (whole) softs.push(p);
        else clause = true;
      }
      if (clause) {
        clauses.push(p);
        if (UPPER_START_RE.test(surface)) openers.push(p);
      }
      word.push(id);
      prevEnd = start + surface.length;
      prevSurface = surface;
    }
    if (word.length === first) continue;
    unitStart.push(first);
    unitSection.push(SECTIONS.indexOf(u.section));
    unitPassage.push(Math.max(0, u.passage));
    unitSentence.push(u.sentence);
    sinceYield += word.length - first;
    if (sinceYield >= WORDS_PER_STEP) {
      sinceYield = 0;
      yield;
    }
  }
  const size = word.length;
  const bits = (positions: number[]) => {
    const b = new Uint8Array((size + 7) >> 3);
    for (const p of positions) b[p >> 3] |= 1 << (p & 7);
    return b;
  };
  const unitBits = bits(unitStart);
  unitStart.push(size);
  return {
    word: compact(word, maxOf(word)),
    unitBits, clauseBits: bits(clauses), softBits: bits(softs),
    unitStart: compact(unitStart, size),
    unitSection: Uint8Array.from(unitSection),
    unitPassage: compact(unitPassage, maxOf(unitPassage)),
    unitSentence: compact(unitSentence, maxOf(unitSentence)),
    openers: compact(openers, size),
  };
}

function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Postings visited for one key per request at most; beyond it a request visits an even
 * sample of them, weighting each by the stride. Only that sample is kept: the frequent words
 * (`the`, `of`) are most of the corpus, and their other postings would never be read.
 */
export const VISIT_CAP = 2500;

/**
 * The bank's postings over all segments, in bank order (segment by segment, ascending
 * positions), so a request walks one list per key instead of looking the key up in every
 * document. A position is global: the segment's base plus the position in it.
 */
export interface BankIndex {
  /** Occurrences of each match key over all segments: which typed word is rarest. */
  keyCounts: Int32Array;
  /** Where each segment's positions start, and one past the last. */
  base: Float64Array;
  /** Per key, where its (sampled) postings start in `postPos`. */
  postStart: Uint32Array;
  postPos: Uint32Array;
  /**
   * Beside each posting, a byte of the match key (`keyByte`) of the word before it and of the
   * word after it in its unit (`NO_KEY_BYTE` at a unit's edge): a request drops here the
   * postings whose neighbours cannot be the typed words, and reads a document's arrays (a cache
   * miss each, most of a request's time) only for the others.
   */
  postPrev: Uint8Array;
  postNext: Uint8Array;
  /** An even sample of clause openings (at most `VISIT_CAP`), and the stride it was taken with. */
  openers: Uint32Array;
  openerStride: number;
}

/** A match key in a byte: keys with different bytes differ (equal bytes say nothing). */
export const keyByte = (key: number): number => key % 255;
/** The byte beside a posting at a unit's edge, which no key has. */
export const NO_KEY_BYTE = 255;

/** Words indexed between two checks of the clock. */
const INDEX_WORDS_PER_STEP = 1 << 17;

/** Builds the bank's postings in steps: two passes over the words (counts, then the sampled positions). */
function* indexSegments(segments: readonly PhraseSegment[], keyOfWord: readonly number[], keyTotal: number): Generator<void, BankIndex> {
  const keyOf = Int32Array.from(keyOfWord);
  const keyCounts = new Int32Array(keyTotal);
  const base = new Float64Array(segments.length + 1);
  let openerTotal = 0;
  let done = 0;
  for (let si = 0; si < segments.length; si++) {
    const word = segments[si].word;
    countKeys(word, keyOf, keyCounts);
    base[si + 1] = base[si] + word.length;
    openerTotal += segments[si].openers.length;
    if ((done += word.length) >= INDEX_WORDS_PER_STEP) {
      done = 0;
      yield;
    }
  }
  // a key over the cap keeps the postings a request would visit: every stride-th, the stride's
  // fraction carried from one segment to the next, with the very arithmetic of the visit, so
  // that the sample is the same whatever the segments
  const stride = new Float64Array(keyTotal);
  const room = new Uint32Array(keyTotal + 1);
  for (let k = 0; k < keyTotal; k++) {
    const c = keyCounts[k];
    stride[k] = Math.max(1, c / VISIT_CAP);
    room[k + 1] = room[k] + (c > VISIT_CAP ? VISIT_CAP + 2 : c);
  }
  const sampled = new Uint32Array(room[keyTotal]);
  const sampledPrev = new Uint8Array(room[keyTotal]);
  const sampledNext = new Uint8Array(room[keyTotal]);
  const fill = room.slice(0, keyTotal);
  const phase = new Float64Array(keyTotal);
  const inSegment = new Int32Array(keyTotal);
  const touched = new Int32Array(keyTotal);
  const sampling: Sampling = { keyOf, stride, room, fill, phase, inSegment, touched, sampled, sampledPrev, sampledNext };
  for (let si = 0; si < segments.length; si++) {
    const word = segments[si].word;
    sampleSegment(sampling, word, segments[si].unitBits, base[si]);
    if ((done += word.length) >= INDEX_WORDS_PER_STEP) {
      done = 0;
      yield;
    }
  }
  const postStart = new Uint32Array(keyTotal + 1);
  for (let k = 0; k < keyTotal; k++) postStart[k + 1] = postStart[k] + fill[k] - room[k];
  const postPos = new Uint32Array(postStart[keyTotal]);
  const postPrev = new Uint8Array(postStart[keyTotal]);
  const postNext = new Uint8Array(postStart[keyTotal]);
  // packed a bounded number of postings at a time: at ×500 the first few thousand keys (the
  // common words, met first) hold most of them, and packing them at once held the loop 50-120 ms
  for (let k = 0; k < keyTotal; ) {
    const to = keysHolding(postStart, k, INDEX_WORDS_PER_STEP);
    packPostings(sampled, room, fill, postStart, postPos, k, to);
    packPostings(sampledPrev, room, fill, postStart, postPrev, k, to);
    packPostings(sampledNext, room, fill, postStart, postNext, k, to);
    k = to;
    yield;
  }
  const openerStride = Math.max(1, openerTotal / VISIT_CAP);
  const openers: number[] = [];
  let x = 0;
  for (let si = 0; si < segments.length; si++) {
    const o = segments[si].openers;
    for (; x < o.length; x += openerStride) openers.push(base[si] + o[Math.floor(x)]);
    x -= o.length;
  }
  return { keyCounts, base, postStart, postPos, postPrev, postNext, openers: Uint32Array.from(openers), openerStride };
}

// The loops over words are plain functions: V8 optimises a long loop inside a generator poorly
// (it cannot enter optimised code in the middle of one), which made indexing several times slower.
function countKeys(word: Compact, keyOf: Int32Array, keyCounts: Int32Array): void {
  for (let p = 0; p < word.length; p++) keyCounts[keyOf[word[p]]]++;
}

/** The end of a run of keys from `from` holding about `postings` postings (at least one key). */
function keysHolding(postStart: Uint32Array, from: number, postings: number): number {
  const keyTotal = postStart.length - 1;
  let to = from + 1;
  while (to < keyTotal && postStart[to + 1] - postStart[from] <= postings) to++;
  return to;
}

/** The sampled postings of keys `from`..`to`, packed key after key (element by element: a subarray per key is slow). */
function packPostings(sampled: Uint32Array | Uint8Array, room: Uint32Array, fill: Uint32Array, postStart: Uint32Array, postPos: Uint32Array | Uint8Array, from: number, to: number): void {
  for (let k = from; k < to; k++) for (let i = room[k], j = postStart[k]; i < fill[k]; ) postPos[j++] = sampled[i++];
}

interface Sampling {
  keyOf: Int32Array;
  stride: Float64Array;
  room: Uint32Array;
  fill: Uint32Array;
  phase: Float64Array;
  /** Per key, its occurrences in the segment so far; the keys met in it. */
  inSegment: Int32Array;
  touched: Int32Array;
  sampled: Uint32Array;
  /** Beside each sampled position: the key bytes of the words before and after it in its unit. */
  sampledPrev: Uint8Array;
  sampledNext: Uint8Array;
}

function sampleSegment(x: Sampling, word: Compact, unitBits: Uint8Array, base: number): void {
  const { keyOf, stride, room, fill, phase, inSegment, touched, sampled, sampledPrev, sampledNext } = x;
  let nTouched = 0;
  for (let p = 0; p < word.length; p++) {
    const k = keyOf[word[p]];
    const i = inSegment[k]++;
    if (i === 0) touched[nTouched++] = k;
    if (i === Math.floor(phase[k])) {
      phase[k] += stride[k];
      if (fill[k] < room[k + 1]) {
        sampledPrev[fill[k]] = p > 0 && !bit(unitBits, p) ? keyByte(keyOf[word[p - 1]]) : NO_KEY_BYTE;
        sampledNext[fill[k]] = p + 1 < word.length && !bit(unitBits, p + 1) ? keyByte(keyOf[word[p + 1]]) : NO_KEY_BYTE;
        sampled[fill[k]++] = base + p;
      }
    }
  }
  for (let t = 0; t < nTouched; t++) {
    const k = touched[t];
    phase[k] -= inSegment[k];
    inSegment[k] = 0;
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
  private built: BankIndex | undefined;

  /** @internal through `PhraseBank.build` or a `PhraseBankBuilder`. */
  constructor(vocab: Vocabulary, keys: Vocabulary, segments: PhraseSegment[], index?: BankIndex) {
    this.vocab = vocab;
    this.keys = keys;
    this.segments = segments;
    this.built = index;
  }

  /** The postings; built at once on first use for a bank made without them (the part of a first build a request reads). */
  get index(): BankIndex {
    return (this.built ??= drain(indexSegments(this.segments, this.vocab.keyOf, this.keys.words.length)));
  }

  keyCount(key: number): number {
    const counts = this.index.keyCounts;
    return key >= 0 && key < counts.length ? counts[key] : 0;
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

  /** Bytes held by the bank: the segments' arrays and postings, and an estimate of its vocabularies. */
  get byteSize(): { segments: number; postings: number; vocabulary: number } {
    let segments = 0;
    for (const s of this.segments) segments += s.byteSize;
    const i = this.index;
    const postings = i.keyCounts.byteLength + i.base.byteLength + i.postStart.byteLength + i.postPos.byteLength + i.postPrev.byteLength + i.postNext.byteLength + i.openers.byteLength;
    return { segments, postings, vocabulary: this.vocab.byteSize + this.keys.byteSize };
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
          if (q >= s.size || s.isClauseStart(q)) continue;
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
    for (let i = 0; i < pos.length; i++) origins.add(this.segments[segs[i]].originAt(pos[i]));
    return {
      text: s0.text(p0, p0 + n - 1), words: n, count: pos.length, origins: [...origins],
      sample: { unit: s0.unitAt(s0.unitOf(p0)), start: s0.wordStart(p0), end: s0.wordEnd(p0 + n - 1) },
    };
  }
}

/**
 * Where a builder may find a document's words already read: the phrase store's, restored when
 * the document's content is what they were read from. Restored segments use the ids of the
 * vocabularies the source gives, which the builder then starts from.
 */
export interface StoredSegments {
  vocab: Vocabulary;
  keys: Vocabulary;
  /** The stored segment of a document, if stored for its present content; else undefined. */
  segment(doc: SourceDocument): PhraseSegment | undefined;
  /** What a newly read document is keyed by, to be stored. */
  keyOf(doc: SourceDocument): string | undefined;
}

/**
 * Builds a bank a step at a time, so that a server can build it between requests: `step`
 * works until a deadline and says whether it is done. Segments of documents that the previous
 * bank read (the same document objects: a changed file is a new document), or that the
 * phrase store holds for the same content, are taken over; only the other documents are read.
 * The postings are then rebuilt over all segments, in steps too: two linear passes, a small
 * part of reading (about 1/50 at ×500).
 */
export class PhraseBankBuilder {
  private readonly vocab: Vocabulary;
  private readonly keys: Vocabulary;
  private readonly segments: PhraseSegment[] = [];
  private next = 0;
  private reading: Generator<void, PhraseSegment> | undefined;
  private indexing: Generator<void, BankIndex> | undefined;
  private readonly previousByDoc = new Map<SourceDocument, PhraseSegment>();
  private finished: PhraseBank | undefined;
  private partialBank: PhraseBank | undefined;
  /** Documents read, documents whose segment was taken over from the previous bank, and from the store. */
  readonly stats = { read: 0, reused: 0, restored: 0 };

  constructor(
    private readonly documents: readonly SourceDocument[],
    private readonly reference: readonly ReferencePhrase[],
    private readonly previous?: PhraseBank,
    private stored?: StoredSegments,
  ) {
    this.vocab = previous?.vocab ?? stored?.vocab ?? new Vocabulary();
    this.keys = previous?.keys ?? stored?.keys ?? new Vocabulary();
    if (previous && stored && (stored.vocab !== previous.vocab || stored.keys !== previous.keys)) this.stored = undefined;
    for (const s of previous?.segments ?? []) if (s.doc) this.previousByDoc.set(s.doc, s);
  }

  /** Works until `deadline` (a `performance.now()` time); true when the bank is complete. */
  step(deadline: number): boolean {
    if (this.finished) return true;
    while (this.next < this.documents.length) {
      const doc = this.documents[this.next];
      if (!this.reading) {
        const reused = this.previousByDoc.get(doc);
        const old = reused ?? this.stored?.segment(doc);
        if (old) {
          this.segments.push(old);
          if (reused) this.stats.reused++;
          else this.stats.restored++;
          this.next++;
          // taking a segment over checks its key (a pass over the document's passages): look at the clock now and then
          if ((this.stats.reused + this.stats.restored) % 64 === 0 && performance.now() >= deadline) return false;
          continue;
        }
        this.reading = PhraseSegment.readDocument(doc, this.vocab, this.keys, this.stored?.keyOf(doc));
      }
      for (;;) {
        const r = this.reading.next();
        if (r.done) {
          this.segments.push(r.value);
          this.stats.read++;
          break;
        }
        if (performance.now() >= deadline) return false;
      }
      this.reading = undefined;
      this.next++;
      if (performance.now() >= deadline) return false;
    }
    if (!this.indexing) {
      if (this.reference.length > 0) {
        const source = this.reference.map((r) => `${r.origin}\u0000${r.text}`).join('\n');
        const old = this.previous?.segments.find((s) => s.id === REFERENCE_SEGMENT);
        this.segments.push(old && old.source === source ? old : PhraseSegment.readReference(this.reference, source, this.vocab, this.keys));
      }
      this.indexing = indexSegments(this.segments, this.vocab.keyOf, this.keys.words.length);
    }
    for (;;) {
      const r = this.indexing.next();
      if (r.done) {
        this.vocab.prepare();
        this.finished = new PhraseBank(this.vocab, this.keys, this.segments, r.value);
        return true;
      }
      if (performance.now() >= deadline) return false;
    }
  }

  /**
   * The documents read so far, as a bank to answer from while the build goes on (its postings
   * are made when a request first reads them). Only for a first build: a rebuild answers from
   * the previous bank until it is done.
   */
  partial(): PhraseBank | undefined {
    if (this.previous) return undefined;
    // a new part only when it has grown by an eighth: each costs a request its postings
    const n = this.segments.length;
    if (!this.partialBank || n > this.partialBank.segments.length * 1.125) this.partialBank = new PhraseBank(this.vocab, this.keys, this.segments.slice());
    return this.partialBank;
  }

  /**
   * What an abandoned build read, as a previous bank for the next build: the segments read so
   * far and the previous bank's not yet visited.
   */
  salvage(): PhraseBank {
    if (this.finished) return this.finished;
    const segments = this.segments.slice();
    const kept = new Set(segments);
    for (const s of this.previous?.segments ?? []) if (!kept.has(s)) segments.push(s);
    return new PhraseBank(this.vocab, this.keys, segments);
  }

  result(): PhraseBank {
    if (!this.finished) throw new Error('phrase bank: build not finished');
    return this.finished;
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
    for (let k = 0; k < p.sentences.length; k++) {
      const s = p.sentences[k];
      yield { text: text.slice(s.start, s.end), passage: i, sentence: k, section: sections[i], origin: doc.name };
    }
  }
}
