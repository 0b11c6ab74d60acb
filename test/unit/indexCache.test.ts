import * as assert from 'assert';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { documentAliases } from '../../server/src/core/claims/actors';
import { Corpus } from '../../server/src/core/corpus/corpus';
import { Passage } from '../../server/src/core/corpus/document';
import { MemorySourceStore } from '../../server/src/core/corpus/sourceStore';
import { cacheFileFor, decodeCache, defaultCacheDir, INDEX_CACHE_VERSION, IndexCacheDamaged } from '../../server/src/core/index/indexCache';
import { DEFAULT_SEARCH_BUDGET, PassageIndex } from '../../server/src/core/index/passageIndex';
import { contentTerms } from '../../server/src/core/text/terms';
import { seed, SEEDS } from './corpusFixtures';

const QUERIES = [
  'Employers regretted the HLD did not include a tripartite delegation',
  'Workers recalled the Lampedusa tragedy of October 2013',
  'ratification of Conventions Nos 97, 143 and 189',
  'social protection for migrant workers and their families',
];

function sources(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of Object.values(SEEDS)) files.set(`/c/${name}`, seed(name).original);
  return files;
}

const ranked = (c: Corpus) => QUERIES.map((q) => c.search(q, 12).map((h) => [h.passage.id, h.score, h.passage.text]));

