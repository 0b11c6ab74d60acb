/**
 * The VS Code side of Groundwork: starts the language server with VS Code's own Node, shows
 * the corpus in the status bar and forwards a few commands. No analysis happens here.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, ErrorHandler, LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { RestartBudget } from './serverRestarts';
import { fileUriOfSourceText, hoverLinksToCommand, OPEN_SOURCE_COMMAND, pageOf, SOURCE_TEXT_SCHEME, toSourceTextUri } from './sourceUris';

interface Status {
  state: 'idle' | 'indexing' | 'ready';
  sources: number;
  passages: number;
  origin?: string;
  roots: string[];
  problems: { path: string; reason: string }[];
  /** Files read so far while indexing. */
  progress?: { done: number; total: number };
}

let client: LanguageClient | undefined;
let lastStatus: Status | undefined;
/** Listeners for indexing progress, for the Reindex command's notification. */
const statusListeners = new Set<(s: Status) => void>();

/** Restarts a server that died, a bounded number of times (see serverRestarts.ts). */
function boundedRestarts(output: vscode.OutputChannel): ErrorHandler {
  const budget = new RestartBudget();
  return {
    // a few malformed messages are survivable; past three the connection is given up, and closed() decides
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
    closed: () => {
      const decision = budget.serverStopped();
      output.appendLine(decision.log);
      if (decision.message) void vscode.window.showErrorMessage(decision.message);
      return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
    },
  };
}

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
    errorHandler: boundedRestarts(output),
    // storagePath: where the server persists its index (the extension's storage, not the workspace)
    initializationOptions: { trusted: vscode.workspace.isTrusted, storagePath: context.globalStorageUri.fsPath },
    middleware: {
      // VS Code's Markdown support already lists a .md file's headings: keep only our paragraphs and items there
      provideDocumentSymbols: async (document, token, next) => {
        const symbols = await next(document, token);
        return document.languageId === 'markdown' && symbols ? withoutHeadings(symbols as vscode.DocumentSymbol[]) : symbols;
      },
      // passages of PDF, Word and HTML files are located in their extracted text: show that (sourceUris.ts)
      provideDefinition: async (document, position, token, next) => toSourceText(await next(document, position, token)),
      provideReferences: async (document, position, options, token, next) => toSourceText(await next(document, position, options, token)),
      provideWorkspaceSymbols: async (query, token, next) => toSourceText(await next(query, token)),
      handleDiagnostics: (uri, diagnostics, next) => {
        for (const d of diagnostics) for (const r of d.relatedInformation ?? []) r.location.uri = sourceTextUri(r.location.uri);
        next(uri, diagnostics);
      },
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        if (hover) hover.contents = hover.contents.map(hoverWithSourceText);
        return hover;
      },
      // a completion's documentation quotes its source sentence with a link, like a hover
      resolveCompletionItem: async (item, token, next) => {
        const resolved = await next(item, token);
        if (resolved?.documentation instanceof vscode.MarkdownString) resolved.documentation = hoverWithSourceText(resolved.documentation) as vscode.MarkdownString;
        return resolved;
      },
    },
  };
  client = new LanguageClient('groundwork', 'Groundwork', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'Groundwork';
  status.text = '$(sync~spin) Groundwork';
  status.command = 'groundwork.showOutput';
  status.show();
  context.subscriptions.push(status, output);

  context.subscriptions.push(
    vscode.commands.registerCommand('groundwork.reindex', () => reindex()),
    vscode.commands.registerCommand('groundwork.showSkippedFiles', () => showSkippedFiles(output)),
    vscode.commands.registerCommand('groundwork.checkDraft', () => checkDraft()),
    vscode.commands.registerCommand('groundwork.showSources', () => showSources()),
    vscode.commands.registerCommand(OPEN_SOURCE_COMMAND, (uri: string, range?: LspRange | null) => openSource(uri, range)),
    vscode.workspace.registerTextDocumentContentProvider(SOURCE_TEXT_SCHEME, sourceTextProvider),
    vscode.commands.registerCommand('groundwork.showOutput', () => {
      output.show(true);
      if (lastStatus?.problems.length) {
        output.appendLine(`Skipped ${lastStatus.problems.length} file(s):`);
        for (const p of lastStatus.problems) output.appendLine(`  ${p.path}: ${p.reason}`);
      }
    }),
  );

  // registered before the start: the server reports its first indexing while the client is still starting
  context.subscriptions.push(
    client.onNotification('groundwork/status', (s: Status) => {
      lastStatus = s;
      if (s.state === 'ready') sourceTextProvider.refresh();
      for (const l of statusListeners) l(s);
      showStatus(status, s);
    }),
  );
  await client.start();
}

