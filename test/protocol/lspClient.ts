/**
 * A minimal LSP client for protocol tests: spawns `dist/server.js --stdio` and speaks JSON-RPC
 * to it as an editor would, answering `workspace/configuration` from given settings.
 */
import { ChildProcess, spawn } from 'child_process';
import { cpSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A scratch workspace holding a copy of the bundled corpus in `corpus/`. */
export function workspaceWithCorpus(prefix = 'gw-proto-'): string {
  const ws = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(path.join(ROOT, 'corpus'), path.join(ws, 'corpus'), { recursive: true });
  return ws;
}
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export interface Diagnostics {
  uri: string;
  diagnostics: any[];
}

export class LspClient {
  readonly conn: MessageConnection;
  readonly proc: ChildProcess;
  readonly diagnostics = new Map<string, any[]>();
  /** Every notification received but diagnostics (see `diagnostics`). */
  readonly notifications: { method: string; params: any }[] = [];
  stderr = '';
  private waiters: { pred: () => boolean; resolve: () => void }[] = [];

  constructor(readonly workspace: string, private settings: any = {}) {
    // GROUNDWORK_SERVER_NODE_ARGS: flags for the server's Node (a profiler, for instance)
    const nodeArgs = process.env.GROUNDWORK_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    this.proc = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification((method, params: any) => {
      // only the latest diagnostics of each document are kept, as an editor keeps them: a log of
      // every publication grew by a draft's findings with each edit, and the bench's client then
      // spent 10-20 ms copying it in collections that delayed the next message it sent
      if (method === 'textDocument/publishDiagnostics') this.diagnostics.set(params.uri, params.diagnostics);
      else this.notifications.push({ method, params });
      this.poke();
    });
    this.conn.onUnhandledProgress((p) => {
      this.notifications.push({ method: '$/progress', params: p });
      this.poke();
    });
    this.conn.onRequest('workspace/configuration', (p: any) => p.items.map((it: any) => lookup(this.settings, it.section)));
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.listen();
  }

  async initialize(initializationOptions?: unknown): Promise<any> {
    const uri = pathToFileURL(this.workspace).href;
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'ws' }], initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          publishDiagnostics: { relatedInformation: true },
        },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  /** Resolves once the server reports its corpus ready. */
  async ready(timeoutMs = 15000): Promise<any> {
    await this.waitFor(() => this.notifications.some((n) => n.method === 'groundwork/status' && n.params.state === 'ready'), timeoutMs, 'corpus ready');
    return [...this.notifications].reverse().find((n) => n.method === 'groundwork/status')!.params;
  }

  /** Resolves once the server reports its phrase bank built for the current corpus. */
  async phrasesReady(timeoutMs = 30000): Promise<void> {
    await this.waitFor(() => this.notifications.some((n) => n.method === 'groundwork/status' && n.params.phrases === 'ready'), timeoutMs, 'phrase bank built');
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.workspace, rel)).href;
  }

  open(rel: string, text: string, languageId = 'markdown'): string {
    const uri = this.uri(rel);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  request<T = any>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  hover(uri: string, line: number, character: number): Promise<any> {
    return this.request('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  async waitFor(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (pred()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
      this.waiters.push({ pred, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  /**
   * The document's diagnostics once the server has checked all of it (a large draft is checked
   * in several passes, each published with a `resume` note until the last); `complete: false`
   * takes the first publication.
   */
  waitForDiagnostics(uri: string, timeoutMs = 15000, complete = true): Promise<any[]> {
    const done = () => this.diagnostics.has(uri) && (!complete || this.diagnostics.get(uri)!.every((d) => !d.data?.resume));
    return this.waitFor(done, timeoutMs, `diagnostics for ${uri}`).then(() => this.diagnostics.get(uri)!);
  }

  private poke(): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.pred()) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* the server may already be gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

function lookup(obj: any, section?: string): any {
  if (!section) return obj;
  let cur = obj;
  for (const part of section.split('.')) {
    if (cur == null) return null;
    cur = cur[part];
  }
  return cur ?? null;
}
