/**
 * What a source document says about instruments, abbreviations and document symbols, as rows
 * of integers. A ×500 corpus has some 200,000 such spans; as objects (a span, a sentence, a
 * mention and its cited parts each) they took about 70 MB of heap, as rows about 8 MB, and
 * rows are also what the mention store writes and reads back without parsing. Objects are
 * made only for the few spans a request shows.
 *
 * Every row starts with its span: the passage (its index in the document), start and end in
 * the passage's text, and the sentence around it. Strings (instrument ids, cited titles,
 * abbreviations) are numbers in a `StringTable` shared by the rows of a whole corpus.
 */
import { Passage, SourceDocument } from '../corpus/document';
import { AbbreviationDefinition, findAbbreviationDefinitions } from './abbreviations';
import { findDocumentSymbols, symbolKey } from './documentSymbols';
import type { CorpusConflict, SourceAbbreviationDefinition, SourceInstrumentMention, SourceSpan } from './mentionIndex';
import { CitedParts, IloType, InstrumentMention, MentionForm, recogniseInstruments } from './recogniser';
import { InstrumentEntry, InstrumentRegistry } from './registry';
import { titleFits } from './titles';

/** Strings numbered in the order they are first seen; a table may start from a stored one. */
export class StringTable {
  private ids?: Map<string, number>;

  constructor(readonly strings: string[] = []) {}

  id(s: string): number {
    if (!this.ids) {
      // a restored table is only looked into when a document is read again
      this.ids = new Map();
      this.strings.forEach((x, i) => this.ids!.set(x, i));
    }
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, i);
    }
    return i;
  }

  at(i: number): string {
    return this.strings[i];
  }
}

/** Row layouts (numbers per row) and the columns every row starts with. */
export const SPAN = 5;
const PASSAGE = 0;
const START = 1;
const END = 2;
const SENTENCE_START = 3;
const SENTENCE_END = 4;

/**
 * An instrument mention: its span, then the instrument (a string, or -1 when the number names
 * no known one), the form, type and which optional parts are present (`FLAG_…`), and the cited
 * title, year and number with their spans.
 */
export const INSTRUMENT = SPAN + 11;
const I_ID = SPAN;
/** The column of a mention row's instrument. */
export const MENTION_ID = I_ID;
const I_FLAGS = SPAN + 1;
const I_TITLE = SPAN + 2;
const I_TITLE_SPAN = SPAN + 3;
const I_YEAR = SPAN + 5;
const I_YEAR_SPAN = SPAN + 6;
const I_NUMBER = SPAN + 8;
const I_NUMBER_SPAN = SPAN + 9;

const FORMS: MentionForm[] = ['title', 'alias', 'citation', 'number', 'list', 'code'];
const TYPES: (IloType | undefined)[] = [undefined, 'Convention', 'Recommendation', 'Protocol'];
const FLAG_EXACT = 1 << 3;
const FLAG_TITLE = 1 << 6;
const FLAG_TITLE_SPAN = 1 << 7;
const FLAG_YEAR = 1 << 8;
const FLAG_YEAR_SPAN = 1 << 9;
const FLAG_NUMBER = 1 << 10;
const FLAG_NUMBER_SPAN = 1 << 11;
/** Form in bits 0–2, type in bits 4–5. */
const FORM_MASK = 7;
const TYPE_SHIFT = 4;

/** A disagreement with the registry: the instrument row it belongs to, the instrument, the field, what is cited and what the registry has. */
export const CONFLICT = 5;
/** The column of a conflict's instrument (a string number), as of a mention row's. */
export const CONFLICT_ID = 1;
const FIELDS: CorpusConflict['field'][] = ['year', 'title', 'number'];

/** An abbreviation definition: its span (the whole `Full Name (ABBR)`), the abbreviation, its expansion, where the abbreviation itself is. */
export const DEFINITION = SPAN + 4;
/** A document symbol: its span and its key (`symbolKey`). */
export const SYMBOL = SPAN + 1;
/**
 * An abbreviation use: passage, start, end and the abbreviation. No sentence: nothing shows a
 * use in its sentence, and a ×500 corpus has 100,000 uses (see `useAt`).
 */