describe('index cache', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gw-cache-'));
    file = cacheFileFor(dir, ['/c']);
  });

  it('restores the corpus from the cache without reading the files, with the same answers', async () => {
    const store = new MemorySourceStore(sources());
    const cold = await Corpus.load(['/c'], store, { cacheFile: file });
    assert.strictEqual(cold.loadStats.read, 5);
    assert.ok(await cold.saveCache(file));
    let reads = 0;
    const counting = { list: (r: string) => store.list(r), read: (f: string) => (reads++, store.read(f)) };
    const warm = await Corpus.load(['/c'], counting, { cacheFile: file });
    assert.deepStrictEqual(warm.loadStats, { reused: 5, read: 0 });
    assert.strictEqual(reads, 0);
    assert.deepStrictEqual(ranked(warm), ranked(cold));
    // every passage, read alone or with its whole document from the file, is the one built
    const facts = (p: Passage) => [p.id, p.kind, p.number, p.heading, p.text, p.start, p.end, p.sentences, Array.from(p.mapped.anchors), p.doc.title, p.doc.symbol, p.doc.lines.positionAt(p.end)];
    assert.deepStrictEqual(warm.allPassages().map(facts), cold.allPassages().map(facts));
    assert.deepStrictEqual(warm.documents.map((d) => d.original), cold.documents.map((d) => d.original));
    assert.strictEqual(await warm.saveCache(file), false, 'an unchanged corpus is not written again');
  });

  it('reads postings ahead of queries, longest first and in slices, so that later queries read nothing', async () => {
    const store = new MemorySourceStore(sources());
    await (await Corpus.load(['/c'], store, { cacheFile: file })).saveCache(file);
    const damageFile = () => {
      const bytes = readFileSync(file);
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(bytes.length - 64, 0x5a), 0, bytes.length - 64, 64);
      closeSync(fd);
    };
    const terms = QUERIES.map(contentTerms);
    // not preloaded: a query reads its words' postings from the file, and meets the damage
    const lazy = await Corpus.load(['/c'], store, { cacheFile: file });
    const expected = terms.map((q) => lazy.index.searchTerms(q, 12));
    const fresh = await Corpus.load(['/c'], store, { cacheFile: file });
    let slices = 1;
    // a deadline already past still reads one list per call
    while (!fresh.index.preloadPostings(performance.now() - 1, 1)) slices++;
    assert.ok(slices > 10, `${slices} slices`);
    const unread = await Corpus.load(['/c'], store, { cacheFile: file });
    damageFile();
    assert.throws(() => terms.map((q) => unread.index.searchTerms(q, 12)), IndexCacheDamaged);
    assert.deepStrictEqual(terms.map((q) => fresh.index.searchTerms(q, 12)), expected);
  });

  /** `copies` copies of the bundled sources (each a line longer), loaded and saved to the cache file. */
  async function savedCopies(copies: number): Promise<{ store: MemorySourceStore; cold: Corpus }> {
    const files = new Map<string, string>();
    for (let copy = 0; copy < copies; copy++) for (const name of Object.values(SEEDS)) files.set(`/c/${copy}-${name}`, `${seed(name).original}\n\nCopy ${copy}.\n`);
    const store = new MemorySourceStore(files);
    const cold = await Corpus.load(['/c'], store, { cacheFile: file });
    await cold.saveCache(file);
    return { store, cold };
  }

  it('reads passages alone in any order from more pages than it keeps, each made once, as built', async () => {
    const { store, cold } = await savedCopies(14);
    const bytes = readFileSync(file);
    const textPages = (Number(bytes.readBigUInt64LE(24)) - Number(bytes.readBigUInt64LE(32))) / 16384;
    assert.ok(textPages > 256, `${textPages.toFixed(0)} pages of text, more than the 256 kept`);
    const warm = await Corpus.load(['/c'], store, { cacheFile: file });
    assert.deepStrictEqual(warm.loadStats, { reused: 70, read: 0 });
    const built = cold.allPassages();
    // a stride prime to the count: neighbours are never read in a row, and pages are read again
    const stride = 7919;
    assert.notStrictEqual(built.length % stride, 0);
    const made = new Map<number, Passage>();
    for (let k = 0, i = 0; k < built.length; k++, i = (i + stride) % built.length) {
      const p = warm.passage(built[i].id)!;
      made.set(p.id, p);
      assert.strictEqual(p.text, built[i].text, `passage ${p.id}`);
      assert.deepStrictEqual(Array.from(p.mapped.anchors), Array.from(built[i].mapped.anchors));
    }
    // the documents then list the passages made alone, not copies of them
    for (const d of warm.documents) for (const p of d.passages) assert.strictEqual(made.get(p.id), p);
  });

  it('reads the start of a passage alone, in any order or a document at a time, as the start of the built text', async () => {
    const { store, cold } = await savedCopies(3);
    const built = cold.allPassages();
    const limits = [1, 37, 99, 100, 120, 400];
    // scattered (each read alone) and in order (documents then read whole)
    for (const order of ['scattered', 'in order']) {
      const warm = await Corpus.load(['/c'], store, { cacheFile: file });
      const stride = order === 'scattered' ? 7919 : 1;
      for (let k = 0, i = 0; k < built.length; k++, i = (i + stride) % built.length) {
        const p = warm.passage(built[i].id)!;
        for (const limit of limits) assert.strictEqual(p.textStart(limit), built[i].text.slice(0, limit), `${order}: passage ${p.id}, ${limit} characters`);
      }
      // nothing read for a start is taken for the whole text
      for (const p of warm.allPassages()) assert.strictEqual(p.text, built[p.id].text);
    }
  });

  it('prepares searches in slices after a reopen, rehearsing searches and reads, and answers as before', async () => {
    const store = new MemorySourceStore(sources());
    const cold = await Corpus.load(['/c'], store, { cacheFile: file });
    await cold.saveCache(file);
    const warm = await Corpus.load(['/c'], store, { cacheFile: file });
    let slices = 1;
    // a deadline already past still does one step per call
    while (!warm.prepareSearch(performance.now() - 1)) slices++;
    assert.ok(slices > 500, `${slices} slices`);
    assert.ok(warm.prepareSearch(performance.now() - 1), 'done once done');
    assert.deepStrictEqual(ranked(warm), ranked(cold));
  });

  it('keeps who is who (people named beside their office) with each document, so that a reopened corpus reads no text for it', async () => {
    const store = new MemorySourceStore(sources());
    const cold = await Corpus.load(['/c'], store, { cacheFile: file });
    await cold.saveCache(file);
    const expected = documentAliases(cold.documents);
    assert.ok(expected.get('person:ryder')?.has('role:director-general'), 'an apposition in the sources');
    const warm = await Corpus.load(['/c'], store, { cacheFile: file });
    // every byte after the header damaged: reading any passage text now fails
    const size = readFileSync(file).length;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(size - 64, 0x5a), 0, size - 64, 64);
    closeSync(fd);
    assert.deepStrictEqual(documentAliases(warm.documents), expected);
    assert.throws(() => warm.documents[0].passages[0].text, IndexCacheDamaged);
  });

  it('refuses to read texts from a cache file another program wrote into while it is in use', async () => {
    const store = new MemorySourceStore(sources());
    const cold = await Corpus.load(['/c'], store, { cacheFile: file });
    await cold.saveCache(file);
    const warm = await Corpus.load(['/c'], store, { cacheFile: file });
    assert.ok(warm.documents[0].passages[0].text.length > 0);
    // written into in place (not replaced by a rename, as Groundwork replaces it)
    const bytes = readFileSync(file);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x20), 0, 4096, bytes.length);
    closeSync(fd);
    await new Promise((r) => setTimeout(r, 50));
    const later = warm.documents[warm.documents.length - 1].passages;
    assert.throws(() => later[later.length - 1].text, (e: Error) => e instanceof IndexCacheDamaged && /changed while in use/.test(e.message));
    assert.ok(!existsSync(file), 'a file written into by another program is removed');
  });

  it('discards a corrupt or old-version cache file and rebuilds', async () => {
    const store = new MemorySourceStore(sources());
    const cold = await Corpus.load(['/c'], store, { cacheFile: file });
    await cold.saveCache(file);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 100] ^= 0xff;
    const postings = Buffer.from(good);
    postings[60] ^= 0x01;
    const old = Buffer.from(good);
    old.writeUInt32LE(INDEX_CACHE_VERSION + 1, 4);
    for (const [bad, why] of [[flipped, /checksum/], [postings, /checksum/], [old, /format/], [good.subarray(0, 1000), /truncated/], [Buffer.from('garbage'), /not a Groundwork/]] as const) {
      assert.match(((await decodeCache(bad)) as { reason: string }).reason, why);
      writeFileSync(file, bad);
      const problems: string[] = [];
      const warm = await Corpus.load(['/c'], store, { cacheFile: file, onCacheProblem: (r) => problems.push(r) });
      assert.strictEqual(problems.length, 1);
      assert.deepStrictEqual(warm.loadStats, { reused: 0, read: 5 });
      assert.deepStrictEqual(ranked(warm), ranked(cold));
    }
  });

  it('discards a cache file whose slots name a passage twice', async () => {
    const store = new MemorySourceStore(sources());
    const cold = await Corpus.load(['/c'], store, { cacheFile: file });
    const snapshot = cold.index.snapshot.bind(cold.index);
    cold.index.snapshot = () => {
      const s = snapshot();
      s.order![2] = s.order![1];
      return s;
    };
    await cold.saveCache(file);
    assert.match(((await decodeCache(readFileSync(file))) as { reason: string }).reason, /passage order/);
    const problems: string[] = [];
    const warm = await Corpus.load(['/c'], store, { cacheFile: file, onCacheProblem: (r) => problems.push(r) });
    assert.strictEqual(problems.length, 1);
    assert.deepStrictEqual(warm.loadStats, { reused: 0, read: 5 });
  });

  it('checks a page of text when it is first read, and removes a file whose text is damaged', async () => {
    const store = new MemorySourceStore(sources());
    const cold = await Corpus.load(['/c'], store, { cacheFile: file });
    await cold.saveCache(file);
    const bytes = readFileSync(file);
    // one byte in the middle of the documents' text, which is not read at open
    const textStart = Number(bytes.readBigUInt64LE(32));
    const manifestAt = Number(bytes.readBigUInt64LE(24));
    bytes[Math.floor((textStart + manifestAt) / 2)] ^= 0x01;
    writeFileSync(file, bytes);
    const problems: string[] = [];
    const warm = await Corpus.load(['/c'], store, { cacheFile: file, onCacheProblem: (r) => problems.push(r) });
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(warm.loadStats, { reused: 5, read: 0 });
    let failed = -1;
    const [built, reopened] = [cold.allPassages(), warm.allPassages()];
    for (let i = 0; i < reopened.length && failed < 0; i++) {
      try {
        assert.strictEqual(reopened[i].text, built[i].text);
      } catch (e) {
        assert.ok(e instanceof IndexCacheDamaged && /damaged/.test(e.message), String(e));
        failed = i;
      }
    }
    assert.ok(failed > 0, 'the passages before the damaged page read as built, and a read of that page fails');
    assert.ok(!existsSync(file), 'the damaged file is removed');
    const rebuilt = await Corpus.load(['/c'], store, { cacheFile: file });
    assert.deepStrictEqual(rebuilt.loadStats, { reused: 0, read: 5 });
    assert.deepStrictEqual(ranked(rebuilt), ranked(cold));
  });

  it('reads again only the file that changed, and forgets a removed one', async () => {
    const files = sources();
    const cold = await Corpus.load(['/c'], new MemorySourceStore(files), { cacheFile: file });
    await cold.saveCache(file);
    const changed = `/c/${SEEDS.report2013}`;
    files.set(changed, files.get(changed)!.replace('Lampedusa', 'Pantelleria'));
    files.delete(`/c/${SEEDS.slides}`);
    const warm = await Corpus.load(['/c'], new MemorySourceStore(files), { cacheFile: file });
    assert.deepStrictEqual(warm.loadStats, { reused: 3, read: 1 });
    assert.strictEqual(warm.documents.length, 4);
    assert.strictEqual(warm.search('Lampedusa tragedy', 1)[0]?.passage.text.includes('Lampedusa') ?? false, false);
    assert.ok(warm.search('Pantelleria tragedy', 1)[0].passage.text.includes('Pantelleria'));
    assert.ok(!warm.search('ILO migration programme course', 20).some((h) => h.passage.doc.path.endsWith(SEEDS.slides)));
  });

  it('reindexes one changed file in place', async () => {
    const files = sources();
    const store = new MemorySourceStore(files);
    const corpus = await Corpus.load(['/c'], store);
    const changed = `/c/${SEEDS.report2013}`;
    const before = corpus.document(changed)!.passages.map((p) => p.id);
    files.set(changed, files.get(changed)!.replace('Lampedusa', 'Pantelleria'));
    await corpus.reloadFile(changed, store);
    assert.strictEqual(corpus.documents.length, 5);
    const hit = corpus.search('Pantelleria tragedy', 1)[0].passage;
    assert.ok(hit.text.includes('Pantelleria'));
    // passages are found by id in their new document; the old one's ids find nothing
    assert.strictEqual(corpus.passage(hit.id), hit);
    assert.ok(before.every((id) => corpus.passage(id) === undefined));
    files.delete(changed);
    await corpus.reloadFile(changed, store);
    assert.strictEqual(corpus.documents.length, 4);
    assert.deepStrictEqual(corpus.search('Pantelleria', 1), []);
  });

  it('lives under XDG_CACHE_HOME when it is set', () => {
    const before = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = '/tmp/xdg';
    try {
      assert.strictEqual(defaultCacheDir(), path.join('/tmp/xdg', 'groundwork'));
    } finally {
      if (before === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = before;
    }
  });
});

