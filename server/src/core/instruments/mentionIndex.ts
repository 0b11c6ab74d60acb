/**
 * Every instrument mention, abbreviation definition and use, and document symbol in the
 * loaded sources, found once per corpus so that hovers and references are lookups. It is
 * also the registry's second layer: what the sources themselves state about an instrument
 * (the titles and years they cite), with each disagreement with the registry kept as a
 * conflict rather than smoothed over. What it holds are rows of integers (`mentionRows`); the
 * objects below are made for what a request shows.
 */
import { Passage, SourceDocument, sourceName } from '../corpus/document';
import { AbbreviationDefinition, AbbreviationSense, findAbbreviationUses } from './abbreviations';
import { symbolKey } from './documentSymbols';
import {
  citedForm, conflictAt, CONFLICT, CONFLICT_ID, definitionAt, DEFINITION, DocumentMentions, expansionNumber, INSTRUMENT, MENTION_ID, mentionAt,
  MENTION_WEIGHTS, mentionIdNumber, mentionWeight, rangeOf, RowKind, rowKeyNumber, rowPassage, rowSentenceStart, scanDocument, SPAN, spanAt, statesYearOrNumber,
  StringTable, SYMBOL, USE, USE_ABBR, useAt, useRows,
} from './mentionRows';
import { InstrumentMention } from './recogniser';
import { InstrumentEntry, InstrumentRegistry } from './registry';

export { citationDisagreements } from './mentionRows';
export type { DocumentMentions } from './mentionRows';

/** A span of a passage's text (offsets into `passage.text`) and the sentence around it. */
export interface SourceSpan {
  doc: SourceDocument;
  passage: Passage;
  start: number;
  end: number;
  sentence: { start: number; end: number };
}

export interface SourceInstrumentMention extends SourceSpan {
  mention: InstrumentMention;
}

export interface SourceAbbreviationDefinition extends SourceSpan {
  definition: AbbreviationDefinition;
}

/** A source that states a fact about an instrument which the registry contradicts. */
export interface CorpusConflict {
  id: string;
  field: 'year' | 'title' | 'number';
  cited: string;
  registry: string;
  where: SourceInstrumentMention;
}

/**
 * Where a cache may find results worked out before (by an earlier run: see `mentionStore`),
 * rather than reading the document again; each answer must be what reading would give. Its
 * rows number strings as `strings` does, which the cache's table then starts from.
 */
export interface MentionSource {
  readonly strings: string[];
  mentions(doc: SourceDocument): DocumentMentions | undefined;
  /** The rows of a document's abbreviation uses, found with these known abbreviations (`knownKey`). */
  uses(doc: SourceDocument, known: string): Int32Array | undefined;
}

/**
 * Per-document results of a registry, so that rebuilding the index after one file changed
 * reads that file alone, and so that a server can fill it a document at a time between
 * requests. A changed file is a new document object, which misses the cache.
 */
export class MentionCache {
  readonly strings: StringTable;
  private readonly scans = new WeakMap<SourceDocument, DocumentMentions>();
  private readonly uses = new WeakMap<SourceDocument, { known: string; rows: Int32Array }>();
  /** Documents read (not restored) since `takeRead()`. */
  private read = 0;

  constructor(readonly registry: InstrumentRegistry, private readonly source?: MentionSource) {
    this.strings = new StringTable(source?.strings ?? []);
  }

  has(doc: SourceDocument): boolean {
    return this.scans.has(doc);
  }

  scan(doc: SourceDocument): DocumentMentions {
    let found = this.scans.get(doc);
    if (!found) {
      found = this.source?.mentions(doc);
      if (!found) {
        found = scanDocument(doc, this.registry, this.strings);
        this.read++;
      }
      this.scans.set(doc, found);
    }
    return found;
  }

  /** The abbreviation uses of a document, read again only when the known abbreviations (`known`, their key) changed. */
  usesOf(doc: SourceDocument, known: string, isKnown: (token: string) => string | undefined): Int32Array {
    const cached = this.uses.get(doc);
    if (cached?.known === known) return cached.rows;
    let rows = this.source?.uses(doc, known);
    if (!rows) {
      rows = useRows(doc, (text) => findAbbreviationUses(text, isKnown), this.strings);
      this.read++;
    }
    this.uses.set(doc, { known, rows });
    return rows;
  }

