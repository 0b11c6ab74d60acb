/**
 * Continuations of what a drafter has typed, in the wording of the sources. Every place where
 * the sources say the last typed word is a candidate; a candidate weighs more the more of the
 * typed words it also matches before that point (a back-off over context lengths, as in an
 * n-gram model), and more again when it comes from the same kind of section as the cursor.
 * Candidates are grouped by their next word; a group continues as far as most of its weight
 * agrees, so `the social` gives `partners` and `the Private Employment Agencies` gives
 * `Convention`, and the best single source also offers its clause to its end.
 */
import { SectionKind } from './sections';
import { Interner } from '../text/interner';
import { STOP_WORDS } from '../text/terms';
import { foldWord, keyByte, matchKey, NO_KEY_BYTE, PhraseBank, PhraseSegment, PhraseSpan, VISIT_CAP } from './phraseBank';

export interface ContinuationQuery {
  /** Complete words typed before the cursor, oldest first (the current line is enough). */
  context: string[];
  /** The start of the word being typed; empty right after a space. */
  partial: string;
  /** Clause punctuation between the last context word and the cursor (`partners, |`). */
  afterBreak: boolean;
  section: SectionKind;
  /** Most continuations to return. */
  limit: number;
}

export interface Continuation {
  /** Text to insert, from the first word, as the source writes it. */
  text: string;
  score: number;
  /** Context words the best source matched before the continuation. */
  matched: number;
  /** Sources that continue exactly so. */
  count: number;
  origins: string[];
  /** The best source sentence and the continuation's span in it. */
  sample: PhraseSpan;
  /** `consensus`: as far as the sources agree; `clause`: one source to its clause end; `word`: found by the typed word alone, the context matching nothing. */
  kind: 'consensus' | 'clause' | 'word';
}

export interface ContinuationResult {
  items: Continuation[];
  /** More continuations exist than were returned, or candidates were sampled. */
  truncated: boolean;
}

const MAX_CONTEXT = 10;
/** Words a consensus continuation and a clause continuation may run to. */
const MAX_CONSENSUS_WORDS = 8;
const MAX_CLAUSE_WORDS = 14;
/**
 * Candidates weighed per request; beyond it the weakest stratum is sampled (a ×100 corpus has
 * 10^5 `the`s). Each candidate costs cache misses in several arrays, so this bounds latency.
 */
const CANDIDATE_CAP = 2500;
/** A consensus continuation goes on while at least this share of its group agrees on the next word. */
const AGREEMENT = 0.5;

/**
 * Candidate places, column by column, in typed arrays that are kept and reused from one request
 * to the next (a request weighs up to 10^4 places; arrays of that size made afresh each time were
 * most of what a request allocated, and at ×500 the collections they caused were its p99).
 */
class Candidates {
  seg = new Int32Array(1024);
  pos = new Int32Array(1024);
  /** The word at `pos` (the continuation's first word), kept so grouping need not read the document again. */
  word = new Int32Array(1024);
  matched = new Int32Array(1024);
  weight = new Float64Array(1024);
  /** Weight discounted by back-off from the longest match: how much a candidate speaks for its group. */
  strength = new Float64Array(1024);
  /** Candidates ordered by group: a group's members are `order[start .. start + count)`, ascending. */
  order = new Int32Array(1024);
  n = 0;
  truncated = false;

  reset(): this {
    this.n = 0;
    this.truncated = false;
    return this;
  }

  push(seg: number, pos: number, word: number, matched: number, weight: number): void {
    if (this.n === this.seg.length) this.grow(this.n * 2);
    const i = this.n++;
    this.seg[i] = seg;
    this.pos[i] = pos;
    this.word[i] = word;
    this.matched[i] = matched;
    this.weight[i] = weight;
  }

  /** Room for `n` candidates in every column (what is held is kept). */
  grow(n: number): void {
    if (n <= this.seg.length) return;
    const more = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(n);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.seg = more(this.seg);
    this.pos = more(this.pos);
    this.word = more(this.word);
    this.matched = more(this.matched);
    this.weight = more(this.weight);
    this.strength = new Float64Array(n);
    this.order = new Int32Array(n);
  }
}

