import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { Corpus } from '../../server/src/core/corpus/corpus';
import { MemorySourceStore } from '../../server/src/core/corpus/sourceStore';
import { CORPUS_DIR } from './corpusFixtures';

const FORMATS_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats');
const QUERIES = ['Workers recalled the Lampedusa tragedy of October 2013', 'ratification of Conventions Nos 97, 143 and 189', 'social protection for migrant workers'];

/** The bundled sources and the PDF, Word and HTML fixtures, with one file no reader accepts. */
function sources(): MemorySourceStore {
  const files = new Map<string, Uint8Array | string>();
  for (const name of readdirSync(CORPUS_DIR)) files.set(`/c/${name}`, readFileSync(path.join(CORPUS_DIR, name)));
  for (const name of readdirSync(FORMATS_DIR)) if (!name.endsWith('.json')) files.set(`/c/formats/${name}`, readFileSync(path.join(FORMATS_DIR, name)));
  files.set('/c/broken.pdf', '%PDF-1.7 this is not a PDF');
  return new MemorySourceStore(files);
}

const shape = (c: Corpus) => ({
  documents: c.documents.map((d) => [d.path, d.title, d.symbol, d.date, d.pageStarts, d.original]),
  passages: c.allPassages().map((p) => [p.id, p.doc.path, p.kind, p.number, p.heading, p.page, p.start, p.end, p.text, p.sentences]),
  ranked: QUERIES.map((q) => c.search(q, 10).map((h) => [h.passage.id, h.score])),
  problems: c.problems.map((p) => [p.path, p.reason]),
});

describe('loading in worker threads', function () {
  this.timeout(60_000);

  it('gives the same documents, passages, rankings and problems as loading in one thread', async () => {
    const inThread = await Corpus.load(['/c'], sources(), { workers: 0 });
    const inWorkers = await Corpus.load(['/c'], sources(), { workers: 2 });
    assert.ok(inThread.documents.length >= 10, `${inThread.documents.length} documents`);
    assert.strictEqual(inWorkers.loadStats.read, inThread.loadStats.read);
    assert.deepStrictEqual(shape(inWorkers), shape(inThread));
    assert.ok(inWorkers.problems.some((p) => p.path === '/c/broken.pdf'));
  });

  it('reports a file that overruns the per-file time limit in a worker, and goes on', async () => {
    // a limit no PDF can be read in
    const corpus = await Corpus.load(['/c'], sources(), { workers: 1, extract: { timeoutMs: 0 } });
    const pdfs = corpus.problems.filter((p) => p.path.endsWith('.pdf') && !/broken|encrypted/.test(p.path));
    assert.ok(pdfs.length >= 2, JSON.stringify(corpus.problems));
    for (const p of pdfs) assert.match(p.reason, /took longer than 0 s to read/);
    assert.ok(corpus.documents.some((d) => d.path.endsWith('.txt')));
  });
});
