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

export async function deactivate(): Promise<void> {
  await client?.stop();
}
