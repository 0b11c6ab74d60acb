/**
 * The language server as an editor runs it, measured from outside over stdio: the figures a
 * drafter feels, with everything the server builds on the way (the index cache, the instrument
 * index, the claim checker, the phrase bank) and its whole resident memory.
 *
 * - first answered hover: from starting the process to a hover on a draft sentence that carries
 *   the verdict (not the "indexing" hover), with the index cache a previous run left;
 * - hover p50/p99: sentences of a 20-page draft whose diagnostics are published, once the
 *   server is idle (the phrase bank and instrument index built in the background);
 * - recheck: from a one-word edit sent to its diagnostics received (`delayMs` 0, so the server
 *   publishes as soon as the recheck is done); each edit replaces one word of the draft as the
 *   previous edits left it and is sent as an editor sends it, the changed range alone;
 * - resident memory of the server process once all of that is built.
 *
 * The client runs in a Node process of its own (`benchmarkServerApart`), as an editor's does:
 * in the bench's process, which holds a ×500 corpus of its own, the client's collection pauses
 * were counted in the server's latencies (up to 44 ms between a message sent and received).
 */
import { fork } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'fs';
import * as path from 'path';
import { LspClient } from '../test/protocol/lspClient';
import { RECHECK_EDITS } from './drafts';
import { Percentiles } from './measure';

export interface ServerBench {
  coldReadyMs: number;
  warmFirstHoverMs: number;
  fullCheckMs: number;
  /** From opening the draft to its first diagnostics (a long draft's first pass, marked "checked up to here"). */
  firstDiagnosticsMs: number;
  hover: Percentiles;
  recheck: Percentiles;
  completionReadyMs: number;
  rssMB: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU time (ms) a process has used, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Waits until a process has used under 5 % of a core for a whole second. */
async function idle(pid: number, timeoutMs: number): Promise<void> {
  const start = now();
  let last = cpuMs(pid);
  while (now() - start < timeoutMs) {
    await new Promise((r) => setTimeout(r, 1000));
    const used = cpuMs(pid);
    if (used - last < 50) return;
    last = used;
  }
}

function percentiles(ms: number[]): Percentiles {
  const s = ms.slice().sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1], n: s.length };
}

async function start(workspace: string, corpusDir: string, storage: string): Promise<LspClient> {
  const client = new LspClient(workspace, { groundwork: { corpus: { paths: [corpusDir], maxFileSizeMB: 1000 }, diagnostics: { delayMs: 0 } } });
  await client.initialize({ storagePath: storage });
  return client;
}

