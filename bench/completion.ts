/**
 * Completion latency: requests at prefixes cut from the corpus's own sentences (and at the
 * start of action-list items), answered by the same code as `textDocument/completion`, timed
 * one by one. `npm run bench` runs it on the bundled corpus and on it scaled ×100.
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Corpus } from '../server/src/core/corpus/corpus';
import { buildDocument } from '../server/src/core/corpus/document';
import { DiskSourceStore } from '../server/src/core/corpus/sourceStore';
import { phraseWords } from '../server/src/core/phrases/phraseBank';
import { completionsFor } from '../server/src/features/completion';
import { instrumentIndex, instrumentIndexReady } from '../server/src/features/instruments/instrumentIndex';
import { phraseBankNow, phraseBankReady, phraseBankStats } from '../server/src/features/phrases/bank';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as v8 from 'v8';
import * as vm from 'vm';
import { Session } from '../server/src/session';

export interface CompletionBench {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** Time to build the phrase bank and mine its phrases, before the first request. */
  buildMs: number;
  /** Mean items per list. */
  meanItems: number;
}

/** A deterministic pseudo-random sequence, so every run probes the same prefixes. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** Draft lines ending in prefixes of 1–8 words of corpus sentences, and empty action-list items. */
export function probeDraft(corpus: Corpus, count: number): { text: string; probes: { line: number; character: number }[] } {
  const random = prng(2013);
  const lines = ['The Tripartite Meeting on Labour Migration,', '', 'Adopts the following conclusions:', '', '1. The Office should:', ''];
  const probes: { line: number; character: number }[] = [];
  const passages = corpus.allPassages().filter((p) => p.kind !== 'heading' && p.sentences.length > 0);
  for (let k = 0; k < count && passages.length > 0; k++) {
    if (k % 10 === 9) {
      lines.push(`(${'i'.repeat(1 + (k % 3))}) `);
      probes.push({ line: lines.length - 1, character: lines[lines.length - 1].length });
      lines.push('');
      continue;
    }
    const p = passages[Math.floor(random() * passages.length)];
    const s = p.sentences[Math.floor(random() * p.sentences.length)];
    const words = phraseWords(p.text.slice(s.start, s.end));
    if (words.length < 3) continue;
    const n = 1 + Math.floor(random() * Math.min(8, words.length - 1));
    const from = Math.floor(random() * (words.length - n));
    const prefix = p.text.slice(s.start + words[from].start, s.start + words[from + n - 1].end).replace(/\s+/g, ' ');
    lines.push(`(ii) ${prefix} `);
    probes.push({ line: lines.length - 1, character: lines[lines.length - 1].length });
    lines.push('');
  }
  return { text: lines.join('\n'), probes };
}

const WARM_UP_REQUESTS = 50;

