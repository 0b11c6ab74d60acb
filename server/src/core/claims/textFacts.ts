/**
 * What the checker compares in a piece of text, read once: content terms (stemmed, with
 * their synonym group), quantities and dates, codes and instrument references, negations,
 * stance words, contrast words and actors. Claims and evidence sentences are read alike.
 */
import { foldCharacters, stem, Token, tokenize } from '../text/terms';
import { Actor, readActors } from './actors';
import {
  CONTRAST_OF, HEDGE_STEMS, NEGATIVE_STEMS, NEGATOR_WORDS, POSITIVE_STEMS, PROCEDURAL_STEMS, REPORTING_STEMS, SYNONYM_OF,
} from './lexicon';
import { Quantity, readQuantities } from './quantities';

export interface InstrumentRef {
  /** Canonical id, e.g. C097. */
  id: string;
  start: number;
  end: number;
  text: string;
}

/** Finds instrument references in a text; the instrument recogniser provides it. */
export type InstrumentReader = (text: string) => InstrumentRef[];

export interface ContentTerm {
  stem: string;
  /** Synonym group id, or the stem itself. */
  group: string;
  /** How much the term counts towards coverage (IDF, reduced for procedural words). */
  weightFactor: number;
  token: Token;
}

export interface TextFacts {
  text: string;
  tokens: Token[];
  terms: ContentTerm[];
  stems: Set<string>;
  groups: Set<string>;
  folded: Set<string>;
  quantities: Quantity[];
  codes: Token[];
  instruments: InstrumentRef[];
  /** Offsets of negating words (and `non-`/`un-` compounds' folded bases). */
  negations: { start: number; word: string }[];
  nonCompounds: Set<string>;
  positive: Token[];
  negative: Token[];
  actors: Actor[];
  /** Abbreviations in the text (upper-case tokens of 2–8 letters). */
  abbreviations: Token[];
}

const CAPS_RE = /^[A-Z][A-Z0-9]{1,7}s?$/;

export function readFacts(text: string, instruments?: InstrumentReader, expand?: (abbr: string) => string[] | undefined): TextFacts {
  const tokens = tokenize(text);
  const actors = readActors(text);
  const refs = instruments ? instruments(text) : [];
  // the year of a cited instrument ("Convention, 1949 (No. 97)") is the citation's, checked with it
  const quantities = readQuantities(text).filter((q) => !refs.some((r) => q.start >= r.start && q.end <= r.end));
  const inSpan = (t: Token, spans: { start: number; end: number }[]) => spans.some((s) => t.start >= s.start && t.end <= s.end);
  const terms: ContentTerm[] = [];
  const stems = new Set<string>();
  const groups = new Set<string>();
  const folded = new Set<string>();
  const codes: Token[] = [];
  const negations: { start: number; word: string }[] = [];
  const nonCompounds = new Set<string>();
  const positive: Token[] = [];
  const negative: Token[] = [];
  const abbreviations: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    folded.add(t.folded);
    if (t.kind === 'word') {
      stems.add(t.term);
      groups.add(SYNONYM_OF.get(t.term) ?? t.term);
    }
    // "No. 97" and "Nos 97 and 143" number instruments, they negate nothing
    const numbering = /^nos?$/.test(t.folded) && /^\.?\s*\d/.test(text.slice(t.end));
    if ((NEGATOR_WORDS.has(t.folded) && !numbering) || t.folded.endsWith("n't")) negations.push({ start: t.start, word: t.surface });
    if ((t.folded === 'non' || t.folded === 'un') && tokens[i + 1] && text.slice(t.end, tokens[i + 1].start) === '-') {
      nonCompounds.add(tokens[i + 1].folded);
    }
    if (POSITIVE_STEMS.has(t.term)) positive.push(t);
    if (NEGATIVE_STEMS.has(t.term)) negative.push(t);
    if (t.kind === 'code') {
      if (!inSpan(t, refs)) codes.push(t);
      continue;
    }
    if (CAPS_RE.test(t.surface) && t.kind === 'word') abbreviations.push(t);
    if (t.stop || t.kind === 'number') continue;
    if (t.folded.length < 2) continue;
    if (inSpan(t, quantities) || inSpan(t, refs) || inSpan(t, actors)) continue;
    if (REPORTING_STEMS.has(t.term) || HEDGE_STEMS.has(t.term)) continue;
    if (MONTH_WORDS.has(t.folded)) continue;
    const weightFactor = PROCEDURAL_STEMS.has(t.term) ? 0.25 : 1;
    terms.push({ stem: t.term, group: SYNONYM_OF.get(t.term) ?? t.term, weightFactor, token: t });
  }
  // an abbreviation in the text also says its expansion: "the HLD" covers "High-level Dialogue"
  if (expand) {
    for (const a of abbreviations) {
      for (const w of expand(a.surface.replace(/s$/, '')) ?? expand(a.surface) ?? []) {
        const s = stem(foldCharacters(w));
        stems.add(s);
        groups.add(SYNONYM_OF.get(s) ?? s);
        folded.add(foldCharacters(w));
      }
    }
  }
  return { text, tokens, terms, stems, groups, folded, quantities, codes, instruments: refs, negations, nonCompounds, positive, negative, actors, abbreviations };
}

const MONTH_WORDS = new Set(['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

/** Words of the claim that contrast with words of the evidence the claim does not share. */
export function contrastsBetween(claim: TextFacts, evidence: TextFacts): { claimWord: string; sourceWord: string }[] {
  const out: { claimWord: string; sourceWord: string }[] = [];
  for (const t of claim.tokens) {
    const opposite = CONTRAST_OF.get(t.folded);
    if (!opposite || evidence.folded.has(t.folded)) continue;
    for (const o of opposite) {
      if (evidence.folded.has(o) && !claim.folded.has(o)) {
        out.push({ claimWord: t.surface, sourceWord: o });
        break;
      }
    }
  }
  return out;
}
