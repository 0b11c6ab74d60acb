/**
 * Checks a draft sentence against the sources, deterministically and with its reasons:
 * retrieve candidate passages, align the claim with each sentence (and each pair of adjacent
 * sentences) by content coverage, then compare typed slots one by one (quantities, dates,
 * instruments and codes, actors, negation and stance, contrasting words). The verdict names
 * the evidence and, for a mismatch, the slot and both values.
 */
import { Corpus, ScoredPassage } from '../corpus/corpus';
import { Passage, passageLabel } from '../corpus/document';
import { sameStatement } from './editions';
import { collapseSpace, Span } from '../text/sentences';
import { Token } from '../text/terms';
import { documentAliases, PassageSpeakers, sameActor } from './actors';
import { GenerationCache } from '../lruCache';
import { kinship, sameQuantity, Quantity } from './quantities';
import { contrastingWords, contrastsBetween, FactReader, InstrumentReader, TextFacts } from './textFacts';
import { ClaimCoverage, WeightedTerm } from './coverage';
import { isClaim } from './claimDetection';

export type ClaimCode = 'unsupported-claim' | 'number-mismatch' | 'date-mismatch' | 'instrument-mismatch' | 'attribution-mismatch' | 'negation-mismatch';

export interface EvidenceUnit {
  passage: Passage;
  /** The sentence or two adjacent sentences aligned with the claim (offsets in passage text). */
  span: Span;
  coverage: number;
  /** Spans of passage text that share a term with the claim. */
  matched: Span[];
}

export interface SlotConflict {
  code: ClaimCode;
  slot: 'number' | 'date' | 'instrument' | 'actor' | 'negation' | 'stance' | 'contrast' | 'missing';
  /** The draft's value and where it is in the claim (offsets in claim text). */
  claimValue: string;
  claimStart: number;
  claimEnd: number;
  /** The source's value, when it states one. */
  sourceValue?: string;
}

export type Verdict = 'supported' | 'mismatch' | 'unsupported';

export interface ClaimFinding {
  verdict: Verdict;
  code?: ClaimCode;
  message: string;
  coverage: number;
  evidence: EvidenceUnit[];
  conflict?: SlotConflict;
}

export interface CheckerOptions {
  /** Coverage at or above which a claim whose slots agree is supported. */
  supportThreshold: number;
  /** Coverage at or above which a passage is close enough for a slot mismatch to be named. */
  relatedThreshold: number;
  /** Passages retrieved per claim. */
  candidates: number;
  /** Sentences longer than this are not checked (and say so). */
  maxClaimChars: number;
}

export const DEFAULT_CHECKER_OPTIONS: CheckerOptions = { supportThreshold: 0.72, relatedThreshold: 0.45, candidates: 12, maxClaimChars: 2500 };

const IDF_PRIOR_PASSAGES = 100;

/**
 * How many passages' sentence facts, pairs of sentences' facts and draft sentences' findings
 * are kept: enough for the candidates of a few drafts, bounded whatever the corpus size.
 */
const PASSAGE_FACTS_CACHED = 4000;
const SENTENCE_FACTS_CACHED = 16000;
const PAIR_FACTS_CACHED = 4000;
const FINDINGS_CACHED = 5000;

interface UnitFacts {
  passage: Passage;
  span: Span;
  facts: TextFacts;
  /** For a pair of sentences, the one that carries most of the claim: polarity is read there. */
  core?: TextFacts;
  /** The share of the claim the unit covers (as `ClaimCoverage.of` says), once scored. */
  covers?: number;
}

/** Units compared slot by slot, best first. */
const JUDGED = 8;
/** Evidence units a finding names, best first. */
const EVIDENCE_SHOWN = 3;