export function benchmarkCompletion(corpus: Corpus, requests = 450): CompletionBench {
  const session = benchSession(corpus);
  const t0 = process.hrtime.bigint();
  phraseBankNow(session);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  // the server builds the instrument mentions ahead of requests too, not in the first one
  instrumentIndex(session);
  const { text, probes } = probeDraft(corpus, requests);
  const doc = TextDocument.create('file:///bench/draft.md', 'markdown', 1, text);
  // a running server has compiled its hot paths; the first requests measure the JIT, not the code
  for (const position of probes.slice(0, WARM_UP_REQUESTS)) completionsFor(doc, position, session);
  // and its builds are long done when a drafter types: their garbage (hundreds of MB at ×500)
  // is collected first, else the requests measure the collector finishing the builds' work
  gc();
  const times: number[] = [];
  let items = 0;
  for (const position of probes.slice(WARM_UP_REQUESTS)) {
    const s = process.hrtime.bigint();
    items += completionsFor(doc, position, session).items.length;
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { requests: times.length, p50: at(0.5), p99: at(0.99), max: times[times.length - 1], buildMs, meanItems: items / Math.max(1, times.length) };
}

function benchSession(corpus: Corpus): Session {
  const session = new Session([], '', new DiskSourceStore(), { log: () => undefined, warn: () => undefined });
  session.corpus = corpus;
  session.state = 'ready';
  return session;
}

export interface DerivedBench {
  /** Building each structure at once (holding the event loop), and in slices as the server does. */
  phraseBank: { atOnceMs: number; slicedMs: number; longestSliceMs: number; eventLoopMaxMs: number; heapMB: number; arraysMB: number; vocabularyMB: number; words: number; rebuildOneFileMs: number };
  mentionIndex: { atOnceMs: number; slicedMs: number; eventLoopMaxMs: number; heapMB: number; rebuildOneFileMs: number };
}

const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();
function heapUsed(): number {
  gc();
  gc();
  // typed arrays live outside the JS heap: count their buffers too
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Runs `work` while sampling the event loop: the longest it was held (ms), as a timer sees it. */
async function eventLoopMax<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; maxMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t = performance.now();
  const value = await work();
  const ms = performance.now() - t;
  h.disable();
  return { value, ms, maxMs: h.max / 1e6 };
}

/**
 * Building the phrase bank and the instrument mention index: at once, in slices as the server
 * does (with the longest hold of the event loop), their heap, and a rebuild after one source
 * file changed (`changeOneFile` replaces one document with an edited copy).
 */
export async function benchmarkDerived(corpus: Corpus, changeOneFile: () => void): Promise<DerivedBench> {
  const atOnce = benchSession(corpus);
  let t = performance.now();
  instrumentIndex(atOnce);
  const miAtOnce = performance.now() - t;
  const h0 = heapUsed();
  t = performance.now();
  const bank = phraseBankNow(atOnce);
  const pbAtOnce = performance.now() - t;
  const h1 = heapUsed();
  const size = bank.byteSize;
  const words = bank.wordCount;

  const sliced = benchSession(corpus);
  const pb = await eventLoopMax(() => phraseBankReady(sliced));
  const pbStats = phraseBankStats(sliced)!;
  const h2 = heapUsed();
  const mi = await eventLoopMax(() => instrumentIndexReady(sliced));
  const h3 = heapUsed();

  changeOneFile();
  t = performance.now();
  phraseBankNow(sliced);
  const pbRebuild = performance.now() - t;
  t = performance.now();
  instrumentIndex(sliced);
  const miRebuild = performance.now() - t;
  const mb = (n: number) => n / 1048576;
  return {
    phraseBank: {
      atOnceMs: pbAtOnce, slicedMs: pb.ms, longestSliceMs: pbStats.longestSliceMs, eventLoopMaxMs: pb.maxMs, heapMB: mb(h1 - h0),
      arraysMB: mb(size.segments + size.postings), vocabularyMB: mb(size.vocabulary), words, rebuildOneFileMs: pbRebuild,
    },
    mentionIndex: { atOnceMs: miAtOnce, slicedMs: mi.ms, eventLoopMaxMs: mi.maxMs, heapMB: mb(h3 - h2), rebuildOneFileMs: miRebuild },
  };
}

/**
 * The corpus's documents loaded `times` over, each copy with its numbers changed (a year, a
 * paragraph, a Convention number), so copies share wording but not every token.
 */
export function scaledCorpus(dir: string, times: number): Corpus {
  const corpus = new Corpus();
  const files = readdirSync(dir).filter((f) => /\.(txt|md)$/i.test(f));
  for (let k = 0; k < times; k++) {
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const varied = k === 0 ? text : text.replace(/\d+/g, (d) => String(Number(d) + k));
      corpus.addDocument(buildDocument(path.join(dir, `copy${k}`, f), k === 0 ? f : `copy${k}/${f}`, varied));
    }
  }
  return corpus;
}

/** `node out/bench/completion.js --corpus DIR`: a corpus from disk (e.g. `bench/.cache/x500-v2`), with the build figures. */
async function benchDisk(dir: string): Promise<void> {
  let t = Date.now();
  const corpus = await Corpus.load([dir], new DiskSourceStore(), { maxFileBytes: 1e9 });
  console.log(`${dir}: ${corpus.documents.length} documents, ${corpus.passageCount} passages loaded in ${Date.now() - t} ms`);
  const changed = corpus.documents[Math.floor(corpus.documents.length / 2)];
  const d = await benchmarkDerived(corpus, () => corpus.addDocument(buildDocument(changed.path, changed.name, changed.original + '\n\nA new paragraph on labour migration and decent work.\n')));
  const f = (n: number) => n.toFixed(n < 10 ? 1 : 0);
  const p = d.phraseBank;
  console.log(`phrase bank: ${p.words} words; at once ${f(p.atOnceMs)} ms; in slices ${f(p.slicedMs)} ms, longest slice ${f(p.longestSliceMs)} ms, event loop held at most ${f(p.eventLoopMaxMs)} ms; ` +
    `heap ${f(p.heapMB)} MB (arrays ${f(p.arraysMB)} MB, vocabulary ~${f(p.vocabularyMB)} MB); rebuild after one file changed ${f(p.rebuildOneFileMs)} ms`);
  const m = d.mentionIndex;
  console.log(`mention index: at once ${f(m.atOnceMs)} ms; in slices ${f(m.slicedMs)} ms, event loop held at most ${f(m.eventLoopMaxMs)} ms; heap ${f(m.heapMB)} MB; rebuild after one file changed ${f(m.rebuildOneFileMs)} ms`);
  t = Date.now();
  const r = benchmarkCompletion(corpus);
  console.log(`completion: ${r.requests} requests p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(2)} ms, ${r.meanItems.toFixed(1)} items`);
}

if (require.main === module && process.argv[2] === '--corpus') {
  void benchDisk(path.resolve(process.argv[3]));
} else if (require.main === module) {
  const dir = path.resolve(__dirname, '..', '..', 'corpus');
  for (const times of [1, 100]) {
    const t = Date.now();
    const corpus = scaledCorpus(dir, times);
    const loadMs = Date.now() - t;
    const r = benchmarkCompletion(corpus);
    console.log(`completion ×${times}: ${corpus.documents.length} documents loaded in ${loadMs} ms; bank ${r.buildMs.toFixed(0)} ms; ` +
      `${r.requests} requests p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(2)} ms, ${r.meanItems.toFixed(1)} items`);
  }
}
