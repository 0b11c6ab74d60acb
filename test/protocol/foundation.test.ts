import * as assert from 'assert';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { LspClient, ROOT, workspaceWithCorpus } from './lspClient';

describe('protocol: foundation (server over stdio)', function () {
  this.timeout(30000);
  let ws: string;
  let client: LspClient;

  before(async () => {
    ws = workspaceWithCorpus();
    client = new LspClient(ws);
    const init = await client.initialize();
    assert.strictEqual(init.capabilities.textDocumentSync, 2, 'incremental sync');
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.workspaceSymbolProvider);
    // vscode-languageclient registers the server's commands in VS Code: an id the extension
    // registers itself would make the client fail to start ("command already exists")
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const clientCommands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const c of init.capabilities.executeCommandProvider?.commands ?? []) assert.ok(!clientCommands.has(c), `server command ${c} collides with the extension's`);
  });
  after(async () => client.close());

  it('indexes the workspace corpus and reports it', async () => {
    const status = await client.ready();
    assert.strictEqual(status.origin, 'workspace');
    assert.strictEqual(status.sources, 5);
    assert.ok(status.passages > 400, `passages: ${status.passages}`);
    assert.deepStrictEqual(status.problems, []);
  });

  it('reports indexing progress with window/workDoneProgress', async () => {
    await client.ready();
    const kinds = client.notifications.filter((n) => n.method === '$/progress').map((n) => n.params.value.kind);
    assert.ok(kinds.includes('begin') && kinds.includes('end'), kinds.join(','));
  });

  it('workspace/symbol finds a passage and points at its line in the original file', async () => {
    await client.ready();
    const symbols = await client.request('workspace/symbol', { query: 'Meeting held six sittings' });
    assert.ok(symbols.length > 0);
    const top = symbols[0];
    assert.match(top.name, /^8\. The Meeting held six sittings\./);
    const file = fileURLToPath(top.location.uri);
    assert.strictEqual(path.basename(file), '2013-tripartite-meeting-labour-migration-report.txt');
    const lines = readFileSync(file, 'utf8').split('\n');
    const { start, end } = top.location.range;
    assert.strictEqual(lines[start.line].slice(start.character, end.character), 'The Meeting held six sittings.');
  });

  it('hover on a draft sentence shows the closest passages with links to the exact line', async () => {
    await client.ready();
    const text = '# Notes\n\nThe Worker spokesperson recalled the October 2013 tragedy off the shores of Lampedusa.\n';
    const uri = client.open('notes.md', text);
    const hover = await client.hover(uri, 2, 20);
    assert.ok(hover, 'a hover');
    const md: string = hover.contents.value;
    assert.match(md, /\*\*Groundwork: Supported\*\*/);
    assert.match(md, /Closest sources/);
    assert.match(md, /TTMLM-R-\\\[MIGRA-140213-1\\\], para\. 16/);
    assert.match(md, /\*\*Lampedusa\*\*/);
    const link = /\((file:[^)\s]+#L(\d+),(\d+))\)/.exec(md);
    assert.ok(link, md);
    const file = fileURLToPath(link[1].replace(/#.*$/, ''));
    const line = readFileSync(file, 'utf8').split('\n')[Number(link[2]) - 1];
    assert.match(line.slice(Number(link[3]) - 1), /^The Worker spokesperson recalled/);
    assert.deepStrictEqual(hover.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 86 } });
  });

  it('no hover on a heading', async () => {
    const uri = client.open('heading.md', '# Key messages\n');
    assert.strictEqual(await client.hover(uri, 0, 4), null);
  });
});

describe('protocol: corpus choice and bad input', function () {
  this.timeout(30000);

  it('falls back to the bundled corpus when the workspace has none', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'gw-empty-'));
    const client = new LspClient(ws);
    try {
      await client.initialize();
      const status = await client.ready();
      assert.strictEqual(status.origin, 'bundled');
      assert.strictEqual(status.sources, 5);
    } finally {
      await client.close();
    }
  });

  it('skips binary, invalid UTF-8 and oversized files with one warning each, and serves the rest', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'gw-bad-'));
    const corpus = path.join(ws, 'sources');
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'good.txt'), 'The Meeting held six sittings.\n');
    writeFileSync(path.join(corpus, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]));
    writeFileSync(path.join(corpus, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72]));
    writeFileSync(path.join(corpus, 'big.md'), 'x'.repeat(3 * 1024 * 1024));
    const before = readFileSync(path.join(corpus, 'good.txt'), 'utf8');
    const client = new LspClient(ws, { groundwork: { corpus: { paths: ['sources', 'missing-folder'], maxFileSizeMB: 1 } } });
    try {
      await client.initialize();
      const status = await client.ready();
      assert.strictEqual(status.origin, 'settings');
      assert.strictEqual(status.sources, 1);
      const reasons = status.problems.map((p: any) => `${path.basename(p.path)}: ${p.reason}`).sort();
      assert.strictEqual(reasons.length, 4, reasons.join('\n'));
      assert.match(reasons[0], /^big\.md: file is 3\.0 MB, over the 1\.0 MB limit/);
      assert.match(reasons[1], /^binary\.txt: binary file/);
      assert.match(reasons[2], /^latin1\.txt: not valid UTF-8/);
      assert.match(reasons[3], /^missing-folder: corpus folder not found/);
      const warnings = client.notifications.filter((n) => n.method === 'window/showMessage');
      assert.strictEqual(warnings.length, 4);
      const symbols = await client.request('workspace/symbol', { query: 'sittings' });
      assert.strictEqual(symbols.length, 1);
      assert.strictEqual(readFileSync(path.join(corpus, 'good.txt'), 'utf8'), before, 'sources are never written');
    } finally {
      await client.close();
    }
  });

  it('reads groundwork.json at the workspace root, over the editor settings', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'gw-config-'));
    mkdirSync(path.join(ws, 'sources'));
    writeFileSync(path.join(ws, 'sources', 'one.txt'), 'The Meeting held six sittings.\n');
    writeFileSync(path.join(ws, 'groundwork.json'), JSON.stringify({ corpus: { paths: ['sources'] } }));
    const client = new LspClient(ws, { groundwork: { corpus: { paths: [] } } });
    try {
      await client.initialize();
      const status = await client.ready();
      assert.strictEqual(status.origin, 'settings');
      assert.strictEqual(status.sources, 1);
    } finally {
      await client.close();
    }
  });

  it('in an untrusted workspace, ignores custom corpus paths and uses the bundled corpus', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'gw-untrusted-'));
    mkdirSync(path.join(ws, 'sources'));
    writeFileSync(path.join(ws, 'sources', 'one.txt'), 'The Meeting held six sittings.\n');
    const client = new LspClient(ws, { groundwork: { corpus: { paths: ['sources'] } } });
    try {
      await client.initialize({ trusted: false });
      const status = await client.ready();
      assert.strictEqual(status.origin, 'bundled');
      assert.strictEqual(status.sources, 5);
    } finally {
      await client.close();
    }
  });

  it('reports a malformed setting and keeps the default', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'gw-set-'));
    const client = new LspClient(ws, { groundwork: { corpus: { maxFileSizeMB: 'huge' } } });
    try {
      await client.initialize();
      await client.ready();
      await new Promise((r) => setTimeout(r, 200));
      const msgs = client.notifications.filter((n) => n.method === 'window/showMessage').map((n) => n.params.message);
      assert.ok(msgs.some((m: string) => /maxFileSizeMB: must be a positive number/.test(m)), msgs.join('\n'));
    } finally {
      await client.close();
    }
  });
});
