/**
 * The command line: `groundwork check` and `groundwork search`, over the same core as the
 * server, for CI and scripts. Exit codes: 0 clean, 1 error-severity findings, 2 usage or I/O.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Corpus } from './core/corpus/corpus';
import { resolveCorpusRoots } from './core/corpus/corpusRoots';
import { originalRange, passageLabel } from './core/corpus/document';
import { decodeSource } from './core/corpus/sourceDecoding';
import { DiskSourceStore } from './core/corpus/sourceStore';
import { cacheFileFor, defaultCacheDir, IndexCacheDamaged } from './core/index/indexCache';
import { corpusFileFilter, filteredSourceStore } from './core/corpus/corpusFilter';
import { ClaimChecker, DEFAULT_CHECKER_OPTIONS } from './core/claims/claimChecker';
import { abbreviationExpander, instrumentReader } from './core/claims/instrumentFacts';
import { checkDraft, coverageOf, DraftClaim } from './core/claims/draftCheck';
import { findEvidence } from './core/claims/evidence';
import { readConfigFile } from './configFile';
import { extractLimits, Session } from './session';
import { MentionIndex } from './core/instruments/mentionIndex';
import { DEFAULT_SETTINGS, parseSettings, SeverityName, Settings } from './settings';
import { segmentDraft } from './core/draft/draftModel';
import { LineIndex } from './core/text/lineIndex';
import { instrumentReportDiagnostics } from './features/instruments/cliReport';
import { instrumentIndex, saveInstrumentStore } from './features/instruments/instrumentIndex';
import { toJsonReport, toTextReport, FileReport, ReportDiagnostic } from './report';
import { toSarif } from './sarif';

const VERSION = '0.1.0';

const BUNDLED_CORPUS = path.resolve(__dirname, '..', 'corpus');
const USAGE = `Usage:
  groundwork check [--corpus DIR]... [--registry FILE]... [--format text|json|sarif] [--verbose] FILE...
  groundwork search [--corpus DIR]... [--limit N] "words"

Options:
  --corpus DIR   a folder of source documents (repeatable); default: ./corpus if present, else the bundled corpus
  --registry FILE  an instrument registry file or folder (JSON, see README) added to the shipped ILO data (repeatable)
  --format F     text (default); json: one object per file {file, diagnostics, coverage}; sarif: SARIF 2.1.0
  --verbose      also print each sentence with its closest source passage and score
  --max-file-size-mb N   skip source files larger than N MB (default 20)
  --no-cache     neither read nor write the persisted index ($XDG_CACHE_HOME/groundwork, else ~/.cache/groundwork)

Exit codes: 0 no error-severity findings, 1 error-severity findings, 2 usage or I/O error.`;

class UsageError extends Error {}

interface Options {
  command: string;
  corpus: string[];
  registry: string[];
  format: 'text' | 'json' | 'sarif';
  verbose: boolean;
  limit: number;
  maxFileSizeMB?: number;
  noCache: boolean;
  args: string[];
  /** Settings from groundwork.json in the current folder, under the flags. */
  settings: Settings;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { command: argv[0] ?? '', corpus: [], registry: [], format: 'text', verbose: false, limit: 5, noCache: false, args: [], settings: DEFAULT_SETTINGS };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--corpus') o.corpus.push(value());
    else if (a === '--registry') o.registry.push(value());
    else if (a === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (text, json or sarif)`);
      o.format = f;
    } else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--limit') o.limit = Number(value());
    else if (a === '--max-file-size-mb') o.maxFileSizeMB = Number(value());
    else if (a === '--no-cache') o.noCache = true;
    else if (a === '--help' || a === '-h') o.command = 'help';
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else o.args.push(a);
  }
  if (!Number.isFinite(o.limit) || o.limit < 1) throw new UsageError('--limit must be a positive number');
  if (o.maxFileSizeMB !== undefined && (!Number.isFinite(o.maxFileSizeMB) || o.maxFileSizeMB <= 0)) throw new UsageError('--max-file-size-mb must be a positive number');
  return o;
}

/** groundwork.json in the current folder, if any: the settings the team's editors use. */
function projectSettings(): Settings {
  const config = readConfigFile(process.cwd());
  if (!config.found) return DEFAULT_SETTINGS;
  if ('error' in config) throw new IoError(config.error);
  const { settings, errors } = parseSettings(config.raw);
  for (const e of errors) process.stderr.write(`groundwork: ${config.path}: setting ignored: ${e}\n`);
  return settings;
}

async function loadCorpus(o: Options): Promise<Corpus> {
  const { roots } = resolveCorpusRoots([process.cwd()], o.corpus.length ? o.corpus : o.settings.corpus.paths, BUNDLED_CORPUS);
  const maxMB = o.maxFileSizeMB ?? o.settings.corpus.maxFileSizeMB;
  const cacheFile = o.noCache ? undefined : cacheFileFor(defaultCacheDir(), roots, o.settings.docx);
  const tty = process.stderr.isTTY;
  const store = filteredSourceStore(new DiskSourceStore(), corpusFileFilter(o.settings.corpus, roots, [process.cwd()]));
  const corpus = await Corpus.load(roots, store, {
    maxFileBytes: maxMB * 1024 * 1024, extract: extractLimits(o.settings), cacheFile,
    onCacheProblem: (reason) => process.stderr.write(`groundwork: index cache discarded: ${reason}\n`),
    onProgress: tty ? (done, total) => process.stderr.write(`\rgroundwork: indexing sources ${done}/${total}${done === total ? '\n' : ''}`) : undefined,
  });
  // written after the command's output, so a cold run answers first
  if (cacheFile) afterCommand.push(() => corpus.saveCache(cacheFile).then(() => undefined, (e: unknown) => {
    process.stderr.write(`groundwork: index cache not written: ${(e as Error).message}\n`);
  }));
  for (const p of corpus.problems) process.stderr.write(`groundwork: skipped ${p.path}: ${p.reason}\n`);
  if (corpus.documents.length === 0) throw new IoError(`no readable source documents in ${roots.join(', ')}`);
  return corpus;
}

/**
 * The instrument index over the corpus, as the server builds it: per-document results are kept
 * beside the index cache (unless `--no-cache`), so a second run does not read every source again.
 */
function cliInstrumentIndex(o: Options, corpus: Corpus): MentionIndex {
  const session = new Session([process.cwd()], BUNDLED_CORPUS, new DiskSourceStore(), {
    log: () => undefined,
    warn: (m) => process.stderr.write(`groundwork: ${m}\n`),
  });
  session.settings = { ...o.settings, registry: { ...o.settings.registry, paths: [...o.settings.registry.paths, ...o.registry] } };
  session.roots = resolveCorpusRoots([process.cwd()], o.corpus.length ? o.corpus : o.settings.corpus.paths, BUNDLED_CORPUS);
  session.corpus = corpus;
  if (!o.noCache) {
    session.cacheDir = defaultCacheDir();
    afterCommand.push(() => saveInstrumentStore(session).catch((e: unknown) => {
      process.stderr.write(`groundwork: instrument mentions store not written: ${(e as Error).message}\n`);
    }));
  }
  return instrumentIndex(session);
}

class IoError extends Error {}

/** Work left for when the command has printed its result (persisting the index). */
const afterCommand: (() => Promise<void>)[] = [];

/** Claim findings in the CLI's report shape, positions from the draft's own line index. */
function claimReportDiagnostics(claims: DraftClaim[], lines: LineIndex, severities: Record<string, SeverityName>): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  for (const { sentence, finding } of claims) {
    if (finding.verdict === 'supported' || !finding.code) continue;
    const severity = severities[finding.code] ?? 'warning';
    if (severity === 'off') continue;
    out.push({
      range: { start: lines.positionAt(sentence.start), end: lines.positionAt(sentence.end) },
      severity, code: finding.code, message: finding.message, source: 'groundwork',
      relatedInformation: finding.evidence.map((e) => {
        const r = originalRange(e.passage, e.span.start, e.span.end);
        return {
          location: { uri: pathToFileURL(e.passage.doc.path).href, range: { start: e.passage.doc.lines.positionAt(r.start), end: e.passage.doc.lines.positionAt(r.end) } },
          message: `${passageLabel(e.passage)}: ${e.passage.text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ')}`,
        };
      }),
    });
  }
  return out;
}