  /** What the cache holds of a document: its mentions, and its abbreviation uses with the key they were found with. */
  held(doc: SourceDocument): { mentions: DocumentMentions; uses?: { known: string; rows: Int32Array } } | undefined {
    const mentions = this.scans.get(doc);
    return mentions && { mentions, uses: this.uses.get(doc) };
  }

  /** How many documents (or their uses) were read rather than restored since the last call. */
  takeRead(): number {
    const n = this.read;
    this.read = 0;
    return n;
  }
}

/**
 * Where rows are: a span is one number, its document's first row number (see `RowLocator`)
 * plus its offset in the document's rows, so that a group costs 4 bytes a span.
 */
class RowLocator {
  /** Per document, the number of its first row; and one past the last document's. */
  private readonly base: Float64Array;

  constructor(rows: readonly Int32Array[]) {
    this.base = new Float64Array(rows.length + 1);
    for (let d = 0; d < rows.length; d++) this.base[d + 1] = this.base[d] + rows[d].length;
  }

  ref(doc: number, at: number): number {
    return this.base[doc] + at;
  }

  docOf(ref: number): number {
    let lo = 0;
    let hi = this.base.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.base[mid] <= ref) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  atOf(ref: number, doc: number): number {
    return ref - this.base[doc];
  }
}

/**
 * Spans grouped by a key (an instrument id, an abbreviation, a symbol key), each a row of a
 * document; a span becomes an object only when asked for.
 */
/** Spans of a key looked through for ones from different sources (see `SpanGroups.fromDistinctSources`). */
const SPANS_SIFTED = 16;

export class SpanGroups<T> {
  private grouped?: Map<string, Int32Array>;

  constructor(
    /** Per key, its rows (see `RowLocator`); worked out on first use (a restart is ready before anyone asks). */
    private readonly group: () => Map<string, Int32Array>,
    readonly locator: RowLocator,
    private readonly documentList: readonly SourceDocument[],
    private readonly make: (doc: number, at: number) => T,
  ) {}

  private get refs(): Map<string, Int32Array> {
    return (this.grouped ??= this.group());
  }

  get isGrouped(): boolean {
    return this.grouped !== undefined;
  }

  get size(): number {
    return this.refs.size;
  }

  has(key: string): boolean {
    return this.refs.has(key);
  }

  keys(): IterableIterator<string> {
    return this.refs.keys();
  }

  /** The spans of a key (the first `limit` of them), in corpus order. */
  get(key: string, limit = Infinity): T[] | undefined {
    const r = this.refs.get(key);
    return r && Array.from(r.length > limit ? r.subarray(0, limit) : r, (ref) => this.at(ref));
  }

  /**
   * Up to `k` spans of a key from as many sources (see `sourceName`), among its first
   * `SPANS_SIFTED` in corpus order: years of reports repeat a definition edition after edition,
   * and two copies of one sentence say no more than one.
   */
  fromDistinctSources(key: string, k: number): T[] {
    const r = this.refs.get(key);
    const out: T[] = [];
    const names = new Set<string>();
    // a span is made only once chosen: an abbreviation's evidence is looked up on every recheck
    for (let i = 0; r && i < r.length && i < SPANS_SIFTED && out.length < k; i++) {
      const name = sourceName(this.documentList[this.locator.docOf(r[i])]);
      if (names.has(name)) continue;
      names.add(name);
      out.push(this.at(r[i]));
    }
    return out;
  }

  first(key: string): T | undefined {
    const r = this.refs.get(key);
    return r ? this.at(r[0]) : undefined;
  }

  count(key: string): number {
    return this.refs.get(key)?.length ?? 0;
  }

  /** The documents with spans of a key, in corpus order. */
  documents(key: string): SourceDocument[] {
    const out: SourceDocument[] = [];
    let last = -1;
    for (const ref of this.refs.get(key) ?? []) {
      const d = this.locator.docOf(ref);
      if (d !== last) out.push(this.documentList[(last = d)]);
    }
    return out;
  }

  /** The rows of a key (see `RowLocator`). */
  refsOf(key: string): Int32Array | undefined {
    return this.refs.get(key);
  }

  /** The span of a row. */
  at(ref: number): T {
    const d = this.locator.docOf(ref);
    return this.make(d, this.locator.atOf(ref, d));
  }