/** Read-only documents with the text extracted from a PDF, Word or HTML source (`groundwork/sourceText`). */
const sourceTextProvider = new (class implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Where each page starts in the text, for PDFs shown so far (by document URI). */
  readonly pageStarts = new Map<string, number[]>();

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = fileUriOfSourceText(uri.query);
    const source = await client?.sendRequest<{ text: string; pageStarts: number[] | null } | null>('groundwork/sourceText', { uri: file });
    if (!source) return `Groundwork: ${vscode.Uri.parse(file).fsPath} is not in the corpus.`;
    if (source.pageStarts) this.pageStarts.set(uri.toString(), source.pageStarts);
    return source.text;
  }

  /** After a reindex, the open documents show the new text. */
  refresh(): void {
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === SOURCE_TEXT_SCHEME) this.changed.fire(doc.uri);
  }
})();

/** The extracted-text document for a PDF, Word or HTML file; any other URI unchanged. */
function sourceTextUri(uri: vscode.Uri): vscode.Uri {
  const text = toSourceTextUri(uri.toString());
  return text ? vscode.Uri.parse(text) : uri;
}

/** Locations, location links and symbols with their PDF, Word and HTML files replaced by the extracted text. */
function toSourceText<T>(result: T): T {
  for (const item of (Array.isArray(result) ? result : result ? [result] : []) as object[]) {
    if (item instanceof vscode.Location) item.uri = sourceTextUri(item.uri);
    else if ('targetUri' in item) (item as vscode.LocationLink).targetUri = sourceTextUri((item as vscode.LocationLink).targetUri);
    else if ('location' in item && (item as vscode.SymbolInformation).location?.uri) {
      (item as vscode.SymbolInformation).location.uri = sourceTextUri((item as vscode.SymbolInformation).location.uri);
    }
  }
  return result;
}

/** Hover Markdown whose links to PDF, Word and HTML files run groundwork.openSource (trusted for that command only). */
function hoverWithSourceText(content: vscode.MarkdownString | vscode.MarkedString): vscode.MarkdownString | vscode.MarkedString {
  if (!(content instanceof vscode.MarkdownString)) return content;
  const { value, changed } = hoverLinksToCommand(content.value);
  if (!changed) return content;
  const md = new vscode.MarkdownString(value, content.supportThemeIcons);
  md.supportHtml = content.supportHtml;
  md.baseUri = content.baseUri;
  md.isTrusted = { enabledCommands: [OPEN_SOURCE_COMMAND] };
  return md;
}

/** Headings (the server's `Namespace` symbols) replaced by what they hold. */
function withoutHeadings(symbols: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.flatMap((s) => {
    if (!('children' in s)) return [s];
    s.children = withoutHeadings(s.children);
    return s.kind === vscode.SymbolKind.Namespace ? s.children : [s];
  });
}

