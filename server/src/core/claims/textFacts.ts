/**
 * What the checker compares in a piece of text, read once: content terms (stemmed, with
 * their synonym group), quantities and dates, codes and instrument references, negations,
 * stance words, contrast words and actors. Claims and evidence sentences are read alike; what
 * only the best evidence needs (tokens, slots) is read when first asked for.
 */
import { foldCharacters, forEachWordSpan, stem, Token, tokenize, wordParts } from '../text/terms';
import { Actor, readActors } from './actors';
import {
  CONTRAST_OF, HEDGE_STEMS, NEGATIVE_STEMS, NEGATOR_WORDS, POSITIVE_STEMS, PROCEDURAL_STEMS, REPORTING_STEMS, SYNONYM_OF,
} from './lexicon';
import { Quantity, readQuantities } from './quantities';
import { Vocabulary } from './vocabulary';

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

/** What a `FactReader` reads in a text; read-only to its users. */
export interface TextFacts {
  text: string;
  tokens: Token[];
  terms: ContentTerm[];
  /**
   * The text's word forms (and those of the words its abbreviations stand for) as its reader
   * numbers them (see `WordForms`): in no order, possibly repeated, only ever looked through.
   */
  forms: Int32Array;
  /** The forms' stems, synonym groups and folded forms, as vocabulary ids: for tests and rare comparisons. */
  stemIds: readonly number[];
  groupIds: readonly number[];
  foldedIds: readonly number[];
  quantities: Quantity[];
  /**
   * Every quantity the text states, those inside an instrument reference included: a quantity
   * not among these is not among `quantities`, and finding that out needs no instruments read.
   */
  statedQuantities: Quantity[];
  codes: Token[];
  instruments: InstrumentRef[];
  /** Offsets of negating words (and `non-`/`un-` compounds' folded bases). */
  negations: { start: number; word: string }[];
  nonCompounds: Set<string>;
  positive: Token[];
  negative: Token[];
  actors: Actor[];
  /** The stems of five letters or more (their first letters' ids in `WordForms.prefix`). */
  prefixStems: readonly number[];
  hasStem(stem: string): boolean;
  hasFolded(folded: string): boolean;
}

const CAPS_RE = /^[A-Z][A-Z0-9]{1,7}s?$/;
/** Letters two stems must share at the start to be taken for forms of one word. */
const PREFIX = 5;

/**
 * Whether two stems with the same first letters (see `prefixIds`) are forms of one word: they
 * share 70 % of the shorter (`regularis` and `regular`, forms the stemmer leaves apart).
 */
export function sharesLongStart(a: string, b: string): boolean {
  let k = PREFIX;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k >= 0.7 * Math.min(a.length, b.length);
}

/**
 * Reads the facts of claims and evidence sentences alike, with one vocabulary, the session's
 * instrument knowledge, and the expansions of the sources' abbreviations. A text's terms are
 * read at once; its tokens and slots when first asked for, since most evidence sentences are
 * ranked by their terms alone.
 */
export class FactReader {
  readonly vocabulary = new Vocabulary();
  readonly forms = new WordForms();
  /** The form of each folded word read so far: its stem is a function of it. */
  private readonly words = new Map<string, number>();
  /** The form of each part that is no word (a number, a code), by its folded spelling. */
  private readonly others = new Map<string, number>();
  /** The forms of the text being read (`read` finishes one text before it starts another). */
  private scratch = new Int32Array(256);
  /** The ids of each word as written read so far (see `surfaceIds`). */
  private readonly surfaces = new SurfaceTable();

  constructor(
    private readonly instrumentReader?: InstrumentReader,
    private readonly expand?: (abbr: string) => string[] | undefined,
  ) {}

  read(text: string): TextFacts {
    let n = 0;
    const add = (form: number) => {
      if (n === this.scratch.length) {
        const wider = new Int32Array(n * 2);
        wider.set(this.scratch);
        this.scratch = wider;
      }
      this.scratch[n++] = form;
    };
    let abbreviations: string[] | undefined;
    forEachWordSpan(text, (start, end) => {
      const w = this.surfaces.get(text, start, end) ?? this.surfaceIds(text.slice(start, end));
      const parts = w.parts;
      for (let i = 0; i < parts.length; i++) add(parts[i]);
      if (w.abbreviations) (abbreviations ??= []).push(...w.abbreviations);
    });
    // an abbreviation in the text also says its expansion: "the HLD" covers "High-level Dialogue"
    const { expand } = this;
    if (expand && abbreviations) {
      for (const a of abbreviations) {
        for (const w of expand(a.replace(/s$/, '')) ?? expand(a) ?? []) {
          const f = foldCharacters(w);
          add(this.wordForm(f, stem(f)));
        }
      }
    }
    return new Facts(text, this, this.scratch.slice(0, n));
  }

