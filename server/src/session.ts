/**
 * The server's state: settings, the loaded corpus and the problems met while loading it.
 * Features read it; only the session changes it.
 */
import * as path from 'path';
import { Corpus } from './core/corpus/corpus';
import { resolveCorpusRoots, CorpusRoots } from './core/corpus/corpusRoots';
import { LoadProblem, SourceStore } from './core/corpus/sourceStore';
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

  constructor(
    readonly workspaceFolders: string[],
    readonly bundledRoot: string,
    private readonly store: SourceStore,
    readonly events: SessionEvents,
  ) {}

  /** Loads (or reloads) the corpus; a newer call supersedes an older one still running. */
  async reload(): Promise<Corpus> {
    const gen = ++this.generation;
    this.roots = resolveCorpusRoots(this.workspaceFolders, this.settings.corpus.paths, this.bundledRoot);
    this.state = 'indexing';
    const t0 = Date.now();
    this.events.log(`Indexing ${this.roots.origin} corpus: ${this.roots.roots.join(', ')}`);
    this.loading = Corpus.load(this.roots.roots, this.store, {
      maxFileBytes: this.settings.corpus.maxFileSizeMB * 1024 * 1024,
      onProgress: (d, t, f) => this.events.progress?.(d, t, f),
      isCancelled: () => gen !== this.generation,
    });
    const corpus = await this.loading;
    if (gen !== this.generation) return this.loading;
    this.corpus = corpus;
    this.state = 'ready';
    this.events.log(`Indexed ${corpus.documents.length} sources, ${corpus.passageCount} passages in ${Date.now() - t0} ms`);
    for (const p of corpus.problems) this.reportProblem(p);
    return corpus;
  }

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

  /**
   * Structures derived from the corpus (instrument mentions, phrase bank, ...), built once per
   * loaded corpus on first use and dropped when the corpus changes.
   */
  derive<T>(key: string, build: (corpus: Corpus) => T): T {
    if (this.derivedFor !== this.corpus) {
      this.derived.clear();
      this.derivedFor = this.corpus;
    }
    if (!this.derived.has(key)) this.derived.set(key, build(this.corpus));
    return this.derived.get(key) as T;
  }
  private derived = new Map<string, unknown>();
  private derivedFor: Corpus | undefined;

  get problems(): LoadProblem[] {
    return this.corpus.problems;
  }
}

export function displayPath(p: string, folders: string[]): string {
  for (const f of folders) if (p.startsWith(f + path.sep)) return path.relative(f, p);
  return p;
}
