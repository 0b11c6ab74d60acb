/**
 * The server's state: settings, the loaded corpus and the problems met while loading it.
 * Features read it; only the session changes it.
 */
import * as path from 'path';
import { Corpus } from './core/corpus/corpus';
import { corpusFileFilter, filteredSourceStore } from './core/corpus/corpusFilter';
import { resolveCorpusRoots, CorpusRoots } from './core/corpus/corpusRoots';
import { LoadProblem, SourceStore } from './core/corpus/sourceStore';
import { ExtractLimits } from './core/corpus/formats/extractSource';
import { cacheFileFor } from './core/index/indexCache';
import { DEFAULT_SETTINGS, Settings } from './settings';

export interface SessionEvents {
  log(message: string): void;
  /** A problem the user should see once (a warning in the editor). */
  warn(message: string): void;
  progress?(done: number, total: number, file: string): void;
}

export class Session {
  corpus = new Corpus();
  settings: Settings = DEFAULT_SETTINGS;
  roots: CorpusRoots | undefined;
  state: 'idle' | 'indexing' | 'ready' = 'idle';
  private generation = 0;
  private reported = new Set<string>();
  private loading: Promise<Corpus> | undefined;
  /** The corpus a first load is building: searchable before it is complete. */
  private partial: Corpus | undefined;
  /** A load runs with no complete corpus before it (from its start, before `partial` exists). */
  private firstLoading = false;
  /** Source files that changed on disk during a load: read again once it is done. */
  private changedDuringLoad = new Set<string>();
  /** Folder for the persisted index (the extension's global storage); none: not persisted. */
  cacheDir: string | undefined;
  /** Draft checks under way, and the work done between requests that waits for them (see `idleTurn`). */
  private draftChecks = 0;
  private waitingForDrafts: (() => void)[] = [];

  constructor(
    readonly workspaceFolders: string[],
    readonly bundledRoot: string,
    private readonly store: SourceStore,
    readonly events: SessionEvents,
  ) {}

  /** A draft check starts (or is scheduled to resume): see `idleTurn`. */
  draftCheckStarted(): void {
    this.draftChecks++;
  }

  draftCheckEnded(): void {
    if (--this.draftChecks > 0) return;
    const waiting = this.waitingForDrafts;
    this.waitingForDrafts = [];
    for (const go of waiting) setImmediate(go);
  }

  /**
   * The next turn for work done between requests that no request waits for (preparing searches,
   * restoring the phrase bank for completions to come): after the draft checks under way. After
   * a restart at ×500 the three such loops took slices in turn with the open draft's check (its
   * full check from a lean client, four restarts each: 2.3-3.2 s now, 3.3-3.6 s before).
   */
  idleTurn(): Promise<void> {
    return new Promise((go) => (this.draftChecks > 0 ? this.waitingForDrafts.push(go) : setImmediate(go)));
  }

  /**
   * Loads (or reloads) the corpus; a newer call supersedes an older one still running. When the
   * user cancels, the previous corpus stays (or, on a first load, the files read so far).
   */
  async reload(cancel?: { readonly isCancellationRequested: boolean }): Promise<Corpus> {
    const gen = ++this.generation;
    this.roots = resolveCorpusRoots(this.workspaceFolders, this.settings.corpus.paths, this.bundledRoot);
    this.state = 'indexing';
    // with no complete corpus to serve, requests are answered from this load as it goes
    if (this.corpus.documents.length === 0) {
      this.firstLoading = true;
      this.partial = undefined;
      this.partialProgress = { done: 0, total: 0 };
    }
    const t0 = Date.now();
    this.events.log(`Indexing ${this.roots.origin} corpus: ${this.roots.roots.join(', ')}`);
    const filter = corpusFileFilter(this.settings.corpus, this.roots.roots, this.workspaceFolders);
    this.loading = Corpus.load(this.roots.roots, filteredSourceStore(this.store, filter), {
      maxFileBytes: this.settings.corpus.maxFileSizeMB * 1024 * 1024,
      extract: extractLimits(this.settings),
      onProgress: (d, t, f) => {
        this.partialProgress = { done: d, total: t };
        this.events.progress?.(d, t, f);
      },
      isCancelled: () => gen !== this.generation || !!cancel?.isCancellationRequested,
      cacheFile: this.cacheFile(),
      onCacheProblem: (reason) => this.events.log(`index cache discarded: ${reason}`),
      onCorpus: (c) => {
        if (gen === this.generation && this.firstLoading) this.partial = c;
      },
    });
    let corpus: Corpus;
    try {
      corpus = await this.loading;
    } finally {
      if (gen === this.generation) {
        this.partial = undefined;
        this.firstLoading = false;
      }
    }
    if (gen !== this.generation) return this.loading;
    if (cancel?.isCancellationRequested) {
      if (this.corpus.documents.length) corpus = this.corpus;
      this.loading = Promise.resolve(corpus);
      this.events.log(`Indexing cancelled; serving ${corpus.documents.length} sources`);
    }
    this.corpus = corpus;
    this.state = 'ready';
    this.events.log(`Indexed ${corpus.documents.length} sources (${corpus.loadStats.reused} from the index cache), ${corpus.passageCount} passages in ${Date.now() - t0} ms`);
    for (const p of corpus.problems) this.reportProblem(p);
    const changed = [...this.changedDuringLoad];
    this.changedDuringLoad.clear();
    for (const f of changed) await this.sourceChanged(f);
    return corpus;
  }

