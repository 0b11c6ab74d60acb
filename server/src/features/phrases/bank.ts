/**
 * The session's phrase bank: built from the loaded corpus and the instrument registry's
 * citations, rebuilt when the corpus changes, reusing the words of unchanged documents.
 *
 * Building never holds the event loop for long: it runs in slices of a few milliseconds
 * between requests. A request meanwhile gets the last complete bank (after a file changed) or
 * what the first build has read so far, and is told the bank is not ready, so the editor asks
 * again; it never waits for the build.
 *
 * With a cache folder, the words read are kept in the phrase store beside the index cache: a
 * build with no bank to start from first restores the store (read asynchronously, checked and
 * decoded in slices), reads only the documents it does not hold for their present content, and
 * the store is written again a little after a build that read anything.
 */
import { Corpus } from '../../core/corpus/corpus';
import { loadShippedRegistry } from '../../core/instruments/registry';
import { SourceDocument } from '../../core/corpus/document';
import { cacheFileFor } from '../../core/index/indexCache';
import { PhraseBank, PhraseBankBuilder, ReferencePhrase } from '../../core/phrases/phraseBank';
import { phraseStoreFileFor, readPhraseStore, segmentKey, StoredPhrases, writePhraseStore } from '../../core/phrases/phraseStore';
import { Session } from '../../session';

/** Work done between two yields to the event loop. */
const SLICE_MS = 12;
/**
 * Work a completion request lends an unfinished build before it answers: more when there is no
 * bank yet (a small corpus is then complete at once), less when the previous bank can answer.
 */
const REQUEST_SLICE_MS = { first: 30, rebuild: 10 };

export interface PhraseBankBuildStats {
  /** From the start of the build to the bank, yields included. */
  elapsedMs: number;
  /** Time spent building, and the longest time the build held the event loop at once. */
  busyMs: number;
  longestSliceMs: number;
  slices: number;
  documentsRead: number;
  documentsReused: number;
  /** Documents whose words came from the phrase store, and the time spent restoring it (yields included). */
  documentsRestored: number;
  restoreMs: number;
}

interface BankState {
  /** The last complete bank, and the corpus (and its version) it was built for. */
  bank?: PhraseBank;
  corpus?: Corpus;
  version: number;
  /** The build under way, for which corpus and version, and the bank it started from. */
  run?: { builder: PhraseBankBuilder; corpus: Corpus; version: number; previous?: PhraseBank; stats: PhraseBankBuildStats; t0: number };
  /** The first build's documents so far, answered from before any bank is complete. */
  partial?: PhraseBank;
  building?: Promise<PhraseBank>;
  lastBuild?: PhraseBankBuildStats;
  /** While the phrase store is read: a build waits for it (a request gets no bank, not ready). */
  restoring?: boolean;
  /** The store restored for the next build to start from, and the time it took. */
  stored?: StoredPhrases;
  restoreMs?: number;
  /** Whether the store file holds what the last bank read (nothing to write). */
  storeCurrent?: boolean;
}

const states = new WeakMap<Session, BankState>();
let registryPhrases: ReferencePhrase[] | undefined;

function stateOf(session: Session): BankState {
  let s = states.get(session);
  if (!s) states.set(session, (s = { version: -1 }));
  return s;
}

function isCurrent(state: BankState, session: Session): boolean {
  return !!state.bank && state.corpus === session.corpus && state.version === session.corpus.version;
}

/**
 * The bank to answer a request from, without waiting: `ready` is false while a build for the
 * current corpus is still running (one is started if none is), and the bank is then the
 * previous one, the first build's part, or none. A request lends the build a few milliseconds
 * first, so that a small corpus, or a rebuild after one file changed, is there at once.
 */
export function phraseBank(session: Session): { bank: PhraseBank | undefined; ready: boolean } {
  const state = stateOf(session);
  if (!isCurrent(state, session)) {
    phraseBankReady(session).catch((e) => session.events.log(`phrase bank not built: ${(e as Error).message}`));
    advance(session, state, performance.now() + (state.bank ? REQUEST_SLICE_MS.rebuild : REQUEST_SLICE_MS.first));
  }
  if (isCurrent(state, session)) return { bank: state.bank, ready: true };
  return { bank: state.bank ?? state.partial, ready: false };
}

