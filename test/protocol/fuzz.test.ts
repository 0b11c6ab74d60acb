import * as assert from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './lspClient';

/** Deterministic random numbers, so a failing run can be replayed from its seed. */
function generator(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] };
}

const PIECES = [
  'The Meeting held six sittings. ', 'The Meeting held seven sittings. ', 'Convention No. 97 ', 'C097 ', 'the ILO Multilateral Framework ', 'Migration for Employment Convention (Revised), 1949 (No. 97)',
  'In 2010 over two-thirds of international migrants ', 'The Office should: ', '(a) ', '1. ', '- ', '# Key messages\n', '\n', '\n\n', '\r\n', '  ', 'é', 'ŕ', '😀', '“quoted” ', 'GB.316/POL/1 ',
  'The Worker spokesperson recalled the October 2013 tragedy off the shores of Lampedusa. ', 'IOM ', 'UNHCR ', '\t', '',
];
const SETTINGS = [
  { diagnostics: { delayMs: 0 } },
  { diagnostics: { delayMs: 5, severity: { 'unsupported-claim': 'off' } } },
  { diagnostics: { delayMs: 'soon' } },
  { checker: { supportThreshold: 0.6 } },
  { checker: { supportThreshold: 7 } },
  { corpus: { maxFileSizeMB: 'huge' } },
  { docx: { includeTrackedChanges: true } },
  {},
];

const STEPS = 400;
const SEED = 20240611;

describe('protocol: fuzz (random but valid LSP traffic)', function () {
  this.timeout(90000);
  let ws: string;
  let client: LspClient;

  before(async () => {
    ws = mkdtempSync(path.join(tmpdir(), 'gw-fuzz-'));
    client = new LspClient(ws, { groundwork: { diagnostics: { delayMs: 0 } } });
    await client.initialize();
    await client.ready(30000);
  });
  after(async () => {
    await client.close();
    rmSync(ws, { recursive: true, force: true });
  });

  it(`survives ${STEPS} steps (seed ${SEED}) and ends with the client's view of every document`, async () => {
    const rnd = generator(SEED);
    const docs = new Map<string, TextDocument>();
    let opened = 0;
    const failures: string[] = [];
    // a request may be answered, or refused as cancelled; anything else is a failure
    const expectAnswer = async (what: string, p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        const code = (e as { code?: number }).code;
        if (code !== -32800) failures.push(`${what}: ${(e as Error).message}`);
      }
    };
    const randomPosition = (doc: TextDocument) => {
      let offset = rnd.int(doc.getText().length + 1);
      const text = doc.getText();
      // an offset inside a surrogate pair or a CRLF names no character
      if (offset > 0 && /[\uDC00-\uDFFF]/.test(text[offset] ?? '')) offset--;
      if (offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n') offset--;
      return doc.positionAt(offset);
    };
    const pending: Promise<void>[] = [];

    for (let step = 0; step < STEPS; step++) {
      const action = rnd.next();
      const uris = [...docs.keys()];
      if (uris.length === 0 || (action < 0.08 && uris.length < 4)) {
        const uri = client.uri(`draft-${opened++}.md`);
        const text = Array.from({ length: rnd.int(12) }, () => rnd.pick(PIECES)).join('');
        docs.set(uri, TextDocument.create(uri, 'markdown', 1, text));
        await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
        continue;
      }
      const uri = rnd.pick(uris);
      const doc = docs.get(uri)!;
      if (action < 0.55) {
        // one to three incremental edits in one notification, applied in order
        const changes = Array.from({ length: 1 + rnd.int(3) }, () => {
          const a = randomPosition(doc);
          const b = rnd.next() < 0.5 ? a : randomPosition(doc);
          const [start, end] = doc.offsetAt(a) <= doc.offsetAt(b) ? [a, b] : [b, a];
          const change = { range: { start, end }, text: rnd.next() < 0.3 ? '' : rnd.pick(PIECES) };
          TextDocument.update(doc, [change], doc.version);
          return change;
        });
        const version = doc.version + 1;
        TextDocument.update(doc, [], version);
        await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
      } else if (action < 0.68) {
        pending.push(expectAnswer('hover', client.hover(uri, randomPosition(doc).line, randomPosition(doc).character)));
      } else if (action < 0.8) {
        const p = randomPosition(doc);
        pending.push(expectAnswer('completion', client.request('textDocument/completion', { textDocument: { uri }, position: p })));
      } else if (action < 0.88) {
        // a request cancelled as soon as it is sent
        const source = new CancellationTokenSource();
        const method = rnd.pick(['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction', 'textDocument/semanticTokens/full']);
        const p = randomPosition(doc);
        const params =
          method === 'textDocument/codeAction'
            ? { textDocument: { uri }, range: { start: p, end: p }, context: { diagnostics: [] } }
            : method === 'textDocument/semanticTokens/full'
              ? { textDocument: { uri } }
              : { textDocument: { uri }, position: p };
        const request = client.conn.sendRequest(method, params, source.token);
        if (rnd.next() < 0.8) source.cancel();
        pending.push(expectAnswer(`cancelled ${method}`, request));
      } else if (action < 0.93) {
        (client as unknown as { settings: unknown }).settings = { groundwork: rnd.pick(SETTINGS) };
        await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      } else {
        docs.delete(uri);
        await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
      if (step % 25 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(pending);
    assert.deepStrictEqual(failures, []);
    assert.strictEqual(client.proc.exitCode, null, `server exited: ${client.stderr}`);
    assert.doesNotMatch(client.stderr, /Unhandled|TypeError|RangeError|ReferenceError/, client.stderr);
    const logged = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params.message as string);
    assert.deepStrictEqual(logged.filter((m) => /failed|uncaught|unhandled/i.test(m)), []);

    // the server's view of each document: what it reports about it equals what it reports about
    // the same text opened afresh
    let claims = 0;
    for (const [uri, doc] of docs) {
      const fresh = client.uri(`fresh-${path.basename(uri)}`);
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fresh, languageId: 'markdown', version: 1, text: doc.getText() } });
      const [edited, reference] = await Promise.all([client.request('groundwork/checkDraft', { uri }), client.request('groundwork/checkDraft', { uri: fresh })]);
      assert.deepStrictEqual({ ...(edited as object), uri: fresh }, reference, `server's view of ${uri} differs from the client's`);
      claims += (edited as { claims: number }).claims;
      for (const item of (edited as { items: { range: any; text: string }[] }).items) {
        const start = doc.offsetAt(item.range.start);
        const end = doc.offsetAt(item.range.end);
        assert.strictEqual(doc.getText().slice(start, end).replace(/\s+/g, ' ').trim(), item.text.replace(/\s+/g, ' ').trim());
      }
    }
    assert.ok(docs.size > 0 && claims > 0, `documents open: ${docs.size}, claims in them: ${claims}`);
  });
});
