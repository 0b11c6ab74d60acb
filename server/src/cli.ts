/**
 * The command line: `groundwork check` and `groundwork search`, over the same core as the
 * server, for CI and scripts. Exit codes: 0 clean, 1 error-severity findings, 2 usage or I/O.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { Corpus } from './core/corpus/corpus';
import { resolveCorpusRoots } from './core/corpus/corpusRoots';
import { passageLabel } from './core/corpus/document';
import { decodeSource } from './core/corpus/sourceDecoding';
import { DiskSourceStore } from './core/corpus/sourceStore';
import { findEvidence } from './core/claims/evidence';
import { segmentDraft } from './core/draft/draftModel';
import { LineIndex } from './core/text/lineIndex';
import { toJsonReport, toTextReport, FileReport } from './report';

const BUNDLED_CORPUS = path.resolve(__dirname, '..', 'corpus');
const USAGE = `Usage:
  groundwork check [--corpus DIR]... [--format text|json] [--verbose] FILE...
  groundwork search [--corpus DIR]... [--limit N] "words"

Options:
  --corpus DIR   a folder of source documents (repeatable); default: ./corpus if present, else the bundled corpus
  --format F     text (default) or json: one object per file {file, diagnostics: [...]}
  --verbose      also print each sentence with its closest source passage and score
  --max-file-size-mb N   skip source files larger than N MB (default 20)

Exit codes: 0 no error-severity findings, 1 error-severity findings, 2 usage or I/O error.`;

class UsageError extends Error {}

interface Options {
  command: string;
  corpus: string[];
  format: 'text' | 'json';
  verbose: boolean;
  limit: number;
  maxFileSizeMB: number;
  args: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { command: argv[0] ?? '', corpus: [], format: 'text', verbose: false, limit: 5, maxFileSizeMB: 20, args: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--corpus') o.corpus.push(value());
    else if (a === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format '${f}' (text or json)`);
      o.format = f;
    } else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--limit') o.limit = Number(value());
    else if (a === '--max-file-size-mb') o.maxFileSizeMB = Number(value());
    else if (a === '--help' || a === '-h') o.command = 'help';
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else o.args.push(a);
  }
  if (!Number.isFinite(o.limit) || o.limit < 1) throw new UsageError('--limit must be a positive number');
  if (!Number.isFinite(o.maxFileSizeMB) || o.maxFileSizeMB <= 0) throw new UsageError('--max-file-size-mb must be a positive number');
  return o;
}

async function loadCorpus(o: Options): Promise<Corpus> {
  const { roots } = resolveCorpusRoots([process.cwd()], o.corpus, BUNDLED_CORPUS);
  const corpus = await Corpus.load(roots, new DiskSourceStore(), { maxFileBytes: o.maxFileSizeMB * 1024 * 1024 });
  for (const p of corpus.problems) process.stderr.write(`groundwork: skipped ${p.path}: ${p.reason}\n`);
  if (corpus.documents.length === 0) throw new IoError(`no readable source documents in ${roots.join(', ')}`);
  return corpus;
}

class IoError extends Error {}

async function check(o: Options): Promise<number> {
  if (o.args.length === 0) throw new UsageError('check needs at least one FILE');
  const corpus = await loadCorpus(o);
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
    for (const s of segmentDraft(text)) {
      if (s.kind !== 'sentence') continue;
      const [best] = findEvidence(corpus, s.text, 1);
      report.sentences!.push({
        line: lines.positionAt(s.start).line + 1, text: s.text.replace(/\s+/g, ' '),
        source: best ? { label: passageLabel(best.passage), file: best.passage.doc.path, line: best.passage.doc.lines.positionAt(best.passage.start).line + 1, score: +best.score.toFixed(2), text: best.passage.text.slice(best.sentence.start, best.sentence.end) } : undefined,
      });
    }
    reports.push(report);
  }
  process.stdout.write(o.format === 'json' ? toJsonReport(reports) : toTextReport(reports, o.verbose));
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
    if (o.command === 'check') return await check(o);
    if (o.command === 'search') return await search(o);
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
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
