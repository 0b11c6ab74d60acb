/**
 * The session's instrument knowledge: the registry (shipped data plus the user's registry
 * files) and the mention index over the loaded sources, built once per corpus and registry
 * setting; and each open draft's mentions, recognised once per version.
 */
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AbbreviationDefinition, AbbreviationUse, knownUses } from '../../core/instruments/abbreviations';
import { SymbolMention } from '../../core/instruments/documentSymbols';
import { readDraft } from '../../core/instruments/draftReading';
import { createHash } from 'crypto';
import { SourceDocument } from '../../core/corpus/document';
import { CorpusConflict, MentionCache, MentionIndex, MentionSource } from '../../core/instruments/mentionIndex';
import { documentKey, encodeStore, mentionStoreFile, StoredDocument, StoredMentions, usesKey, writeStore } from '../../core/instruments/mentionStore';
import { InstrumentMention, recogniseInstruments } from '../../core/instruments/recogniser';
import { describeProblem, diskRegistryFileSystem, loadRegistry } from '../../core/instruments/registryFiles';
import { Session } from '../../session';

const reported = new WeakMap<Session, Set<string>>();
/** Per session, the per-document cache of the registry in use, known by its content, and the store file it restores from. */
const caches = new WeakMap<Session, Held>();
interface Held {
  fingerprint: string;
  cache: MentionCache;
  /** The persisted results (see `mentionStore`), when the session has a cache folder. */
  store?: { file: string; stored: StoredMentions };
  /** The registry as an index over no sources (see `registryOnlyIndex`), made on first use. */
  registryOnly?: MentionIndex;
}
/** Per session, the index last built, and for which corpus version and registry setting. */
const built = new WeakMap<Session, { corpus: unknown; version: number; key: string; index: MentionIndex }>();

/**
 * The registry and the mention index over the loaded sources. Rebuilt when the corpus changes,
 * but each document is read only once per registry (see `MentionCache`), so a change to one file
 * costs that file; `instrumentIndexReady` reads the documents ahead in slices between requests.
 */
export function instrumentIndex(session: Session): MentionIndex {
  const paths = session.settings.registry?.paths ?? [];
  const key = `instruments:${JSON.stringify(paths)}`;
  return session.derive(key, (corpus) => {
    const held = heldFor(session, paths);
    const cache = held.cache;
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
    // a large corpus can cite thousands of instruments differently from the registry: the log
    // shows the first few and counts the rest (hovers and diagnostics show each where it matters)
    let logged = 0;
    for (const c of index.eachConflict()) {
      if (logged >= CONFLICTS_LOGGED) break;
      if (reported.get(session)?.has(conflictMessage(c))) continue;
      once(conflictMessage(c), false);
      logged++;
    }
    const more = index.conflictCount - CONFLICTS_LOGGED;
    if (more > 0) once(`… and ${more} more citations in the sources that differ from the registry`, false);
    built.set(session, { corpus, version: corpus.version, key, index });
    if (held.store && (cache.takeRead() > 0 || held.store.stored.size !== corpus.documents.length)) scheduleSave(session, held, corpus.documents);
    return index;
  });
}

/**
 * The index if it is built (or all it needs is read already); otherwise undefined. Requests
 * never build it: each spent up to 100 ms on it, and the first hover after a start waited for
 * that. `instrumentIndexReady` builds it in slices in the background.
 */
export function instrumentIndexIfReady(session: Session): MentionIndex | undefined {
  const paths = session.settings.registry?.paths ?? [];
  const b = built.get(session);
  const corpus = session.corpus;
  if (b && b.corpus === corpus && b.version === corpus.version && b.key === `instruments:${JSON.stringify(paths)}`) return b.index;
  const preparer = MentionIndex.preparer(heldFor(session, paths).cache, corpus.documents.slice());
  return preparer.step(performance.now()) ? instrumentIndex(session) : undefined;
}

/**
 * The registry in use, as an index over no sources: it knows every instrument and the
 * registry's own abbreviations (`GCM`, `MFLM`), none the sources define.
 */
