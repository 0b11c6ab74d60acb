import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { LspClient, ROOT, workspaceWithCorpus } from './lspClient';

const DRAFT = readFileSync(path.join(ROOT, 'test', 'fixtures', 'claims-draft.md'), 'utf8');
const lineOf = (s: string) => DRAFT.split('\n').findIndex((l) => l.startsWith(s));

function applyEdit(text: string, edit: { range: any; newText: string }): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
}

describe('protocol: claim checking', function () {
  this.timeout(30000);
  let client: LspClient;
  let uri: string;
  let diagnostics: any[];

  before(async () => {
    const ws = workspaceWithCorpus('gw-claims-');
    client = new LspClient(ws, { groundwork: { diagnostics: { delayMs: 0 } } });
    await client.initialize();
    await client.ready();
    uri = client.open('draft.md', DRAFT);
    diagnostics = (await client.waitForDiagnostics(uri)).filter((d) => d.code !== 'undefined-abbreviation');
  });
  after(async () => client.close());

  it('flags a changed number on its sentence, with both values and the evidence in the source file', () => {
    const d = diagnostics.find((x) => x.code === 'number-mismatch');
    assert.ok(d, JSON.stringify(diagnostics, null, 1));
    assert.strictEqual(d.source, 'groundwork');
    assert.strictEqual(d.severity, 1);
    assert.deepStrictEqual(d.range, { start: { line: lineOf('The Meeting held eight'), character: 0 }, end: { line: lineOf('The Meeting held eight'), character: 32 } });
    assert.match(d.message, /Source says “six” \(TTMLM-R-\[MIGRA-140213-1\], para\. 8\); draft says “eight”/);
    const rel = d.relatedInformation[0];
    const lines = readFileSync(fileURLToPath(rel.location.uri), 'utf8').split('\n');
    assert.strictEqual(lines[rel.location.range.start.line].slice(rel.location.range.start.character, rel.location.range.end.character), 'The Meeting held six sittings.');
  });

  it('flags the wrong speaker and an invented figure, and leaves the supported claim and the lead-in alone', () => {
    const byLine = new Map(diagnostics.map((d) => [d.range.start.line, d.code]));
    assert.strictEqual(byLine.get(lineOf('The Worker spokesperson regretted')), 'attribution-mismatch');
    assert.strictEqual(byLine.get(lineOf('The ILO estimates')), 'unsupported-claim');
    assert.strictEqual(byLine.has(lineOf('The Worker spokesperson recalled')), false);
    assert.strictEqual(byLine.has(lineOf('The Office should:')), false);
    assert.strictEqual(diagnostics.length, 3);
  });

  it('offers quick fixes that put the source value in place, cite the source, or take its wording', async () => {
    const d = diagnostics.find((x) => x.code === 'number-mismatch');
    const actions: any[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const titles = actions.map((a) => a.title);
    const replace = actions.find((a) => /Replace “eight” with “six”/.test(a.title));
    assert.ok(replace, titles.join('\n'));
    assert.strictEqual(replace.isPreferred, true);
    const fixed = applyEdit(DRAFT, replace.edit.changes[uri][0]);
    assert.ok(fixed.includes('\nThe Meeting held six sittings.\n'));
    const cite = actions.find((a) => /^Cite the source/.test(a.title));
    assert.ok(applyEdit(DRAFT, cite.edit.changes[uri][0]).includes('The Meeting held eight sittings (TTMLM-R-[MIGRA-140213-1], para. 8).'));
    const show = actions.find((a) => /^Show the source passage/.test(a.title));
    assert.strictEqual(show.command.command, 'groundwork.openSource');
  });

  it('re-checks after an edit and clears the fixed finding', async () => {
    const line = lineOf('The Meeting held eight');
    client.diagnostics.delete(uri);
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line, character: 17 }, end: { line, character: 22 } }, text: 'six' }],
    });
    const after = await client.waitForDiagnostics(uri);
    assert.ok(!after.some((d) => d.range.start.line === line), JSON.stringify(after));
  });

  it('hover on a flagged claim shows the verdict with the draft and the source side by side', async () => {
    const h = await client.hover(uri, lineOf('The Worker spokesperson regretted'), 10);
    const md: string = h.contents.value;
    assert.match(md, /\*\*Groundwork: Attribution mismatch\*\*/);
    assert.match(md, /\| Draft \| Source \|/);
    assert.match(md, /\*\*regretted\*\*/);
  });

  it('reports the coverage of the draft', async () => {
    const report = await client.request('groundwork/checkDraft', { uri });
    assert.deepStrictEqual({ claims: report.claims, supported: report.supported, mismatched: report.mismatched, unsupported: report.unsupported }, { claims: 4, supported: 2, mismatched: 1, unsupported: 1 });
  });
});
