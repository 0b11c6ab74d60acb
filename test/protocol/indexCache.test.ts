import * as assert from 'assert';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { LspClient, workspaceWithCorpus } from './lspClient';

const DRAFT = [
  '# Conclusions',
  '',
  'The Meeting held six sittings.',
  '',
  'The Meeting recommended that the ILO open a regional office for labour migration in the Gulf.',
  '',
].join('\n');

const logged = (c: LspClient, re: RegExp) => c.notifications.some((n) => n.method === 'window/logMessage' && re.test(n.params.message));

describe('protocol: the persisted index', function () {
  this.timeout(60000);

  /** A first server's findings and symbols, and its index file then damaged past the pages read at open. */
  async function damagedIndex(ws: string, storagePath: string): Promise<{ before: any[]; symbols: any[] }> {
    const first = new LspClient(ws, { groundwork: { diagnostics: { delayMs: 0 } } });
    await first.initialize({ storagePath });
    await first.ready(30000);
    const before = await first.waitForDiagnostics(first.open('draft.md', DRAFT), 30000);
    const symbols = await first.request('workspace/symbol', { query: 'labour migration' });
    await first.waitFor(() => logged(first, /index cache written/), 30000, 'the index file written');
    await first.close();

    // the documents' text damaged after it was written
    const found = readdirSync(storagePath, { recursive: true }).map(String).find((f) => f.endsWith('.gwix'));
    assert.ok(found, `an index file in ${storagePath}`);
    const file = path.join(storagePath, found);
    const bytes = readFileSync(file);
    const textStart = Number(bytes.readBigUInt64LE(32));
    const manifestAt = Number(bytes.readBigUInt64LE(24));
    for (let at = textStart + 2 * 16384; at < manifestAt; at += 4096) bytes[at] ^= 0x01;
    writeFileSync(file, bytes);
    return { before, symbols };
  }

  it('reads the sources again when a page of its index file turns out damaged, and publishes the same findings', async () => {
    const ws = workspaceWithCorpus();
    const storagePath = path.join(ws, '.storage');
    const { before } = await damagedIndex(ws, storagePath);
    const second = new LspClient(ws, { groundwork: { diagnostics: { delayMs: 0 } } });
    try {
      await second.initialize({ storagePath });
      await second.ready(30000);
      const after = await second.waitForDiagnostics(second.open('draft.md', DRAFT), 30000);
      assert.ok(logged(second, /index cache file is damaged .*; reading the sources again/), 'the damage is logged');
      assert.deepStrictEqual(after.map((d) => [d.code, d.message, d.range]), before.map((d) => [d.code, d.message, d.range]));
    } finally {
      await second.close();
    }
  });

  it('answers a workspace symbol search that meets the damage, reads the sources again, and then finds what it found before', async () => {
    const ws = workspaceWithCorpus();
    const storagePath = path.join(ws, '.storage');
    const { symbols } = await damagedIndex(ws, storagePath);
    assert.ok(symbols.length > 10, `${symbols.length} symbols before the damage`);
    const second = new LspClient(ws, { groundwork: { diagnostics: { delayMs: 0 } } });
    try {
      await second.initialize({ storagePath });
      await second.ready(30000);
      // answered (empty), not failed with an internal error
      assert.deepStrictEqual(await second.request('workspace/symbol', { query: 'labour migration' }), []);
      await second.waitFor(() => logged(second, /index cache file is damaged .*; reading the sources again/), 30000, 'the damage logged');
      await second.waitFor(() => second.notifications.filter((n) => n.method === 'groundwork/status' && n.params.state === 'ready').length >= 2, 30000, 'ready again');
      assert.deepStrictEqual(await second.request('workspace/symbol', { query: 'labour migration' }), symbols);
    } finally {
      await second.close();
    }
  });
});
