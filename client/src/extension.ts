/**
 * The VS Code side of Groundwork: starts the language server with VS Code's own Node, shows
 * the corpus in the status bar and forwards a few commands. No analysis happens here.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

interface Status {
  state: 'idle' | 'indexing' | 'ready';
  sources: number;
  passages: number;
  origin?: string;
  roots: string[];
  problems: { path: string; reason: string }[];
}

let client: LanguageClient | undefined;
let lastStatus: Status | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = vscode.window.createOutputChannel('Groundwork');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'policy-draft' },
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'policy-draft' },
    ],
    synchronize: { configurationSection: 'groundwork' },
    outputChannel: output,
    initializationOptions: { trusted: vscode.workspace.isTrusted },
  };
  client = new LanguageClient('groundwork', 'Groundwork', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'Groundwork';
  status.text = '$(sync~spin) Groundwork';
  status.command = 'groundwork.showOutput';
  status.show();
  context.subscriptions.push(status, output);

  context.subscriptions.push(
    vscode.commands.registerCommand('groundwork.reindex', async () => {
      status.text = '$(sync~spin) Groundwork: indexing…';
      await client?.sendRequest('groundwork/reindex');
    }),
    vscode.commands.registerCommand('groundwork.checkDraft', () => checkDraft()),
    vscode.commands.registerCommand('groundwork.showSources', () => showSources()),
    vscode.commands.registerCommand('groundwork.openSource', (uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }) => openSource(uri, range)),
    vscode.commands.registerCommand('groundwork.showOutput', () => {
      output.show(true);
      if (lastStatus?.problems.length) {
        output.appendLine(`Skipped ${lastStatus.problems.length} file(s):`);
        for (const p of lastStatus.problems) output.appendLine(`  ${p.path}: ${p.reason}`);
      }
    }),
  );

  await client.start();
  context.subscriptions.push(
    client.onNotification('groundwork/status', (s: Status) => {
      lastStatus = s;
      if (s.state === 'indexing') {
        status.text = '$(sync~spin) Groundwork: indexing…';
        status.backgroundColor = undefined;
        return;
      }
      const fmt = (n: number) => n.toLocaleString('en-US');
      status.text = `${s.problems.length ? '$(warning)' : '$(book)'} Groundwork: ${fmt(s.sources)} source${s.sources === 1 ? '' : 's'} · ${fmt(s.passages)} passages`;
      status.tooltip = `${s.origin ?? ''} corpus: ${s.roots.join(', ')}${s.problems.length ? `\n${s.problems.length} file(s) skipped: click for details` : ''}`;
      status.backgroundColor = s.problems.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }),
  );
}

type LspRange = { start: { line: number; character: number }; end: { line: number; character: number } };
const toRange = (r: LspRange) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

/** Opens a source passage beside the draft with the passage selected. */
async function openSource(uri: string, range: LspRange): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false, preview: true });
  editor.selection = new vscode.Selection(toRange(range).start, toRange(range).end);
  editor.revealRange(toRange(range), vscode.TextEditorRevealType.InCenter);
}

async function showSources(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) return;
  const locations = await client.sendRequest<{ uri: string; range: LspRange }[]>('groundwork/sourcesAt', {
    uri: editor.document.uri.toString(), position: editor.selection.active,
  });
  if (!locations.length) {
    void vscode.window.showInformationMessage('Groundwork: no source passage for this sentence.');
    return;
  }
  await openSource(locations[0].uri, locations[0].range);
}

interface CoverageReport {
  claims: number; supported: number; mismatched: number; unsupported: number;
  items: { range: LspRange; verdict: string; code?: string; message: string; text: string }[];
}

/** The coverage summary of the active draft, with a quick pick to jump to each claim. */
async function checkDraft(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) return;
  const report = await client.sendRequest<CoverageReport | null>('groundwork/checkDraft', { uri: editor.document.uri.toString() });
  if (!report) return;
  const icon: Record<string, string> = { supported: '$(pass)', mismatch: '$(error)', unsupported: '$(warning)' };
  const order: Record<string, number> = { mismatch: 0, unsupported: 1, supported: 2 };
  const items = [...report.items].sort((a, b) => order[a.verdict] - order[b.verdict] || a.range.start.line - b.range.start.line).map((i) => ({
    label: `${icon[i.verdict] ?? ''} ${i.text.length > 90 ? i.text.slice(0, 89) + '…' : i.text}`,
    description: `line ${i.range.start.line + 1}`,
    detail: i.verdict === 'supported' ? i.message : `${i.code}: ${i.message}`,
    range: i.range,
  }));
  const pick = await vscode.window.showQuickPick(items, {
    title: `Groundwork: ${report.claims} claims · ${report.supported} supported · ${report.mismatched} mismatched · ${report.unsupported} unsupported`,
    matchOnDetail: true,
  });
  if (pick) {
    editor.selection = new vscode.Selection(toRange(pick.range).start, toRange(pick.range).end);
    editor.revealRange(toRange(pick.range), vscode.TextEditorRevealType.InCenter);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