export class ClaimChecker {
  private readonly speakers = new PassageSpeakers();
  private aliasTable: Map<string, Set<string>> | undefined;
  private readonly sentenceFacts = new GenerationCache<Passage, TextFacts[]>(PASSAGE_FACTS_CACHED);
  /** Findings by sentence: a recheck looks up every sentence of the draft, all but one found. */
  private readonly cache = new GenerationCache<string, ClaimFinding | null>(FINDINGS_CACHED);
  /**
   * Facts by the text read: a large corpus repeats sentences (and pairs of them) from passage
   * to passage, and what a text holds depends on the text alone.
   */
  private readonly textFacts = new GenerationCache<string, TextFacts>(SENTENCE_FACTS_CACHED);
  private readonly pairs = new GenerationCache<TextFacts, { second: TextFacts; gap: string; facts: TextFacts }[]>(PAIR_FACTS_CACHED);
  private readonly maxIdf: number;
  private readonly reader: FactReader;

  constructor(
    private readonly corpus: Corpus,
    private readonly options: CheckerOptions = DEFAULT_CHECKER_OPTIONS,
    instruments?: InstrumentReader,
    expand?: (abbr: string) => string[] | undefined,
  ) {
    // nothing here reads the whole corpus: speakers are read per candidate passage, aliases on first need
    this.maxIdf = this.idf(0);
    this.reader = new FactReader(instruments, expand);
  }

  /** Person–office aliases of the corpus, read once, the first time a claim's actor needs them. */
  private readonly aliases = (): Map<string, Set<string>> =>
    (this.aliasTable ??= documentAliases(this.corpus.documents));

  isCached(sentence: string): boolean {
    return this.cache.has(collapseSpace(sentence));
  }

  /** The finding for a draft sentence, or null when the sentence carries no factual claim. */
  check(sentence: string): ClaimFinding | null {
    const key = collapseSpace(sentence);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const result = this.compute(key);
    this.cache.set(key, result);
    return result;
  }

  private compute(text: string): ClaimFinding | null {
    if (!isClaim(text, () => this.readText(text).tokens)) return null;
    if (text.length > this.options.maxClaimChars) {
      return { verdict: 'unsupported', message: `Sentence too long to check (${text.length} characters; limit ${this.options.maxClaimChars}).`, coverage: 0, evidence: [] };
    }
    // a claim copied from a source is read once, as a claim and as evidence
    const claim = this.readText(text);
    const units = this.candidateUnits(text);
    // quantities and instruments count as much as a word found in one passage in two
    const covered = new ClaimCoverage(claim, this.weigh(claim), this.reader, this.maxIdf * 0.5);
    const scored = this.scoreUnits(covered, units);
    if (units.length === 0 || claim.terms.length + claim.quantities.length + claim.instruments.length === 0) {
      return { verdict: 'unsupported', code: 'unsupported-claim', message: 'No source passage supports this claim.', coverage: 0, evidence: [] };
    }
    const { supportThreshold, relatedThreshold } = this.options;
    const words = claimWords(claim);
    // the best unit's slots are compared whatever the verdict; the others' only while they
    // cover enough to support the claim (they come best first), until one agrees
    const best = { ...scored[0], conflicts: this.compareSlots(claim, words, scored[0].u) };
    const ranked = scored.map((j) => j.u);
    for (let i = 0; i < scored.length && scored[i].coverage >= supportThreshold; i++) {
      const agrees = (i === 0 ? best.conflicts : this.compareSlots(claim, words, scored[i].u)).length === 0;
      if (agrees) return this.finding('supported', claim, words, scored[i].u, scored[i].coverage, ranked);
    }
    if (best.coverage >= relatedThreshold) {
      const named = best.conflicts.find((c) => c.slot !== 'missing') ?? (best.coverage >= supportThreshold ? best.conflicts[0] : undefined);
      if (named) return this.finding('mismatch', claim, words, best.u, best.coverage, ranked, named);
    }
    const missing = best.conflicts.find((c) => c.slot === 'missing');
    return this.finding('unsupported', claim, words, best.u, best.coverage, ranked, missing);
  }

