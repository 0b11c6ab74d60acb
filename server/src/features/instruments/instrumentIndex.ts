/**
 * The session's instrument knowledge: the registry (shipped data plus the user's registry
 * files) and the mention index over the loaded sources, built once per corpus and registry
 * setting; and each open draft's mentions, recognised once per version.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AbbreviationDefinition, AbbreviationUse, findAbbreviationDefinitions, findAbbreviationUses } from '../../core/instruments/abbreviations';
import { findDocumentSymbols, SymbolMention } from '../../core/instruments/documentSymbols';
import { MentionCache, MentionIndex } from '../../core/instruments/mentionIndex';
import { InstrumentMention, recogniseInstruments } from '../../core/instruments/recogniser';
import { describeProblem, diskRegistryFileSystem, loadRegistry } from '../../core/instruments/registryFiles';
import { Session } from '../../session';

const reported = new WeakMap<Session, Set<string>>();
/** Per session, the per-document cache of the registry in use, known by its content. */
const caches = new WeakMap<Session, { fingerprint: string; cache: MentionCache }>();

/**
 * The registry and the mention index over the loaded sources. Rebuilt when the corpus changes,
 * but each document is read only once per registry (see `MentionCache`), so a change to one file
 * costs that file; `instrumentIndexReady` reads the documents ahead in slices between requests.
 */
export function instrumentIndex(session: Session): MentionIndex {
  const paths = session.settings.registry?.paths ?? [];
  return session.derive(`instruments:${JSON.stringify(paths)}`, (corpus) => {
    const cache = cacheFor(session, paths);
    const registry = cache.registry;
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
    const index = new MentionIndex(registry, corpus.documents, cache);
    for (const c of index.conflicts) {
      once(`source ${c.where.doc.name} cites ${c.id} with ${c.field} "${c.cited}"; the registry has "${c.registry}"`, false);
    }
    return index;
  });
}

/**
 * The registry is read again whenever the index is rebuilt (its files may have changed), but
 * the cache of document results is kept while the registry's content is the same.
 */
function cacheFor(session: Session, paths: string[]): MentionCache {
  const registry = loadRegistry(paths, session.workspaceFolders, diskRegistryFileSystem);
  const fingerprint = JSON.stringify([registry.all(), registry.problems.length]);
  const held = caches.get(session);
  if (held?.fingerprint === fingerprint) return held.cache;
  const cache = new MentionCache(registry);
  caches.set(session, { fingerprint, cache });
  return cache;
}

/** Time a slice of the ahead-of-use reading may hold the event loop. */
const SLICE_MS = 12;

/**
 * Reads the documents of the current corpus into the cache in slices that yield to the event
 * loop, then builds the index (which then only assembles). A request that needs the index
 * before this finishes builds it at once from what is cached, so it never gets a partial index.
 */
export async function instrumentIndexReady(session: Session): Promise<MentionIndex> {
  for (;;) {
    const cache = cacheFor(session, session.settings.registry?.paths ?? []);
    const corpus = session.corpus;
    const version = corpus.version;
    const preparer = MentionIndex.preparer(cache, corpus.documents.slice());
    while (!preparer.step(performance.now() + SLICE_MS)) {
      await new Promise((resolve) => setImmediate(resolve));
      if (session.corpus !== corpus || corpus.version !== version) break;
    }
    if (session.corpus === corpus && corpus.version === version) return instrumentIndex(session);
  }
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
