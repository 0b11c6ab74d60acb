/**
 * The session's instrument knowledge: the registry (shipped data plus the user's registry
 * files) and the mention index over the loaded sources, built once per corpus and registry
 * setting; and each open draft's mentions, recognised once per version.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AbbreviationDefinition, AbbreviationUse, findAbbreviationDefinitions, findAbbreviationUses } from '../../core/instruments/abbreviations';
import { findDocumentSymbols, SymbolMention } from '../../core/instruments/documentSymbols';
import { MentionIndex } from '../../core/instruments/mentionIndex';
import { InstrumentMention, recogniseInstruments } from '../../core/instruments/recogniser';
import { describeProblem, diskRegistryFileSystem, loadRegistry } from '../../core/instruments/registryFiles';
import { Session } from '../../session';

const reported = new WeakMap<Session, Set<string>>();

export function instrumentIndex(session: Session): MentionIndex {
  const paths = session.settings.registry?.paths ?? [];
  return session.derive(`instruments:${JSON.stringify(paths)}`, (corpus) => {
    const registry = loadRegistry(paths, session.workspaceFolders, diskRegistryFileSystem);
    const once = (message: string, warn: boolean) => {
      const seen = reported.get(session) ?? new Set<string>();
      reported.set(session, seen);
      if (seen.has(message)) return;
      seen.add(message);
      if (warn) session.events.warn(message);
      else session.events.log(message);
    };
    for (const p of registry.problems) once(`instrument registry ${describeProblem(p)}`, true);
    for (const c of registry.conflicts) {
      once(`instrument registry conflict: ${c.rejected.origin} gives ${c.id} the ${c.field} "${c.rejected.value}", but ${c.kept.origin} has "${c.kept.value}" (kept)`, true);
    }
    const index = new MentionIndex(registry, corpus.documents);
    for (const c of index.conflicts) {
      once(`source ${c.where.doc.name} cites ${c.id} with ${c.field} "${c.cited}"; the registry has "${c.registry}"`, false);
    }
    return index;
  });
}

export interface DraftAnalysis {
  instruments: InstrumentMention[];
  symbols: SymbolMention[];
  abbreviations: AbbreviationUse[];
  definitions: AbbreviationDefinition[];
}

const drafts = new Map<string, { version: number; index: MentionIndex; analysis: DraftAnalysis }>();

export function analyseDraft(doc: TextDocument, index: MentionIndex): DraftAnalysis {
  const cached = drafts.get(doc.uri);
  if (cached && cached.version === doc.version && cached.index === index) return cached.analysis;
  const text = doc.getText();
  const instruments = recogniseInstruments(text, index.registry);
  const definitions = findAbbreviationDefinitions(text);
  const draftDefined = new Set(definitions.map((d) => d.abbr));
  const analysis: DraftAnalysis = {
    instruments,
    symbols: findDocumentSymbols(text),
    definitions,
    // an abbreviation the draft itself defines counts even when the sources never do
    abbreviations: findAbbreviationUses(text, (t) => index.knownAbbreviation(t) ?? (draftDefined.has(t) ? t : undefined))
      .filter((u) => !instruments.some((m) => u.start < m.end && u.end > m.start)),
  };
  drafts.set(doc.uri, { version: doc.version, index, analysis });
  return analysis;
}

export function forgetDraft(uri: string): void {
  drafts.delete(uri);
}

export type DraftTarget =
  | { kind: 'instrument'; start: number; end: number; mention: InstrumentMention }
  | { kind: 'abbreviation'; start: number; end: number; abbr: string }
  | { kind: 'symbol'; start: number; end: number; symbol: string };

/** The mention under the cursor (a cursor just after a word still counts). */
export function targetAt(analysis: DraftAnalysis, offset: number): DraftTarget | undefined {
  const all: DraftTarget[] = [
    ...analysis.instruments.map((m) => ({ kind: 'instrument' as const, start: m.start, end: m.end, mention: m })),
    ...analysis.symbols.map((s) => ({ kind: 'symbol' as const, start: s.start, end: s.end, symbol: s.symbol })),
    ...analysis.abbreviations.map((a) => ({ kind: 'abbreviation' as const, start: a.start, end: a.end, abbr: a.abbr })),
  ];
  return all.find((t) => offset >= t.start && offset < t.end) ?? all.find((t) => offset === t.end);
}
