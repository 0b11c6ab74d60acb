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
import { STOP_WORDS } from '../text/terms';
import { foldWord, matchKey, PhraseBank, PhraseSegment, PhraseSpan, VISIT_CAP } from './phraseBank';

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

interface Candidates {
  seg: number[];
  pos: number[];
  weight: number[];
  matched: number[];
  /** Weight discounted by back-off from the longest match: how much a candidate speaks for its group. */
  strength?: Float64Array;
  truncated: boolean;
}

export function rankContinuations(bank: PhraseBank, q: ContinuationQuery): ContinuationResult {
  const partial = foldWord(q.partial);
  const context = q.context.slice(-MAX_CONTEXT);
  const keys = context.map((w) => bank.keys.find(matchKey(foldWord(w))) ?? -1);
  const words = context.map((w) => bank.vocab.find(foldWord(w)) ?? -1);
  const found = context.length === 0 ? openerCandidates(bank, q, partial) : contextCandidates(bank, q, partial, keys, words);
  const groups = groupByNextWord(bank, found);
  const items: Continuation[] = [];
  for (const g of groups.slice(0, q.limit)) items.push(...continueGroup(bank, found, g));
  if (partial && items.length < q.limit) {
    // back-off below any typed context: phrases that merely start with the word being typed
    const loose = wordStartCandidates(bank, partial);
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
 * Visits the (sampled) postings of a key, bank-wide, with the segment and position of each:
 * the postings are in bank order, so the segment only moves forward.
 */
function visit(bank: PhraseBank, key: number, out: Candidates, each: (s: PhraseSegment, si: number, p: number, weight: number) => void): void {
  if (key < 0) return;
  const { postStart, postPos, base } = bank.index;
  const stride = Math.max(1, bank.keyCount(key) / VISIT_CAP);
  if (stride > 1) out.truncated = true;
  let si = 0;
  for (let i = postStart[key]; i < postStart[key + 1]; i++) {
    const g = postPos[i];
    while (base[si + 1] <= g) si++;
    each(bank.segments[si], si, g - base[si], stride);
  }
}

/**
 * Places that continue the typed words. Windows of the last 4, 3, 2, 1 typed words are tried
 * in turn, each through the postings of its rarest word, until enough different next words
 * are found; a lower window only adds places that match exactly that many words.
 */
function contextCandidates(bank: PhraseBank, q: ContinuationQuery, partial: string, keys: number[], words: number[]): Candidates {
  const out: Candidates = { seg: [], pos: [], weight: [], matched: [], truncated: false };
  const last = keys.length - 1;
  let known = 0;
  while (known <= last && keys[last - known] >= 0) known++;
  if (known === 0) return out;
  const accepts = partialFilter(bank, partial);
  const keyOf = bank.vocab.keyOf;
  const nextWords = new Set<number>();
  const top = Math.min(MAX_WINDOW, known);
  for (let w = top; w >= 1; w--) {
    let d = 0;
    for (let j = 1; j < w; j++) if (bank.keyCount(keys[last - j]) < bank.keyCount(keys[last - d])) d = j;
    visit(bank, keys[last - d], out, (s, si, anchor, stride) => {
      const p = anchor + d;
      const next = p + 1;
      // the window and the next word in one unit
      if (!s.inOneUnit(p - (w - 1), next)) return;
      const word = s.word;
      for (let j = 0; j < w; j++) if (keyOf[word[p - j]] !== keys[last - j]) return;
      let m = w;
      while (m <= last && p - m >= 0 && !s.isUnitStart(p - m + 1) && keyOf[word[p - m]] === keys[last - m]) m++;
      if (w < top && m > w) return;
      // the source must break where the draft breaks: `partners, |` continues after a comma only
      if (s.breaksBefore(next) !== q.afterBreak) return;
      if (!accepts(word[next])) return;
      let inexact = 0;
      for (let j = 0; j < m; j++) if (word[p - j] !== words[last - j]) inexact++;
      out.seg.push(si);
      out.pos.push(next);
      out.matched.push(m);
      out.weight.push(stride * (inexact > 0 ? 0.75 : 1) * (q.section === 'body' ? 1 : sectionBoost(s.sectionAt(p), q.section)));
      nextWords.add(word[next]);
    });
    if (nextWords.size >= q.limit) break;
  }
  return capCandidates(out);
}

/** With nothing typed on the line: the openings of clauses, from the cursor's kind of section first. */
function openerCandidates(bank: PhraseBank, q: ContinuationQuery, partial: string): Candidates {
  const out: Candidates = { seg: [], pos: [], weight: [], matched: [], truncated: false };
  const accepts = partialFilter(bank, partial);
  const { openers, openerStride: stride, base } = bank.index;
  if (stride > 1) out.truncated = true;
  let si = 0;
  for (const g of openers) {
    while (base[si + 1] <= g) si++;
    const s = bank.segments[si];
    const p = g - base[si];
    const boost = sectionBoost(s.sectionAt(p), q.section);
    // in a preamble or an action list, only that section's openings read right
    if (q.section !== 'body' && boost === 1) continue;
    if (!accepts(s.word[p])) continue;
    out.seg.push(si);
    out.pos.push(p);
    out.matched.push(0);
    out.weight.push(boost * stride);
  }
  return capCandidates(out);
}

/** Expressions starting with the word being typed, wherever they stand, when the context found too little. */
function wordStartCandidates(bank: PhraseBank, partial: string): Candidates {
  const out: Candidates = { seg: [], pos: [], weight: [], matched: [], truncated: false };
  if (STOP_WORDS.has(partial)) return out;
  for (const word of bank.vocab.startingWith(partial)) {
    visit(bank, bank.vocab.keyOf[word], out, (s, si, p, weight) => {
      if (s.word[p] !== word || s.endsClause(p)) return;
      out.seg.push(si);
      out.pos.push(p);
      out.matched.push(0);
      out.weight.push(weight);
    });
  }
  return capCandidates(out);
}

function sectionBoost(source: SectionKind, draft: SectionKind): number {
  return draft !== 'body' && source === draft ? 3 : 1;
}

/** Keeps the best-matched candidates whole and samples the weakest stratum that overflows, scaling its weights. */
function capCandidates(c: Candidates): Candidates {
  const n = c.pos.length;
  if (n <= CANDIDATE_CAP) return c;
  const byMatch = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    let l = byMatch.get(c.matched[i]);
    if (!l) byMatch.set(c.matched[i], (l = []));
    l.push(i);
  }
  const out: Candidates = { seg: [], pos: [], weight: [], matched: [], truncated: true };
  const take = (i: number, scale: number) => {
    out.seg.push(c.seg[i]);
    out.pos.push(c.pos[i]);
    out.matched.push(c.matched[i]);
    out.weight.push(c.weight[i] * scale);
  };
  for (const m of [...byMatch.keys()].sort((a, b) => b - a)) {
    const stratum = byMatch.get(m)!;
    const room = CANDIDATE_CAP - out.pos.length;
    if (room <= 0) break;
    if (stratum.length <= room) stratum.forEach((i) => take(i, 1));
    else {
      const step = stratum.length / room;
      for (let k = 0; k < room; k++) take(stratum[Math.floor(k * step)], step);
    }
  }
  return out;
}

interface Group {
  members: number[];
  score: number;
}

/** Each lower order of context counts this much less (the "stupid back-off" of web-scale n-gram models). */
const BACK_OFF = 0.4;

/**
 * Groups candidates by their next word and scores each group by back-off: its share of the
 * candidates that match at least m typed words, for the m where that is best, discounted by
 * how far m falls short of the longest match any source has.
 */
function groupByNextWord(bank: PhraseBank, c: Candidates): Group[] {
  const n = c.pos.length;
  let longest = 0;
  for (const m of c.matched) longest = Math.max(longest, m);
  const levels = longest + 1;
  const groupOf = new Int32Array(n);
  const ids = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const w = bank.segments[c.seg[i]].word[c.pos[i]];
    let g = ids.get(w);
    if (g === undefined) ids.set(w, (g = ids.size));
    groupOf[i] = g;
  }
  // weight of each group at exactly m matched words, and of all candidates at m or more
  const atMatch = new Float64Array(ids.size * levels);
  const total = new Float64Array(levels + 1);
  const sizes = new Int32Array(ids.size);
  for (let i = 0; i < n; i++) {
    atMatch[groupOf[i] * levels + c.matched[i]] += c.weight[i];
    total[c.matched[i]] += c.weight[i];
    sizes[groupOf[i]]++;
  }
  for (let m = longest - 1; m >= 0; m--) total[m] += total[m + 1];
  c.strength = new Float64Array(n);
  for (let i = 0; i < n; i++) c.strength[i] = c.weight[i] * BACK_OFF ** (longest - c.matched[i]);
  const groups: Group[] = [];
  for (let g = 0; g < ids.size; g++) {
    let score = 0;
    let atLeast = 0;
    for (let m = longest; m >= 0; m--) {
      atLeast += atMatch[g * levels + m];
      if (total[m] > 0) score = Math.max(score, BACK_OFF ** (longest - m) * (atLeast / total[m]));
    }
    groups.push({ members: new Array<number>(sizes[g]), score });
    sizes[g] = 0;
  }
  for (let i = 0; i < n; i++) groups[groupOf[i]].members[sizes[groupOf[i]]++] = i;
  return groups.sort((a, b) => b.score - a.score || b.members.length - a.members.length);
}