  /**
   * What a word as written adds to a text's ids, its parts in order, and the abbreviations among
   * them (when the reader expands abbreviations): read once per distinct word.
   */
  private surfaceIds(surface: string): SurfaceIds {
    const v = this.vocabulary;
    const s: SurfaceIds = { surface, parts: [] };
    for (const p of wordParts(surface)) {
      if (p.kind !== 'word') {
        let form = this.others.get(p.folded);
        if (form === undefined) this.others.set(p.folded, (form = this.forms.add(v.id(p.folded), -1, -1, -1)));
        s.parts.push(form);
        continue;
      }
      s.parts.push(this.wordForm(p.folded, p.term));
      const c = surface.charCodeAt(p.offset);
      if (this.expand && c >= 65 && c <= 90) {
        const word = p.offset === 0 && p.length === surface.length ? surface : surface.slice(p.offset, p.offset + p.length);
        if (CAPS_RE.test(word)) (s.abbreviations ??= []).push(word);
      }
    }
    this.surfaces.add(s);
    return s;
  }

  /**
   * The facts of two adjacent sentences of a passage read as one text. Their terms are the two
   * sentences' terms (no token crosses the white space between sentences), so only the slots
   * are read again, and only if asked for.
   */
  join(text: string, first: TextFacts, second: TextFacts): TextFacts {
    const forms = new Int32Array(first.forms.length + second.forms.length);
    forms.set(first.forms);
    forms.set(second.forms, first.forms.length);
    return new Facts(text, this, forms);
  }

  /** The id of the first letters of a stem, as in `WordForms.prefix`; -1 for a stem too short to have one. */
  prefixOf(stem: string): number {
    return stem.length < PREFIX ? -1 : this.vocabulary.peek(stem.slice(0, PREFIX));
  }

  instrumentsIn(text: string): InstrumentRef[] {
    return this.instrumentReader ? this.instrumentReader(text) : [];
  }

  private wordForm(folded: string, term: string): number {
    let form = this.words.get(folded);
    if (form === undefined) {
      const v = this.vocabulary;
      const stemId = v.id(term);
      form = this.forms.add(v.id(folded), stemId, v.id(SYNONYM_OF.get(term) ?? term), term.length < PREFIX ? -1 : v.id(term.slice(0, PREFIX)));
      this.words.set(folded, form);
    }
    return form;
  }
}

/**
 * The word forms a reader has met, numbered, with the vocabulary ids of each one's folded
 * spelling, stem, synonym group and first letters (-1 where it has none: a part that is no
 * word has only its folded spelling, a stem under five letters no first letters). A text's
 * facts then hold one number per word: the five arrays of ids they held before were 26 MB of
 * the server's heap at x500, copied by the collector whenever new passages were read.
 */
export class WordForms {
  private columns = new Int32Array(4 * 1024);
  private count = 0;

  add(folded: number, stem: number, group: number, prefix: number): number {
    if (4 * this.count === this.columns.length) {
      const wider = new Int32Array(this.columns.length * 2);
      wider.set(this.columns);
      this.columns = wider;
    }
    const at = 4 * this.count;
    this.columns[at] = folded;
    this.columns[at + 1] = stem;
    this.columns[at + 2] = group;
    this.columns[at + 3] = prefix;
    return this.count++;
  }

  /** A form's id in one column (`FOLDED`, `STEM`, `GROUP` or `PREFIX`). */
  id(form: number, column: number): number {
    return this.columns[4 * form + column];
  }

  folded(form: number): number {
    return this.columns[4 * form + FOLDED];
  }

  stem(form: number): number {
    return this.columns[4 * form + STEM];
  }

  group(form: number): number {
    return this.columns[4 * form + GROUP];
  }

  prefix(form: number): number {
    return this.columns[4 * form + PREFIX_COLUMN];
  }
}

/** The columns of `WordForms`, in the order `add` takes them. */
const FOLDED = 0;
const STEM = 1;
const GROUP = 2;
const PREFIX_COLUMN = 3;

/** Distinct words as written whose ids a reader keeps; past this it starts again. */
const SURFACES_KEPT = 200_000;