export const USE = 4;
export const USE_ABBR = 3;

/**
 * What one document says, as rows (see the layouts above) in one array: its instrument
 * mentions from 0, then its conflicts, definitions and symbols from where these say. (One
 * array rather than one per kind: an array costs some 110 bytes of heap, and a corpus has
 * thousands of documents.)
 */
export interface DocumentMentions {
  rows: Int32Array;
  conflictsAt: number;
  definitionsAt: number;
  symbolsAt: number;
}

export type RowKind = 'instruments' | 'conflicts' | 'definitions' | 'symbols';

/** Where a kind's rows are in a document's rows: from, to. */
export function rangeOf(found: DocumentMentions, kind: RowKind): [number, number] {
  switch (kind) {
    case 'instruments':
      return [0, found.conflictsAt];
    case 'conflicts':
      return [found.conflictsAt, found.definitionsAt];
    case 'definitions':
      return [found.definitionsAt, found.symbolsAt];
    case 'symbols':
      return [found.symbolsAt, found.rows.length];
  }
}

/** The string-valued column of each kind of row: what `isValidRows` checks against the table. */
export const STRING_COLUMNS = { instruments: [I_ID, I_TITLE], conflicts: [CONFLICT_ID, 3, 4], definitions: [SPAN, SPAN + 1], symbols: [SPAN], uses: [USE_ABBR] };
export const ROW_SIZES = { instruments: INSTRUMENT, conflicts: CONFLICT, definitions: DEFINITION, symbols: SYMBOL, uses: USE };

/** Rows (`from` to `to`) that can be trusted for a document: whole rows, passages it has, strings the table has (and for conflicts, mentions among `instrumentRows`). */
export function isValidRows(rows: Int32Array, from: number, to: number, kind: keyof typeof ROW_SIZES, passages: number, strings: number, instrumentRows = 0): boolean {
  const size = ROW_SIZES[kind];
  if (from < 0 || to > rows.length || (to - from) % size !== 0) return false;
  const columns = STRING_COLUMNS[kind];
  // only a mention's instrument and cited title may be absent
  const least = kind === 'instruments' ? -1 : 0;
  for (let r = from; r < to; r += size) {
    if (kind === 'conflicts') {
      if (rows[r] < 0 || rows[r] >= instrumentRows || rows[r + 2] < 0 || rows[r + 2] >= FIELDS.length) return false;
    } else if (rows[r + PASSAGE] < 0 || rows[r + PASSAGE] >= passages) return false;
    for (let i = 0; i < columns.length; i++) if (rows[r + columns[i]] < least || rows[r + columns[i]] >= strings) return false;
  }
  return true;
}

/** Reads a document: its instrument mentions (with their citations), abbreviation definitions and symbols. */
export function scanDocument(doc: SourceDocument, registry: InstrumentRegistry, strings: StringTable): DocumentMentions {
  const instruments: number[] = [];
  const conflicts: number[] = [];
  const definitions: number[] = [];
  const symbols: number[] = [];
  doc.passages.forEach((passage, p) => {
    const text = passage.text;
    for (const m of recogniseInstruments(text, registry)) {
      const row = instruments.length / INSTRUMENT;
      pushSpan(instruments, passage, p, m.start, m.end);
      pushMention(instruments, m, strings);
      const entry = m.id ? registry.get(m.id) : undefined;
      if (!entry || !statesYearOrNumber(m)) continue;
      for (const c of citationDisagreements(m, entry)) conflicts.push(row, strings.id(m.id!), FIELDS.indexOf(c.field), strings.id(c.cited), strings.id(c.registry));
    }
    for (const d of findAbbreviationDefinitions(text)) {
      pushSpan(definitions, passage, p, d.start, d.end);
      definitions.push(strings.id(d.abbr), strings.id(d.expansion), d.abbrStart, d.abbrEnd);
    }
    for (const s of findDocumentSymbols(text)) {
      pushSpan(symbols, passage, p, s.start, s.end);
      symbols.push(strings.id(symbolKey(s.symbol)));
    }
  });
  const conflictsAt = instruments.length;
  const definitionsAt = conflictsAt + conflicts.length;
  const symbolsAt = definitionsAt + definitions.length;
  return { rows: rowsOf(instruments.concat(conflicts, definitions, symbols)), conflictsAt, definitionsAt, symbolsAt };
}