  *[Symbol.iterator](): IterableIterator<[string, T[]]> {
    for (const k of this.refs.keys()) yield [k, this.get(k)!];
  }
}

/**
 * Groups rows of every document (`rows[d]` from `ranges[2d]` to `ranges[2d + 1]`, rows of
 * `size` numbers) by a string column (-1 there leaves the row out): per key, its rows (see
 * `RowLocator`) in corpus order, keys in the order first met. Counted first, then filled into
 * one array, so that a ×500 corpus's 100,000 uses group in milliseconds rather than through a
 * growing list per key.
 */
function groupRows(
  rows: readonly Int32Array[], ranges: readonly number[], locator: RowLocator, size: number, column: number, strings: StringTable,
): Map<string, Int32Array> {
  const counts = new Int32Array(strings.strings.length);
  const order: number[] = [];
  let total = 0;
  for (let d = 0; d < rows.length; d++) {
    const r = rows[d];
    for (let at = ranges[2 * d]; at < ranges[2 * d + 1]; at += size) {
      const k = r[at + column];
      if (k < 0) continue;
      if (counts[k]++ === 0) order.push(k);
      total++;
    }
  }
  const refs = new Int32Array(total);
  const next = new Int32Array(counts.length);
  const out = new Map<string, Int32Array>();
  let from = 0;
  for (const k of order) {
    next[k] = from;
    out.set(strings.at(k), refs.subarray(from, from + counts[k]));
    from += counts[k];
  }
  for (let d = 0; d < rows.length; d++) {
    const r = rows[d];
    for (let at = ranges[2 * d]; at < ranges[2 * d + 1]; at += size) {
      const k = r[at + column];
      if (k >= 0) refs[next[k]++] = locator.ref(d, at);
    }
  }
  return out;
}

/** Each document's range of rows of a kind, as `groupRows` takes them. */
function rangesOf(found: readonly DocumentMentions[], kind: RowKind): number[] {
  const out: number[] = [];
  for (const f of found) out.push(...rangeOf(f, kind));
  return out;
}

/** How many best mentions of an instrument are ranked and kept: a hover lists three. */
const BEST_KEPT = 3;

export class MentionIndex {
  readonly instruments: SpanGroups<SourceInstrumentMention>;
  readonly abbreviationDefinitions: SpanGroups<SourceAbbreviationDefinition>;
  readonly abbreviationUses: SpanGroups<SourceSpan>;
  readonly symbols: SpanGroups<SourceSpan>;
  private readonly strings: StringTable;
  /** Per document (as numbered in `documents`), its rows and the rows of its abbreviation uses. */
  private readonly found: DocumentMentions[];
  private readonly uses: Int32Array[];
  /** Mentions by a number the registry does not know (see `RowLocator`). */
  private readonly unresolved: Int32Array;
  /** Per instrument, its conflicts (made with the mention they are about). */
  private readonly conflictRefs: SpanGroups<CorpusConflict>;
  readonly conflictCount: number;
  private readonly senses: Map<string, AbbreviationSense[]>;
  /** All-capital aliases in the registry (`GCM`, `MFLM`) stand for the instrument's title. */
  private readonly registryAbbreviations: Map<string, InstrumentEntry>;