/** A word as written: the ids of its parts, and which of them are abbreviations (`HLD`). */
interface SurfaceIds {
  surface: string;
  /** Its parts' forms (see `WordForms`). */
  parts: number[];
  abbreviations?: string[];
}

/**
 * The words as written a reader has read, found by their place in a text (its characters
 * hashed and compared there), so that looking a word up cuts no string out of the text.
 * Open addressing; a slot with hash 0 is empty.
 */
class SurfaceTable {
  private hashes = new Int32Array(1024);
  private entries: (SurfaceIds | undefined)[] = new Array(1024);
  private count = 0;

  get(text: string, start: number, end: number): SurfaceIds | undefined {
    const h = hashOf(text, start, end);
    const { hashes, entries } = this;
    const mask = hashes.length - 1;
    for (let s = h & mask; hashes[s] !== 0; s = (s + 1) & mask) {
      if (hashes[s] === h && sameChars(entries[s]!.surface, text, start, end)) return entries[s];
    }
    return undefined;
  }

  add(e: SurfaceIds): void {
    if (this.count >= SURFACES_KEPT) this.reset(1024);
    else if (2 * (this.count + 1) > this.hashes.length) this.grow();
    this.put(hashOf(e.surface, 0, e.surface.length), e);
    this.count++;
  }

  private put(h: number, e: SurfaceIds): void {
    const { hashes, entries } = this;
    const mask = hashes.length - 1;
    let s = h & mask;
    while (hashes[s] !== 0) s = (s + 1) & mask;
    hashes[s] = h;
    entries[s] = e;
  }

  private grow(): void {
    const { hashes, entries } = this;
    this.reset(hashes.length * 2);
    for (let s = 0; s < hashes.length; s++) if (hashes[s] !== 0) this.put(hashes[s], entries[s]!);
  }

  private reset(size: number): void {
    this.hashes = new Int32Array(size);
    this.entries = new Array(size);
    this.count = 0;
  }
}

/** FNV-1a of the characters, never 0. */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) | 1;
}