export function registryOnlyIndex(session: Session): MentionIndex {
  const held = heldFor(session, session.settings.registry?.paths ?? []);
  return (held.registryOnly ??= new MentionIndex(held.cache.registry, [], held.cache));
}

/**
 * Reads the registry and the stored mentions and builds the registry's title matcher: what the
 * first instrument or claim hover after a start needs. Called while the corpus loads, which
 * mostly waits on the disk, rather than left to that hover (at ×500 it took 150 ms of it).
 */
export function prepareInstrumentKnowledge(session: Session): void {
  recogniseInstruments('', registryOnlyIndex(session).registry);
}

const CONFLICTS_LOGGED = 20;
const conflictMessage = (c: CorpusConflict) => `source ${c.where.doc.name} cites ${c.id} with ${c.field} "${c.cited}"; the registry has "${c.registry}"`;

/**
 * The registry is read again whenever the index is rebuilt (its files may have changed), but
 * the cache of document results is kept while the registry's content is the same.
 */
function heldFor(session: Session, paths: string[]): Held {
  // while the index is being read, every request asks: the registry files are read again for
  // a new corpus or setting (when the index is rebuilt), not for each of these
  const asked: Asked = { corpus: session.corpus, version: session.corpus.version, paths: JSON.stringify(paths), cacheDir: session.cacheDir };
  const last = lastAsked.get(session);
  if (last && caches.get(session) === last.held && sameAsked(last.asked, asked)) return last.held;
  const held = loadHeld(session, paths);
  lastAsked.set(session, { asked, held });
  return held;
}
interface Asked {
  corpus: unknown;
  version: number;
  paths: string;
  cacheDir: string | undefined;
}
const lastAsked = new WeakMap<Session, { asked: Asked; held: Held }>();
const sameAsked = (a: Asked, b: Asked) => a.corpus === b.corpus && a.version === b.version && a.paths === b.paths && a.cacheDir === b.cacheDir;

function loadHeld(session: Session, paths: string[]): Held {
  const registry = loadRegistry(paths, session.workspaceFolders, diskRegistryFileSystem);
  const fingerprint = createHash('sha1').update(JSON.stringify([registry.all(), registry.problems.length])).digest('hex');
  const file = storeFileOf(session);
  const held = caches.get(session);
  if (held?.fingerprint === fingerprint && held.store?.file === file) return held;
  const store = file ? { file, stored: StoredMentions.read(file, fingerprint) } : undefined;
  if (store?.stored.problem) session.events.log(`instrument mentions store ${file} not used (${store.stored.problem}); rebuilding it`);
  const fresh: Held = { fingerprint, cache: new MentionCache(registry, store && storedSource(session, store.stored)), store };
  caches.set(session, fresh);
  return fresh;
}

/** The store file of the session's corpus (by its roots and reading options), in the session's cache folder. */
function storeFileOf(session: Session): string | undefined {
  if (!session.cacheDir) return undefined;
  const roots = session.roots?.roots ?? [...new Set(session.corpus.documents.map((d) => path.dirname(d.path)))].sort();
  return mentionStoreFile(session.cacheDir, JSON.stringify([roots.map((r) => path.resolve(r)), session.settings.docx ?? null]));
}

/** Restores a document's results from the store when its file and passages are those it was stored for. */
function storedSource(session: Session, stored: StoredMentions): MentionSource {
  let lastKnown: { known: string; key: string } | undefined;
  // asked for a document's mentions and then its uses: its passages are hashed once
  const keys = new WeakMap<SourceDocument, string | undefined>();
  const keyOf = (doc: SourceDocument) => {
    if (keys.has(doc)) return keys.get(doc);
    const hash = session.corpus.stampOf?.(doc.path)?.hash;
    const key = hash ? documentKey(doc, hash) : undefined;
    keys.set(doc, key);
    return key;
  };
  return {
    strings: stored.strings,
    mentions: (doc) => {
      const key = keyOf(doc);
      return key ? stored.mentions(doc, key) : undefined;
    },
    uses: (doc, known) => {
      const key = keyOf(doc);
      if (!key) return undefined;
      if (lastKnown?.known !== known) lastKnown = { known, key: usesKey(known) };
      keys.delete(doc);
      return stored.uses(doc, key, lastKnown.key);
    },
  };
}

