/**
 * The Groundwork language server: wires LSP handlers to the session and the feature modules.
 * Runs over stdio (`node dist/server.js --stdio`) in VS Code or any LSP editor.
 */
import * as path from 'path';
import {
  CodeActionKind, createConnection, InitializeParams, InitializeResult, MessageType, ProposedFeatures, ShowMessageNotification, TextDocuments, TextDocumentSyncKind,
  CancellationToken, WorkDoneProgressServerReporter, DidChangeWatchedFilesNotification,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { DiskSourceStore } from './core/corpus/sourceStore';
import { codeActionsFor, CodeActionSource } from './features/codeActions';
import { COMPLETION_TRIGGER_CHARACTERS, completionsFor, resolveCompletion, warmCompletions } from './features/completion';
import { claimCodeActions } from './features/claims/codeActions';
import { coverageReport, sourcesAt } from './features/claims/coverageReport';
import { claimChecker } from './features/claims/checker';
import { claimDiagnostics, forgetSentences } from './features/claims/diagnostics';
import { diagnosticsFor, DiagnosticSource } from './features/diagnostics';
import { hoverAt } from './features/hover';
import { instrumentCodeActions } from './features/instruments/codeActions';
import { instrumentDefinition } from './features/instruments/definition';
import { instrumentDiagnostics } from './features/instruments/diagnostics';
import { forgetDraft } from './features/instruments/instrumentIndex';
import { instrumentReferences } from './features/instruments/references';
import { renumberCodeActions } from './features/phrases/renumber';
import { phraseBankIsCurrent } from './features/phrases/bank';
import { indexingHover } from './features/indexingHover';
import { instrumentIndexIfReady, instrumentIndexReady, prepareInstrumentKnowledge } from './features/instruments/instrumentIndex';
import { draftSemanticTokens, TOKEN_LEGEND } from './features/semanticTokens';
import { documentSymbols } from './features/outline';
import { foldingRanges } from './features/folding';
import { forgetDraftOutline } from './features/draftStructure';
import { workspaceSymbols } from './features/workspaceSymbols';
import { Session } from './session';
import { IndexCacheDamaged } from './core/index/indexCache';
import { readConfigFile } from './configFile';
import { checksLanguage, mergeSettings, parseSettings } from './settings';

const BUNDLED_CORPUS = path.resolve(__dirname, '..', 'corpus');
// distinct from the client's own 'groundwork.reindex' command, which VS Code would refuse to register twice
export const REINDEX_COMMAND = 'groundwork.server.reindex';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let session: Session;
let canConfigure = false;
let canProgress = false;
let canRefreshTokens = false;
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
  canRefreshTokens = !!params.capabilities.workspace?.semanticTokens?.refreshSupport;
  initOptions = params.initializationOptions;
  session = new Session(folders, BUNDLED_CORPUS, new DiskSourceStore(), {
    log,
    warn,
  });
  // the persisted index lives in the editor's storage for the extension, never in the user's folders
  const storagePath = (initOptions as { storagePath?: unknown } | undefined)?.storagePath;
  if (typeof storagePath === 'string' && path.isAbsolute(storagePath)) session.cacheDir = path.join(storagePath, 'index');
  canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
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
      semanticTokensProvider: { legend: TOKEN_LEGEND, full: true },
      documentSymbolProvider: { label: 'Groundwork' },
      foldingRangeProvider: true,
    },
    serverInfo: { name: 'groundwork', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  await applySettings();
  if (canWatch) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
  await reindex();
});

let canWatch = false;

// a source file saved, added or deleted: that file alone is read and indexed again
connection.onDidChangeWatchedFiles(async (params) => {
  let changed = false;
  for (const c of params.changes) {
    if (!c.uri.startsWith('file:')) continue;
    if (await session.sourceChanged(URI.parse(c.uri).fsPath)) changed = true;
  }
  if (!changed) return;
  log(`Reindexed changed sources: ${session.corpus.documents.length} sources, ${session.corpus.passageCount} passages`);
  sendStatus();
  await instrumentIndexReady(session);
  recheckAll();
  scheduleCacheSave();
});

let cacheSave: NodeJS.Timeout | undefined;
/** Persists the index once the server has been idle a moment (serialising it takes a while). */
function scheduleCacheSave(): void {
  clearTimeout(cacheSave);
  cacheSave = setTimeout(() => void session.saveCache(), 3000);
}

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

/**
 * Reindexes the corpus with progress, cancellable from the editor's progress UI or, for a
 * `groundwork/reindex` request, by cancelling the request (the previous corpus then stays).
 */
