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
import { completionsFor, warmCompletions } from '../server/src/features/completion';
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
  const passages = corpus.passages.filter((p) => p.kind !== 'heading' && p.sentences.length > 0);
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
  const session = new Session([], '', new DiskSourceStore(), { log: () => undefined, warn: () => undefined });
  session.corpus = corpus;
  session.state = 'ready';
  const t0 = process.hrtime.bigint();
  warmCompletions(session);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const { text, probes } = probeDraft(corpus, requests);
  const doc = TextDocument.create('file:///bench/draft.md', 'markdown', 1, text);
  // a running server has compiled its hot paths; the first requests measure the JIT, not the code
  for (const position of probes.slice(0, WARM_UP_REQUESTS)) completionsFor(doc, position, session);
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

if (require.main === module) {
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
