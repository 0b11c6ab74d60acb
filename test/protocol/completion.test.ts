import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { LspClient, ROOT, workspaceWithCorpus } from './lspClient';

const DRAFT = readFileSync(path.join(ROOT, 'test', 'fixtures', 'completion-draft.md'), 'utf8');
const lineOf = (text: string, start: string) => text.split('\n').findIndex((l) => l.startsWith(start));

/** Applies a completion's text edit to a text, expanding a snippet to its placeholders' defaults. */
function applyItem(text: string, item: any): string {
  const lines = text.split('\n');
  const { start, end } = item.textEdit.range;
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let inserted: string = item.textEdit.newText;
  if (item.insertTextFormat === 2) {
    for (let k = 0; k < 5 && /\$\{\d+:/.test(inserted); k++) inserted = inserted.replace(/\$\{\d+:([^${}]*)\}/g, '$1');
    inserted = inserted.replace(/\$\d+/g, '');
  }
  return text.slice(0, offset(start)) + inserted + text.slice(offset(end));
}

const sorted = (list: any) => [...list.items].sort((a: any, b: any) => String(a.sortText).localeCompare(String(b.sortText)));

describe('protocol: completion (phrases, enumerators, skeletons)', function () {
  this.timeout(30000);
  let client: LspClient;
  let uri: string;

  before(async () => {
    const ws = workspaceWithCorpus('gw-completion-');
    client = new LspClient(ws);
    const init = await client.initialize();
    assert.deepStrictEqual(init.capabilities.completionProvider, { triggerCharacters: [' ', '('], resolveProvider: true });
    await client.ready();
    uri = client.open('draft.md', DRAFT);
    // the phrase bank is built in slices after the corpus is ready; until then lists come from
    // the part read so far, marked incomplete: the server says when it is built
    await client.phrasesReady();
  });
  after(async () => client.close());

  const complete = (line: number, character: number, context?: unknown) =>
    client.request('textDocument/completion', { textDocument: { uri }, position: { line, character }, context });

  it('continues a typed phrase in the wording of the sources, documented with the source sentence', async () => {
    const line = lineOf(DRAFT, '(i) Assist governments');
    const list = await complete(line, DRAFT.split('\n')[line].length);
    const listed = sorted(list)[0];
    assert.strictEqual(listed.textEdit.newText, 'request');
    const top = await client.request('completionItem/resolve', listed);
    assert.strictEqual(top.documentation.kind, 'markdown');
    assert.match(top.documentation.value, /upon their \*\*request\*\*/);
    assert.match(top.documentation.value, /2013-tripartite-meeting-labour-migration-report\.txt/);
    assert.match(top.documentation.value, /\(file:\/\/[^)]+#L\d+,\d+\)/, 'links to the line in the source');
    assert.ok(list.items.length <= 25);
  });

  it('completes the word being typed and replaces it whole', async () => {
    const line = lineOf(DRAFT, '1. Fair recruitment');
    const text = DRAFT.split('\n')[line];
    const character = text.indexOf('Agenda') + 2; // `the Decent Work Ag|enda`: the text before the cursor counts
    const list = await complete(line, character);
    const top = sorted(list)[0];
    assert.strictEqual(top.textEdit.newText, 'Agenda');
    assert.deepStrictEqual(top.textEdit.range.start, { line, character: character - 2 });
  });

  it('offers the next enumerator on the line after (iii)', async () => {
    const line = lineOf(DRAFT, '(iii) Strengthen') + 1;
    const items = sorted(await complete(line, 0));
    assert.strictEqual(items[0].label, '(iv)');
    assert.strictEqual(applyItem(DRAFT, items[0]).split('\n')[line], '(iv) ');
  });

  it('offers item openings from the action lists of the sources after an enumerator', async () => {
    const text = DRAFT.replace(/\n$/, '(iv) \n');
    const line = lineOf(text, '(iv) ');
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const items = sorted(await complete(line, 5));
    assert.ok(items.length > 0);
    assert.match(items[0].textEdit.newText, /^[A-Z]/, 'an item opens with a capital');
    assert.ok(items.slice(0, 8).some((i: any) => /^(Assist|Promote|Support|Strengthen|Develop)\b/.test(i.textEdit.newText)), items.map((i: any) => i.label).join(' | '));
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: DRAFT }] });
  });

  it('inserts an action-list skeleton that continues the paragraph numbering', async () => {
    const text = DRAFT + '\n';
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: text.replace(/\(iii\)[^\n]*\n\n/, '(iii) Strengthen data collection on recruitment fees.\n\nAfter the list.\n\n') }] });
    const current = text.replace(/\(iii\)[^\n]*\n\n/, '(iii) Strengthen data collection on recruitment fees.\n\nAfter the list.\n\n');
    const line = current.split('\n').length - 1;
    const items = sorted(await complete(line, 0));
    const skeleton = items.find((i: any) => i.kind === 15 && /The Office should/.test(i.label));
    assert.ok(skeleton, items.map((i: any) => i.label).join(' | '));
    assert.strictEqual(skeleton.insertTextFormat, 2);
    const inserted = applyItem(current, skeleton).split('\n').slice(line).join('\n');
    assert.strictEqual(inserted, '3. The Office should:\n\n(i) Assist governments and social partners, upon their request, ');
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: DRAFT }] });
  });

  it('inserts the preamble skeleton with its tab stops in an empty draft', async () => {
    const empty = client.open('empty.md', '');
    const list = await client.request('textDocument/completion', { textDocument: { uri: empty }, position: { line: 0, character: 0 } });
    const preamble = list.items.find((i: any) => i.label === 'Conclusions preamble');
    assert.ok(preamble);
    const text = applyItem('', preamble);
    assert.match(text, /^The Tripartite Technical Meeting on subject,\n\nHaving met in Geneva from first day to last day month year,/);
    assert.match(text, /Adopts, this nth day of month year, the following conclusions:\n/);
  });

  it('answers a space only with confident continuations, and says the list is incomplete', async () => {
    const line = lineOf(DRAFT, '(i) Assist governments');
    const character = DRAFT.split('\n')[line].length;
    const list = await complete(line, character, { triggerKind: 2, triggerCharacter: ' ' });
    assert.ok(list.items.length > 0);
    assert.ok(list.items.every((i: any) => i.kind !== 15 && i.label !== '(iv)'));
    assert.strictEqual(sorted(list)[0].textEdit.newText, 'request');
    assert.strictEqual(list.isIncomplete, true);
  });

  it('offers to renumber a list after an item was inserted', async () => {
    const text = DRAFT.replace('(ii) Promote', '(ii) Raise awareness of fair recruitment;\n\n(ii) Promote');
    const renumbered = client.open('renumber.md', text);
    const line = lineOf(text, '(ii) Promote');
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri: renumbered }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] },
    });
    const action = actions.find((a: any) => /^Renumber list items/.test(a.title));
    assert.ok(action, JSON.stringify(actions.map((a: any) => a.title)));
    const edits = action.edit.changes[renumbered];
    assert.deepStrictEqual(edits.map((e: any) => e.newText), ['(iii)', '(iv)']);
    assert.deepStrictEqual(edits[0].range.start, { line, character: 0 });
  });
});
