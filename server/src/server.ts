/**
 * The Groundwork language server: wires LSP handlers to the session and the feature modules.
 * Runs over stdio (`node dist/server.js --stdio`) in VS Code or any LSP editor.
 */
import * as path from 'path';
import {
  CodeActionKind, createConnection, InitializeParams, InitializeResult, MessageType, ProposedFeatures, ShowMessageNotification, TextDocuments, TextDocumentSyncKind,
  WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { DiskSourceStore } from './core/corpus/sourceStore';
import { codeActionsFor, CodeActionSource } from './features/codeActions';
import { COMPLETION_TRIGGER_CHARACTERS, completionsFor, resolveCompletion, warmCompletions } from './features/completion';
import { claimCodeActions } from './features/claims/codeActions';
import { coverageReport, sourcesAt } from './features/claims/coverageReport';
import { claimDiagnostics } from './features/claims/diagnostics';
import { diagnosticsFor, DiagnosticSource } from './features/diagnostics';
import { hoverAt } from './features/hover';
import { instrumentCodeActions } from './features/instruments/codeActions';
import { instrumentDefinition } from './features/instruments/definition';
import { instrumentDiagnostics } from './features/instruments/diagnostics';
import { forgetDraft } from './features/instruments/instrumentIndex';
import { instrumentReferences } from './features/instruments/references';
import { renumberCodeActions } from './features/phrases/renumber';
import { INSTRUMENT_TOKEN_LEGEND, instrumentSemanticTokens } from './features/instruments/semanticTokens';
import { workspaceSymbols } from './features/workspaceSymbols';
import { Session } from './session';
import { readConfigFile } from './configFile';
import { mergeSettings, parseSettings } from './settings';

const BUNDLED_CORPUS = path.resolve(__dirname, '..', 'corpus');
// distinct from the client's own 'groundwork.reindex' command, which VS Code would refuse to register twice
export const REINDEX_COMMAND = 'groundwork.server.reindex';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let session: Session;
let canConfigure = false;
let canProgress = false;
let initOptions: unknown;

const log = (m: string) => connection.console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
/** A warning the user sees once, as a notification (no buttons, nothing to answer). */
const warn = (m: string) => {
  log(`warning: ${m}`);
  void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Groundwork: ${m}` });
};

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const folders = (params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []))
    .filter((u) => u.startsWith('file:'))
    .map((u) => URI.parse(u).fsPath);
  canConfigure = !!params.capabilities.workspace?.configuration;
  canProgress = !!params.capabilities.window?.workDoneProgress;
  initOptions = params.initializationOptions;
  session = new Session(folders, BUNDLED_CORPUS, new DiskSourceStore(), {
    log,
    warn,
  });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: true },
      workspaceSymbolProvider: true,
      executeCommandProvider: { commands: [REINDEX_COMMAND] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      definitionProvider: true,
      referencesProvider: true,
      semanticTokensProvider: { legend: INSTRUMENT_TOKEN_LEGEND, full: true },
    },
    serverInfo: { name: 'groundwork', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  await applySettings();
  await reindex();
});

async function applySettings(): Promise<void> {
  let editor: unknown;
  if (canConfigure) {
    try {
      [editor] = await connection.workspace.getConfiguration([{ section: 'groundwork' }]);
    } catch (e) {
      log(`could not read settings: ${String(e)}`);
    }
  }
  // the workspace's groundwork.json is what its CI uses too, so it has the last word
  let file: unknown;
  const trusted = (initOptions as { trusted?: boolean } | undefined)?.trusted !== false;
  const folder = session.workspaceFolders[0];
  if (folder && trusted) {
    const config = readConfigFile(folder);
    if (config.found && 'error' in config) warn(`${config.error}; using the editor settings`);
    else if (config.found) {
      file = config.raw;
      log(`settings from ${config.path}`);
    }
  }
  const { settings, errors } = parseSettings(mergeSettings(initOptions, editor, file));
  for (const e of errors) warn(`setting ignored: ${e}`);
  if (!trusted && (settings.corpus.paths.length || settings.registry.paths.length)) {
    log('untrusted workspace: custom corpus and registry paths are ignored; using the bundled corpus and registry');
    settings.corpus.paths = [];
    settings.registry.paths = [];
  }
  session.settings = settings;
}

async function reindex(): Promise<void> {
  let progress: WorkDoneProgressReporter | undefined;
  if (canProgress) {
    progress = await connection.window.createWorkDoneProgress();
    progress.begin('Groundwork: indexing sources', 0, undefined, false);
  }
  sendStatus();
  session.events.progress = (done, total, file) => progress?.report(Math.round((100 * done) / Math.max(1, total)), file);
  try {
    await session.reload();
  } finally {
    progress?.done();
  }
  sendStatus();
  recheckAll();
  // the phrase bank is built off the first completion request's path
  setImmediate(() => warmCompletions(session));
}

function sendStatus(): void {
  const c = session.corpus;
  void connection.sendNotification('groundwork/status', {
    state: session.state,
    sources: c.documents.length,
    passages: c.passageCount,
    origin: session.roots?.origin,
    roots: session.roots?.roots ?? [],
    problems: session.problems.map((p) => ({ path: p.path, reason: p.reason })),
  });
}

connection.onDidChangeConfiguration(async () => {
  const before = JSON.stringify(session.settings.corpus);
  await applySettings();
  if (JSON.stringify(session.settings.corpus) !== before) await reindex();
  else recheckAll();
});

/** Checkers whose findings are published as diagnostics, in this order. */
const CHECKERS: DiagnosticSource[] = [instrumentDiagnostics, claimDiagnostics];
const pendingChecks = new Map<string, NodeJS.Timeout>();

function scheduleCheck(doc: TextDocument): void {
  clearTimeout(pendingChecks.get(doc.uri));
  const delay = session.settings.diagnostics.delayMs;
  const run = () => {
    pendingChecks.delete(doc.uri);
    void publishDiagnostics(doc.uri);
  };
  if (delay <= 0) run();
  else pendingChecks.set(doc.uri, setTimeout(run, delay));
}

async function publishDiagnostics(uri: string): Promise<void> {
  await session.ready();
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  let diagnostics;
  try {
    diagnostics = diagnosticsFor(doc, session, CHECKERS);
  } catch (e) {
    log(`checking ${uri} failed: ${(e as Error)?.stack ?? String(e)}`);
    return;
  }
  // a newer edit will publish its own result
  if (documents.get(uri)?.version !== version) return;
  await connection.sendDiagnostics({ uri, version, diagnostics });
  // a draft too large for one pass is checked further in the next, after other requests had their turn
  if (diagnostics.some((d) => d.code === 'check-incomplete')) setTimeout(() => void publishDiagnostics(uri), 20);
}

function recheckAll(): void {
  for (const doc of documents.all()) void publishDiagnostics(doc.uri);
}

documents.onDidOpen((e) => scheduleCheck(e.document));
documents.onDidChangeContent((e) => scheduleCheck(e.document));
documents.onDidClose((e) => {
  forgetDraft(e.document.uri);
  clearTimeout(pendingChecks.get(e.document.uri));
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  await session.ready();
  return hoverAt(doc, params.position, session);
});

connection.onDefinition(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  await session.ready();
  return instrumentDefinition(doc, params.position, session);
});

connection.onReferences(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  await session.ready();
  return instrumentReferences(doc, params.position, session, documents.all());
});

connection.languages.semanticTokens.on(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return { data: [] };
  await session.ready();
  return instrumentSemanticTokens(doc, session);
});

/** Providers of code actions (quick fixes, rewrites), in the order they are offered. */
const CODE_ACTION_PROVIDERS: CodeActionSource[] = [instrumentCodeActions, claimCodeActions, renumberCodeActions];

connection.onCodeAction(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  await session.ready();
  return codeActionsFor(doc, params, session, CODE_ACTION_PROVIDERS);
});

// answered from the corpus loaded so far, without waiting for indexing, so typing never stalls
connection.onCompletion((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  return completionsFor(doc, params.position, session, params.context);
});
connection.onCompletionResolve((item) => resolveCompletion(item, session));

connection.onWorkspaceSymbol(async (params) => workspaceSymbols(params.query, await session.ready()));

connection.onExecuteCommand(async (params) => {
  if (params.command === REINDEX_COMMAND) await reindex();
});
connection.onRequest('groundwork/checkDraft', async (params: { uri: string }) => {
  const doc = documents.get(params.uri);
  if (!doc) return null;
  await session.ready();
  return coverageReport(doc, session);
});
connection.onRequest('groundwork/sourcesAt', async (params: { uri: string; position: { line: number; character: number } }) => {
  const doc = documents.get(params.uri);
  if (!doc) return [];
  await session.ready();
  return sourcesAt(doc, doc.offsetAt(params.position), session);
});
connection.onRequest('groundwork/reindex', async () => {
  await reindex();
  return { sources: session.corpus.documents.length, passages: session.corpus.passageCount };
});

documents.listen(connection);
connection.listen();