interface Position {
  line: number;
  character: number;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** Where each sentence of the draft starts, two characters in (inside its first word). */
function positionsOf(draft: string, sentences: string[]): Position[] {
  const out: Position[] = [];
  let from = 0;
  for (const s of sentences) {
    const at = draft.indexOf(s, from);
    if (at < 0) continue;
    from = at + s.length;
    out.push(positionAt(draft, at + 2));
  }
  return out;
}

export async function benchmarkServer(corpusDir: string, workspace: string, draft: string, sentences: string[]): Promise<ServerBench> {
  const storage = path.join(workspace, '.storage');
  rmSync(storage, { recursive: true, force: true });
  mkdirSync(storage, { recursive: true });

  // a first run indexes from the files and leaves the index cache behind
  let t0 = now();
  let client = await start(workspace, corpusDir, storage);
  await client.ready(600_000);
  const coldReadyMs = now() - t0;
  // the server writes its index cache, the instrument mentions and the phrase bank's words a few
  // seconds after indexing (the phrase bank's once it is built): a restart reads all three
  const indexDir = path.join(storage, 'index');
  const written = () => existsSync(indexDir) && ['.gwix', '.gwmi', '.gwpb'].every((ext) => readdirSync(indexDir).some((f) => f.endsWith(ext)));
  for (let waited = 0; !written() && waited < 600_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
  await client.close();

  // a second run starts from the cache: time to the first hover that carries a verdict
  const probe = sentences[0];
  t0 = now();
  client = await start(workspace, corpusDir, storage);
  const probeUri = client.open('probe.md', `${probe}\n`);
  let warmFirstHoverMs = NaN;
  for (;;) {
    const h = await client.hover(probeUri, 0, 2).catch(() => null);
    const text: string = h?.contents?.value ?? '';
    if (text && !/indexing sources/.test(text)) {
      warmFirstHoverMs = now() - t0;
      break;
    }
    if (now() - t0 > 600_000) break;
    // an editor asks again no faster than a pointer rests; a flood would only slow the load
    await new Promise((r) => setTimeout(r, 50));
  }
  await client.ready(600_000);

  // the 20-page draft: its full check, then hovers on its sentences
  t0 = now();
  const uri = client.open('draft.md', draft);
  await client.waitForDiagnostics(uri, 600_000, false);
  const firstDiagnosticsMs = now() - t0;
  await client.waitForDiagnostics(uri, 600_000);
  const fullCheckMs = now() - t0;
  // a completion request starts the phrase bank; memory is read once the server is idle
  // (every structure built), which also times how long the background builds took
  t0 = now();
  const itemUri = client.open('items.md', 'The Office should: \n');
  await client.request('textDocument/completion', { textDocument: { uri: itemUri }, position: { line: 0, character: 19 } });
  await idle(client.proc.pid!, 600_000);
  const completionReadyMs = now() - t0;
  // hovers and edits once the server is idle: the steady state a drafter works in
  const hoverMs: number[] = [];
  for (const pos of positionsOf(draft, sentences).slice(0, 200)) {
    const h0 = now();
    await client.hover(uri, pos.line, pos.character);
    hoverMs.push(now() - h0);
  }

  // one-word edits, each timed to its diagnostics; their ranges are worked out first, since
  // joining and splitting the 77,000-character draft for each one made the client collect
  // during the timed waits (a 16 ms pause in one recheck of 29 ms)
  const words = draft.split(' ');
  const edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] = [];
  for (let i = 0; i < RECHECK_EDITS; i++) {
    const at = (i * 7919) % words.length;
    const text = words.join(' ');
    const offset = words.slice(0, at).join(' ').length + (at > 0 ? 1 : 0);
    edits.push({ range: { start: positionAt(text, offset), end: positionAt(text, offset + words[at].length) } });
    words[at] = 'amended';
  }
  (global as { gc?: () => void }).gc?.();
  const recheckMs: number[] = [];
  for (const [i, { range }] of edits.entries()) {
    const version = i + 2;
    client.diagnostics.delete(uri);
    const e0 = now();
    void client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: 'amended' }] });
    await client.waitForDiagnostics(uri, 60_000);
    recheckMs.push(now() - e0);
  }

  const rssMB = rssOf(client.proc.pid!);
  await client.close();
  return { coldReadyMs, warmFirstHoverMs, fullCheckMs, firstDiagnosticsMs, hover: percentiles(hoverMs), recheck: percentiles(recheckMs), completionReadyMs, rssMB };
}

interface ServerBenchJob {
  corpusDir: string;
  workspace: string;
  draft: string;
  sentences: string[];
}

/** `benchmarkServer` run by a child process that holds nothing but the client. */
export function benchmarkServerApart(corpusDir: string, workspace: string, draft: string, sentences: string[]): Promise<ServerBench> {
  const child = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const job: ServerBenchJob = { corpusDir, workspace, draft, sentences };
  child.send(job);
  return new Promise((resolve, reject) => {
    child.once('message', (m: { result?: ServerBench; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
    child.once('exit', (code) => reject(new Error(`the server bench's process exited (${code}) before its result`)));
  });
}

if (require.main === module) {
  process.once('message', (job: ServerBenchJob) => {
    benchmarkServer(job.corpusDir, job.workspace, job.draft, job.sentences).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (e) => process.send!({ error: (e as Error)?.stack ?? String(e) }, () => process.exit(1)),
    );
  });
}
