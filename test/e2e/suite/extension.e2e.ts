// Editor tests: what a drafter sees in a real VS Code with the example draft open.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'draft-conclusions.md');

async function until<T>(f: () => Promise<T | undefined> | T | undefined, ms = 30000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Groundwork in VS Code', () => {
  let doc: vscode.TextDocument;
  before(async () => {
    doc = await vscode.workspace.openTextDocument(EXAMPLE);
    await vscode.window.showTextDocument(doc);
  });

  it('hovering a sentence shows its closest source passage', async () => {
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('The Meeting held six sittings'));
    const hovers = await until(async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 15));
      const text = h?.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n') ?? '';
      return /para\. 8/.test(text) ? text : undefined;
    });
    assert.match(hovers, /Closest sources/);
  });
});