/**
 * The scratch of requests, reused (requests run one at a time: nothing here outlives one). The
 * typed context's candidates and those of the back-off on the word being typed are alive
 * together; each has a second set for its capped sample.
 */
const scratch = {
  context: new Candidates(),
  contextCapped: new Candidates(),
  loose: new Candidates(),
  looseCapped: new Candidates(),
  /** Per word id: a running sum, or the request that last saw it. */
  tally: new Float64Array(0),
  seen: new Uint32Array(0),
  stamp: 0,
  /** Positions of a group's members still agreeing, while a consensus grows. */
  alive: new Int32Array(1024),
  /** The word after each of them. */
  nextWord: new Int32Array(1024),
};

/** Per-word scratch long enough for the bank's vocabulary. */
function wordScratch(bank: PhraseBank): void {
  const n = bank.vocab.words.length;
  if (scratch.tally.length < n) {
    const size = Math.max(n, scratch.tally.length * 2);
    scratch.tally = new Float64Array(size);
    scratch.seen = new Uint32Array(size);
    scratch.stamp = 0;
  }
}

/** A stamp no word holds in `scratch.seen`: a new set of words, without clearing. */
function freshStamp(): number {
  if (++scratch.stamp === 0xffffffff) {
    scratch.seen.fill(0);
    scratch.stamp = 1;
  }
  return scratch.stamp;
}

