import * as assert from 'assert';
import * as path from 'path';
import { LspClient, ROOT, workspaceWithCorpus } from './lspClient';

describe('protocol: claim checking on awkward drafts', function () {
  this.timeout(60000);
  let client: LspClient;

  before(async () => {
    const ws = workspaceWithCorpus('gw-awkward-');
    client = new LspClient(ws, { groundwork: { diagnostics: { delayMs: 0 } } });
    await client.initialize();
    await client.ready();
  });
  after(async () => client.close());

  it('an empty draft gets no diagnostics and no hover', async () => {
    const uri = client.open('empty.md', '');
    assert.deepStrictEqual(await client.waitForDiagnostics(uri), []);
    assert.strictEqual(await client.hover(uri, 0, 0), null);
  });

  it('other languages and scripts, tables and code blocks do not crash the checker', async () => {
    const text = [
      '# Conclusions', '', 'La Réunion a tenu six séances à Genève.', '', 'اجتمع الاجتماع في جنيف.', '', '会议在日内瓦举行了六次会议。', '',
      '| Country | Migrants |', '|---|---|', '| Italy | 5 million |', '', '```', 'The Meeting held eight sittings.', '```', '',
    ].join('\n');
    const uri = client.open('mixed.md', text);
    const diags = await client.waitForDiagnostics(uri);
    assert.ok(!diags.some((d) => d.range.start.line >= 8), `tables and code are not claims: ${JSON.stringify(diags)}`);
    assert.ok(await client.hover(uri, 4, 3) !== undefined);
  });

  it('a 5 MB draft is checked in bounded passes, says so, and the server keeps answering', async () => {
    const para = 'The Meeting held N sittings in Geneva in room N. The Employer spokesperson regretted that the HLD had not included N tripartite delegations. ';
    const big = Array.from({ length: Math.ceil((5 * 1024 * 1024) / (para.length + 2)) }, (_, i) => para.replace(/N/g, String(i + 2))).join('\n\n');
    const uri = client.open('huge.md', big);
    const t0 = Date.now();
    const first = await client.waitForDiagnostics(uri, 30000, false);
    assert.ok(Date.now() - t0 < 30000);
    const note = first.find((d) => d.code === 'check-incomplete');
    assert.ok(note, 'a note says where checking stopped');
    const h0 = Date.now();
    const hover = await client.hover(uri, 0, 5);
    assert.ok(hover, 'hover answered while the draft is being checked');
    assert.ok(Date.now() - h0 < 10000);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('a very long sentence is noted rather than checked', async () => {
    const sentence = 'The Meeting noted ' + 'that labour migration mattered to the social partners and '.repeat(60) + 'ended.';
    const uri = client.open('long.md', sentence + '\n');
    const diags = await client.waitForDiagnostics(uri);
    assert.ok(diags.some((d) => /too long to check/.test(d.message)), JSON.stringify(diags.map((d) => d.message)));
  });
});
