import * as assert from 'assert';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspClient, ROOT, workspaceWithCorpus } from './lspClient';

const DRAFT = [
  '# Draft conclusions', // 0
  '', // 1
  '## Follow-up', // 2
  '', // 3
  '1. The Meeting held eight sittings.', // 4
  '', // 5
  '2. The Office should:', // 6
  '', // 7
  '(i) invite member States to consider the ratification of Conventions Nos 97, 143', // 8
  'and 189;', // 9
  '', // 10
  '(ii) help build capacity, in particular:', // 11
  '  (a) labour market analysis;', // 12
  '  (b) needs assessment;', // 13
  '', // 14
  '(iii) improve its outreach.', // 15
  '', // 16
  '## Closing', // 17
  '', // 18
  'The ILO estimates that recruitment fees cost migrant workers US$10 billion a year.', // 19
  '', // 20
  'Some 140 countries ratified Convention No. 189 in 2013 according to the ILO.', // 21
].join('\n') + '\n';

interface Sym { name: string; kind: number; range: any; selectionRange: any; children?: Sym[] }

/** Decoded semantic tokens: absolute line, character, length, type name and modifier names. */
function decodeTokens(data: number[], legend: { tokenTypes: string[]; tokenModifiers: string[] }) {
  const out: { line: number; char: number; length: number; type: string; mods: string[] }[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    out.push({ line, char, length: data[i + 2], type: legend.tokenTypes[data[i + 3]], mods: legend.tokenModifiers.filter((_, b) => data[i + 4] & (1 << b)) });
  }
  return out;
}

