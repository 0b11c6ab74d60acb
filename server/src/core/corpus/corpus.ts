/**
 * The loaded corpus: documents, their passages, the passage index and what could not be
 * loaded. Loading yields between files so a server stays responsive while it indexes.
 */
import * as os from 'os';
import { buildDocument, Passage, passageLabel, SourceDocument } from './document';
import { PreparePool } from './loadWorkers';
import { documentFrom, prepared, PrepareResult, TermNumbering } from './preparedDocument';
import { ExtractLimits, extractSource } from './formats/extractSource';
import { describe, LoadProblem, SourceFile, SourceStore } from './sourceStore';
import { PassageIndex, ScoredId } from '../index/passageIndex';
import { contentTerms } from '../text/terms';
import { CachedDocument, contentHash, FileStamp, OpenedCache, readCache, writeCache } from '../index/indexCache';

export interface LoadOptions {
  maxFileBytes?: number;
  /** Worker threads preparing documents; 0: none. By default, one a core for a large load. */
  workers?: number;
  /** Called after each file with the number done and the total. */
  onProgress?: (done: number, total: number, file: string) => void;
  isCancelled?: () => boolean;
  /** Per-file time limit and reading choices for PDF and Word files. */
  extract?: Partial<ExtractLimits>;
  /** The persisted index to start from (see index/indexCache); none: everything is read. */
  cacheFile?: string;
  /** Why a cache file was discarded (corrupt, another version): it is rebuilt. */
  onCacheProblem?: (reason: string) => void;
  /** The corpus being loaded, as soon as it can be searched: it answers from what is added so far. */
  onCorpus?: (corpus: Corpus) => void;
}

export interface ScoredPassage {
  passage: Passage;
  score: number;
}

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;
const READ_AHEAD = 4;
/** Passages `rehearseReading` reads. */
const READ_REHEARSALS = 512;
/** Below this much to read, starting worker threads costs more than it saves. */
const WORKERS_FROM_BYTES = 4 * 1024 * 1024;

/**
 * Workers for a large load: one a core but one, which stays for adding what they send and
 * answering requests; up to four. Measured on 2 cores (docs/benchmarks.md): two workers and the
 * main thread contend for memory bandwidth and load slower than one worker.
 */
function defaultWorkerCount(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores - 1));
}

/** What became of one file to read. */
type Outcome = { problem: string } | { reuse: CachedDocument; stamp: FileStamp } | { prepared: PrepareResult & { built?: SourceDocument }; stamp: FileStamp };

/** An index's own ids as a numbering that never has new terms to send (one per index, so words keep their ids). */
const numberings = new WeakMap<PassageIndex, TermNumbering>();
function numberingOf(index: PassageIndex): TermNumbering {
  let n = numberings.get(index);
  if (!n) numberings.set(index, (n = { number: index.numbering.number, takeNew: () => [] }));
  return n;
}

/** Prepares a document in this thread, keeping the built document (no copy from plain data). */
async function prepareInThread(f: SourceFile, bytes: Uint8Array, index: PassageIndex, limits?: Partial<ExtractLimits>): Promise<PrepareResult & { built?: SourceDocument }> {
  const extracted = await extractSource(f, bytes, limits);
  if (!extracted.ok) return { ok: false, reason: extracted.reason };
  const built = buildDocument(f.path, f.name, extracted.text, extracted);
  return { ok: true, doc: prepared(built, numberingOf(index)), built };
}

export class Corpus {
  readonly documents: SourceDocument[] = [];
  readonly problems: LoadProblem[] = [];
  /** Passage ids are given from 0 up; this is the next one. */
  private nextId = 0;
  /** The document holding each passage id, as an index in `owners` (-1: none, or not yet added). */
  private ownerOf = new Int32Array(0).fill(-1);
  private owners: (SourceDocument | undefined)[] = [];
  /** The first passage id of each of `owners`. */
  private firstIds: number[] = [];
  index = new PassageIndex();
  /** Bumped on every change, so caches keyed on it are invalidated. */
  version = 0;
  /** Documents taken from the index cache, and documents read from their files, at load. */
  readonly loadStats = { reused: 0, read: 0 };
  /** The tokenizer has run in this thread (see `prepareSearch`). */
  private searchWarmed = false;
  private readRehearsed = 0;
  private roots: string[] = [];
  private stamps = new Map<string, FileStamp>();
  /** The cache file no longer matches the corpus. */
  private unsaved = true;

  /** The size, time and content hash of a loaded document's file (what derived caches key on). */
  stampOf(path: string): Readonly<FileStamp> | undefined {
    return this.stamps.get(path);
  }

