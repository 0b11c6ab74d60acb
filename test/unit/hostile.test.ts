import * as assert from 'assert';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Corpus } from '../../server/src/core/corpus/corpus';
import { extractSource } from '../../server/src/core/corpus/formats/extractSource';
import { DiskSourceStore, SourceStore } from '../../server/src/core/corpus/sourceStore';
import { FORMATS_DIR, HostileFolder, makeHostileFolder, snapshot } from './hostileSources';

/** A disk store that records what it was asked to read. */
class RecordingStore implements SourceStore {
  readonly reads: string[] = [];
  private readonly disk = new DiskSourceStore();
  list(root: string) {
    return this.disk.list(root);
  }
  read(file: string) {
    this.reads.push(path.basename(file));
    return this.disk.read(file);
  }
}

describe('hostile input: a shared folder holding every bad case', function () {
  this.timeout(30000);
  let folder: HostileFolder;
  let corpus: Corpus;
  let store: RecordingStore;
  let untouched: Map<string, string>;
  let ms: number;

  before(async () => {
    folder = makeHostileFolder();
    untouched = snapshot(folder.root);
    store = new RecordingStore();
    const t0 = Date.now();
    corpus = await Corpus.load([folder.root], store);
    ms = Date.now() - t0;
  });
  after(() => rmSync(folder.root, { recursive: true, force: true }));

  it('reads every good file, of every format', () => {
    const good = [...folder.expected].filter(([, e]) => e === 'ok').map(([n]) => n).sort();
    assert.deepStrictEqual(corpus.documents.map((d) => d.name).sort(), good);
    assert.ok(corpus.documents.every((d) => d.passages.length > 0));
    const utf16 = corpus.documents.find((d) => d.name === 'utf16le.txt')!;
    assert.strictEqual(utf16.passages[0].text, 'The Meeting held six sittings in Geneva.');
    assert.strictEqual(corpus.documents.find((d) => d.name === 'utf16be.md')!.passages[0].text, 'The Office reported to the Governing Body.');
  });

  it('reports each bad file exactly once, with its name and the reason', () => {
    const byName = new Map<string, string[]>();
    for (const p of corpus.problems) {
      const name = path.relative(folder.root, p.path);
      byName.set(name, [...(byName.get(name) ?? []), p.reason]);
    }
    for (const [name, expect] of folder.expected) {
      const reasons = byName.get(name) ?? [];
      if (expect === 'ok') assert.deepStrictEqual(reasons, [], `${name} should load`);
      else {
        assert.strictEqual(reasons.length, 1, `${name}: ${reasons.join(' | ') || 'no problem reported'}`);
        assert.match(reasons[0], expect, name);
      }
    }
    assert.strictEqual(corpus.problems.length, [...folder.expected.values()].filter((e) => e !== 'ok').length, corpus.problems.map((p) => p.reason).join('\n'));
  });

  it('refuses the 200 MB file by its size, without reading it, and never opens the pipe', () => {
    assert.ok(!store.reads.includes('huge.txt'));
    assert.ok(!store.reads.includes('pipe.txt'));
    assert.ok(ms < 10000, `took ${ms} ms`);
  });

  it('never writes into the sources', () => {
    assert.deepStrictEqual(snapshot(folder.root), untouched);
  });
});

