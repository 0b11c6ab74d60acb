/**
 * Every instrument mention, abbreviation definition and use, and document symbol in the
 * loaded sources, found once per corpus so that hovers and references are lookups. It is
 * also the registry's second layer: what the sources themselves state about an instrument
 * (the titles and years they cite), with each disagreement with the registry kept as a
 * conflict rather than smoothed over.
 */
import { Passage, SourceDocument } from '../corpus/document';
import { AbbreviationDefinition, AbbreviationSense, expansionsOf, findAbbreviationDefinitions, findAbbreviationUses } from './abbreviations';
import { findDocumentSymbols, symbolKey } from './documentSymbols';
import { InstrumentMention, recogniseInstruments } from './recogniser';
import { InstrumentEntry, InstrumentRegistry } from './registry';
import { titleFits } from './titles';

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

/** What one document says: found once per document and registry, and kept while the document is unchanged. */
export interface DocumentMentions {
  /** Resolved and unresolved instrument mentions, in text order. */
  instruments: SourceInstrumentMention[];
  /** Per instrument mention: its cited form and its disagreements with the registry (none when it states no year or number). */
  citations: ({ form: string; conflicts: CorpusConflict[] } | undefined)[];
  definitions: SourceAbbreviationDefinition[];
  /** Each symbol's key (`symbolKey`) and where it is. */
  symbols: { key: string; span: SourceSpan }[];
}

/**
 * Per-document results of a registry, so that rebuilding the index after one file changed
 * reads that file alone, and so that a server can fill it a document at a time between
 * requests. A changed file is a new document object, which misses the cache.
 */
/**
 * Where a cache may find results worked out before (by an earlier run: see `mentionStore`),
 * rather than reading the document again; each answer must be what reading would give.
 */
export interface MentionSource {
  mentions(doc: SourceDocument): DocumentMentions | undefined;
  uses(doc: SourceDocument, known: string): Map<string, SourceSpan[]> | undefined;
}

export class MentionCache {
  private readonly scans = new WeakMap<SourceDocument, DocumentMentions>();
  private readonly uses = new WeakMap<SourceDocument, { known: string; uses: Map<string, SourceSpan[]> }>();
  /** Documents read (not restored) since `takeRead()`. */
  private read = 0;

  constructor(readonly registry: InstrumentRegistry, private readonly source?: MentionSource) {}

  has(doc: SourceDocument): boolean {
    return this.scans.has(doc);
  }

  scan(doc: SourceDocument): DocumentMentions {
    let found = this.scans.get(doc);
    if (!found) {
      found = this.source?.mentions(doc);
      if (!found) {
        found = scanDocument(doc, this.registry);
        this.read++;
      }
      this.scans.set(doc, found);
    }
    return found;
  }

  /** The abbreviation uses of a document, read again only when the known abbreviations (`known`, their key) changed. */
  usesOf(doc: SourceDocument, known: string, isKnown: (token: string) => string | undefined): Map<string, SourceSpan[]> {
    const cached = this.uses.get(doc);
    if (cached?.known === known) return cached.uses;
    let uses = this.source?.uses(doc, known);
    if (!uses) {
      uses = new Map<string, SourceSpan[]>();
      for (const passage of doc.passages) {
        for (const u of findAbbreviationUses(passage.text, isKnown)) push(uses, u.abbr, spanIn(doc, passage, u.start, u.end));
      }
      this.read++;
    }
    this.uses.set(doc, { known, uses });
    return uses;
  }