  static async load(roots: string[], store: SourceStore, options: LoadOptions = {}): Promise<Corpus> {
    const corpus = new Corpus();
    corpus.roots = roots.slice();
    const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    // the index file is read and checked while the folders are listed: one waits on the disk
    // and the thread pool, the other mostly on this thread
    const restoring = options.cacheFile ? corpus.restore(options.cacheFile, options.onCacheProblem) : undefined;
    // awaited below; a failure must not count as unhandled while the listing runs
    restoring?.catch(() => undefined);
    const files: SourceFile[] = [];
    for (const root of roots) {
      const listed = await store.list(root);
      files.push(...listed.files);
      corpus.problems.push(...listed.problems);
    }
    const opened = await restoring;
    const cached = opened?.documents ?? new Map<string, CachedDocument>();
    options.onCorpus?.(corpus);
    const reused = new Set<CachedDocument>();
    let touched = false;
    const reuse = (c: CachedDocument, stamp: FileStamp) => {
      const doc = opened!.document(c);
      corpus.documents.push(doc);
      corpus.own(doc, opened!.passageIds(c));
      corpus.stamps.set(doc.path, stamp);
      touched ||= stamp.mtimeMs !== c.mtimeMs;
      reused.add(c);
      corpus.loadStats.reused++;
    };
    // an unchanged file (same size and time) is not even read
    const unchanged = (f: SourceFile) => {
      const c = cached.get(f.path);
      return !!c && c.size === f.size && c.mtimeMs === f.mtimeMs;
    };
    // many files to read: they are prepared in worker threads, on every core
    let toRead = 0;
    for (const f of files) if (f.size <= maxBytes && !unchanged(f)) toRead += f.size;
    const workers = options.workers ?? (toRead >= WORKERS_FROM_BYTES ? defaultWorkerCount() : 0);
    const pool = workers > 0 ? PreparePool.create(workers, (terms) => corpus.index.internAll(terms)) : undefined;
    // files are read and prepared a few ahead of the one being added, so disk and workers keep busy
    const ahead = pool ? workers * 3 : READ_AHEAD;
    const outcomes = new Map<number, Promise<Outcome>>();
    const start = (i: number) => {
      if (i >= files.length || outcomes.has(i)) return;
      const f = files[i];
      const c = cached.get(f.path);
      if (f.size > maxBytes || (c && unchanged(f))) return;
      const outcome = (async (): Promise<Outcome> => {
        let bytes: Uint8Array;
        try {
          bytes = await store.read(f.path);
        } catch (e) {
          return { problem: describe(e, 'file cannot be read') };
        }
        const hash = contentHash(bytes);
        const stamp = { size: f.size, mtimeMs: f.mtimeMs, hash };
        // touched but not changed (a checkout, a copy): the content hash says so
        if (c && c.hash === hash && c.size === bytes.length) return { reuse: c, stamp };
        return { prepared: pool ? await pool.prepare(f, bytes, options.extract) : await prepareInThread(f, bytes, corpus.index, options.extract), stamp };
      })();
      outcomes.set(i, outcome);
    };
    let done = 0;
    try {
      for (let i = 0; i < files.length; i++) {
        const f = files[i];
        if (options.isCancelled?.()) break;
        for (let j = i; j < i + ahead; j++) start(j);
        const c = cached.get(f.path);
        if (f.size > maxBytes) {
          corpus.problems.push({ path: f.path, reason: `file is ${(f.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(1)} MB limit (groundwork.corpus.maxFileSizeMB)` });
        } else if (c && unchanged(f)) {
          reuse(c, { size: c.size, mtimeMs: c.mtimeMs, hash: c.hash });
        } else {
          const o = await outcomes.get(i)!;
          outcomes.delete(i);
          if ('problem' in o) corpus.problems.push({ path: f.path, reason: o.problem });
          else if ('reuse' in o) reuse(o.reuse, o.stamp);
          else corpus.addPrepared(f, o.prepared, o.stamp);
        }
        done++;
        options.onProgress?.(done, files.length, f.name);
        if (done % 8 === 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      pool?.close();
    }
    // passages of cached files that are gone or changed keep their ids but leave the index
    const stale = [...cached.values()].filter((c) => !reused.has(c));
    corpus.index.removeAll(stale.flatMap((c) => Array.from(opened!.passageIds(c))));
    corpus.index.freeze();
    corpus.unsaved = touched || corpus.loadStats.read > 0 || stale.length > 0 || cached.size === 0;
    return corpus;
  }

  /** Extracts and indexes one file's bytes in this thread. */
  private async readDocument(f: SourceFile, bytes: Uint8Array, hash: string, options: LoadOptions): Promise<void> {
    this.addPrepared(f, await prepareInThread(f, bytes, this.index, options.extract), { size: f.size, mtimeMs: f.mtimeMs, hash });
  }

  /** Adds a prepared document (or records why it could not be read). */
  private addPrepared(f: SourceFile, result: PrepareResult & { built?: SourceDocument }, stamp: FileStamp): void {
    if (!result.ok) {
      this.problems.push({ path: f.path, reason: result.reason });
      return;
    }
    // the terms are numbered with this index's ids already (see PreparePool, prepareInThread)
    const { terms } = result.doc;
    let at = 0;
    this.addDocument(result.built ?? documentFrom(result.doc), (p, i) => {
      this.index.addTermIds(p.id, terms.ids, at, at + terms.counts[i]);
      at += terms.counts[i];
    });
    this.stamps.set(f.path, stamp);
    this.loadStats.read++;
  }

  /** Starts from the cache file: passages at their ids, the index as saved. */
  private async restore(file: string, onProblem?: (reason: string) => void): Promise<OpenedCache | undefined> {
    let read;
    try {
      read = await readCache(file);
    } catch (e) {
      read = { ok: false as const, reason: `index file cannot be read (${(e as Error).message})` };
    }
    if (!read) return undefined;
    if (!read.ok) {
      onProblem?.(`${file}: ${read.reason}; rebuilding it`);
      return undefined;
    }
    const { cache } = read;
    if (cache.roots.join('\0') !== this.roots.join('\0')) return undefined;
    this.index = PassageIndex.fromSnapshot(cache.index);
    this.nextId = cache.passageCount;
    return cache;
  }

  /**
   * Re-reads one source file after it changed on disk (or removes it when it is gone): only
   * that file is extracted and indexed again.
   */
  async reloadFile(f: SourceFile | string, store: SourceStore, options: LoadOptions & { name?: string } = {}): Promise<void> {
    const path = typeof f === 'string' ? f : f.path;
    let file: SourceFile | undefined = typeof f === 'string' ? undefined : f;
    let bytes: Uint8Array | undefined;
    try {
      bytes = await store.read(path);
    } catch {
      bytes = undefined;
    }
    if (!bytes) {
      if (this.removeDocument(path)) this.unsaved = true;
      return;
    }
    const old = this.documents.find((d) => d.path === path);
    file ??= { path, name: old?.name ?? options.name ?? path, size: bytes.length, mtimeMs: Date.now() };
    const hash = contentHash(bytes);
    if (old && this.stamps.get(path)?.hash === hash) return;
    this.problems.splice(0, this.problems.length, ...this.problems.filter((p) => p.path !== path));
    if (bytes.length > (options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) {
      this.removeDocument(path);
      this.problems.push({ path, reason: 'file is over the size limit (groundwork.corpus.maxFileSizeMB)' });
    } else {
      const before = this.problems.length;
      await this.readDocument(file, bytes, hash, options);
      if (this.problems.length > before) this.removeDocument(path);
    }
    this.unsaved = true;
  }

  /**
   * Writes the index cache when the corpus differs from it; returns whether it wrote. The
   * documents then read their text from the file when needed instead of keeping it in memory.
   */
  async saveCache(file: string): Promise<boolean> {
    if (!this.unsaved) return false;
    const version = this.version;
    const documents: { doc: SourceDocument; stamp: FileStamp }[] = [];
    for (const doc of this.documents) {
      const stamp = this.stamps.get(doc.path);
      if (stamp) documents.push({ doc, stamp });
    }
    await writeCache(file, this.roots, documents, this.nextId, this.index.snapshot());
    // a source that changed while the file was written is not in it as it is now
    if (this.version !== version) return true;
    this.unsaved = false;
    const read = await readCache(file, true);
    if (read?.ok && this.version === version) {
      for (const doc of this.documents) {
        const c = read.cache.documents.get(doc.path);
        if (c) doc.textSource = read.cache.textSource(c);
      }
    }
    return true;
  }

  /** Adds a built document; `index` indexes each passage when its terms are known already. */
  addDocument(doc: SourceDocument, index?: (p: Passage, i: number) => void): void {
    this.removeDocument(doc.path);
    this.documents.push(doc);
    const ids = new Int32Array(doc.passages.length);
    doc.passages.forEach((p, i) => {
      p.id = ids[i] = this.nextId++;
      // headings are indexed so workspace/symbol finds sections, with their own text only
      if (index) index(p, i);
      else this.index.add(p.id, p.text);
    });
    this.own(doc, ids);
    this.version++;
  }

  /** Records which document holds these passage ids. */
  private own(doc: SourceDocument, ids: ArrayLike<number>): void {
    const owner = this.owners.push(doc) - 1;
    this.firstIds[owner] = ids.length ? ids[0] : 0;
    let most = -1;
    for (let i = 0; i < ids.length; i++) most = Math.max(most, ids[i]);
    if (most >= this.ownerOf.length) {
      const grown = new Int32Array(Math.max(1024, most + 1, this.ownerOf.length * 2)).fill(-1);
      grown.set(this.ownerOf);
      this.ownerOf = grown;
    }
    for (let i = 0; i < ids.length; i++) this.ownerOf[ids[i]] = owner;
  }

  /** The passage with this id, if its document is in the corpus (made if it was not yet). */
  passage(id: number): Passage | undefined {
    const owner = id >= 0 && id < this.ownerOf.length ? this.ownerOf[id] : -1;
    if (owner < 0) return undefined;
    const doc = this.owners[owner];
    if (!doc) return undefined;
    // a document's passages are numbered in a row when it is added
    const guess = doc.passageAt(id - this.firstIds[owner]);
    return guess?.id === id ? guess : doc.passages.find((p) => p.id === id);
  }

  /**
   * Every passage of the corpus's documents, in id order. Makes the passages of every document
   * (see SourceDocument.passages): for tools and tests, not for requests.
   */
  allPassages(): Passage[] {
    const all: Passage[] = [];
    for (const d of this.documents) for (const p of d.passages) all.push(p);
    return all.sort((a, b) => a.id - b.id);
  }

  removeDocument(path: string): boolean {
    const i = this.documents.findIndex((d) => d.path === path);
    if (i < 0) return false;
    const ids = this.documents[i].passages.map((p) => p.id);
    this.index.removeAll(ids);
    // a removed document is not kept for its ids' sake (a long session reads files again and again)
    for (const id of ids) {
      const owner = this.ownerOf[id];
      if (owner >= 0) this.owners[owner] = undefined;
      this.ownerOf[id] = -1;
    }
    this.documents.splice(i, 1);
    this.version++;
    return true;
  }

  document(path: string): SourceDocument | undefined {
    return this.documents.find((d) => d.path === path);
  }

  search(query: string, k = 10, filter?: (p: Passage) => boolean): ScoredPassage[] {
    const hits: ScoredId[] = this.index.search(query, filter ? k * 4 : k);
    const out: ScoredPassage[] = [];
    for (const h of hits) {
      const passage = this.passage(h.id);
      // restored from the cache, the index knows passages whose documents are still being added
      if (!passage || (filter && !filter(passage))) continue;
      out.push({ passage, score: h.score });
      if (out.length >= k) break;
    }
    return out;
  }

  /**
   * Prepares what the first searches would otherwise pay for until `deadline` (a
   * `performance.now()` time); true when done. For idle time after a load: the tokenizer's
   * regular expressions, compiled on their first use in this thread (the sources were read by
   * workers), the index's term bounds, the arrays queries score into, the postings of
   * common words still in the index file, then searches and reads of a few passages, so that
   * the first requests run compiled code (see `PassageIndex.rehearse`).
   */
  prepareSearch(deadline: number): boolean {
    if (!this.searchWarmed) {
      contentTerms('Convention No. 97, C.97 and 1,000 migrant workers’ rights: the ILO’s work-related R086 (Revised) 2013');
      this.searchWarmed = true;
    }
    const ready = this.index.prepareBounds(deadline) && this.index.prepareQueries(deadline) && this.index.preloadPostings(deadline) && this.index.rehearse(deadline);
    return ready && this.rehearseReading(deadline);
  }

  /**
   * Reads passages spread over the corpus (text, sentences, line), as a request's results are
   * read, until `deadline`; true when done. At ×500 the first symbol requests after a load
   * took 9-20 ms where later ones took 2, reading their results in code not yet compiled.
   */
  private rehearseReading(deadline: number): boolean {
    const count = this.nextId;
    while (this.readRehearsed < READ_REHEARSALS && count > 0) {
      const i = this.readRehearsed++;
      const p = this.passage(Math.floor(((i * 0.618034) % 1) * count));
      if (p) {
        void p.sentences;
        passageLabel(p);
        // a document keeps its line starts once read: a few are enough to compile the lookup
        if (i < 32) p.doc.lines.positionAt(p.end);
      }
      if (performance.now() > deadline) break;
    }
    return this.readRehearsed >= READ_REHEARSALS || count === 0;
  }

  get passageCount(): number {
    return this.index.size;
  }
}