describe('hostile input: files that change under the reader', function () {
  this.timeout(20000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'gw-race-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a file deleted after it was listed and loads the rest', async () => {
    writeFileSync(path.join(dir, 'a.txt'), 'The Meeting held six sittings.\n');
    writeFileSync(path.join(dir, 'b.txt'), 'The Office reported to the Governing Body.\n');
    const disk = new DiskSourceStore();
    const store: SourceStore = {
      list: async (root) => {
        const listed = await disk.list(root);
        unlinkSync(path.join(dir, 'b.txt'));
        return listed;
      },
      read: (f) => disk.read(f),
    };
    const corpus = await Corpus.load([dir], store);
    assert.deepStrictEqual(corpus.documents.map((d) => d.name), ['a.txt']);
    assert.deepStrictEqual(corpus.problems.map((p) => [path.basename(p.path), p.reason]), [['b.txt', 'file cannot be read (does not exist: deleted or moved?)']]);
  });

  it('gives up on a file that keeps changing while it is read, rather than indexing half of it', async () => {
    const file = path.join(dir, 'growing.txt');
    writeFileSync(file, 'The Meeting held six sittings.\n');
    // another program appends to the file during every read
    const writing = new DiskSourceStore(async (f) => appendFileSync(f, 'more text\n'));
    await assert.rejects(writing.read(file), (e: NodeJS.ErrnoException) => e.code === 'ECHANGED');
    const corpus = await Corpus.load([dir], new DiskSourceStore(async (f) => appendFileSync(f, 'more text\n')));
    assert.strictEqual(corpus.documents.length, 0);
    assert.match(corpus.problems[0].reason, /kept changing while it was read; it is read again at the next reindex/);
  });

  it('reads a file again when it changed during one read, and keeps what it holds after', async () => {
    const file = path.join(dir, 'saved.txt');
    writeFileSync(file, 'The Meeting held six sittings.\n');
    // an editor saves the file once while it is being read
    const once = new DiskSourceStore(async (f, attempt) => {
      if (attempt === 0) writeFileSync(f, 'The Meeting held seven sittings, and adopted its conclusions.\n');
    });
    assert.strictEqual(Buffer.from(await once.read(file)).toString(), 'The Meeting held seven sittings, and adopted its conclusions.\n');
  });

  it('reports a file it has no permission to read', async () => {
    const file = path.join(dir, 'secret.txt');
    writeFileSync(file, 'text');
    // root reads any file, so the operating system's refusal is stood in for where it cannot happen
    const disk = new DiskSourceStore();
    const refusing: SourceStore = {
      list: (root) => disk.list(root),
      read: async (f) => (f === file ? Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${f}'`), { code: 'EACCES' })) : disk.read(f)),
    };
    const corpus = await Corpus.load([dir], refusing);
    assert.match(corpus.problems.find((p) => p.path === file)!.reason, /permission denied/);
    if (process.getuid?.() !== 0) {
      chmodSync(file, 0);
      const real = await Corpus.load([dir], disk);
      assert.match(real.problems.find((p) => p.path === file)!.reason, /permission denied/);
    }
  });
});

describe('hostile input: volume and time', function () {
  this.timeout(60000);

  it('loads 10,000 tiny files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-many-'));
    try {
      for (let i = 0; i < 100; i++) {
        const sub = path.join(dir, `d${i}`);
        mkdirSync(sub);
        for (let j = 0; j < 100; j++) writeFileSync(path.join(sub, `f${j}.txt`), `Source ${i * 100 + j} notes that the Meeting held ${j} sittings.\n`);
      }
      const t0 = Date.now();
      const corpus = await Corpus.load([dir], new DiskSourceStore());
      const ms = Date.now() - t0;
      assert.strictEqual(corpus.documents.length, 10000);
      assert.deepStrictEqual(corpus.problems, []);
      assert.ok(ms < 20000, `took ${ms} ms`);
      assert.ok(corpus.search('Source 4242 sittings', 1)[0].passage.doc.name.endsWith(path.join('d42', 'f42.txt')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up on a file that takes longer than the time limit', async () => {
    const file = path.join(FORMATS_DIR, 'gb316.pdf');
    const r = await extractSource({ path: file }, readFileSync(file), { timeoutMs: 1 });
    assert.deepStrictEqual(r, { ok: false, reason: 'took longer than 0.001 s to read (groundwork.corpus.maxSecondsPerFile)' });
  });

  it('never throws on random bytes, whatever the extension', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pdf = readFileSync(path.join(FORMATS_DIR, 'layout.pdf'));
    const docx = readFileSync(path.join(FORMATS_DIR, 'word.docx'));
    for (let i = 0; i < 60; i++) {
      // damage a real file in a few places, or make noise
      const base = i % 3 === 0 ? pdf : i % 3 === 1 ? docx : Buffer.alloc(2000, 0x20);
      const bytes = Buffer.from(base);
      for (let k = 0; k < 1 + (i % 7); k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      for (const ext of ['.pdf', '.docx', '.html', '.md', '.txt']) {
        const r = await extractSource({ path: `f${i}${ext}` }, bytes, { timeoutMs: 5000 });
        assert.ok(r.ok ? typeof r.text === 'string' : r.reason.length > 0, `${i}${ext}`);
        if (!r.ok) assert.doesNotMatch(r.reason, /^could not be read/, `${i}${ext}: a reader threw: ${r.reason}`);
      }
    }
  });
});