/** The bank for the current corpus, built in slices (a build already running is joined). */
export function phraseBankReady(session: Session): Promise<PhraseBank> {
  const state = stateOf(session);
  if (isCurrent(state, session)) return Promise.resolve(state.bank!);
  state.building ??= build(session, state).finally(() => (state.building = undefined));
  return state.building;
}

/** Whether the bank answers for the current corpus (no build under way), without starting one. */
export function phraseBankIsCurrent(session: Session): boolean {
  const state = states.get(session);
  return !!state && isCurrent(state, session);
}

/** How the last build went: how long, and how long it held the event loop at most. */
export function phraseBankStats(session: Session): PhraseBankBuildStats | undefined {
  return states.get(session)?.lastBuild;
}

async function build(session: Session, state: BankState): Promise<PhraseBank> {
  if (!state.run && !(state.bank && sharesMost(state.bank, session.corpus.documents))) await restore(session, state);
  for (;;) {
    advance(session, state, performance.now() + SLICE_MS);
    if (isCurrent(state, session)) return state.bank!;
    // a request lends the build its own slice (see `phraseBank`); drafts are checked first
    await session.idleTurn();
  }
}

/**
 * Works on the build until the deadline: starts one for the current corpus when there is none
 * or the corpus moved on (keeping what was read), and installs the bank when it is complete.
 */
function advance(session: Session, state: BankState, deadline: number): void {
  // the store is being read: the build starts from it once it is (a tool building at once does not wait)
  if (state.restoring && deadline !== Infinity) return;
  const corpus = session.corpus;
  let run = state.run;
  if (!run || run.corpus !== corpus || run.version !== corpus.version) {
    let previous = run ? run.builder.salvage() : state.bank;
    const documents = corpus.documents.slice();
    // after a reload most documents are new objects: starting afresh drops the old words
    if (previous && !sharesMost(previous, documents)) previous = undefined;
    const stored = previous ? undefined : state.stored;
    state.stored = undefined;
    const stats = run?.stats ?? { elapsedMs: 0, busyMs: 0, longestSliceMs: 0, slices: 0, documentsRead: 0, documentsReused: 0, documentsRestored: 0, restoreMs: state.restoreMs ?? 0 };
    if (run) {
      stats.documentsRead += run.builder.stats.read;
      stats.documentsRestored += run.builder.stats.restored;
    }
    const builder = new PhraseBankBuilder(documents, instrumentPhrases(), previous, stored);
    run = state.run = { builder, corpus, version: corpus.version, previous, stats, t0: run?.t0 ?? performance.now() - (state.restoreMs ?? 0) };
    state.restoreMs = undefined;
    if (stored) state.storeCurrent = stored.size === documents.length;
  }
  const { builder, stats } = run;
  const start = performance.now();
  const done = builder.step(deadline);
  const slice = performance.now() - start;
  stats.busyMs += slice;
  stats.longestSliceMs = Math.max(stats.longestSliceMs, slice);
  stats.slices++;
  if (!done) {
    if (!run.previous) state.partial = builder.partial();
    return;
  }
  state.bank = builder.result();
  state.corpus = run.corpus;
  state.version = run.version;
  state.partial = undefined;
  state.run = undefined;
  stats.documentsRead += builder.stats.read;
  stats.documentsReused = builder.stats.reused;
  stats.documentsRestored += builder.stats.restored;
  stats.elapsedMs = performance.now() - run.t0;
  state.lastBuild = stats;
  if (builder.stats.read > 0) state.storeCurrent = false;
  if (!state.storeCurrent) scheduleSave(session, state);
}

