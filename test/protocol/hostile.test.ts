import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { HostileFolder, makeHostileFolder, snapshot } from '../unit/hostileSources';
import { LspClient, ROOT } from './lspClient';

const DRAFT = [
  '# Draft conclusions',
  '',
  'The ILO is the only United Nations (UN) agency with a constitutional mandate for the protection of the interests of workers when employed in countries other than their own.',
  '',
  'The Meeting held seven sittings.',
  '',
].join('\n');

describe('protocol: hostile sources (server over stdio, and the CLI)', function () {
  this.timeout(60000);
  let folder: HostileFolder;
  let ws: string;
  let client: LspClient;
  let status: any;
  let untouched: Map<string, string>;
  const bad = () => [...folder.expected].filter(([, e]) => e !== 'ok');

  before(async () => {
    folder = makeHostileFolder();
    untouched = snapshot(folder.root);
    ws = mkdtempSync(path.join(tmpdir(), 'gw-hostile-ws-'));
    client = new LspClient(ws, { groundwork: { corpus: { paths: [folder.root] }, diagnostics: { delayMs: 0 } } });
    await client.initialize();
    status = await client.ready(30000);
  });
  after(async () => {
    await client.close();
    rmSync(folder.root, { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  });

  it('serves the good files of every format and names every bad one with its reason', async () => {
    assert.strictEqual(status.sources, [...folder.expected.values()].filter((e) => e === 'ok').length);
    const reasons = new Map<string, string>(status.problems.map((p: any) => [path.relative(folder.root, p.path), p.reason]));
    for (const [name, expect] of bad()) assert.match(reasons.get(name) ?? 'not reported', expect as RegExp, name);
    assert.strictEqual(status.problems.length, bad().length);
  });

  it('answers groundwork/problems with the same list', async () => {
    const problems = await client.request('groundwork/problems', null);
    assert.deepStrictEqual(problems, status.problems);
  });

  it('warns once per bad file, also after a reindex', async () => {
    const warnings = () => client.notifications.filter((n) => n.method === 'window/showMessage').map((n) => n.params.message as string);
    assert.strictEqual(warnings().length, bad().length, warnings().join('\n'));
    for (const [name] of bad()) assert.strictEqual(warnings().filter((w) => w.includes(`${path.join(folder.root, name)}: `)).length, 1, name);
    await client.request('groundwork/reindex', {});
    assert.strictEqual(warnings().length, bad().length);
  });

  it('finds PDF and Word passages and links them to their files, odd names included', async () => {
    const fromPdf = await client.request('workspace/symbol', { query: 'two-thirds of international migrants' });
    const files = fromPdf.map((s: any) => path.basename(fileURLToPath(s.location.uri)));
    assert.ok(files.includes('good.pdf') && files.includes('good.docx'), files.join(', '));
    const odd = await client.request('workspace/symbol', { query: 'every character a link can trip on' });
    assert.strictEqual(fileURLToPath(odd[0].location.uri), path.join(folder.root, 'Ünïcødé #1 %20 [draft] (v2)\nnew line.md'));
  });

  it('serves the text read from a PDF, which its locations point into, and links hovers to the page', async () => {
    const symbols = await client.request('workspace/symbol', { query: 'two-thirds of international migrants' });
    const pdf = symbols.find((s: any) => s.location.uri.endsWith('/good.pdf'));
    const source = await client.request('groundwork/sourceText', { uri: pdf.location.uri });
    const lines = source.text.split('\n');
    const { start, end } = pdf.location.range;
    assert.strictEqual(start.line, end.line);
    assert.ok(pdf.name.includes(lines[start.line].slice(start.character, start.character + 40)), `${pdf.name} | ${lines[start.line]}`);
    assert.ok(source.pageStarts.length >= 5);
    const uri = client.open('hover.md', '# Notes\n\nIn 2010 over two-thirds of international migrants were in high- and middle-income countries.\n');
    const hover = await client.hover(uri, 2, 10);
    const links: string[] = (hover?.contents.value ?? '').match(/\(file:[^)\s]+\)/g) ?? [];
    // lines of extracted text mean nothing in a Word or HTML file: the link opens the file
    const extracted = links.filter((l) => /\/good\.(docx|html)/.test(l));
    assert.ok(extracted.length > 0 && extracted.every((l) => !l.includes('#')), links.join('\n'));
    assert.ok(links.filter((l) => l.includes('/good.md')).every((l) => /#L\d+,\d+\)$/.test(l)), links.join('\n'));
  });

  it('keeps checking drafts against the good files', async () => {
    const uri = client.open('draft.md', DRAFT);
    const diags = await client.waitForDiagnostics(uri, 30000);
    assert.deepStrictEqual(diags.map((d) => d.code), ['number-mismatch']);
  });

  it('never writes into the sources', () => {
    assert.deepStrictEqual(snapshot(folder.root), untouched);
  });

  it('groundwork check: a clear report on stderr, the findings on stdout, exit 1 for the error finding', () => {
    const draft = path.join(ws, 'draft.md');
    writeFileSync(draft, DRAFT);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', '--no-cache', '--corpus', folder.root, draft], { cwd: ws, encoding: 'utf8', timeout: 60000 });
    assert.strictEqual(r.status, 1, r.stderr);
    assert.match(r.stdout, /number-mismatch: Source says “six”/);
    assert.match(r.stdout, /2 claims: 1 supported, 1 mismatched/);
    const lines = r.stderr.trim().split('\n');
    assert.strictEqual(lines.length, bad().length, r.stderr);
    for (const [name, expect] of bad()) {
      const line = lines.find((l) => l.startsWith(`groundwork: skipped ${path.join(folder.root, name)}: `));
      assert.ok(line, `${name} on stderr`);
      assert.match(line.slice(line.indexOf(': ', 'groundwork: skipped '.length) + 2), expect as RegExp, name);
    }
  });
});