function sameChars(surface: string, text: string, start: number, end: number): boolean {
  if (surface.length !== end - start) return false;
  for (let i = 0; i < surface.length; i++) if (surface.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** Negations and stance words of a text: its tokens alone say them. */
interface Polarity {
  negations: { start: number; word: string }[];
  nonCompounds: Set<string>;
  positive: Token[];
  negative: Token[];
}

class Facts implements TextFacts {
  private tokenList?: Token[];
  private refs?: InstrumentRef[];
  private quantityList?: Quantity[];
  private statedList?: Quantity[];
  private polarity?: Polarity;
  private termList?: ContentTerm[];
  private codeList?: Token[];
  private actorList?: Actor[];

  constructor(readonly text: string, private readonly reader: FactReader, readonly forms: Int32Array) {}

  get stemIds(): number[] {
    return this.ids(STEM);
  }

  get groupIds(): number[] {
    return this.ids(GROUP);
  }

  get foldedIds(): number[] {
    return this.ids(FOLDED);
  }

  get prefixStems(): number[] {
    return this.ids(STEM, PREFIX_COLUMN);
  }

  get tokens(): Token[] {
    return (this.tokenList ??= tokenize(this.text));
  }

  get quantities(): Quantity[] {
    // the year of a cited instrument ("Convention, 1949 (No. 97)") is the citation's, checked with it
    return (this.quantityList ??= this.statedQuantities.filter((q) => !this.instruments.some((r) => q.start >= r.start && q.end <= r.end)));
  }

  get statedQuantities(): Quantity[] {
    return (this.statedList ??= readQuantities(this.text));
  }

  get instruments(): InstrumentRef[] {
    return (this.refs ??= this.reader.instrumentsIn(this.text));
  }

  // an evidence sentence is asked for some of these only, as the claim's slots require
  get terms(): ContentTerm[] {
    return (this.termList ??= readTerms(this.tokens, this.quantities, this.instruments, this.actors));
  }

  get codes(): Token[] {
    return (this.codeList ??= readCodes(this.tokens, this.instruments));
  }

  get negations(): { start: number; word: string }[] {
    return this.readPolarity().negations;
  }

  get nonCompounds(): Set<string> {
    return this.readPolarity().nonCompounds;
  }

  get positive(): Token[] {
    return this.readPolarity().positive;
  }

  get negative(): Token[] {
    return this.readPolarity().negative;
  }

  get actors(): Actor[] {
    return (this.actorList ??= readActors(this.text));
  }

  hasStem(stem: string): boolean {
    return this.holds(STEM, stem);
  }

  hasFolded(folded: string): boolean {
    return this.holds(FOLDED, folded);
  }

  /** Whether a form of the text has `word` in a column of its reader's `WordForms`. */
  private holds(column: number, word: string): boolean {
    const id = this.reader.vocabulary.peek(word);
    if (id < 0) return false;
    const { forms } = this;
    const w = this.reader.forms;
    for (let k = 0; k < forms.length; k++) if (w.id(forms[k], column) === id) return true;
    return false;
  }

  /** Each form's id in `column`, for the forms that have one there and in `where`. */
  private ids(column: number, where = column): number[] {
    const out: number[] = [];
    const w = this.reader.forms;
    for (const f of this.forms) if (w.id(f, column) >= 0 && w.id(f, where) >= 0) out.push(w.id(f, column));
    return out;
  }

  private readPolarity(): Polarity {
    return (this.polarity ??= readPolarity(this.text, this.tokens));
  }
}

function readPolarity(text: string, tokens: Token[]): Polarity {
  const negations: { start: number; word: string }[] = [];
  const nonCompounds = new Set<string>();
  const positive: Token[] = [];
  const negative: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // "No. 97" and "Nos 97 and 143" number instruments, they negate nothing
    const numbering = (t.folded === 'no' || t.folded === 'nos') && /^\.?\s*\d/.test(text.slice(t.end));
    if ((NEGATOR_WORDS.has(t.folded) && !numbering) || t.folded.endsWith("n't")) negations.push({ start: t.start, word: t.surface });
    if ((t.folded === 'non' || t.folded === 'un') && tokens[i + 1] && text.slice(t.end, tokens[i + 1].start) === '-') {
      nonCompounds.add(tokens[i + 1].folded);
    }
    if (POSITIVE_STEMS.has(t.term)) positive.push(t);
    if (NEGATIVE_STEMS.has(t.term)) negative.push(t);
  }
  return { negations, nonCompounds, positive, negative };
}

const inSpan = (t: Token, spans: { start: number; end: number }[]) => spans.length > 0 && spans.some((s) => t.start >= s.start && t.end <= s.end);

/** Codes (`ISCO-08`, `GB.316/POL/1`) outside the instrument references. */
function readCodes(tokens: Token[], refs: InstrumentRef[]): Token[] {
  const codes: Token[] = [];
  for (const t of tokens) if (t.kind === 'code' && !inSpan(t, refs)) codes.push(t);
  return codes;
}

/** Content terms: the words that are no slot (quantity, reference, actor), reporting or hedge. */
function readTerms(tokens: Token[], quantities: Quantity[], refs: InstrumentRef[], actors: Actor[]): ContentTerm[] {
  const terms: ContentTerm[] = [];
  for (const t of tokens) {
    if (t.kind === 'code') continue;
    if (t.stop || t.kind === 'number') continue;
    if (t.folded.length < 2) continue;
    if (inSpan(t, quantities) || inSpan(t, refs) || inSpan(t, actors)) continue;
    if (REPORTING_STEMS.has(t.term) || HEDGE_STEMS.has(t.term)) continue;
    if (MONTH_WORDS.has(t.folded)) continue;
    const weightFactor = PROCEDURAL_STEMS.has(t.term) ? 0.25 : 1;
    terms.push({ stem: t.term, group: SYNONYM_OF.get(t.term) ?? t.term, weightFactor, token: t });
  }
  return terms;
}

const MONTH_WORDS = new Set(['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

/** The tokens of a text that have contrasting words (`women`, `high-skilled`), in order. */
export function contrastingWords(text: TextFacts): Token[] {
  return text.tokens.filter((t) => CONTRAST_OF.has(t.folded));
}

/**
 * Words of the claim that contrast with words of the evidence the claim does not share;
 * `contrasting` is `contrastingWords(claim)`, read once for all the evidence of a claim.
 */
export function contrastsBetween(claim: TextFacts, evidence: TextFacts, contrasting = contrastingWords(claim)): { claimWord: string; sourceWord: string }[] {
  const out: { claimWord: string; sourceWord: string }[] = [];
  for (const t of contrasting) {
    const opposite = CONTRAST_OF.get(t.folded)!;
    if (evidence.hasFolded(t.folded)) continue;
    for (const o of opposite) {
      if (evidence.hasFolded(o) && !claim.hasFolded(o)) {
        out.push({ claimWord: t.surface, sourceWord: o });
        break;
      }
    }
  }
  return out;
}
