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
  private readonly registryAbbreviations = new Map<string, InstrumentEntry>();

  constructor(readonly registry: InstrumentRegistry, readonly documents: SourceDocument[]) {
    const defs: AbbreviationDefinition[] = [];
    for (const e of registry.all()) for (const a of e.aliases) if (/^[A-Z][A-Za-z]*[A-Z]s?$/.test(a)) this.registryAbbreviations.set(a, e);
    for (const doc of documents) {
      for (const passage of doc.passages) {
        const text = passage.text;
        for (const m of recogniseInstruments(text, registry)) {
          const sm: SourceInstrumentMention = { ...this.span(doc, passage, m.start, m.end), mention: m };
          if (!m.id) {
            this.unresolved.push(sm);
            continue;
          }
          push(this.instruments, m.id, sm);
          this.noteCitation(sm);
        }
        for (const d of findAbbreviationDefinitions(text)) {
          defs.push(d);
          push(this.abbreviationDefinitions, d.abbr, { ...this.span(doc, passage, d.start, d.end), definition: d });
        }
        for (const s of findDocumentSymbols(text)) push(this.symbols, symbolKey(s.symbol), this.span(doc, passage, s.start, s.end));
      }
    }
    this.senses = expansionsOf(defs);
    for (const doc of documents) {
      for (const passage of doc.passages) {
        for (const u of findAbbreviationUses(passage.text, (t) => this.knownAbbreviation(t))) push(this.abbreviationUses, u.abbr, this.span(doc, passage, u.start, u.end));
      }
    }
  }

  private span(doc: SourceDocument, passage: Passage, start: number, end: number): SourceSpan {
    const sentence = passage.sentences.find((s) => start >= s.start && start < s.end) ?? { start: 0, end: passage.text.length };
    return { doc, passage, start, end, sentence };
  }

  private noteCitation(sm: SourceInstrumentMention): void {
    const { mention: m } = sm;
    const entry = this.registry.get(m.id!);
    if (!entry || (m.cited.year === undefined && m.cited.number === undefined)) return;
    const form = [m.cited.title, m.cited.year].filter((x) => x !== undefined).join(', ') + (m.cited.number !== undefined ? ` (No. ${m.cited.number})` : '');
    const forms = this.citedForms.get(entry.id) ?? new Map<string, number>();
    forms.set(form, (forms.get(form) ?? 0) + 1);
    this.citedForms.set(entry.id, forms);
    for (const c of citationDisagreements(m, entry)) this.conflicts.push({ id: entry.id, ...c, where: sm });
  }

  mentionsOf(id: string): SourceInstrumentMention[] {
    return this.instruments.get(id) ?? [];
  }

  /** The abbreviation a token is (itself, or its singular or plural), if the sources or registry know it. */
  knownAbbreviation(token: string): string | undefined {
    for (const t of [token, token.replace(/s$/, ''), token + 's']) {
      if (this.senses.has(t) || this.registryAbbreviations.has(t)) return t;
    }
    return undefined;
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
