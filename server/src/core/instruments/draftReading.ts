/**
 * What the instrument features read in a draft: instrument mentions, abbreviation definitions,
 * words shaped like abbreviations and document symbols, read paragraph by paragraph with each
 * paragraph's reading kept (`ParagraphReader`): after an edit only the edited paragraph is read
 * again. None of them runs across a blank line, so the reading is that of the draft read whole
 * (a unit test compares both on every draft we have).
 */
import { ParagraphReader } from '../draft/paragraphs';
import { AbbreviationDefinition, AbbreviationUse, abbreviationTokens, findAbbreviationDefinitions } from './abbreviations';
import { findDocumentSymbols, SymbolMention } from './documentSymbols';
import { InstrumentMention, recogniseInstruments, shifted } from './recogniser';
import { InstrumentRegistry } from './registry';

export interface DraftReading {
  instruments: InstrumentMention[];
  definitions: AbbreviationDefinition[];
  /** Words shaped like an abbreviation, known or not (`knownUses` keeps the known). */
  tokens: AbbreviationUse[];
  symbols: SymbolMention[];
}

const readers = new WeakMap<InstrumentRegistry, ParagraphReader<DraftReading>>();

export function readDraft(text: string, registry: InstrumentRegistry): DraftReading {
  let reader = readers.get(registry);
  if (!reader) {
    reader = new ParagraphReader((p) => ({
      instruments: recogniseInstruments(p, registry),
      definitions: findAbbreviationDefinitions(p),
      tokens: abbreviationTokens(p),
      symbols: findDocumentSymbols(p),
    }));
    readers.set(registry, reader);
  }
  const out: DraftReading = { instruments: [], definitions: [], tokens: [], symbols: [] };
  reader.forEach(text, (r, by) => {
    for (const m of r.instruments) out.instruments.push(shifted(m, by));
    for (const d of r.definitions) out.definitions.push({ ...d, start: d.start + by, end: d.end + by, abbrStart: d.abbrStart + by, abbrEnd: d.abbrEnd + by });
    for (const t of r.tokens) out.tokens.push({ abbr: t.abbr, start: t.start + by, end: t.end + by });
    for (const s of r.symbols) out.symbols.push({ symbol: s.symbol, start: s.start + by, end: s.end + by });
  });
  return out;
}