/** The status bar: indexing with its progress, then the corpus, or a warning when files were skipped. */
function showStatus(item: vscode.StatusBarItem, s: Status): void {
  const fmt = (n: number) => n.toLocaleString('en-US');
  if (s.state === 'indexing') {
    const pct = s.progress?.total ? ` ${Math.floor((100 * s.progress.done) / s.progress.total)}%` : '…';
    item.text = `$(sync~spin) Groundwork: indexing${pct}`;
    item.tooltip = s.progress?.total ? `Indexing ${fmt(s.progress.done)} of ${fmt(s.progress.total)} source files` : 'Indexing the sources';
    item.backgroundColor = undefined;
    item.command = 'groundwork.showOutput';
    return;
  }
  const skipped = s.problems.length;
  item.text = `${skipped ? '$(warning)' : '$(book)'} Groundwork: ${fmt(s.sources)} source${s.sources === 1 ? '' : 's'} · ${fmt(s.passages)} passages`;
  const tip = new vscode.MarkdownString(`**Groundwork** · ${s.origin ?? ''} corpus: ${s.roots.map((r) => `\`${r}\``).join(', ')}`);
  if (skipped) {
    tip.appendMarkdown(`\n\n$(warning) ${skipped} file${skipped === 1 ? '' : 's'} skipped:\n`);
    for (const p of s.problems.slice(0, 8)) tip.appendMarkdown(`\n- \`${path.basename(p.path)}\`: ${escapeMarkdown(p.reason)}`);
    if (skipped > 8) tip.appendMarkdown(`\n- … and ${skipped - 8} more`);
    tip.appendMarkdown('\n\nClick to see why.');
  }
  tip.supportThemeIcons = true;
  item.tooltip = tip;
  item.backgroundColor = skipped ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  item.command = skipped ? 'groundwork.showSkippedFiles' : 'groundwork.showOutput';
}

const escapeMarkdown = (t: string) => t.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');

/** Reindexes with a notification that shows progress and can cancel (the previous corpus then stays). */
async function reindex(): Promise<void> {
  if (!client) return;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Groundwork: indexing sources', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const onStatus = (s: Status) => {
        if (!s.progress?.total) return;
        const pct = Math.floor((100 * s.progress.done) / s.progress.total);
        if (pct > reported) progress.report({ increment: pct - reported, message: `${s.progress.done} of ${s.progress.total} files` });
        reported = Math.max(reported, pct);
      };
      statusListeners.add(onStatus);
      try {
        const r = await client!.sendRequest<{ sources: number; passages: number }>('groundwork/reindex', { progress: false }, token);
        if (token.isCancellationRequested) void vscode.window.showInformationMessage(`Groundwork: indexing cancelled; serving ${r.sources} sources.`);
      } catch (e) {
        if (!token.isCancellationRequested) throw e;
      } finally {
        statusListeners.delete(onStatus);
      }
    },
  );
}

/** The files left out of the corpus and why; picking one reveals it. */
async function showSkippedFiles(output: vscode.OutputChannel): Promise<void> {
  let problems = lastStatus?.problems ?? [];
  try {
    // the server's own list, when it offers one, is fresher than the last status
    problems = (await client?.sendRequest<{ path: string; reason: string }[]>('groundwork/problems')) ?? problems;
  } catch {
    /* an older server: the status's list */
  }
  if (!problems.length) {
    void vscode.window.showInformationMessage('Groundwork: every source file was indexed.');
    return;
  }
  output.appendLine(`Skipped ${problems.length} file(s):`);
  for (const p of problems) output.appendLine(`  ${p.path}: ${p.reason}`);
  const pick = await vscode.window.showQuickPick(
    problems.map((p) => ({ label: `$(warning) ${path.basename(p.path)}`, description: vscode.workspace.asRelativePath(p.path), detail: p.reason, path: p.path })),
    { title: `Groundwork: ${problems.length} source file${problems.length === 1 ? '' : 's'} skipped`, matchOnDetail: true, matchOnDescription: true },
  );
  if (pick) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(pick.path));
}

type LspRange = { start: { line: number; character: number }; end: { line: number; character: number } };
const toRange = (r: LspRange) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

/**
 * Opens a source passage beside the draft with the passage selected. PDF, Word and HTML files open
 * as their extracted text (where the server's ranges point); without a range, a PDF link's
 * `#page=N` opens at that page.
 */
async function openSource(uri: string, range?: LspRange | null): Promise<void> {
  const textUri = toSourceTextUri(uri);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(textUri ?? uri));
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false, preview: true });
  const page = pageOf(uri);
  const pageStart = page && textUri ? sourceTextProvider.pageStarts.get(doc.uri.toString())?.[page - 1] : undefined;
  const target = range ? toRange(range) : pageStart !== undefined ? new vscode.Range(doc.positionAt(pageStart), doc.positionAt(pageStart)) : undefined;
  if (!target) return;
  editor.selection = new vscode.Selection(target.start, target.end);
  editor.revealRange(target, range ? vscode.TextEditorRevealType.InCenter : vscode.TextEditorRevealType.AtTop);
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