/** A mention that states a year or number: a citation whose facts can disagree with the registry. */
export function statesYearOrNumber(m: InstrumentMention): boolean {
  return m.cited.year !== undefined || m.cited.number !== undefined;
}

/** A citation as the sources give it: `Migration for Employment (Revised), 1994 (No. 97)`. */
export function citedForm(m: InstrumentMention): string {
  return [m.cited.title, m.cited.year].filter((x) => x !== undefined).join(', ') + (m.cited.number !== undefined ? ` (No. ${m.cited.number})` : '');
}

/** The rows of abbreviation uses found in a document (`find` gives a passage's uses). */
export function useRows(doc: SourceDocument, find: (text: string) => { abbr: string; start: number; end: number }[], strings: StringTable): Int32Array {
  const out: number[] = [];
  doc.passages.forEach((passage, p) => {
    for (const u of find(passage.text)) out.push(p, u.start, u.end, strings.id(u.abbr));
  });
  return rowsOf(out);
}

const EMPTY = new Int32Array(0);
function rowsOf(values: number[]): Int32Array {
  return values.length ? Int32Array.from(values) : EMPTY;
}

function pushSpan(out: number[], passage: Passage, p: number, start: number, end: number): void {
  const sentence = sentenceAround(passage, start);
  out.push(p, start, end, sentence.start, sentence.end);
}

function sentenceAround(passage: Passage, at: number): { start: number; end: number } {
  return passage.sentences.find((s) => at >= s.start && at < s.end) ?? { start: 0, end: passage.text.length };
}

function pushMention(out: number[], m: InstrumentMention, strings: StringTable): void {
  const c = m.cited;
  let flags = FORMS.indexOf(m.form) | (Math.max(0, TYPES.indexOf(c.type)) << TYPE_SHIFT);
  if (m.exactTitle) flags |= FLAG_EXACT;
  if (c.title !== undefined) flags |= FLAG_TITLE;
  if (c.titleSpan) flags |= FLAG_TITLE_SPAN;
  if (c.year !== undefined) flags |= FLAG_YEAR;
  if (c.yearSpan) flags |= FLAG_YEAR_SPAN;
  if (c.number !== undefined) flags |= FLAG_NUMBER;
  if (c.numberSpan) flags |= FLAG_NUMBER_SPAN;
  out.push(
    m.id === undefined ? -1 : strings.id(m.id), flags,
    c.title === undefined ? -1 : strings.id(c.title), c.titleSpan?.start ?? 0, c.titleSpan?.end ?? 0,
    c.year ?? 0, c.yearSpan?.start ?? 0, c.yearSpan?.end ?? 0,
    c.number ?? 0, c.numberSpan?.start ?? 0, c.numberSpan?.end ?? 0,
  );
}

/** The string number of the instrument a mention row resolved to, or -1. */
export function mentionIdNumber(rows: Int32Array, at: number): number {
  return rows[at + I_ID];
}

/** The instrument a mention row resolved to, or undefined. */
function mentionId(rows: Int32Array, at: number, strings: StringTable): string | undefined {
  const id = rows[at + I_ID];
  return id < 0 ? undefined : strings.at(id);
}

/** Every value `mentionWeight` takes, highest first. */
export const MENTION_WEIGHTS = [3.5, 3, 2.5, 2, 1.5, 1];

/** How much a mention says (full citations first): what `bestMentions` ranks by. */
export function mentionWeight(rows: Int32Array, at: number): number {
  const flags = rows[at + I_FLAGS];
  const form = FORMS[flags & FORM_MASK];
  return (form === 'citation' ? 3 : form === 'title' ? 2 : 1) + (flags & FLAG_YEAR ? 0.5 : 0);
}