  /** What the cache holds of a document: its mentions, and its abbreviation uses with the key they were found with. */
  held(doc: SourceDocument): { mentions: DocumentMentions; uses?: { known: string; uses: Map<string, SourceSpan[]> } } | undefined {
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

function scanDocument(doc: SourceDocument, registry: InstrumentRegistry): DocumentMentions {
  const out: DocumentMentions = { instruments: [], citations: [], definitions: [], symbols: [] };
  for (const passage of doc.passages) {
    const text = passage.text;
    for (const m of recogniseInstruments(text, registry)) {
      const sm: SourceInstrumentMention = { ...spanIn(doc, passage, m.start, m.end), mention: m };
      out.instruments.push(sm);
      out.citations.push(citationOf(sm, registry));
    }
    for (const d of findAbbreviationDefinitions(text)) out.definitions.push({ ...spanIn(doc, passage, d.start, d.end), definition: d });
    for (const s of findDocumentSymbols(text)) out.symbols.push({ key: symbolKey(s.symbol), span: spanIn(doc, passage, s.start, s.end) });
  }
  return out;
}

export class MentionIndex {
  readonly instruments = new Map<string, SourceInstrumentMention[]>();
  /** Mentions by a number the registry does not know. */
  readonly unresolved: SourceInstrumentMention[] = [];
  readonly abbreviationDefinitions = new Map<string, SourceAbbreviationDefinition[]>();
  readonly abbreviationUses = new Map<string, SourceSpan[]>();
  readonly symbols = new Map<string, SourceSpan[]>();
  readonly conflicts: CorpusConflict[] = [];
  /** Titles and years as the sources cite them, per instrument: `Migration for Employment (Revised), 1994`. */
  readonly citedForms = new Map<string, Map<string, number>>();
  private readonly senses: Map<string, AbbreviationSense[]>;
  /** All-capital aliases in the registry (`GCM`, `MFLM`) stand for the instrument's title. */
  private readonly registryAbbreviations: Map<string, InstrumentEntry>;

  /** With a cache (of the same registry), documents it has seen are not read again. */
  constructor(readonly registry: InstrumentRegistry, readonly documents: SourceDocument[], cache = new MentionCache(registry)) {
    if (cache.registry !== registry) throw new Error('mention index: the cache is of another registry');
    const defs: AbbreviationDefinition[] = [];
    this.registryAbbreviations = registryAbbreviationsOf(registry);
    for (const doc of documents) {
      const found = cache.scan(doc);
      found.instruments.forEach((sm, i) => {
        if (!sm.mention.id) {
          this.unresolved.push(sm);
          return;
        }
        push(this.instruments, sm.mention.id, sm);
        const cited = found.citations[i];
        if (!cited) return;
        const forms = this.citedForms.get(sm.mention.id) ?? new Map<string, number>();
        forms.set(cited.form, (forms.get(cited.form) ?? 0) + 1);
        this.citedForms.set(sm.mention.id, forms);
        this.conflicts.push(...cited.conflicts);
      });
      for (const d of found.definitions) {
        defs.push(d.definition);
        push(this.abbreviationDefinitions, d.definition.abbr, d);
      }
      for (const s of found.symbols) push(this.symbols, s.key, s.span);
    }
    this.senses = expansionsOf(defs);
    const known = knownKey(this.senses, this.registryAbbreviations);
    const isKnown = (t: string) => this.knownAbbreviation(t);
    for (const doc of documents) {
      for (const [abbr, spans] of cache.usesOf(doc, known, isKnown)) for (const s of spans) push(this.abbreviationUses, abbr, s);
    }
  }

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
          const defs: AbbreviationDefinition[] = [];
          for (const doc of documents) for (const d of cache.scan(doc).definitions) defs.push(d.definition);
          const senses = expansionsOf(defs);
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
  bestMentions(id: string, k = 3): SourceInstrumentMention[] {
    const ranked = [...this.mentionsOf(id)].sort((a, b) => weight(b) - weight(a));
    const out: SourceInstrumentMention[] = [];
    const seenDocs = new Set<SourceDocument>();
    for (const pass of [0, 1]) {
      for (const m of ranked) {
        if (out.length >= k) return out;
        if (out.includes(m) || out.some((o) => o.passage === m.passage && o.sentence.start === m.sentence.start)) continue;
        if (pass === 0 && seenDocs.has(m.doc)) continue;
        seenDocs.add(m.doc);
        out.push(m);
      }
    }
    return out;
  }
}

/** What a citation in the sources states about an instrument: its form, and where the registry disagrees. */
function citationOf(sm: SourceInstrumentMention, registry: InstrumentRegistry): { form: string; conflicts: CorpusConflict[] } | undefined {
  const { mention: m } = sm;
  const entry = m.id ? registry.get(m.id) : undefined;
  if (!entry || (m.cited.year === undefined && m.cited.number === undefined)) return undefined;
  const form = [m.cited.title, m.cited.year].filter((x) => x !== undefined).join(', ') + (m.cited.number !== undefined ? ` (No. ${m.cited.number})` : '');
  return { form, conflicts: citationDisagreements(m, entry).map((c) => ({ id: entry.id, ...c, where: sm })) };
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

function spanIn(doc: SourceDocument, passage: Passage, start: number, end: number): SourceSpan {
  const sentence = passage.sentences.find((s) => start >= s.start && start < s.end) ?? { start: 0, end: passage.text.length };
  return { doc, passage, start, end, sentence };
}

function weight(m: SourceInstrumentMention): number {
  const f = m.mention.form;
  return (f === 'citation' ? 3 : f === 'title' ? 2 : 1) + (m.mention.cited.year !== undefined ? 0.5 : 0);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Where a citation's stated year, number or title disagrees with the registry entry it resolved to. */
export function citationDisagreements(m: InstrumentMention, entry: InstrumentEntry): { field: CorpusConflict['field']; cited: string; registry: string }[] {
  const out: { field: CorpusConflict['field']; cited: string; registry: string }[] = [];
  if (m.cited.year !== undefined && entry.year !== undefined && m.cited.year !== entry.year) out.push({ field: 'year', cited: String(m.cited.year), registry: String(entry.year) });
  if (m.cited.number !== undefined && entry.number !== undefined && entry.type !== 'Protocol' && m.cited.number !== entry.number) {
    out.push({ field: 'number', cited: String(m.cited.number), registry: String(entry.number) });
  }
  if (m.cited.title && !m.exactTitle && !titleFits(m.cited.title, entry) && !/^(conventions?|recommendations?|protocols?)$/i.test(m.cited.title.trim())) {
    out.push({ field: 'title', cited: m.cited.title, registry: entry.title });
  }
  return out;
}