/** The group's consensus continuation, and its best source's clause when that runs further. */
function continueGroup(bank: PhraseBank, c: Candidates, g: Group): Continuation[] {
  let alive = g.members;
  let length = 1;
  const strength = c.strength!;
  let groupWeight = 0;
  for (const i of g.members) groupWeight += strength[i];
  while (length < MAX_CONSENSUS_WORDS) {
    const tally = new Map<number, number>();
    for (const i of alive) {
      const s = bank.segments[c.seg[i]];
      const r = c.pos[i] + length;
      if (r >= s.size || s.isClauseStart(r)) continue;
      tally.set(s.word[r], (tally.get(s.word[r]) ?? 0) + strength[i]);
    }
    let best = -1;
    let bestWeight = 0;
    for (const [w, wt] of tally) if (wt > bestWeight) [best, bestWeight] = [w, wt];
    if (best < 0 || bestWeight < AGREEMENT * groupWeight) break;
    alive = alive.filter((i) => {
      const s = bank.segments[c.seg[i]];
      const r = c.pos[i] + length;
      return r < s.size && !s.isClauseStart(r) && s.word[r] === best;
    });
    length++;
  }
  length = balanced(bank.segments[c.seg[alive[0]]], c.pos[alive[0]], length);
  length = withoutTrailingFunctionWords(bank, bank.segments[c.seg[alive[0]]], c.pos[alive[0]], length);
  const out = [describe(bank, c, alive, length, g.score, 'consensus')];
  // the best source's clause, and a reference phrase (a citation) to its end
  const top = strongest(c, g.members);
  const reference = g.members.find((i) => bank.segments[c.seg[i]].whole);
  for (const from of reference === undefined ? [top] : [top, reference]) {
    const s = bank.segments[c.seg[from]];
    let end = c.pos[from];
    while (end - c.pos[from] + 1 < MAX_CLAUSE_WORDS && !s.endsClause(end)) end++;
    const clauseLength = end - c.pos[from] + 1;
    if (clauseLength > length && s.endsClause(end)) {
      const same = g.members.filter((i) => sameWords(bank, c, i, from, clauseLength));
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

function strongest(c: Candidates, members: number[]): number {
  let top = members[0];
  for (const i of members) if (c.strength![i] > c.strength![top]) top = i;
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

function describe(bank: PhraseBank, c: Candidates, members: number[], length: number, score: number, kind: Continuation['kind']): Continuation {
  const top = strongest(c, members);
  const s = bank.segments[c.seg[top]];
  const p = c.pos[top];
  const origins = new Set<string>();
  // enough members to name the documents; a ×100 corpus would otherwise walk thousands
  for (const i of members.slice(0, 200)) {
    origins.add(bank.segments[c.seg[i]].originAt(c.pos[i]));
  }
  return {
    text: s.phraseText(p, p + length - 1), score, matched: c.matched[top], count: members.length, origins: [...origins], kind,
    sample: { unit: s.unitAt(s.unitOf(p)), start: s.wordStart(p), end: s.wordEnd(p + length - 1) },
  };
}