  private finding(verdict: Verdict, claim: TextFacts, words: ClaimWords, u: UnitFacts, coverage: number, ranked: UnitFacts[], conflict?: SlotConflict): ClaimFinding {
    const evidence = distinctUnits([u, ...ranked.filter((r) => r !== u)], EVIDENCE_SHOWN).map((x) => evidenceUnit(claim, words, x));
    const where = passageLabel(u.passage);
    let message: string;
    let code: ClaimCode | undefined;
    if (verdict === 'supported') message = `Supported by ${where}.`;
    else if (conflict && conflict.slot !== 'missing') {
      code = conflict.code;
      const what = { number: 'a different figure', date: 'a different date', instrument: 'a different instrument', actor: 'a different speaker', negation: 'the opposite', stance: 'a different position', contrast: 'something different', missing: '' }[conflict.slot];
      message = conflict.sourceValue !== undefined
        ? `Source says ${quote(conflict.sourceValue)} (${where}); draft says ${quote(conflict.claimValue)}.`
        : `Source says ${what} (${where}): draft has ${quote(conflict.claimValue)}.`;
    } else if (conflict) {
      code = 'unsupported-claim';
      message = `No source states ${quote(conflict.claimValue)}; closest passage: ${where}.`;
    } else {
      code = 'unsupported-claim';
      message = `No source passage supports this claim; closest: ${where} (${Math.round(coverage * 100)}% of its content).`;
    }
    return { verdict, code, message, coverage, evidence, conflict };
  }

  private candidateUnits(text: string): UnitFacts[] {
    const hits = this.candidates(text);
    const units: UnitFacts[] = [];
    for (const { passage } of hits) {
      const facts = this.factsOf(passage);
      passage.sentences.forEach((span, i) => units.push({ passage, span, facts: facts[i] }));
    }
    return units;
  }

  /**
   * Coverage of each sentence, and of two adjacent sentences taken together where that covers
   * clearly more than either alone (a claim that joins what a source says in two sentences):
   * the `JUDGED` best, best first, ties in the order of the sentences and then of the pairs.
   */
  private scoreUnits(covered: ClaimCoverage, singles: UnitFacts[]): { u: UnitFacts; coverage: number }[] {
    const top: { u: UnitFacts; coverage: number }[] = [];
    for (const u of singles) {
      u.covers = covered.of(u.facts);
      keepBest(top, u, u.covers);
    }
    for (let i = 0; i + 1 < singles.length; i++) {
      const a = singles[i];
      const b = singles[i + 1];
      if (a.passage !== b.passage || a.covers! + b.covers! < 0.5) continue;
      const span = { start: a.span.start, end: b.span.end };
      const facts = this.pairFacts(a, b);
      const covers = covered.of(facts);
      const coverage = covers * 0.97;
      if (coverage > Math.max(a.covers!, b.covers!) + 0.08) {
        keepBest(top, { passage: a.passage, span, facts, core: a.covers! >= b.covers! ? a.facts : b.facts, covers }, coverage);
      }
    }
    return top;
  }

  /**
   * The passages to align the claim with. Headings are no evidence; asking the index for
   * exactly the passages needed is cheaper than for the spare ones a filter needs, and when a
   * heading is among them the filtered search gives the same ranking of the others.
   */
  private candidates(text: string): ScoredPassage[] {
    const k = this.options.candidates;
    const top = this.corpus.search(text, k);
    if (top.every(({ passage }) => passage.kind !== 'heading')) return top;
    return this.corpus.search(text, k, (p) => p.kind !== 'heading');
  }

  /**
   * The facts of two adjacent sentences read as one, kept by the first sentence's facts (those of
   * its text), the second's and what lies between them: together they are the pair's text.
   */
  private pairFacts(a: UnitFacts, b: UnitFacts): TextFacts {
    const gap = a.passage.text.slice(a.span.end, b.span.start);
    let known = this.pairs.get(a.facts);
    const hit = known?.find((x) => x.second === b.facts && x.gap === gap);
    if (hit) return hit.facts;
    const facts = this.reader.join(a.passage.text.slice(a.span.start, b.span.end), a.facts, b.facts);
    if (!known) this.pairs.set(a.facts, (known = []));
    known.push({ second: b.facts, gap, facts });
    return facts;
  }