  /** With a cache (of the same registry), documents it has seen are not read again. */
  constructor(readonly registry: InstrumentRegistry, readonly documents: SourceDocument[], cache = new MentionCache(registry)) {
    if (cache.registry !== registry) throw new Error('mention index: the cache is of another registry');
    const strings = (this.strings = cache.strings);
    this.registryAbbreviations = registryAbbreviationsOf(registry);
    const found = (this.found = documents.map((doc) => cache.scan(doc)));
    const rows = found.map((f) => f.rows);
    const locator = new RowLocator(rows);
    const grouped = <T>(kind: RowKind, size: number, column: number, make: (d: number, at: number) => T) =>
      new SpanGroups(() => groupRows(rows, rangesOf(found, kind), locator, size, column, strings), locator, documents, make);
    this.instruments = grouped('instruments', INSTRUMENT, MENTION_ID, (d, at) => mentionAt(documents[d], rows[d], at, strings));
    this.conflictRefs = grouped('conflicts', CONFLICT, CONFLICT_ID, (d, at) => conflictAt(documents[d], rows[d], at, strings));
    this.abbreviationDefinitions = grouped('definitions', DEFINITION, SPAN, (d, at) => definitionAt(documents[d], rows[d], at, strings));
    this.symbols = grouped('symbols', SYMBOL, SPAN, (d, at) => spanAt(documents[d], rows[d], at));
    const unresolved: number[] = [];
    let conflictCount = 0;
    found.forEach((f, d) => {
      for (let at = 0; at < f.conflictsAt; at += INSTRUMENT) if (mentionIdNumber(f.rows, at) < 0) unresolved.push(locator.ref(d, at));
      conflictCount += (f.definitionsAt - f.conflictsAt) / CONFLICT;
    });
    this.unresolved = Int32Array.from(unresolved);
    this.conflictCount = conflictCount;
    this.senses = sensesOf(found, strings);
    const known = knownKey(this.senses, this.registryAbbreviations);
    const isKnown = (t: string) => this.knownAbbreviation(t);
    const uses = (this.uses = documents.map((doc) => cache.usesOf(doc, known, isKnown)));
    const useLocator = new RowLocator(uses);
    this.abbreviationUses = new SpanGroups(
      () => groupRows(uses, uses.flatMap((u) => [0, u.length]), useLocator, USE, USE_ABBR, strings),
      useLocator,
      documents,
      (d, at) => useAt(documents[d], uses[d], at),
    );
  }

  /**
   * Groups one more kind of span (instruments, conflicts, definitions, symbols, uses), then the
   * cited forms, that a hover would otherwise work out on first use, tens of milliseconds each
   * at scale; true when all are. For idle time once the index is ready.
   */
  groupNext(): boolean {
    const groups: SpanGroups<unknown>[] = [this.instruments, this.conflictRefs, this.abbreviationDefinitions, this.symbols, this.abbreviationUses];
    const next = groups.find((g) => !g.isGrouped);
    if (next) {
      void next.size;
      return false;
    }
    // and the cited forms an instrument hover lists, then each instrument's best mentions
    void this.citedForms;
    this.unranked ??= [...this.instruments.keys()];
    const id = this.unranked.pop();
    if (id === undefined) return true;
    this.rankedMentions(id);
    return false;
  }

  /** Titles and years as the sources cite them, per instrument: `Migration for Employment (Revised), 1994`. Worked out when first asked. */
  get citedForms(): Map<string, Map<string, number>> {
    if (!this.forms) {
      const forms = (this.forms = new Map<string, Map<string, number>>());
      this.found.forEach((f, d) => {
        for (let at = 0; at < f.conflictsAt; at += INSTRUMENT) {
          if (mentionIdNumber(f.rows, at) < 0) continue;
          const { mention } = mentionAt(this.documents[d], f.rows, at, this.strings);
          if (!this.registry.get(mention.id!) || !statesYearOrNumber(mention)) continue;
          const form = citedForm(mention);
          const counts = forms.get(mention.id!) ?? new Map<string, number>();
          counts.set(form, (counts.get(form) ?? 0) + 1);
          forms.set(mention.id!, counts);
        }
      });
    }
    return this.forms;
  }
  private forms?: Map<string, Map<string, number>>;
  /** Per instrument, its best mentions as positions in its refs (see `bestMentions`). */
  private readonly best = new Map<string, number[]>();
  private sourcesOfDocuments?: Int32Array;
  /** Instruments whose best mentions idle time has still to rank (see `groupNext`). */
  private unranked?: string[];

  /**
   * Reads ahead what an index of these documents will need, a step at a time: `step(deadline)`
   * (a `performance.now()` time) reads each document's mentions, then its abbreviation uses,
   * and says when all is read, so that constructing the index then only assembles.
   */
  static preparer(cache: MentionCache, documents: readonly SourceDocument[]): { step(deadline: number): boolean } {
    let i = 0;
    let uses: { known: string; isKnown: (t: string) => string | undefined } | undefined;
    let j = 0;
    return {
      step(deadline: number): boolean {
        for (; i < documents.length; i++) {
          if (performance.now() >= deadline) return false;
          cache.scan(documents[i]);
        }
        if (!uses) {
          const senses = sensesOf(documents.map((doc) => cache.scan(doc)), cache.strings);
          const registryAbbreviations = registryAbbreviationsOf(cache.registry);
          uses = { known: knownKey(senses, registryAbbreviations), isKnown: (t) => knownIn(t, senses, registryAbbreviations) };
        }
        for (; j < documents.length; j++) {
          if (performance.now() >= deadline) return false;
          cache.usesOf(documents[j], uses.known, uses.isKnown);
        }
        return true;
      },
    };
  }