async function check(o: Options): Promise<number> {
  if (o.args.length === 0) throw new UsageError('check needs at least one FILE');
  const corpus = await loadCorpus(o);
  const instruments = cliInstrumentIndex(o, corpus);
  const thresholds = o.settings.checker;
  const checker = new ClaimChecker(corpus, { ...DEFAULT_CHECKER_OPTIONS, ...thresholds }, instrumentReader(instruments), abbreviationExpander(instruments));
  const severity = o.settings.diagnostics.severity;
  const reports: FileReport[] = [];
  let ioFailed = false;
  for (const file of o.args) {
    let text: string;
    try {
      const decoded = decodeSource(await fs.readFile(file));
      if (!decoded.ok) throw new IoError(decoded.reason);
      text = decoded.text;
    } catch (e) {
      process.stderr.write(`groundwork: cannot read ${file}: ${e instanceof IoError ? e.message : (e as NodeJS.ErrnoException).code ?? String(e)}\n`);
      ioFailed = true;
      continue;
    }
    const lines = new LineIndex(text);
    const report: FileReport = { file, diagnostics: [], sentences: [] };
    report.diagnostics.push(...instrumentReportDiagnostics(text, lines, instruments, severity));
    const sentences = segmentDraft(text);
    const claims = checkDraft(text, checker, sentences);
    report.diagnostics.push(...claimReportDiagnostics(claims, lines, severity));
    report.coverage = coverageOf(claims);
    const verdicts = new Map(claims.map((c) => [c.sentence, c.finding]));
    for (const s of sentences) {
      if (s.kind !== 'sentence') continue;
      const finding = verdicts.get(s);
      const best = finding?.evidence[0];
      const fallback = best ? undefined : findEvidence(corpus, s.text, 1)[0];
      const p = best?.passage ?? fallback?.passage;
      const span = best?.span ?? fallback?.sentence;
      report.sentences!.push({
        line: lines.positionAt(s.start).line + 1, text: s.text.replace(/\s+/g, ' '),
        verdict: finding ? finding.verdict : 'not a claim',
        source: p && span ? { label: passageLabel(p), file: p.doc.path, line: p.doc.lines.positionAt(p.start).line + 1, score: +(best?.coverage ?? fallback?.coverage ?? 0).toFixed(2), text: p.text.slice(span.start, span.end) } : undefined,
      });
    }
    reports.push(report);
  }
  if (o.format === 'sarif') process.stdout.write(JSON.stringify(toSarif(reports, VERSION), null, 2) + '\n');
  else process.stdout.write(o.format === 'json' ? toJsonReport(reports) : toTextReport(reports, o.verbose));
  if (ioFailed) return 2;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

async function search(o: Options): Promise<number> {
  const query = o.args.join(' ').trim();
  if (!query) throw new UsageError('search needs words to look for');
  const corpus = await loadCorpus(o);
  const hits = corpus.search(query, o.limit);
  if (hits.length === 0) process.stdout.write('No passage matches.\n');
  for (const { passage: p, score } of hits) {
    const line = p.doc.lines.positionAt(p.start).line + 1;
    process.stdout.write(`${p.doc.path}:${line}  ${passageLabel(p)}  (score ${score.toFixed(2)})\n  ${p.text.length > 300 ? p.text.slice(0, 299) + '…' : p.text}\n\n`);
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const o = parseArgs(argv);
    o.settings = projectSettings();
    if (o.command === 'check' || o.command === 'search') {
      const run = o.command === 'check' ? check : search;
      try {
        return await run(o);
      } catch (e) {
        // a damaged index file is found on a late read and removed: the sources are read again
        if (!(e instanceof IndexCacheDamaged)) throw e;
        process.stderr.write(`groundwork: ${e.message.replace(/: reindex the sources$/, '')}; reading the sources again\n`);
        return await run(o);
      }
    }
    if (o.command === 'help' || o.command === '--help' || o.command === '-h') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    throw new UsageError(o.command ? `unknown command '${o.command}'` : 'missing command');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`groundwork: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof IoError) {
      process.stderr.write(`groundwork: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`groundwork: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(async (code) => {
    for (const task of afterCommand) await task();
    process.exitCode = code;
  });
}