export function rankContinuations(bank: PhraseBank, q: ContinuationQuery): ContinuationResult {
  wordScratch(bank);
  const partial = foldWord(q.partial);
  const context = q.context.slice(-MAX_CONTEXT);
  const keys = context.map((w) => bank.keys.find(matchKey(foldWord(w))) ?? -1);
  const words = context.map((w) => bank.vocab.find(foldWord(w)) ?? -1);
  const raw = scratch.context.reset();
  if (context.length === 0) openerCandidates(bank, q, partial, raw);
  else contextCandidates(bank, q, partial, keys, words, raw);
  const found = capCandidates(raw, scratch.contextCapped);
  const groups = groupByNextWord(bank, found);
  const items: Continuation[] = [];
  for (const g of groups.slice(0, q.limit)) items.push(...continueGroup(bank, found, g));
  if (partial && items.length < q.limit) {
    // back-off below any typed context: phrases that merely start with the word being typed
    const loose = capCandidates(wordStartCandidates(bank, partial, scratch.loose.reset()), scratch.looseCapped);
    for (const g of groupByNextWord(bank, loose).slice(0, q.limit - items.length)) {
      for (const c of continueGroup(bank, loose, g)) items.push({ ...c, score: c.score * 1e-3, kind: 'word' });
    }
  }
  const seen = new Set<string>();
  const unique = items
    .sort((a, b) => b.score - a.score || b.count - a.count || a.text.localeCompare(b.text))
    .filter((c) => {
      const k = c.text.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return { items: unique.slice(0, q.limit), truncated: found.truncated || groups.length > q.limit || unique.length > q.limit };
}

/** Typed words a candidate must match at most, longest window first; each window anchors on its rarest word. */
const MAX_WINDOW = 4;

/** Whether the word at a position may start the continuation: it begins with the partial word. */
function partialFilter(bank: PhraseBank, partial: string): (word: number) => boolean {
  if (!partial) return () => true;
  const cache = new Map<number, boolean>();
  return (word) => {
    let ok = cache.get(word);
    if (ok === undefined) cache.set(word, (ok = bank.vocab.words[word].startsWith(partial)));
    return ok;
  };
}

/**
 * The (sampled) postings of a key, bank-wide, as global positions in bank order (segment by
 * segment), and the weight each stands for; `segmentOf` follows them forward.
 */
function postings(bank: PhraseBank, key: number, out: Candidates): { from: number; to: number; stride: number } {
  if (key < 0) return { from: 0, to: 0, stride: 1 };
  const { postStart } = bank.index;
  const stride = Math.max(1, bank.keyCount(key) / VISIT_CAP);
  if (stride > 1) out.truncated = true;
  return { from: postStart[key], to: postStart[key + 1], stride };
}

/**
 * Places that continue the typed words. Windows of the last 4, 3, 2, 1 typed words are tried
 * in turn, each through the postings of its rarest word, until enough different next words
 * are found; a lower window only adds places that match exactly that many words.
 */
function contextCandidates(bank: PhraseBank, q: ContinuationQuery, partial: string, keys: number[], words: number[], out: Candidates): void {
  const last = keys.length - 1;
  let known = 0;
  while (known <= last && keys[last - known] >= 0) known++;
  if (known === 0) return;
  const accepts = partialFilter(bank, partial);
  const keyOf = bank.vocab.keyOf;
  const { postPos, postPrev, postNext, base } = bank.index;
  const segments = bank.segments;
  // the different next words found, as a count and a stamp per word
  const stamp = freshStamp();
  const seen = scratch.seen;
  let nextWords = 0;
  const top = Math.min(MAX_WINDOW, known);
  for (let w = top; w >= 1; w--) {
    let d = 0;
    for (let j = 1; j < w; j++) if (bank.keyCount(keys[last - j]) < bank.keyCount(keys[last - d])) d = j;
    const { from, to, stride } = postings(bank, keys[last - d], out);
    // the key bytes the words beside the anchor must have for the window to match (-1: any)
    const wantNext = d >= 1 ? keyByte(keys[last - d + 1]) : -1;
    const wantPrev = d <= w - 2 ? keyByte(keys[last - d - 1]) : -1;
    let si = 0;
    for (let i = from; i < to; i++) {
      // what the tests below would reject on the words beside the anchor, without reading the
      // document: the next word past the unit's end, a neighbour that cannot be the typed word
      const after = postNext[i];
      if (after === NO_KEY_BYTE || (wantNext >= 0 && after !== wantNext)) continue;
      if (wantPrev >= 0 && postPrev[i] !== wantPrev) continue;
      const g = postPos[i];
      while (base[si + 1] <= g) si++;
      const s = segments[si];
      const p = g - base[si] + d;
      const next = p + 1;
      // the window and the next word in one unit
      if (!s.inOneUnit(p - (w - 1), next)) continue;
      const word = s.word;
      let j = 0;
      while (j < w && keyOf[word[p - j]] === keys[last - j]) j++;
      if (j < w) continue;
      let m = w;
      while (m <= last && p - m >= 0 && !s.isUnitStart(p - m + 1) && keyOf[word[p - m]] === keys[last - m]) m++;
      if (w < top && m > w) continue;
      // the source must break where the draft breaks: `partners, |` continues after a comma only
      if (s.breaksBefore(next) !== q.afterBreak) continue;
      if (!accepts(word[next])) continue;
      let inexact = 0;
      for (let k = 0; k < m; k++) if (word[p - k] !== words[last - k]) inexact++;
      out.push(si, next, word[next], m, stride * (inexact > 0 ? 0.75 : 1) * (q.section === 'body' ? 1 : sectionBoost(s.sectionAt(p), q.section)));
      if (seen[word[next]] !== stamp) {
        seen[word[next]] = stamp;
        nextWords++;
      }
    }
    if (nextWords >= q.limit) break;
  }
}

/** With nothing typed on the line: the openings of clauses, from the cursor's kind of section first. */
function openerCandidates(bank: PhraseBank, q: ContinuationQuery, partial: string, out: Candidates): void {
  const accepts = partialFilter(bank, partial);
  const { openers, openerStride: stride, base } = bank.index;
  if (stride > 1) out.truncated = true;
  let si = 0;
  for (let i = 0; i < openers.length; i++) {
    const g = openers[i];
    while (base[si + 1] <= g) si++;
    const s = bank.segments[si];
    const p = g - base[si];
    const boost = sectionBoost(s.sectionAt(p), q.section);
    // in a preamble or an action list, only that section's openings read right
    if (q.section !== 'body' && boost === 1) continue;
    if (!accepts(s.word[p])) continue;
    out.push(si, p, s.word[p], 0, boost * stride);
  }
}

/** Expressions starting with the word being typed, wherever they stand, when the context found too little. */
function wordStartCandidates(bank: PhraseBank, partial: string, out: Candidates): Candidates {
  if (STOP_WORDS.has(partial)) return out;
  const { postPos, base } = bank.index;
  for (const word of bank.vocab.startingWith(partial)) {
    const { from, to, stride } = postings(bank, bank.vocab.keyOf[word], out);
    let si = 0;
    for (let i = from; i < to; i++) {
      const g = postPos[i];
      while (base[si + 1] <= g) si++;
      const s = bank.segments[si];
      const p = g - base[si];
      if (s.word[p] !== word || s.endsClause(p)) continue;
      out.push(si, p, word, 0, stride);
    }
  }
  return out;
}

function sectionBoost(source: SectionKind, draft: SectionKind): number {
  return draft !== 'body' && source === draft ? 3 : 1;
}

/**
 * Keeps the best-matched candidates whole and samples the weakest stratum that overflows,
 * scaling its weights (into `spare`, returned; or `c` itself when it is under the cap).
 */
function capCandidates(c: Candidates, spare: Candidates): Candidates {
  const n = c.n;
  if (n <= CANDIDATE_CAP) return c;
  const out = spare.reset();
  out.truncated = true;
  out.grow(CANDIDATE_CAP);
  let most = 0;
  for (let i = 0; i < n; i++) most = Math.max(most, c.matched[i]);
  const take = (i: number, scale: number) => out.push(c.seg[i], c.pos[i], c.word[i], c.matched[i], c.weight[i] * scale);
  // strata by matched words, most first, each in the candidates' order
  for (let m = most; m >= 0 && out.n < CANDIDATE_CAP; m--) {
    let size = 0;
    for (let i = 0; i < n; i++) if (c.matched[i] === m) size++;
    if (size === 0) continue;
    const room = CANDIDATE_CAP - out.n;
    if (size <= room) {
      for (let i = 0; i < n; i++) if (c.matched[i] === m) take(i, 1);
    } else {
      const step = size / room;
      // the k-th pick is the stratum's floor(k * step)-th member
      let k = 0;
      let want = 0;
      for (let i = 0, r = 0; i < n && k < room; i++) {
        if (c.matched[i] !== m) continue;
        if (r++ === want) {
          take(i, step);
          want = Math.floor(++k * step);
        }
      }
    }
  }
  return out;
}

interface Group {
  /** The group's members are `order[start .. start + count)` of its candidates. */
  start: number;
  count: number;
  score: number;
  id: number;
}

/** Each lower order of context counts this much less (the "stupid back-off" of web-scale n-gram models). */
const BACK_OFF = 0.4;

/**
 * Groups candidates by their next word and scores each group by back-off: its share of the
 * candidates that match at least m typed words, for the m where that is best, discounted by
 * how far m falls short of the longest match any source has.
 */
function groupByNextWord(bank: PhraseBank, c: Candidates): Group[] {
  const n = c.n;
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, c.matched[i]);
  const levels = longest + 1;
  // group ids in order of first sight, through the per-word scratch (its sums hold the ids)
  const groupOf = new Int32Array(n);
  const stamp = freshStamp();
  const { seen, tally } = scratch;
  let groupCount = 0;
  for (let i = 0; i < n; i++) {
    const w = c.word[i];
    if (seen[w] !== stamp) {
      seen[w] = stamp;
      tally[w] = groupCount++;
    }
    groupOf[i] = tally[w];
  }
  // weight of each group at exactly m matched words, and of all candidates at m or more
  const atMatch = new Float64Array(groupCount * levels);
  const total = new Float64Array(levels + 1);
  const sizes = new Int32Array(groupCount);
  for (let i = 0; i < n; i++) {
    atMatch[groupOf[i] * levels + c.matched[i]] += c.weight[i];
    total[c.matched[i]] += c.weight[i];
    sizes[groupOf[i]]++;
  }
  for (let m = longest - 1; m >= 0; m--) total[m] += total[m + 1];
  const strength = c.strength;
  for (let i = 0; i < n; i++) strength[i] = c.weight[i] * BACK_OFF ** (longest - c.matched[i]);
  const groups: Group[] = new Array(groupCount);
  let start = 0;
  for (let g = 0; g < groupCount; g++) {
    let score = 0;
    let atLeast = 0;
    for (let m = longest; m >= 0; m--) {
      atLeast += atMatch[g * levels + m];
      if (total[m] > 0) score = Math.max(score, BACK_OFF ** (longest - m) * (atLeast / total[m]));
    }
    groups[g] = { start, count: sizes[g], score, id: g };
    start += sizes[g];
    sizes[g] = 0;
  }
  const order = c.order;
  for (let i = 0; i < n; i++) {
    const g = groups[groupOf[i]];
    order[g.start + sizes[groupOf[i]]++] = i;
  }
  return groups.sort((a, b) => b.score - a.score || b.count - a.count || a.id - b.id);
}

/** The members of a group, in candidate order. */
function membersOf(c: Candidates, g: Group): Int32Array {
  return c.order.subarray(g.start, g.start + g.count);
}

/** The group's consensus continuation, and its best source's clause when that runs further. */
function continueGroup(bank: PhraseBank, c: Candidates, g: Group): Continuation[] {
  const members = membersOf(c, g);
  if (scratch.alive.length < members.length) {
    scratch.alive = new Int32Array(Math.max(members.length, scratch.alive.length * 2));
    scratch.nextWord = new Int32Array(scratch.alive.length);
  }
  const { alive, nextWord } = scratch;
  alive.set(members);
  let living = members.length;
  let length = 1;
  const strength = c.strength;
  let groupWeight = 0;
  for (const i of members) groupWeight += strength[i];
  const { tally, seen } = scratch;
  const segments = bank.segments;
  while (length < MAX_CONSENSUS_WORDS) {
    // each living member's word `length` on (-1 past its clause), read once; the weight behind
    // each such word, words in order of first sight (the first of equals wins)
    const stamp = freshStamp();
    for (let k = 0; k < living; k++) {
      const i = alive[k];
      const s = segments[c.seg[i]];
      const r = c.pos[i] + length;
      const w = r >= s.size || s.isClauseStart(r) ? -1 : s.word[r];
      nextWord[k] = w;
      if (w < 0) continue;
      if (seen[w] !== stamp) {
        seen[w] = stamp;
        tally[w] = 0;
      }
      tally[w] += strength[i];
    }
    let best = -1;
    let bestWeight = 0;
    for (let k = 0; k < living; k++) {
      const w = nextWord[k];
      // each word once, at its first sight: its stamp is moved on once read
      if (w < 0 || seen[w] !== stamp) continue;
      seen[w] = stamp - 1;
      if (tally[w] > bestWeight) [best, bestWeight] = [w, tally[w]];
    }
    if (best < 0 || bestWeight < AGREEMENT * groupWeight) break;
    let kept = 0;
    for (let k = 0; k < living; k++) if (nextWord[k] === best) alive[kept++] = alive[k];
    living = kept;
    length++;
  }
  const first = alive[0];
  length = balanced(segments[c.seg[first]], c.pos[first], length);
  length = withoutTrailingFunctionWords(bank, segments[c.seg[first]], c.pos[first], length);
  const out = [describe(bank, c, alive.subarray(0, living), length, g.score, 'consensus')];
  // the best source's clause, and a reference phrase (a citation) to its end
  const top = strongest(c, members);
  const reference = members.find((i) => segments[c.seg[i]].whole);
  for (const from of reference === undefined ? [top] : [top, reference]) {
    const s = segments[c.seg[from]];
    let end = c.pos[from];
    while (end - c.pos[from] + 1 < MAX_CLAUSE_WORDS && !s.endsClause(end)) end++;
    const clauseLength = end - c.pos[from] + 1;
    if (clauseLength > length && s.endsClause(end)) {
      const same = members.filter((i) => sameWords(bank, c, i, from, clauseLength));
      out.push(describe(bank, c, same, clauseLength, g.score / 2, 'clause'));
    }
  }
  return out;
}

/**
 * A length that does not leave a bracket open (`1946 (No` reads as a slip): grown to the
 * closing bracket within the clause, or else cut before the opening one.
 */
function balanced(s: PhraseSegment, p: number, length: number): number {
  const open = (n: number) => {
    const t = s.phraseText(p, p + n - 1);
    return t.split('(').length - t.split(')').length;
  };
  if (open(length) <= 0) return length;
  for (let n = length + 1; n <= MAX_CLAUSE_WORDS && !s.endsClause(p + n - 2); n++) if (open(n) <= 0) return n;
  for (let n = length - 1; n >= 1; n--) if (open(n) <= 0) return n;
  return length;
}

/** A continuation ending in `and` or `of the` stops short of its point: cut back to the last content word. */
function withoutTrailingFunctionWords(bank: PhraseBank, s: PhraseSegment, p: number, length: number): number {
  let n = length;
  while (n > 1 && STOP_WORDS.has(bank.vocab.words[s.word[p + n - 1]])) n--;
  return n;
}

function strongest(c: Candidates, members: Int32Array): number {
  let top = members[0];
  for (const i of members) if (c.strength[i] > c.strength[top]) top = i;
  return top;
}

function sameWords(bank: PhraseBank, c: Candidates, a: number, b: number, n: number): boolean {
  const sa = bank.segments[c.seg[a]];
  const sb = bank.segments[c.seg[b]];
  for (let k = 0; k < n; k++) {
    const pa = c.pos[a] + k;
    const pb = c.pos[b] + k;
    if (pa >= sa.size || (k > 0 && sa.isClauseStart(pa)) || sa.word[pa] !== sb.word[pb]) return false;
  }
  return true;
}

/**
 * The origins (document names) of a bank as numbers, so that a request tells the different
 * origins of a continuation's sources apart without a set of strings per continuation: the
 * number of each document segment's origin (-1 for reference phrases, whose origin is per
 * unit), and per number the request that last named it.
 */
class OriginNames extends Interner {
  ofSegment: Int32Array;
  seen = new Uint32Array(0);
  stamp = 0;

  constructor(bank: PhraseBank) {
    super();
    this.ofSegment = Int32Array.from(bank.segments, (s) => (s.doc ? this.id(s.doc.name) : -1));
  }

  /** A stamp no origin holds in `seen` yet. */
  nextStamp(): number {
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  override id(name: string): number {
    const id = super.id(name);
    if (id >= this.seen.length) {
      const seen = new Uint32Array(Math.max(64, 2 * id));
      seen.set(this.seen);
      this.seen = seen;
    }
    return id;
  }
}
const originNamesOf = new WeakMap<PhraseBank, OriginNames>();
function originNames(bank: PhraseBank): OriginNames {
  let names = originNamesOf.get(bank);
  if (!names) originNamesOf.set(bank, (names = new OriginNames(bank)));
  return names;
}

function describe(bank: PhraseBank, c: Candidates, members: Int32Array, length: number, score: number, kind: Continuation['kind']): Continuation {
  const top = strongest(c, members);
  const s = bank.segments[c.seg[top]];
  const p = c.pos[top];
  // enough members to name the documents; a ×100 corpus would otherwise walk thousands
  const names = originNames(bank);
  const stamp = names.nextStamp();
  const origins: string[] = [];
  for (const i of members.subarray(0, 200)) {
    let id = names.ofSegment[c.seg[i]];
    if (id < 0) id = names.id(bank.segments[c.seg[i]].originAt(c.pos[i]));
    if (names.seen[id] === stamp) continue;
    names.seen[id] = stamp;
    origins.push(names.words[id]);
  }
  return {
    text: s.phraseText(p, p + length - 1), score, matched: c.matched[top], count: members.length, origins, kind,
    sample: { unit: s.unitAt(s.unitOf(p)), start: s.wordStart(p), end: s.wordEnd(p + length - 1) },
  };
}