  mentionsOf(id: string): SourceInstrumentMention[] {
    return this.instruments.get(id) ?? [];
  }

  mentionCount(id: string): number {
    return this.instruments.count(id);
  }

  /** Mentions by a number the registry does not know. */
  unresolvedMentions(): SourceInstrumentMention[] {
    return Array.from(this.unresolved, (ref) => this.instruments.at(ref));
  }

  /** The sources' citations of an instrument that the registry contradicts, in corpus order (the first `limit` of them). */
  conflictsOf(id: string, limit = Infinity): CorpusConflict[] {
    return this.conflictRefs.get(id, limit) ?? [];
  }

  /** How many of the sources' citations of an instrument the registry contradicts. */
  conflictCountOf(id: string): number {
    return this.conflictRefs.count(id);
  }

  /** Every citation the registry contradicts, in corpus order, made one at a time (a large corpus has thousands). */
  *eachConflict(): IterableIterator<CorpusConflict> {
    for (let d = 0; d < this.documents.length; d++) {
      const f = this.found[d];
      for (let at = f.conflictsAt; at < f.definitionsAt; at += CONFLICT) yield conflictAt(this.documents[d], f.rows, at, this.strings);
    }
  }

  /** The abbreviation a token is (itself, or its singular or plural), if the sources or registry know it. */
  knownAbbreviation(token: string): string | undefined {
    return knownIn(token, this.senses, this.registryAbbreviations);
  }

  /** The expansions of an abbreviation, most frequent first; the registry's title when the sources never define it. */
  expansions(abbr: string): AbbreviationSense[] {
    const senses = this.senses.get(abbr);
    if (senses?.length) return senses;
    const e = this.registryAbbreviations.get(abbr);
    return e ? [{ expansion: e.title, count: 0 }] : [];
  }

  /** The source whose own symbol this is (`GB.316/POL/1` is the 2012 paper on labour migration). */
  documentFor(symbol: string): SourceDocument | undefined {
    const key = symbolKey(symbol);
    return this.documents.find((d) => d.symbol !== undefined && symbolKey(d.symbol) === key);
  }

  /**
   * The two or three source sentences that say most about an instrument: full citations
   * first, one per document before a second from the same document.
   */
  bestMentions(id: string, k = BEST_KEPT): SourceInstrumentMention[] {
    const r = this.instruments.refsOf(id);
    if (!r) return [];
    // the ranking is greedy, so the best k are the first k of the best BEST_KEPT
    const ranked = k <= BEST_KEPT ? this.rankedMentions(id) : this.rankMentions(r, k);
    return ranked.slice(0, k).map((m) => this.instruments.at(r[m]));
  }

  /**
   * An instrument's best mentions, ranked once: at scale an instrument has thousands of
   * mentions, and ranking them was most of its first hover (9 ms for one at ×500), then 2.5 ms
   * again on every hover.
   */
  private rankedMentions(id: string): number[] {
    let ranked = this.best.get(id);
    if (!ranked) {
      const r = this.instruments.refsOf(id);
      ranked = r ? this.rankMentions(r, BEST_KEPT) : [];
      this.best.set(id, ranked);
    }
    return ranked;
  }

  /** Per document, a number for its source (see `sourceName`), counted once. */
  private sourceNumbers(): Int32Array {
    if (!this.sourcesOfDocuments) {
      const numbers = new Map<string, number>();
      this.sourcesOfDocuments = Int32Array.from(this.documents, (d) => {
        const name = sourceName(d);
        let n = numbers.get(name);
        if (n === undefined) numbers.set(name, (n = numbers.size));
        return n;
      });
    }
    return this.sourcesOfDocuments;
  }