async function reindex(token?: CancellationToken, showProgress = true): Promise<void> {
  let progress: WorkDoneProgressServerReporter | undefined;
  if (canProgress && showProgress) {
    progress = await connection.window.createWorkDoneProgress();
    progress.begin('Groundwork: indexing sources', 0, undefined, true);
  }
  indexing = { done: 0, total: 0 };
  sendStatus();
  let lastSent = 0;
  let lastReported = 0;
  session.events.progress = (done, total, file) => {
    // a progress bar and the status bar show a percentage: a few updates a second are enough,
    // where one a file (2,500 from the index cache in a second) costs the client and the server
    if (Date.now() - lastReported > 100 || done === total) {
      lastReported = Date.now();
      progress?.report(Math.round((100 * done) / Math.max(1, total)), file);
    }
    indexing = { done, total };
    if (Date.now() - lastSent > 150 || done === total) {
      lastSent = Date.now();
      sendStatus();
    }
  };
  const cancel = { get isCancellationRequested() { return !!token?.isCancellationRequested || !!progress?.token.isCancellationRequested; } };
  // once the load is under way (waiting on the disk), what the first hover will need
  setImmediate(() => {
    try {
      prepareInstrumentKnowledge(session);
    } catch (e) {
      log(`instrument registry not prepared: ${(e as Error).message}`);
    }
  });
  try {
    await session.reload(cancel);
  } finally {
    progress?.done();
    indexing = undefined;
  }
  sendStatus();
  // the instrument index, the claim checker and the phrase bank are built in slices between
  // requests, before the drafts are checked, rather than in one block on the first request
  await instrumentIndexReady(session);
  claimChecker(session);
  recheckAll();
  // the status says when completions answer from every source, for clients and tests to wait on
  void warmCompletions(session).then(sendStatus);
  void prepareSearch();
  void prepareInstrumentGroups();
  scheduleCacheSave();
}

/** The instrument index's groups a first hover would build, one between requests. */
async function prepareInstrumentGroups(): Promise<void> {
  const index = instrumentIndexIfReady(session);
  while (index && index === instrumentIndexIfReady(session) && !index.groupNext()) await session.idleTurn();
}

/** What the first searches of a new corpus would pay for, computed in slices between requests. */
async function prepareSearch(): Promise<void> {
  const corpus = session.corpus;
  try {
    while (corpus === session.corpus && !corpus.prepareSearch(performance.now() + 8)) await session.idleTurn();
  } catch (e) {
    if (!(e instanceof IndexCacheDamaged)) throw e;
    cacheDamaged(e);
  }
}

let indexing: { done: number; total: number } | undefined;

function sendStatus(): void {
  const c = session.corpus;
  void connection.sendNotification('groundwork/status', {
    state: session.state,
    ...(session.state === 'indexing' && indexing ? { progress: indexing } : {}),
    sources: c.documents.length,
    passages: c.passageCount,
    origin: session.roots?.origin,
    roots: session.roots?.roots ?? [],
    problems: session.problems.map((p) => ({ path: p.path, reason: p.reason })),
    phrases: phraseBankIsCurrent(session) ? 'ready' : 'building',
  });
}