describe('PassageIndex ranking', () => {
  /** BM25 over every posting, the definition the pruned search must agree with to the bit. */
  function bruteForce(passages: string[][], query: string[], k: number): { id: number; score: number }[] {
    const n = passages.length;
    const avg = passages.reduce((s, p) => s + p.length, 0) / n;
    const scores = new Map<number, number>();
    for (const t of [...new Set(query)]) {
      const holders = passages.map((p, id) => [id, p.filter((x) => x === t).length]).filter(([, tf]) => tf > 0);
      if (holders.length === 0) continue;
      const idf = Math.log(1 + (n - holders.length + 0.5) / (holders.length + 0.5));
      for (const [id, tf] of holders) scores.set(id, (scores.get(id) ?? 0) + (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * passages[id].length) / avg)));
    }
    return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id).slice(0, k);
  }

  /** The same over the passages not removed (their ids kept), with term counts computed once. */
  function bruteForceLive(passages: string[][], removed: Set<number>, queries: string[][], k: number): { id: number; score: number }[][] {
    const liveIds = passages.map((_, id) => id).filter((id) => !removed.has(id));
    const avg = liveIds.reduce((s, id) => s + passages[id].length, 0) / liveIds.length;
    const holders = new Map<string, [number, number][]>();
    for (const id of liveIds) {
      const counts = new Map<string, number>();
      for (const t of passages[id]) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [t, tf] of counts) {
        if (!holders.has(t)) holders.set(t, []);
        holders.get(t)!.push([id, tf]);
      }
    }
    return queries.map((query) => {
      const scores = new Map<number, number>();
      for (const t of [...new Set(query)]) {
        const h = holders.get(t) ?? [];
        if (h.length === 0) continue;
        const idf = Math.log(1 + (liveIds.length - h.length + 0.5) / (h.length + 0.5));
        for (const [id, tf] of h) scores.set(id, (scores.get(id) ?? 0) + (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * passages[id].length) / avg)));
      }
      return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id).slice(0, k);
    });
  }

  it('returns exactly the scores and order of scoring every posting, frozen or not, and after a snapshot', () => {
    const texts = Object.values(SEEDS).flatMap((name) => seed(name).passages.map((p) => p.text));
    const terms = texts.map(contentTerms);
    const idx = new PassageIndex();
    terms.forEach((t, i) => idx.addTerms(i, t));
    const queries = texts.filter((_, i) => i % 7 === 0).map(contentTerms);
    for (const q of queries) assert.deepStrictEqual(idx.searchTerms(q, 48), bruteForce(terms, q, 48));
    idx.freeze();
    for (const q of queries) assert.deepStrictEqual(idx.searchTerms(q, 12), bruteForce(terms, q, 12));
    const snapshot = idx.snapshot();
    assert.ok(snapshot.bounds, 'a snapshot carries the term bounds');
    const restored = PassageIndex.fromSnapshot(snapshot);
    for (const q of queries) assert.deepStrictEqual(restored.searchTerms(q, 5), bruteForce(terms, q, 5));
    // the arrays queries score into, made in idle time and interrupted after the first
    const interrupted = new PassageIndex();
    terms.forEach((t, i) => interrupted.addTerms(i, t));
    assert.strictEqual(interrupted.prepareQueries(-Infinity), false);
    for (const q of queries) assert.deepStrictEqual(interrupted.searchTerms(q, 5), bruteForce(terms, q, 5));
    // bounds that do not fit the postings are computed again, never used
    const misfit = PassageIndex.fromSnapshot({ ...snapshot, bounds: { ...snapshot.bounds!, blockAt: snapshot.bounds!.blockAt.map((b, i) => (i ? b + 1 : b)), blocks: new Float32Array(snapshot.bounds!.blocks.length + snapshot.bounds!.impact.length) } });
    for (const q of queries) assert.deepStrictEqual(misfit.searchTerms(q, 5), bruteForce(terms, q, 5));
    // bounds too low for the postings would drop true leaders: the test above would fail with them
    const low = PassageIndex.fromSnapshot({ ...snapshot, bounds: { ...snapshot.bounds!, impact: snapshot.bounds!.impact.map((x) => x * 0.5), blocks: snapshot.bounds!.blocks.map((x) => x * 0.5) } });
    assert.ok(queries.some((q) => JSON.stringify(low.searchTerms(q, 5)) !== JSON.stringify(bruteForce(terms, q, 5))), 'restored bounds are the ones used');
  });

  /**
   * The bundled sources' passages (as terms) and twenty near-copies of each: a word changed in
   * every copy, and a word dropped from a share of them, by a seeded generator.
   */
  function nearCopyTerms(seedValue: number, dropShare: number): { base: string[][]; terms: string[][] } {
    const base = Object.values(SEEDS).flatMap((name) => seed(name).passages.map((p) => contentTerms(p.text))).filter((t) => t.length > 3);
    let state = seedValue;
    const rand = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const terms: string[][] = [];
    for (let copy = 0; copy < 20; copy++) {
      for (const t of base) {
        const c = t.slice();
        c[Math.floor(rand() * c.length)] = `w${Math.floor(rand() * 50)}`;
        if (dropShare > 0 && rand() < dropShare) c.splice(Math.floor(rand() * c.length), 1);
        terms.push(c);
      }
    }
    return { base, terms };
  }

  it('ranks exactly among many near-copies and after passages are removed from the frozen index', () => {
    // years of reports repeat a passage with a word or a figure changed: the case where pruning
    // by block bounds does the most, and where a wrong bound would drop a true leader
    const { base, terms } = nearCopyTerms(7, 0.3);
    const idx = new PassageIndex();
    terms.forEach((t, i) => idx.addTerms(i, t));
    idx.freeze();
    const queries = base.filter((_, i) => i % 11 === 0);
    assert.deepStrictEqual(queries.map((q) => idx.searchTerms(q, 12)), bruteForceLive(terms, new Set(), queries, 12));
    const removed = new Set(terms.map((_, i) => i).filter((i) => i % 3 === 0));
    idx.removeAll(removed);
    const got = queries.map((q) => idx.searchTerms(q, 12));
    assert.ok(got.every((hits) => hits.length === 12 && hits.every((h) => !removed.has(h.id))));
    assert.deepStrictEqual(got, bruteForceLive(terms, removed, queries, 12));
  });

  /** Twenty near-copies of every passage of the bundled sources, a word changed in each, frozen. */
  function nearCopies(): { idx: PassageIndex; terms: string[][]; queries: string[][] } {
    const { base, terms } = nearCopyTerms(11, 0);
    const idx = new PassageIndex();
    terms.forEach((t, i) => idx.addTerms(i, t));
    idx.freeze();
    // the sources' sentences, and the words of two passages run together (matched by many a little)
    const queries = base.filter((_, i) => i % 9 === 0);
    for (let i = 0; i + 1 < base.length; i += 23) queries.push([...base[i], ...base[i + 1]].sort());
    return { idx, terms, queries };
  }

  it('answers queries of common words exactly from their champions, kept in a snapshot, and after removals', () => {
    const { base, terms } = nearCopyTerms(13, 0.3);
    const df = new Map<string, number>();
    for (const t of terms) for (const w of new Set(t)) df.set(w, (df.get(w) ?? 0) + 1);
    const common = [...df].filter(([, n]) => n >= 150).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
    assert.ok(common.length > 30, `${common.length} terms with champions`);
    // what a workspace symbol search sends (one to three common words), and sentences
    const queries: string[][] = [];
    for (let i = 0; i < 30; i++) queries.push([common[i]], [common[i], common[i + 1]], [common[i], common[2 * i + 1], common[3 * i + 2]]);
    queries.push(...base.filter((_, i) => i % 37 === 0));
    const exact = new Map([12, 50].map((k) => [k, bruteForceLive(terms, new Set(), queries, k)]));
    const removed = new Set(terms.map((_, i) => i).filter((i) => i % 4 === 1));
    const afterRemoval = bruteForceLive(terms, removed, queries, 12);
    const narrow = { directPostings: 0, exactPostings: Infinity, quickPostings: 1, quickProposed: 12, proposingPostings: 1, proposed: 12, championLookups: Infinity };
    // nothing read past the champions and a small proposal: the answer is theirs
    const none = { ...narrow, exactPostings: 0, proposingPostings: 100, proposed: 24 };
    const scoreOf = bruteForceLive(terms, new Set(), queries, terms.length).map((hits) => new Map(hits.map((h) => [h.id, h.score])));
    // champions of short lists, few of them: with room for the ties of near-copies, and without
    for (const championing of [{ postings: 150, kept: 12, most: 40 }, { postings: 150, kept: 12, most: 14 }]) {
      const idx = new PassageIndex();
      idx.championing = championing;
      terms.forEach((t, i) => idx.addTerms(i, t));
      idx.freeze();
      for (const k of [12, 50]) {
        idx.searchBudget = DEFAULT_SEARCH_BUDGET;
        assert.deepStrictEqual(queries.map((q) => idx.searchTerms(q, k)), exact.get(k), `k ${k}`);
        idx.searchBudget = narrow;
        assert.deepStrictEqual(queries.map((q) => idx.searchTerms(q, k)), exact.get(k), `k ${k}, seeded`);
        idx.searchBudget = none;
        queries.forEach((q, i) => {
          const got = idx.searchTerms(q, k);
          for (const h of got) assert.strictEqual(h.score, scoreOf[i].get(h.id), `query ${i}, passage ${h.id}`);
          assert.deepStrictEqual(got, got.slice().sort((a, b) => b.score - a.score || a.id - b.id));
        });
      }
      idx.searchBudget = DEFAULT_SEARCH_BUDGET;
      const snapshot = idx.snapshot();
      assert.ok(snapshot.bounds!.champions.length > 0, 'a snapshot carries the champions');
      // no other posting of a term scores above its residual, and no champion below it
      const { avg, residual, championAt, champions } = snapshot.bounds!;
      const { offsets, ids, tfs } = snapshot.postings;
      for (let t = 0; t + 1 < offsets.length; t++) {
        const mine = new Set(champions.subarray(championAt[t], championAt[t + 1]));
        for (let i = offsets[t]; i < offsets[t + 1]; i++) {
          const x = (tfs[i] * 2.2) / (tfs[i] + 1.2 * (0.25 + (0.75 * snapshot.lengths[ids[i]]) / avg));
          assert.ok(mine.has(ids[i]) ? x >= residual[t] : x <= residual[t], `term ${t}, passage ${ids[i]}`);
        }
      }
      const restored = PassageIndex.fromSnapshot(snapshot);
      assert.deepStrictEqual(queries.map((q) => restored.searchTerms(q, 12)), exact.get(12));
      restored.removeAll(removed);
      assert.deepStrictEqual(queries.map((q) => restored.searchTerms(q, 12)), afterRemoval);
      // champions pointing past the passages are never trusted
      const wild = PassageIndex.fromSnapshot({ ...snapshot, bounds: { ...snapshot.bounds!, champions: snapshot.bounds!.champions.map((id) => id + terms.length) } });
      assert.deepStrictEqual(queries.map((q) => wild.searchTerms(q, 12)), exact.get(12));
    }
  });

  it('numbers near-copies side by side once loaded, and answers as in id order, ties by passage id', () => {
    const { base, terms } = nearCopyTerms(19, 0);
    // passages that tie on the word "tied" (one occurrence, three words each) and share no other
    const tiedFrom = terms.length;
    for (let i = 0; i < 40; i++) terms.push(['tied', `left${i}`, `right${i}`]);
    const idx = new PassageIndex();
    terms.forEach((t, i) => idx.addTerms(i, t));
    idx.freeze();
    const { order } = idx.snapshot();
    assert.ok(order, 'a snapshot holds the passage of each slot');
    // the twenty copies of a passage (ids base.length apart): the runs of adjacent slots they make
    const slotOf = new Map<number, number>();
    order.forEach((id, slot) => slotOf.set(id, slot));
    let runs = 0;
    for (let b = 0; b < base.length; b++) {
      const slots = Array.from({ length: 20 }, (_, copy) => slotOf.get(copy * base.length + b)!).sort((x, y) => x - y);
      runs += 1 + slots.filter((x, i) => i > 0 && x !== slots[i - 1] + 1).length;
    }
    // in id order each copy is a run of its own (20); a copy whose smallest hash is its passage's
    // joins the others (short passages with a word changed share it about half the time)
    assert.ok(runs / base.length < 10, `${(runs / base.length).toFixed(2)} runs of slots for the copies of a passage (20 in id order)`);
    const tiedSlots = Array.from({ length: 40 }, (_, i) => slotOf.get(tiedFrom + i)!);
    assert.notDeepStrictEqual(tiedSlots, tiedSlots.slice().sort((x, y) => x - y), 'the tied passages are not in id order by slot');
    const queries = [...base.filter((_, i) => i % 13 === 0), ['tied'], ['tied', 'left3', 'right30']];
    const exact = bruteForceLive(terms, new Set(), queries, 12);
    assert.deepStrictEqual(queries.map((q) => idx.searchTerms(q, 12)), exact);
    assert.deepStrictEqual(idx.searchTerms(['tied'], 5).map((h) => h.id), [0, 1, 2, 3, 4].map((i) => tiedFrom + i));
    // restored, and with passages read again (they take new slots) and removed
    const restored = PassageIndex.fromSnapshot(idx.snapshot());
    assert.deepStrictEqual(queries.map((q) => restored.searchTerms(q, 12)), exact);
    const removed = new Set(terms.map((_, i) => i).filter((i) => i % 5 === 0));
    restored.removeAll(removed);
    for (let i = 1; i < terms.length; i += 7) if (!removed.has(i)) restored.addTerms(i, terms[i]);
    assert.deepStrictEqual(queries.map((q) => restored.searchTerms(q, 12)), bruteForceLive(terms, removed, queries, 12));
    restored.freeze();
    assert.deepStrictEqual(queries.map((q) => restored.searchTerms(q, 12)), bruteForceLive(terms, removed, queries, 12));
    // a passage at two slots is no index
    const twice = idx.snapshot();
    twice.order![1] = twice.order![0];
    assert.throws(() => PassageIndex.fromSnapshot(twice), /two slots/);
  });

  it('rehearses searches of its own words in slices, and then answers every query as before', () => {
    const { base, terms } = nearCopyTerms(17, 0.3);
    const idx = new PassageIndex();
    idx.championing = { postings: 150, kept: 12, most: 40 };
    terms.forEach((t, i) => idx.addTerms(i, t));
    idx.freeze();
    const queries = [...base.filter((_, i) => i % 29 === 0), ...base.filter((_, i) => i % 31 === 0).map((t) => t.slice(0, 3))];
    const exact = bruteForceLive(terms, new Set(), queries, 12);
    assert.deepStrictEqual(queries.map((q) => idx.searchTerms(q, 12)), exact);
    // a deadline already past still runs one search per call
    let slices = 1;
    while (!idx.rehearse(performance.now() - 1)) slices++;
    assert.ok(slices > 10, `${slices} slices`);
    assert.ok(idx.rehearse(performance.now() - 1), 'done once done');
    assert.deepStrictEqual(queries.map((q) => idx.searchTerms(q, 12)), exact);
    assert.ok(new PassageIndex().rehearse(0), 'an empty index has nothing to rehearse');
  });

  it('searches exactly from the floor its proposed passages set, when that fits the budget', () => {
    const { idx, terms, queries } = nearCopies();
    // no exact search at first, and a poor proposal (the rarest term's best twelve): the exact
    // search runs from the floor those twelve set
    idx.searchBudget = { directPostings: 0, exactPostings: Infinity, quickPostings: 1, quickProposed: 12, proposingPostings: 1, proposed: 12, championLookups: 0 };
    assert.deepStrictEqual(queries.map((q) => idx.searchTerms(q, 12)), bruteForceLive(terms, new Set(), queries, 12));
  });

  it('answers from the passages its rarest terms propose when exactness costs more than the budget', () => {
    const { idx, terms, queries } = nearCopies();
    const exact = bruteForceLive(terms, new Set(), queries, 12);
    const scoreOf = bruteForceLive(terms, new Set(), queries, terms.length).map((hits) => new Map(hits.map((h) => [h.id, h.score])));
    // the default budget: this index is small enough to be searched exactly
    assert.deepStrictEqual(queries.map((q) => idx.searchTerms(q, 12)), exact);
    idx.searchBudget = { directPostings: 0, exactPostings: 0, quickPostings: 1, quickProposed: 12, proposingPostings: 100, proposed: 24, championLookups: 0 };
    let approximate = 0;
    queries.forEach((q, i) => {
      const got = idx.searchTerms(q, 12);
      assert.strictEqual(got.length, 12);
      // passages scored exactly with every term, best first, ties by id
      for (const h of got) assert.strictEqual(h.score, scoreOf[i].get(h.id), `query ${i}, passage ${h.id}`);
      assert.deepStrictEqual(got, got.slice().sort((a, b) => b.score - a.score || a.id - b.id));
      if (JSON.stringify(got) !== JSON.stringify(exact[i])) approximate++;
    });
    assert.ok(approximate > 0 && approximate < queries.length, `${approximate} of ${queries.length} approximate`);
  });
});