/** The phrase store of the session's corpus: beside its index cache; none without a cache folder. */
function storeFileOf(session: Session): string | undefined {
  if (!session.cacheDir || !session.roots) return undefined;
  return phraseStoreFileFor(cacheFileFor(session.cacheDir, session.roots.roots, session.settings.docx));
}

/**
 * The content hash of a document's file, while the document is the corpus's for its path (a
 * document replaced since has no hash: its words are neither restored nor stored).
 */
function fileHashes(session: Session): (doc: SourceDocument) => string | undefined {
  const corpus = session.corpus;
  let seen = -1;
  let current = new Set<SourceDocument>();
  return (doc) => {
    if (session.corpus !== corpus) return undefined;
    if (corpus.version !== seen) {
      current = new Set(corpus.documents);
      seen = corpus.version;
    }
    return current.has(doc) ? corpus.stampOf(doc.path)?.hash : undefined;
  };
}

async function restore(session: Session, state: BankState): Promise<void> {
  const file = storeFileOf(session);
  if (!file) return;
  const t0 = performance.now();
  state.restoring = true;
  try {
    const hashOf = fileHashes(session);
    const read = await readPhraseStore(file, hashOf);
    if (!read.ok && read.reason !== 'no store file') session.events.log(`phrase store ${file} not used (${read.reason}); rebuilding it`);
    state.stored = read.ok ? read.stored : StoredPhrases.empty(hashOf);
  } finally {
    state.restoring = false;
    state.restoreMs = performance.now() - t0;
  }
}

/** How long after a build the store is written, so that requests come first. */
const SAVE_DELAY_MS = 2000;
const saves = new WeakMap<Session, { timer: NodeJS.Timeout; bank: PhraseBank }>();

function scheduleSave(session: Session, state: BankState): void {
  if (!storeFileOf(session)) return;
  clearTimeout(saves.get(session)?.timer);
  const bank = state.bank!;
  const timer = setTimeout(() => {
    saves.delete(session);
    savePhraseStore(session, bank).catch((e) => session.events.log(`phrase store not written: ${(e as Error).message}`));
  }, SAVE_DELAY_MS);
  timer.unref?.();
  saves.set(session, { timer, bank });
}

/** Writes the store now if a write is pending (for a one-shot process, or a test). */
export async function flushPhraseStore(session: Session): Promise<void> {
  const pending = saves.get(session);
  if (!pending) return;
  clearTimeout(pending.timer);
  saves.delete(session);
  await savePhraseStore(session, pending.bank);
}

/** Writes the bank's words, if the bank is still the current one (else a newer build will). */
async function savePhraseStore(session: Session, bank: PhraseBank): Promise<void> {
  const state = stateOf(session);
  const file = storeFileOf(session);
  if (!file || state.bank !== bank || !isCurrent(state, session)) return;
  const hashOf = fileHashes(session);
  await writePhraseStore(file, bank, (doc) => {
    const hash = hashOf(doc);
    return hash === undefined ? undefined : segmentKey(doc, hash);
  });
  if (state.bank === bank) state.storeCurrent = true;
}

function sharesMost(bank: PhraseBank, documents: readonly object[]): boolean {
  const current = new Set(documents);
  let shared = 0;
  for (const s of bank.segments) if (s.doc && current.has(s.doc)) shared++;
  return shared * 2 >= bank.segments.length;
}

/** Official citations and other names of instruments, so a title being typed completes to its citation. */
function instrumentPhrases(): ReferencePhrase[] {
  if (!registryPhrases) {
    const out: ReferencePhrase[] = [];
    for (const e of loadShippedRegistry().all()) {
      const origin = `Instrument registry (${e.id})`;
      out.push({ text: e.citation, origin });
      for (const alias of e.aliases) out.push({ text: alias, origin });
    }
    registryPhrases = out;
  }
  return registryPhrases;
}

/** Builds (or finishes) the bank at once, holding the event loop: for tools and benchmarks, not requests. */
export function phraseBankNow(session: Session): PhraseBank {
  const state = stateOf(session);
  while (!isCurrent(state, session)) advance(session, state, Infinity);
  return state.bank!;
}