connection.onDidChangeConfiguration(async () => {
  const before = JSON.stringify([session.settings.corpus, session.settings.docx]);
  await applySettings();
  if (JSON.stringify([session.settings.corpus, session.settings.docx]) !== before) await reindex();
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

let rebuildingDamagedCache = false;

/** The index file turned out damaged on a late read (and is removed): the sources are read again, once. */
function cacheDamaged(e: IndexCacheDamaged): void {
  if (rebuildingDamagedCache) return;
  rebuildingDamagedCache = true;
  log(`${e.message.replace(/: reindex the sources$/, '')}; reading the sources again`);
  void reindex().finally(() => (rebuildingDamagedCache = false));
}

async function publishDiagnostics(uri: string, counted = false): Promise<void> {
  try {
    await session.ready();
    // findings rest on the complete instrument index (abbreviations the sources define), never on
    // the registry alone that answers hovers right after a start
    if (!instrumentIndexIfReady(session)) await instrumentIndexReady(session);
    if (!counted) session.draftCheckStarted();
    counted = true;
    // a draft too large for one pass is checked further in the next, after other requests had
    // their turn, and still before work no request waits for (see `Session.idleTurn`)
    if (await checkAndPublish(uri)) {
      session.draftCheckStarted();
      setImmediate(() => void publishDiagnostics(uri, true));
    }
  } finally {
    if (counted) session.draftCheckEnded();
  }
}

/** Checks a draft and publishes its diagnostics; true when the check stopped part way, to be resumed. */
async function checkAndPublish(uri: string): Promise<boolean> {
  const doc = documents.get(uri);
  if (!doc) return false;
  const version = doc.version;
  let diagnostics;
  try {
    diagnostics = checksLanguage(session.settings, doc.languageId) ? diagnosticsFor(doc, session, CHECKERS) : [];
  } catch (e) {
    if (e instanceof IndexCacheDamaged) cacheDamaged(e);
    else log(`checking ${uri} failed: ${(e as Error)?.stack ?? String(e)}`);
    return false;
  }
  // a newer edit will publish its own result
  if (documents.get(uri)?.version !== version) return false;
  await connection.sendDiagnostics({ uri, version, diagnostics });
  // flagged-claim tokens follow the findings just made
  if (canRefreshTokens) void connection.languages.semanticTokens.refresh();
  return diagnostics.some((d) => (d.data as { resume?: boolean } | undefined)?.resume);
}

function recheckAll(): void {
  for (const doc of documents.all()) void publishDiagnostics(doc.uri);
}

documents.onDidOpen((e) => scheduleCheck(e.document));
documents.onDidChangeContent((e) => scheduleCheck(e.document));
documents.onDidClose((e) => {
  forgetSentences(e.document.uri);
  forgetDraft(e.document.uri);
  forgetDraftOutline(e.document.uri);
  clearTimeout(pendingChecks.get(e.document.uri));
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

/**
 * The answer, or `fallback` when the index file turns out damaged on the way (a page read for
 * the first time fails its checksum): the sources are then read again, and the editor asks again.
 */
async function recovering<T>(fallback: T, answer: () => T | Promise<T>): Promise<T> {
  try {
    return await answer();
  } catch (e) {
    if (!(e instanceof IndexCacheDamaged)) throw e;
    cacheDamaged(e);
    return fallback;
  }
}

connection.onHover(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  // a first load of a large corpus takes a while: answer from what is indexed so far, saying so
  const first = session.firstLoad;
  if (first) return indexingHover(doc, params.position, session, first);
  await session.ready();
  return recovering(null, () => hoverAt(doc, params.position, session));
});

connection.onDefinition(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  await session.ready();
  return recovering([], () => instrumentDefinition(doc, params.position, session));
});

connection.onReferences(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  await session.ready();
  return recovering([], () => instrumentReferences(doc, params.position, session, documents.all()));
});

connection.languages.semanticTokens.on(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return { data: [] };
  await session.ready();
  return recovering({ data: [] }, () => draftSemanticTokens(doc, session));
});

connection.onDocumentSymbol((params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? documentSymbols(doc) : [];
});

connection.onFoldingRanges((params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? foldingRanges(doc) : [];
});

/** Providers of code actions (quick fixes, rewrites), in the order they are offered. */
const CODE_ACTION_PROVIDERS: CodeActionSource[] = [instrumentCodeActions, claimCodeActions, renumberCodeActions];

connection.onCodeAction(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  await session.ready();
  return recovering([], () => codeActionsFor(doc, params, session, CODE_ACTION_PROVIDERS));
});

// answered from the corpus loaded so far, without waiting for indexing, so typing never stalls
connection.onCompletion((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  return recovering(null, () => completionsFor(doc, params.position, session, params.context));
});
connection.onCompletionResolve((item) => recovering(item, () => resolveCompletion(item, session)));

// answered from what is indexed so far during a first load
connection.onWorkspaceSymbol(async (params) => {
  const corpus = session.firstLoad ? session.searchable() : await session.ready();
  return recovering([], () => workspaceSymbols(params.query, corpus));
});

connection.onExecuteCommand(async (params) => {
  if (params.command === REINDEX_COMMAND) await reindex();
});
// every file or folder skipped by the last load, with why: the editor's problems summary
connection.onRequest('groundwork/problems', async () => (await session.ready()).problems.map((p) => ({ path: p.path, reason: p.reason })));
// the text Groundwork read from a PDF, Word or HTML source, which the ranges of its locations
// refer to: an editor shows it (with the passage selected) where it cannot show the file itself
connection.onRequest('groundwork/sourceText', async (params: { uri: string }) => {
  const doc = (await session.ready()).document(URI.parse(params.uri).fsPath);
  return doc ? { text: doc.original, pageStarts: doc.pageStarts ?? null } : null;
});
connection.onRequest('groundwork/checkDraft', async (params: { uri: string }) => {
  const doc = documents.get(params.uri);
  if (!doc) return null;
  await session.ready();
  return recovering(null, () => coverageReport(doc, session));
});
connection.onRequest('groundwork/sourcesAt', async (params: { uri: string; position: { line: number; character: number } }) => {
  const doc = documents.get(params.uri);
  if (!doc) return [];
  await session.ready();
  return recovering([], () => sourcesAt(doc, doc.offsetAt(params.position), session));
});
connection.onRequest('groundwork/reindex', async (params: { progress?: boolean } | undefined, token: CancellationToken) => {
  await reindex(token, params?.progress !== false);
  return { sources: session.corpus.documents.length, passages: session.corpus.passageCount };
});

documents.listen(connection);
connection.listen();
