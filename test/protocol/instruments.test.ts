import * as assert from 'assert';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { LspClient, ROOT, workspaceWithCorpus } from './lspClient';

const DRAFT = [
  'Destination countries should ratify Convention No. 97.', // 0
  'Member States should consider Conventions Nos 97, 143 and 189.', // 1
  'The Migration for Employment Convention (Revised), 1994 (No. 97) should be ratified.', // 2
  'States should ratify Convention No. 400.', // 3
  'The IOM is a member of the GMG.', // 4
  'See document GB.316/POL/1 for background.', // 5
  'The Pay Transparency Directive applies.', // 6
].join('\n') + '\n';

const hoverText = (h: any) => String(h?.contents?.value ?? '');

describe('protocol: instruments and abbreviations', function () {
  this.timeout(30000);
  let ws: string;
  let client: LspClient;
  let uri: string;

  before(async () => {
    ws = workspaceWithCorpus('gw-instr-');
    writeFileSync(path.join(ws, 'eu.json'), JSON.stringify([{ id: 'EU-2023/970', type: 'Directive', title: 'Directive (EU) 2023/970 on pay transparency', year: 2023, aliases: ['Pay Transparency Directive'], source: 'OJ L 132, 17.5.2023' }], null, 2));
    writeFileSync(path.join(ws, 'broken.json'), '[\n  { "id": "X-1", "title": "Fine" },\n  { "id": "X-2" }\n]\n');
    client = new LspClient(ws, { groundwork: { registry: { paths: ['eu.json', 'broken.json'] }, diagnostics: { delayMs: 0 } } });
    const init = await client.initialize();
    assert.ok(init.capabilities.definitionProvider);
    assert.ok(init.capabilities.referencesProvider);
    assert.ok(init.capabilities.semanticTokensProvider.legend.tokenTypes.includes('class'));
    await client.ready();
    uri = client.open('draft.md', DRAFT);
  });
  after(async () => client.close());

  it('hovers an instrument with its id, citation, companions and source sentences', async () => {
    const h = hoverText(await client.hover(uri, 0, 45));
    assert.strictEqual(h.split('\n')[0], 'C097 — Migration for Employment Convention (Revised), 1949 (No. 97)');
    assert.match(h, /Companion: R086/);
    assert.match(h, /mentions in \d+ documents/);
    const links = [...h.matchAll(/\]\((file:[^)#]+)#L(\d+),(\d+)\)/g)];
    assert.ok(links.length >= 3, h);
    // each link lands on the line where the mention starts
    for (const [, file, line] of links.slice(1)) {
      const text = readFileSync(fileURLToPath(file), 'utf8').split('\n')[Number(line) - 1];
      assert.ok(text !== undefined && text.trim().length > 0, `${file}#${line}`);
    }
  });

  it('hovers the number under the cursor in a list', async () => {
    const line = DRAFT.split('\n')[1];
    for (const [n, id] of [['97', 'C097'], ['143', 'C143'], ['189', 'C189']]) {
      const h = hoverText(await client.hover(uri, 1, line.indexOf(n) + 1));
      assert.ok(h.startsWith(`${id} — `), h.slice(0, 80));
    }
  });

  it('hovers abbreviations and document symbols', async () => {
    const iom = hoverText(await client.hover(uri, 4, 5));
    assert.match(iom, /^IOM — International Organization for Migration/);
    assert.match(iom, /Defined in the sources/);
    const sym = hoverText(await client.hover(uri, 5, 18));
    assert.match(sym, /^GB\.316\/POL\/1 — Labour migration/);
    assert.match(sym, /4 October 2012/);
    assert.match(sym, /\[Open 2012-gb316-pol1-labour-migration\.txt\]\(file:/);
  });

  it('publishes instrument diagnostics with a quick fix that rewrites the citation', async () => {
    await client.waitFor(() => (client.diagnostics.get(uri) ?? []).some((d) => d.code === 'instrument-mismatch'), 15000, 'instrument diagnostics');
    const diags = client.diagnostics.get(uri)!;
    const mine = diags.filter((d) => ['instrument-mismatch', 'unknown-instrument', 'undefined-abbreviation'].includes(d.code));
    assert.deepStrictEqual(mine.map((d) => [d.code, d.range.start.line]), [
      ['instrument-mismatch', 2], ['unknown-instrument', 3], ['undefined-abbreviation', 4], ['undefined-abbreviation', 4],
    ]);
    const mismatch = mine[0];
    assert.strictEqual(mismatch.source, 'groundwork');
    assert.ok(mismatch.relatedInformation.length > 0);
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: mismatch.range, context: { diagnostics: [mismatch] } });
    const fix = actions.find((a: any) => a.kind === 'quickfix' && a.diagnostics?.[0]?.code === 'instrument-mismatch');
    assert.ok(fix, JSON.stringify(actions));
    const [edit] = fix.edit.changes[uri];
    const lines = DRAFT.split('\n');
    const l = lines[edit.range.start.line];
    assert.strictEqual(l.slice(0, edit.range.start.character) + edit.newText + l.slice(edit.range.end.character), 'The Migration for Employment Convention (Revised), 1949 (No. 97) should be ratified.');
  });

  it('goes to the first full citation in the sources and finds references in sources and drafts', async () => {
    const defs = await client.request('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 45 } });
    assert.strictEqual(defs.length, 1);
    const src = readFileSync(fileURLToPath(defs[0].uri), 'utf8').split('\n');
    assert.match(src[defs[0].range.start.line].slice(defs[0].range.start.character), /^Migration for Employment/);
    const refs = await client.request('textDocument/references', { textDocument: { uri }, position: { line: 0, character: 45 }, context: { includeDeclaration: true } });
    assert.ok(refs.filter((r: any) => r.uri === uri).length === 3, 'three mentions of C097 in the draft');
    assert.ok(refs.filter((r: any) => r.uri !== uri).length >= 10, `source mentions: ${refs.length}`);
  });

  it('loads the user registry, and reports the malformed entry by file and line', async () => {
    const h = hoverText(await client.hover(uri, 6, 10));
    assert.match(h, /^EU-2023\/970 — Directive \(EU\) 2023\/970 on pay transparency/);
    const warning = client.notifications.find((n) => n.method === 'window/showMessage' && /broken\.json:3/.test(n.params.message));
    assert.ok(warning, client.notifications.filter((n) => n.method === 'window/showMessage').map((n) => n.params.message).join('\n'));
  });

  it('completes citations after a number form and from the words of a title', async () => {
    const doc = client.open('complete.md', 'States should ratify Convention No. 18\nSee the Domestic Work\nand the Recommendation (No. 2\n');
    const labels = async (line: number, character: number) => {
      const r = await client.request('textDocument/completion', { textDocument: { uri: doc }, position: { line, character } });
      return (Array.isArray(r) ? r : r.items).map((i: any) => i.textEdit?.newText ?? i.insertText ?? i.label) as string[];
    };
    const byNumber = await labels(0, 38);
    assert.ok(byNumber.includes('Private Employment Agencies Convention, 1997 (No. 181)'), byNumber.slice(0, 5).join(' | '));
    assert.ok(!byNumber.some((l) => /Recommendation,/.test(l)));
    assert.ok((await labels(1, 21)).includes('Domestic Workers Convention, 2011 (No. 189)'));
    assert.ok((await labels(2, 29)).includes('Social Protection Floors Recommendation, 2012 (No. 202)'));
  });

  it('returns semantic tokens for mentions', async () => {
    const tokens = await client.request('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.strictEqual(tokens.data.length % 5, 0);
    assert.ok(tokens.data.length / 5 >= 9, `tokens: ${tokens.data.length / 5}`);
  });

  it('answers hovers quickly', async () => {
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = process.hrtime.bigint();
      await client.hover(uri, i % 2 ? 1 : 0, i % 2 ? 52 : 45);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    assert.ok(times[Math.floor(times.length * 0.9)] < 50, `p90 ${times[Math.floor(times.length * 0.9)]} ms`);
  });
});