/** The passage of a row and the sentence start: rows in the same sentence say the same. */
export function rowPassage(rows: Int32Array, at: number): number {
  return rows[at + PASSAGE];
}
export function rowSentenceStart(rows: Int32Array, at: number): number {
  return rows[at + SENTENCE_START];
}

export function spanAt(doc: SourceDocument, rows: Int32Array, at: number): SourceSpan {
  return {
    doc,
    passage: doc.passageAt(rows[at + PASSAGE])!,
    start: rows[at + START],
    end: rows[at + END],
    sentence: { start: rows[at + SENTENCE_START], end: rows[at + SENTENCE_END] },
  };
}

/** A use row as a span; its sentence is found when asked for. */
export function useAt(doc: SourceDocument, rows: Int32Array, at: number): SourceSpan {
  const passage = doc.passageAt(rows[at + PASSAGE])!;
  const start = rows[at + START];
  let sentence: { start: number; end: number } | undefined;
  return {
    doc,
    passage,
    start,
    end: rows[at + END],
    get sentence() {
      return (sentence ??= sentenceAround(passage, start));
    },
  };
}

export function mentionAt(doc: SourceDocument, rows: Int32Array, at: number, strings: StringTable): SourceInstrumentMention {
  const flags = rows[at + I_FLAGS];
  const cited: CitedParts = {};
  if (flags & FLAG_TITLE) cited.title = strings.at(rows[at + I_TITLE]);
  if (flags & FLAG_TITLE_SPAN) cited.titleSpan = { start: rows[at + I_TITLE_SPAN], end: rows[at + I_TITLE_SPAN + 1] };
  if (flags & FLAG_YEAR) cited.year = rows[at + I_YEAR];
  if (flags & FLAG_YEAR_SPAN) cited.yearSpan = { start: rows[at + I_YEAR_SPAN], end: rows[at + I_YEAR_SPAN + 1] };
  if (flags & FLAG_NUMBER) cited.number = rows[at + I_NUMBER];
  if (flags & FLAG_NUMBER_SPAN) cited.numberSpan = { start: rows[at + I_NUMBER_SPAN], end: rows[at + I_NUMBER_SPAN + 1] };
  const type = TYPES[(flags >> TYPE_SHIFT) & 3];
  if (type) cited.type = type;
  const span = spanAt(doc, rows, at);
  const form = FORMS[flags & FORM_MASK];
  const exactTitle = (flags & FLAG_EXACT) !== 0;
  const id = mentionId(rows, at, strings);
  // no `id` key at all for an unresolved mention, as when it was read from JSON
  const mention: InstrumentMention = id === undefined ? { start: span.start, end: span.end, form, cited, exactTitle } : { start: span.start, end: span.end, id, form, cited, exactTitle };
  return { ...span, mention };
}

/** A conflict row, with the mention it is about. */
export function conflictAt(doc: SourceDocument, c: Int32Array, at: number, strings: StringTable): CorpusConflict {
  const where = mentionAt(doc, c, c[at] * INSTRUMENT, strings);
  return { id: strings.at(c[at + CONFLICT_ID]), field: FIELDS[c[at + 2]], cited: strings.at(c[at + 3]), registry: strings.at(c[at + 4]), where };
}

export function definitionAt(doc: SourceDocument, rows: Int32Array, at: number, strings: StringTable): SourceAbbreviationDefinition {
  const span = spanAt(doc, rows, at);
  const definition: AbbreviationDefinition = {
    abbr: strings.at(rows[at + SPAN]),
    expansion: strings.at(rows[at + SPAN + 1]),
    start: span.start,
    end: span.end,
    abbrStart: rows[at + SPAN + 2],
    abbrEnd: rows[at + SPAN + 3],
  };
  return { ...span, definition };
}

/** The string number in a row's first column after its span: a symbol's key, a definition's abbreviation. */
export function rowKeyNumber(rows: Int32Array, at: number): number {
  return rows[at + SPAN];
}
/** A definition row's expansion, as a string number. */
export function expansionNumber(rows: Int32Array, at: number): number {
  return rows[at + SPAN + 1];
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