describe('protocol: outline, folding and semantic tokens', function () {
  this.timeout(30000);
  let client: LspClient;
  let uri: string;
  let init: any;

  before(async () => {
    const ws = workspaceWithCorpus('gw-outline-');
    client = new LspClient(ws, { groundwork: { diagnostics: { delayMs: 0 } } });
    init = await client.initialize();
    await client.ready();
    uri = client.open('conclusions.draft.md', DRAFT, 'policy-draft');
  });
  after(async () => client.close());

  it('announces document symbols, folding ranges and a legend that only grew at its end', () => {
    const caps = init.capabilities;
    assert.ok(caps.documentSymbolProvider);
    assert.ok(caps.foldingRangeProvider);
    const legend = caps.semanticTokensProvider.legend;
    assert.deepStrictEqual(legend.tokenTypes.slice(0, 3), ['class', 'enumMember', 'namespace']);
    assert.deepStrictEqual(legend.tokenModifiers.slice(0, 2), ['declaration', 'deprecated']);
    assert.ok(legend.tokenTypes.includes('claim'));
    assert.ok(legend.tokenModifiers.includes('mismatch') && legend.tokenModifiers.includes('unsupported'));
  });

  it('outlines headings, numbered paragraphs and enumerated items, nested', async () => {
    const symbols: Sym[] = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    const tree = (s: Sym): any => (s.children?.length ? { [s.name]: s.children.map(tree) } : s.name);
    assert.deepStrictEqual(symbols.map(tree), [{
      'Draft conclusions': [
        { 'Follow-up': [
          '1. The Meeting held eight sittings.',
          { '2. The Office should:': [
            '(i) invite member States to consider the ratification of…',
            { '(ii) help build capacity, in particular:': ['(a) labour market analysis;', '(b) needs assessment;'] },
            '(iii) improve its outreach.',
          ] },
        ] },
        'Closing',
      ],
    }]);
    const follow = symbols[0].children![0];
    const para2 = follow.children![1];
    assert.strictEqual(para2.kind, 16); // Number
    assert.strictEqual(para2.children![0].kind, 22); // EnumMember
    assert.strictEqual(follow.kind, 3); // Namespace
    // the item's range spans its continuation line; the selection is the enumerator
    const item1 = para2.children![0];
    assert.deepStrictEqual([item1.range.start.line, item1.range.end.line], [8, 9]);
    assert.deepStrictEqual(item1.selectionRange, { start: { line: 8, character: 0 }, end: { line: 8, character: 3 } });
    assert.deepStrictEqual([para2.range.start.line, para2.range.end.line], [6, 15]);
    assert.deepStrictEqual([follow.range.start.line, follow.range.end.line], [2, 15]);
  });

  it('folds sections, paragraphs with their items, and lists', async () => {
    const folds: { startLine: number; endLine: number }[] = await client.request('textDocument/foldingRange', { textDocument: { uri } });
    const pairs = folds.map((f) => [f.startLine, f.endLine]);
    for (const expected of [[0, 21], [2, 15], [6, 15], [8, 15], [11, 13], [12, 13], [17, 21]]) {
      assert.ok(pairs.some((p) => p[0] === expected[0] && p[1] === expected[1]), `${JSON.stringify(expected)} in ${JSON.stringify(pairs)}`);
    }
    // one fold per start line
    assert.strictEqual(new Set(pairs.map((p) => p[0])).size, pairs.length);
  });

  it('marks flagged claims with semantic tokens next to the instrument tokens, never overlapping', async () => {
    const legend = init.capabilities.semanticTokensProvider.legend;
    await client.waitFor(() => (client.diagnostics.get(uri) ?? []).some((d) => d.code === 'unsupported-claim'), 15000, 'claim diagnostics');
    const { data } = await client.request('textDocument/semanticTokens/full', { textDocument: { uri } });
    const tokens = decodeTokens(data, legend);
    const lines = DRAFT.split('\n');
    const textOf = (t: { line: number; char: number; length: number }) => lines[t.line].slice(t.char, t.char + t.length);
    // a mismatch marks the draft's changed value
    const mismatch = tokens.find((t) => t.type === 'claim' && t.mods.includes('mismatch'));
    assert.ok(mismatch, JSON.stringify(tokens));
    assert.deepStrictEqual([mismatch.line, textOf(mismatch)], [4, 'eight']);
    // an unsupported claim marks its sentence
    const unsupported = tokens.filter((t) => t.type === 'claim' && t.mods.includes('unsupported'));
    // and is cut around the instrument token inside it, so tokens never overlap
    assert.deepStrictEqual(unsupported.map((t) => [t.line, textOf(t)]), [
      [19, lines[19]], [21, 'Some 140 countries ratified'], [21, 'in 2013 according to the ILO.'],
    ]);
    assert.ok(tokens.some((t) => t.line === 21 && t.type === 'class' && textOf(t) === 'Convention No. 189'));
    // the instruments feature's tokens are still there
    assert.ok(tokens.some((t) => t.line === 8 && t.type === 'class'));
    for (let i = 1; i < tokens.length; i++) {
      const a = tokens[i - 1];
      const b = tokens[i];
      assert.ok(b.line > a.line || b.char >= a.char + a.length, `overlap: ${JSON.stringify([a, b])}`);
    }
  });

  it('reports indexing progress in groundwork/status, and a cancelled reindex keeps the corpus', async () => {
    const before = client.notifications.length;
    const r = await client.request('groundwork/reindex', {});
    assert.deepStrictEqual(r.sources, 5);
    const statuses = client.notifications.slice(before).filter((n) => n.method === 'groundwork/status').map((n) => n.params);
    assert.ok(statuses.some((s) => s.state === 'indexing' && s.progress && s.progress.total === 5), JSON.stringify(statuses));
    assert.strictEqual(statuses[statuses.length - 1].state, 'ready');
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest('groundwork/reindex', { progress: false }, source.token).catch((e: any) => e);
    source.cancel();
    await pending;
    const status = await client.ready();
    assert.strictEqual(status.state, 'ready');
    assert.strictEqual(status.sources, 5);
    const h = String((await client.hover(uri, 4, 6))?.contents?.value ?? '');
    assert.match(h, /Closest sources|Source says/);
  });

  it('checks only the languages in groundwork.languages, and skips excluded corpus files', async () => {
    const ws = workspaceWithCorpus('gw-langs-');
    mkdirSync(path.join(ws, 'corpus', 'archive'));
    writeFileSync(path.join(ws, 'corpus', 'archive', 'old.txt'), 'An old note that should not be indexed.\n');
    const other = new LspClient(ws, { groundwork: { diagnostics: { delayMs: 0 }, languages: ['policy-draft'], corpus: { exclude: ['archive/**', '*talking-points*'] } } });
    try {
      await other.initialize();
      const status = await other.ready();
      assert.strictEqual(status.sources, 4, JSON.stringify(status));
      const md = other.open('notes.md', 'The Meeting held eight sittings.\n', 'markdown');
      const draft = other.open('notes.draft.md', 'The Meeting held eight sittings.\n', 'policy-draft');
      const draftDiags = await other.waitForDiagnostics(draft);
      assert.ok(draftDiags.some((d) => d.code === 'number-mismatch'), JSON.stringify(draftDiags));
      assert.deepStrictEqual(await other.waitForDiagnostics(md), []);
    } finally {
      await other.close();
    }
    assert.ok(readFileSync(path.join(ws, 'corpus', 'archive', 'old.txt'), 'utf8'));
  });
});