  private rankMentions(r: Int32Array, k: number): number[] {
    const locator = this.instruments.locator;
    const docs = Int32Array.from(r, (ref) => locator.docOf(ref));
    const rowsOf = (i: number) => this.found[docs[i]].rows;
    const atOf = (i: number) => locator.atOf(r[i], docs[i]);
    // heaviest first, and among equals in corpus order (as a stable sort would give); each
    // mention weighed once: the passes below walk this order up to three times, and an
    // instrument of a large corpus has thousands of mentions from few sources
    const order = byWeight(r.length, (i) => mentionWeight(rowsOf(i), atOf(i)));
    const sources = this.sourceNumbers();
    const out: number[] = [];
    const seenSources = new Set<number>();
    const seenDocs = new Set<number>();
    const sameSentence = (a: number, b: number) =>
      docs[a] === docs[b] && rowPassage(rowsOf(a), atOf(a)) === rowPassage(rowsOf(b), atOf(b)) && rowSentenceStart(rowsOf(a), atOf(a)) === rowSentenceStart(rowsOf(b), atOf(b));
    // one per source first (editions of one report are one source), then one per document
    done: for (const pass of [0, 1, 2]) {
      for (let j = 0; j < order.length; j++) {
        if (out.length >= k) break done;
        const m = order[j];
        const source = sources[docs[m]];
        if ((pass === 0 && seenSources.has(source)) || (pass === 1 && seenDocs.has(docs[m]))) continue;
        if (out.includes(m) || out.some((o) => sameSentence(o, m))) continue;
        seenSources.add(source);
        seenDocs.add(docs[m]);
        out.push(m);
      }
    }
    return out;
  }

}

/** Indices `0..n-1` by descending weight (one of `MENTION_WEIGHTS`), equal weights in index order. */
function byWeight(n: number, weightOf: (i: number) => number): Int32Array {
  const slot = new Uint8Array(n);
  const starts = new Int32Array(MENTION_WEIGHTS.length + 1);
  for (let i = 0; i < n; i++) {
    const s = MENTION_WEIGHTS.indexOf(weightOf(i));
    slot[i] = s;
    starts[s + 1]++;
  }
  for (let s = 0; s < MENTION_WEIGHTS.length; s++) starts[s + 1] += starts[s];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[starts[slot[i]]++] = i;
  return order;
}

/**
 * What the abbreviations the sources define stand for, from the documents' definition rows in
 * corpus order: as `expansionsOf` gives it, reading each distinct spelling once with its count.
 */
function sensesOf(found: readonly DocumentMentions[], strings: StringTable): Map<string, AbbreviationSense[]> {
  // an abbreviation's and an expansion's string numbers as one number
  const pairs = new Map<number, number>();
  for (const f of found) {
    for (let at = f.definitionsAt; at < f.symbolsAt; at += DEFINITION) {
      const pair = rowKeyNumber(f.rows, at) * 2 ** 26 + expansionNumber(f.rows, at);
      pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
    }
  }
  const out = new Map<string, AbbreviationSense[]>();
  // per abbreviation, its senses by their lower-case spelling: a large corpus spells one in thousands of ways
  const byLower = new Map<string, Map<string, AbbreviationSense>>();
  for (const [pair, count] of pairs) {
    const abbr = strings.at(Math.floor(pair / 2 ** 26));
    const expansion = strings.at(pair % 2 ** 26);
    let senses = out.get(abbr);
    let lower = byLower.get(abbr);
    if (!senses || !lower) {
      out.set(abbr, (senses = []));
      byLower.set(abbr, (lower = new Map()));
    }
    const key = expansion.toLowerCase();
    const same = lower.get(key);
    if (same) same.count += count;
    else {
      const sense = { expansion, count };
      senses.push(sense);
      lower.set(key, sense);
    }
  }
  for (const senses of out.values()) senses.sort((a, b) => b.count - a.count);
  return out;
}

function registryAbbreviationsOf(registry: InstrumentRegistry): Map<string, InstrumentEntry> {
  const out = new Map<string, InstrumentEntry>();
  for (const e of registry.all()) for (const a of e.aliases) if (/^[A-Z][A-Za-z]*[A-Z]s?$/.test(a)) out.set(a, e);
  return out;
}

function knownIn(token: string, senses: Map<string, unknown>, registryAbbreviations: Map<string, unknown>): string | undefined {
  for (const t of [token, token.replace(/s$/, ''), token + 's']) {
    if (senses.has(t) || registryAbbreviations.has(t)) return t;
  }
  return undefined;
}

/** Identifies a set of known abbreviations: what the abbreviation uses found in a text depend on. */
function knownKey(senses: Map<string, unknown>, registryAbbreviations: Map<string, unknown>): string {
  return [...senses.keys(), '\u0000', ...registryAbbreviations.keys()].join('\u0001');
}