/** Saves pending per session: a newer request replaces an older one not yet started. */
const saves = new WeakMap<Session, NodeJS.Timeout>();
/** How long after the index is built its results are written, so that requests come first. */
const SAVE_DELAY_MS = 2000;

function scheduleSave(session: Session, held: Held, documents: readonly SourceDocument[]): void {
  clearTimeout(saves.get(session));
  const timer = setTimeout(() => {
    saves.delete(session);
    void saveStore(session, held, documents.slice()).catch((e) => session.events.log(`instrument mentions store not written: ${(e as Error).message}`));
  }, SAVE_DELAY_MS);
  timer.unref?.();
  saves.set(session, timer);
}

/**
 * Writes the store now if a write is pending (a one-shot process such as the CLI, whose
 * pending timer would not keep it alive).
 */
export async function saveInstrumentStore(session: Session): Promise<void> {
  const timer = saves.get(session);
  const held = caches.get(session);
  if (!timer || !held?.store) return;
  clearTimeout(timer);
  saves.delete(session);
  await saveStore(session, held, session.corpus.documents.slice());
}

/** Keys the documents' rows in slices between requests (a document's key hashes its passages), then writes the store. */
async function saveStore(session: Session, held: Held, documents: SourceDocument[]): Promise<void> {
  const store = held.store!;
  const stored: StoredDocument[] = [];
  // the documents' uses were found with the same known abbreviations: their key is hashed once
  let lastKnown: { known: string; key: string } | undefined;
  let deadline = performance.now() + SLICE_MS;
  for (const doc of documents) {
    if (performance.now() >= deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      // the registry changed meanwhile: this cache is no longer the one in use
      if (caches.get(session) !== held) return;
      deadline = performance.now() + SLICE_MS;
    }
    const hash = session.corpus.stampOf?.(doc.path)?.hash;
    const found = held.cache.held(doc);
    if (!hash || !found) continue;
    if (found.uses && lastKnown?.known !== found.uses.known) lastKnown = { known: found.uses.known, key: usesKey(found.uses.known) };
    const uses = found.uses && { known: lastKnown!.key, rows: found.uses.rows };
    stored.push({ path: doc.path, key: documentKey(doc, hash), mentions: found.mentions, uses });
  }
  await writeStore(store.file, encodeStore(held.fingerprint, held.cache.strings.strings, stored));
  session.events.log(`instrument mentions store written: ${store.file}`);
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
    const cache = heldFor(session, session.settings.registry?.paths ?? []).cache;
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
  // the paragraphs the diagnostics read are kept: a hover after an edit reads one paragraph
  const { instruments, definitions, tokens, symbols } = readDraft(doc.getText(), index.registry);
  const draftDefined = new Set(definitions.map((d) => d.abbr));
  const analysis: DraftAnalysis = {
    instruments,
    symbols,
    definitions,
    // an abbreviation the draft itself defines counts even when the sources never do
    abbreviations: knownUses(tokens, (t) => index.knownAbbreviation(t) ?? (draftDefined.has(t) ? t : undefined))
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
  // looked for in the lists themselves: a target object for every mention of a 20-page draft,
  // made on every hover, was most of a first hover (3.4 of 8 ms) and garbage for the rest
  for (const holds of [(s: { start: number; end: number }) => offset >= s.start && offset < s.end, (s: { end: number }) => offset === s.end]) {
    const m = analysis.instruments.find(holds);
    if (m) return { kind: 'instrument', start: m.start, end: m.end, mention: m };
    const s = analysis.symbols.find(holds);
    if (s) return { kind: 'symbol', start: s.start, end: s.end, symbol: s.symbol };
    const a = analysis.abbreviations.find(holds);
    if (a) return { kind: 'abbreviation', start: a.start, end: a.end, abbr: a.abbr };
  }
  return undefined;
}
