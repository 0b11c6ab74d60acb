/**
 * Preparing documents (extraction, repair, segmentation, tokenising) in worker threads: a
 * large corpus then loads on every core, and the thread that answers requests only adds what
 * the workers send. A worker also makes the per-file time limit absolute: one that overruns
 * is terminated, which no timer in the same thread can do to a pathological PDF page.
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { ExtractLimits, DEFAULT_EXTRACT_LIMITS } from './formats/extractSource';
import { PrepareResult } from './preparedDocument';

/** The worker's script, beside this module: dist/ when bundled, out/ when compiled for tests. */
const WORKER_SCRIPT = path.join(__dirname, 'loadWorker.js');

export interface PrepareJob {
  job: number;
  file: { path: string; name: string };
  bytes: Uint8Array;
  limits?: Partial<ExtractLimits>;
}

interface Running {
  job: PrepareJob;
  resolve: (r: PrepareResult) => void;
  timer: NodeJS.Timeout;
}

/** A worker thread and, for each number its numbering gave, the index's id of that term. */
interface PoolWorker {
  thread: Worker;
  termIds: Int32Array;
  termCount: number;
}

/** Time a worker gets beyond the per-file limit before it is stopped. */
const GRACE_MS = 2000;

export class PreparePool {
  private idle: PoolWorker[] = [];
  private busy = new Map<PoolWorker, Running>();
  private queue: { job: PrepareJob; resolve: (r: PrepareResult) => void }[] = [];
  private nextJob = 0;
  private closed = false;

  /** @param intern the index's ids for terms (results come back with the index's term ids). */
  private constructor(
    private readonly size: number,
    private readonly intern: (terms: string[]) => Int32Array,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  /** A pool of `size` workers, or undefined where the worker script is not there. */
  static create(size: number, intern: (terms: string[]) => Int32Array): PreparePool | undefined {
    if (size < 1 || !existsSync(WORKER_SCRIPT)) return undefined;
    return new PreparePool(size, intern);
  }

  prepare(file: { path: string; name: string }, bytes: Uint8Array, limits?: Partial<ExtractLimits>): Promise<PrepareResult> {
    return new Promise((resolve) => {
      this.queue.push({ job: { job: this.nextJob++, file, bytes, limits }, resolve });
      this.dispatch();
    });
  }

  close(): void {
    this.closed = true;
    for (const w of [...this.idle, ...this.busy.keys()]) void w.thread.terminate();
    for (const r of this.busy.values()) {
      clearTimeout(r.timer);
      r.resolve({ ok: false, reason: 'loading was stopped' });
    }
    for (const q of this.queue) q.resolve({ ok: false, reason: 'loading was stopped' });
    this.idle = [];
    this.busy.clear();
    this.queue = [];
  }

  private spawn(): PoolWorker {
    const w: PoolWorker = { thread: new Worker(WORKER_SCRIPT), termIds: new Int32Array(1024), termCount: 0 };
    w.thread.unref();
    w.thread.on('message', (m: { job: number; result: PrepareResult }) => this.finish(w, m.job, m.result));
    w.thread.on('error', (e) => this.fail(w, `could not be read (${e.message})`));
    w.thread.on('exit', () => this.fail(w, 'could not be read (the reader stopped)'));
    return w;
  }

  private dispatch(): void {
    while (!this.closed && this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const { job, resolve } = this.queue.shift()!;
      const limitMs = job.limits?.timeoutMs ?? DEFAULT_EXTRACT_LIMITS.timeoutMs;
      const timer = setTimeout(() => {
        void w.thread.terminate();
        this.fail(w, `took longer than ${+(limitMs / 1000).toFixed(3)} s to read (groundwork.corpus.maxSecondsPerFile)`);
      }, limitMs + GRACE_MS);
      this.busy.set(w, { job, resolve, timer });
      // the bytes are moved to the worker, not copied: the caller has no further use for them
      const transfer = job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength ? [job.bytes.buffer as ArrayBuffer] : [];
      w.thread.postMessage(job, transfer);
    }
  }

  private finish(w: PoolWorker, job: number, result: PrepareResult): void {
    const r = this.busy.get(w);
    if (!r || r.job.job !== job) return;
    clearTimeout(r.timer);
    // messages arrive in the order the worker numbered terms: its new terms, then its ids
    if (result.ok) {
      const { newTerms, ids } = result.doc.terms;
      if (newTerms.length) {
        const tids = this.intern(newTerms);
        if (w.termCount + tids.length > w.termIds.length) {
          const grown = new Int32Array(Math.max(2 * w.termIds.length, w.termCount + tids.length));
          grown.set(w.termIds);
          w.termIds = grown;
        }
        w.termIds.set(tids, w.termCount);
        w.termCount += tids.length;
      }
      for (let i = 0; i < ids.length; i++) ids[i] = w.termIds[ids[i]];
      result.doc.terms.newTerms = [];
    }
    this.busy.delete(w);
    this.idle.push(w);
    r.resolve(result);
    this.dispatch();
  }

  /** A worker failed or was stopped: its job gets the reason, and a new worker takes its place. */
  private fail(w: PoolWorker, reason: string): void {
    const r = this.busy.get(w);
    this.idle = this.idle.filter((x) => x !== w);
    if (r) {
      clearTimeout(r.timer);
      this.busy.delete(w);
      r.resolve({ ok: false, reason });
    }
    if (this.closed || this.idle.length + this.busy.size >= this.size) return;
    this.idle.push(this.spawn());
    this.dispatch();
  }
}