  private factsOf(p: Passage): TextFacts[] {
    let f = this.sentenceFacts.get(p);
    if (!f) {
      const text = p.text;
      f = p.sentences.map((s) => this.readText(text.slice(s.start, s.end)));
      this.sentenceFacts.set(p, f);
    }
    return f;
  }

  private readText(text: string): TextFacts {
    let f = this.textFacts.get(text);
    if (!f) {
      f = this.reader.read(text);
      this.textFacts.set(text, f);
    }
    return f;
  }

  /**
   * Rarity of a term in the corpus, smoothed as if the corpus had a hundred more passages
   * without it, so that a corpus of a few files does not make every word count alike.
   */
  private idf(df: number): number {
    const n = this.corpus.passageCount + IDF_PRIOR_PASSAGES;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** How much each distinct content term of the claim counts: its IDF, less for procedure. */
  private weigh(claim: TextFacts): WeightedTerm[] {
    const out: WeightedTerm[] = [];
    const seen = new Set<string>();
    for (const t of claim.terms) {
      if (seen.has(t.stem)) continue;
      seen.add(t.stem);
      const idf = this.idf(this.corpus.index.documentFrequency(t.stem));
      out.push({ term: t, w: Math.max(0.2, idf) * t.weightFactor });
    }
    return out;
  }

  private compareSlots(claim: TextFacts, words: ClaimWords, u: UnitFacts): SlotConflict[] {
    const ev = u.facts;
    const out: SlotConflict[] = [];
    // quantities and dates
    const used = new Set<Quantity>();
    for (const q of claim.quantities) {
      const same = ev.quantities.find((e) => sameQuantity(q, e));
      if (same) {
        used.add(same);
        continue;
      }
    }
    for (const q of claim.quantities) {
      if (ev.quantities.some((e) => sameQuantity(q, e))) continue;
      let other: Quantity | undefined;
      let bestKin = -Infinity;
      for (const e of ev.quantities) {
        const k = kinship(q, e);
        // a figure is only paired with one that counts the same thing (a share, money, a count)
        if (e.kind === q.kind && (q.kind === 'date' || e.unit === q.unit) && !used.has(e) && k > bestKin) {
          bestKin = k;
          other = e;
        }
      }
      const code: 'number-mismatch' | 'date-mismatch' = q.kind === 'number' ? 'number-mismatch' : 'date-mismatch';
      if (other) out.push({ code, slot: q.kind === 'number' ? 'number' : 'date', claimValue: q.text, claimStart: q.start, claimEnd: q.end, sourceValue: other.text });
      else out.push({ code: 'unsupported-claim', slot: 'missing', claimValue: q.text, claimStart: q.start, claimEnd: q.end });
    }
    // instruments and codes (ISCO-08, GB.316/POL/1)
    for (const r of claim.instruments) {
      if (ev.instruments.some((e) => e.id === r.id)) continue;
      const claimIds = words.instrumentIds;
      const other = ev.instruments.find((e) => !claimIds.has(e.id));
      if (other) out.push({ code: 'instrument-mismatch', slot: 'instrument', claimValue: r.text, claimStart: r.start, claimEnd: r.end, sourceValue: other.text });
      else out.push({ code: 'unsupported-claim', slot: 'missing', claimValue: r.text, claimStart: r.start, claimEnd: r.end });
    }
    for (const c of claim.codes) {
      if (ev.codes.some((e) => e.term === c.term)) continue;
      const prefix = c.term.replace(/[\d.\/-]+$/, '');
      const other = ev.codes.find((e) => prefix.length > 1 && e.term.startsWith(prefix));
      if (other) out.push({ code: 'instrument-mismatch', slot: 'instrument', claimValue: c.surface, claimStart: c.start, claimEnd: c.end, sourceValue: other.surface });
      else out.push({ code: 'unsupported-claim', slot: 'missing', claimValue: c.surface, claimStart: c.start, claimEnd: c.end });
    }
    // actors: the claim's speaker must be the passage's
    const evActors = claim.actors.length ? [...ev.actors, ...this.speakers.of(u.passage)] : [];
    if (evActors.length > 0) {
      for (const a of claim.actors) {
        if (evActors.some((e) => sameActor(a.key, e.key, this.aliases))) continue;
        const kind = a.key.split(':')[0];
        const other = evActors.find((e) => e.key.split(':')[0] === kind) ?? evActors[0];
        out.push({ code: 'attribution-mismatch', slot: 'actor', claimValue: a.text, claimStart: a.start, claimEnd: a.end, sourceValue: other.text });
      }
    }
    // negation, within the part of the evidence that the claim aligns with
    const core = u.core ?? ev;
    const window = alignedWindow(words, core);
    const evNeg = core.negations.filter((n) => n.start >= window.start && n.start <= window.end);
    if ((claim.negations.length > 0) !== (evNeg.length > 0)) {
      const n = claim.negations[0];
      if (n) out.push({ code: 'negation-mismatch', slot: 'negation', claimValue: n.word, claimStart: n.start, claimEnd: n.start + n.word.length, sourceValue: `no “${n.word}”` });
      else {
        const e = evNeg[0];
        out.push({ code: 'negation-mismatch', slot: 'negation', claimValue: 'no negation', claimStart: 0, claimEnd: claim.text.length, sourceValue: e.word });
      }
    } else {
      // both negate, but not the same thing: "a choice, not a necessity" against "a necessity, not a choice"
      const evTargets = negatedTerms(core, window);
      for (const t of words.negated) {
        if (evTargets.size && !evTargets.has(t.term) && core.hasStem(t.term)) {
          out.push({ code: 'negation-mismatch', slot: 'negation', claimValue: `not ${t.surface}`, claimStart: t.start, claimEnd: t.end, sourceValue: `not ${[...evTargets.values()][0].surface}` });
          break;
        }
      }
    }
    for (const t of core.nonCompounds.size ? claim.tokens : []) {
      if (core.nonCompounds.has(t.folded) && !claim.nonCompounds.has(t.folded)) {
        out.push({ code: 'negation-mismatch', slot: 'negation', claimValue: t.surface, claimStart: t.start, claimEnd: t.end, sourceValue: `non-${t.surface}` });
      }
    }
    // stance: welcomed versus regretted
    const evPos = core.positive.filter((t) => t.start >= window.start && t.start <= window.end);
    const evNegStance = core.negative.filter((t) => t.start >= window.start && t.start <= window.end);
    if (claim.positive.length && !claim.negative.length && evNegStance.length && !evPos.length) {
      const t = claim.positive[0];
      out.push({ code: 'negation-mismatch', slot: 'stance', claimValue: t.surface, claimStart: t.start, claimEnd: t.end, sourceValue: evNegStance[0].surface });
    } else if (claim.negative.length && !claim.positive.length && evPos.length && !evNegStance.length) {
      const t = claim.negative[0];
      out.push({ code: 'negation-mismatch', slot: 'stance', claimValue: t.surface, claimStart: t.start, claimEnd: t.end, sourceValue: evPos[0].surface });
    }
    // contrasting words: high-skilled versus low-skilled, women versus men
    for (const c of contrastsBetween(claim, core, words.contrasting)) {
      const t = claim.tokens.find((x) => x.surface === c.claimWord)!;
      out.push({ code: 'unsupported-claim', slot: 'contrast', claimValue: c.claimWord, claimStart: t.start, claimEnd: t.end, sourceValue: c.sourceWord });
    }
    return out;
  }
}

/**
 * The first `count` units that are not a version of one before them (see `sameStatement`): at
 * ×500, half the related information sent with every recheck was such copies.
 */
function distinctUnits(units: UnitFacts[], count: number): UnitFacts[] {
  const out: UnitFacts[] = [];
  for (const x of units) {
    if (out.length === count) break;
    if (!out.some((y) => sameStatement(x.passage.doc, () => x.facts.stemIds, y.passage.doc, () => y.facts.stemIds))) out.push(x);
  }
  return out;
}

/** The claim's words an evidence sentence is aligned and marked by, read once per claim. */
interface ClaimWords {
  stems: Set<string>;
  groups: Set<string>;
  quantities: Set<string>;
  /** The ids of the instruments the claim cites. */
  instrumentIds: Set<string>;
  /** What the claim says is not so (see `negatedTerms`), in the claim's order. */
  negated: Token[];
  /** The claim's words that have contrasting words (see `contrastingWords`). */
  contrasting: Token[];
}

function claimWords(claim: TextFacts): ClaimWords {
  return {
    stems: new Set(claim.terms.map((t) => t.stem)),
    groups: new Set(claim.terms.map((t) => t.group)),
    quantities: new Set(claim.quantities.map((q) => q.text.toLowerCase())),
    instrumentIds: new Set(claim.instruments.map((x) => x.id)),
    negated: [...negatedTerms(claim, { start: 0, end: claim.text.length }).values()],
    contrasting: contrastingWords(claim),
  };
}

/**
 * Adds a unit to the best so far (at most `JUDGED`, best first) after those that cover as much:
 * the first `JUDGED` of all the units sorted by coverage, as a stable sort orders them.
 */
function keepBest(top: { u: UnitFacts; coverage: number }[], u: UnitFacts, coverage: number): void {
  if (top.length === JUDGED && coverage <= top[JUDGED - 1].coverage) return;
  let i = top.length;
  while (i > 0 && top[i - 1].coverage < coverage) i--;
  top.splice(i, 0, { u, coverage });
  if (top.length > JUDGED) top.pop();
}

function evidenceUnit(claim: TextFacts, words: ClaimWords, u: UnitFacts): EvidenceUnit {
  const matched: Span[] = [];
  for (const t of u.facts.tokens) {
    if (t.stop) continue;
    const hit = words.stems.has(t.term) || words.groups.has(t.term) || (words.quantities.size > 0 && words.quantities.has(t.surface.toLowerCase())) || (t.kind !== 'word' && claim.hasFolded(t.folded));
    if (hit) matched.push({ start: u.span.start + t.start, end: u.span.start + t.end });
  }
  return { passage: u.passage, span: u.span, coverage: u.covers!, matched };
}

/** The first content word after each negation: what the text says is not so. */
function negatedTerms(facts: TextFacts, window: Span): Map<string, Token> {
  const out = new Map<string, Token>();
  for (const n of facts.negations) {
    if (n.start < window.start || n.start > window.end) continue;
    const next = facts.tokens.find((t) => t.start > n.start && !t.stop && t.kind === 'word');
    if (next && next.start - n.start < 40) out.set(next.term, next);
  }
  return out;
}

/** The stretch of the evidence from its first to its last word shared with the claim. */
function alignedWindow(claim: ClaimWords, ev: TextFacts): Span {
  let start = Infinity;
  let end = -1;
  for (const t of ev.tokens) {
    if (!t.stop && claim.stems.has(t.term)) {
      start = Math.min(start, t.start);
      end = Math.max(end, t.end);
    }
  }
  if (end < 0) return { start: 0, end: ev.text.length };
  // a negation just before the first shared word still governs it ("cannot be solved")
  return { start: Math.max(0, start - 25), end };
}

function quote(s: string): string {
  return `“${s.replace(/\s+/g, ' ')}”`;
}