  /**
   * During a first load, the corpus so far (searchable, but not complete: no verdict may rest on
   * it); otherwise the loaded corpus.
   */
  searchable(): Corpus {
    return this.partial ?? this.corpus;
  }

  /** A first load is running: there is no complete corpus yet. */
  get firstLoad(): { done: number; total: number } | undefined {
    return this.firstLoading ? { ...this.partialProgress } : undefined;
  }
  private partialProgress = { done: 0, total: 0 };

  /** Resolves when the current load has finished. */
  async ready(): Promise<Corpus> {
    if (this.loading) await this.loading;
    return this.corpus;
  }

  private reportProblem(p: LoadProblem): void {
    const key = `${p.path}\u0000${p.reason}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.events.warn(`Skipped ${displayPath(p.path, this.workspaceFolders)}: ${p.reason}`);
  }

  private cacheFile(): string | undefined {
    return this.cacheDir && this.roots ? cacheFileFor(this.cacheDir, this.roots.roots, this.settings.docx) : undefined;
  }

  /** Persists the index when it changed since it was read; errors are logged, never thrown. */
  async saveCache(): Promise<void> {
    const file = this.cacheFile();
    if (!file || this.state !== 'ready') return;
    try {
      if (await this.corpus.saveCache(file)) this.events.log(`index cache written: ${file}`);
    } catch (e) {
      this.events.log(`index cache not written: ${(e as Error).message}`);
    }
  }

  /** A source file changed, appeared or went away on disk: only that file is read again. */
  async sourceChanged(file: string): Promise<boolean> {
    const root = this.roots?.roots.find((r) => file === r || file.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
    if (!root) return false;
    if (this.state !== 'ready') {
      this.changedDuringLoad.add(file);
      return false;
    }
    const filter = corpusFileFilter(this.settings.corpus, this.roots!.roots, this.workspaceFolders);
    await this.corpus.reloadFile(file, filteredSourceStore(this.store, filter), {
      maxFileBytes: this.settings.corpus.maxFileSizeMB * 1024 * 1024, extract: extractLimits(this.settings), name: path.relative(root, file),
    });
    return true;
  }

  /**
   * Structures derived from the corpus (instrument mentions, phrase bank, ...), built once per
   * loaded corpus on first use and dropped when the corpus changes.
   */
  derive<T>(key: string, build: (corpus: Corpus) => T): T {
    if (this.derivedFor !== this.corpus || this.derivedVersion !== this.corpus.version) {
      this.derived.clear();
      this.derivedFor = this.corpus;
      this.derivedVersion = this.corpus.version;
    }
    if (!this.derived.has(key)) this.derived.set(key, build(this.corpus));
    return this.derived.get(key) as T;
  }
  private derived = new Map<string, unknown>();
  private derivedFor: Corpus | undefined;
  private derivedVersion = -1;

  get problems(): LoadProblem[] {
    return this.corpus.problems;
  }
}

/** Per-file limits for reading sources; an unpacked Word file may take five times the file size limit. */
export function extractLimits(settings: Settings): Partial<ExtractLimits> {
  return {
    timeoutMs: settings.corpus.maxSecondsPerFile * 1000,
    maxExpandedBytes: 5 * settings.corpus.maxFileSizeMB * 1024 * 1024,
    includeTrackedChanges: settings.docx.includeTrackedChanges,
    includeComments: settings.docx.includeComments,
  };
}

export function displayPath(p: string, folders: string[]): string {
  for (const f of folders) if (p.startsWith(f + path.sep)) return path.relative(f, p);
  return p;
}
