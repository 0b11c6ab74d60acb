import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Corpus } from '../../server/src/core/corpus/corpus';
import { DiskSourceStore } from '../../server/src/core/corpus/sourceStore';
import { MentionCache, MentionIndex, MentionSource } from '../../server/src/core/instruments/mentionIndex';
import { documentKey, encodeStore, StoredDocument, StoredMentions, STORE_VERSION, usesKey, writeStore } from '../../server/src/core/instruments/mentionStore';
import { recogniseInstruments } from '../../server/src/core/instruments/recogniser';
import { loadShippedRegistry } from '../../server/src/core/instruments/registry';
import { TitleMatcher, wordTokens } from '../../server/src/core/instruments/titles';
import { instrumentIndex, instrumentIndexReady } from '../../server/src/features/instruments/instrumentIndex';
import { claimChecker } from '../../server/src/features/claims/checker';
import { Session } from '../../server/src/session';

const CORPUS = path.join(__dirname, '../../../corpus');

describe('instrument index: fast title matching and the persisted mentions', () => {
  const registry = loadShippedRegistry();

  it('finds the same titles without tokenising a plain text as with its tokens', () => {
    const matcher = new TitleMatcher(registry);
    const texts = [
      'the Workmen’s Compensation (Accidents) Convention, 1925 (No. 17) and the ILO’s Declaration on Fundamental Principles and Rights at Work',
      "x's1998 Declaration on Fundamental Principles and Rights at Work; C1998 Declaration; abc'Hours of Work (Industry) Convention",
      'MIGRATION FOR EMPLOYMENT CONVENTION; migration for employment convention; its 1998 Declaration on Fundamental Principles and Rights at Work',
      'Côte d’Ivoire and the Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143); the Ofﬁce and the Decent Work Agenda',
    ];
    for (const t of texts) assert.deepStrictEqual(matcher.find(t), matcher.find(t, wordTokens(t)), t);
  });

  it('recognises codes, lists and citations in texts with and without non-ASCII letters alike', () => {
    const a = recogniseInstruments('Conventions Nos 97 and 143, C.181, R86 and the Domestic Workers Convention, 2011 (No. 189)', registry);
    const b = recogniseInstruments('Conventions Nos 97 and 143, C.181, R86 and the Domestic Workers Convention, 2011 (No. 189) — Côte', registry);
    assert.deepStrictEqual(a.map((m) => m.id), ['C097', 'C143', 'C181', 'R086', 'C189']);
    assert.deepStrictEqual(b.map((m) => [m.id, m.start, m.end]), a.map((m) => [m.id, m.start, m.end]));
  });

  async function session(cacheDir: string): Promise<Session> {
    const s = new Session([], '', new DiskSourceStore(), { log: () => {}, warn: () => {} });
    s.corpus = await Corpus.load([CORPUS], new DiskSourceStore(), {});
    s.cacheDir = cacheDir;
    return s;
  }

  function snapshot(s: Session): string {
    const ix = instrumentIndex(s);
    const span = (x: { doc: { path: string }; passage: { id: number }; start: number; end: number; sentence: { start: number; end: number } }) =>
      [x.doc.path, x.passage.id, x.start, x.end, x.sentence.start, x.sentence.end];
    return JSON.stringify([
      [...ix.instruments].map(([k, v]) => [k, v.map((m) => [span(m), m.mention])]),
      ix.unresolvedMentions().map(span),
      [...ix.abbreviationDefinitions].map(([k, v]) => [k, v.map((d) => [span(d), d.definition])]),
      [...ix.abbreviationUses].map(([k, v]) => [k, v.map(span)]),
      [...ix.symbols].map(([k, v]) => [k, v.map(span)]),
      [...ix.eachConflict()].map((c) => [c.id, c.field, c.cited, c.registry, span(c.where)]),
      [...ix.citedForms].map(([k, v]) => [k, [...v]]),
    ]);
  }

  async function waitForStore(dir: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const f = fs.readdirSync(dir).find((n) => n.endsWith('.gwmi'));
      if (f) return path.join(dir, f);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no store written');
  }

  it('writes the per-document results and gives the same index from them after a restart', async function () {
    this.timeout(30000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-mentions-'));
    try {
      const first = await session(dir);
      await instrumentIndexReady(first);
      const built = snapshot(first);
      const file = await waitForStore(dir);
      assert.ok(!fs.readdirSync(dir).some((n) => n.endsWith('.tmp')));

      const second = await session(dir);
      assert.strictEqual(snapshot(second), built);

      // a damaged store is ignored and the index read from the sources again
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 10] ^= 0x55;
      fs.writeFileSync(file, bytes);
      const logs: string[] = [];
      const third = new Session([], '', new DiskSourceStore(), { log: (m) => logs.push(m), warn: () => {} });
      third.corpus = second.corpus;
      third.cacheDir = dir;
      assert.strictEqual(snapshot(third), built);
      assert.ok(logs.some((m) => /not used \(corrupt\)/.test(m)), logs.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers a claim before the index is ready, and with the complete index once it is', async function () {
    this.timeout(30000);
    const s = await session('');
    s.cacheDir = undefined;
    const claim = 'The Office estimates that there are 105 million migrant workers worldwide.';
    const early = claimChecker(s);
    early.check(claim);
    await instrumentIndexReady(s);
    const late = claimChecker(s);
    assert.strictEqual(claimChecker(s), late);
    const brief = (f: ReturnType<typeof late.check>) => f && [f.verdict, f.code, f.message];
    assert.deepStrictEqual(brief(late.check(claim)), brief(early.check(claim)));
  });

  describe('the store file', () => {
    const FINGERPRINT = 'registry-1';
    let dir: string;
    let corpus: Corpus;
    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-store-'));
      corpus = await Corpus.load([CORPUS], new DiskSourceStore(), {});
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const keyOf = (c: Corpus, doc: Corpus['documents'][number]) => documentKey(doc, c.stampOf(doc.path)!.hash);

    /** What the server keeps of a corpus, written as the server writes it; the cache that holds its rows. */
    async function written(c: Corpus, file: string): Promise<MentionCache> {
      const cache = new MentionCache(registry);
      new MentionIndex(registry, c.documents, cache);
      const docs: StoredDocument[] = c.documents.map((doc) => {
        const held = cache.held(doc)!;
        return { path: doc.path, key: keyOf(c, doc), mentions: held.mentions, uses: held.uses && { known: usesKey(held.uses.known), rows: held.uses.rows } };
      });
      await writeStore(file, encodeStore(FINGERPRINT, cache.strings.strings, docs));
      return cache;
    }

    /** A cache that restores from a store file, as the server's does. */
    function restoring(c: Corpus, stored: StoredMentions): MentionCache {
      const source: MentionSource = {
        strings: stored.strings,
        mentions: (doc) => stored.mentions(doc, keyOf(c, doc)),
        uses: (doc, known) => stored.uses(doc, keyOf(c, doc), usesKey(known)),
      };
      return new MentionCache(registry, source);
    }

    const answers = (ix: MentionIndex) => JSON.stringify([
      [...ix.instruments].map(([k, v]) => [k, v.map((m) => [m.doc.path, m.passage.id, m.start, m.end, m.sentence, m.mention])]),
      [...ix.abbreviationUses].map(([k, v]) => [k, v.map((u) => [u.doc.path, u.passage.id, u.start, u.end])]),
      [...ix.abbreviationDefinitions].map(([k, v]) => [k, v.map((d) => [d.doc.path, d.passage.id, d.definition])]),
      [...ix.symbols].map(([k, v]) => [k, v.map((x) => [x.doc.path, x.passage.id, x.start])]),
      [...ix.eachConflict()].map((c) => [c.id, c.field, c.cited, c.registry, c.where.doc.path, c.where.start]),
    ]);

    it('gives back every row it was given, and the same index, without reading a source', async () => {
      const file = path.join(dir, 'm.gwmi');
      const cache = await written(corpus, file);
      const stored = StoredMentions.read(file, FINGERPRINT);
      assert.strictEqual(stored.problem, undefined);
      assert.strictEqual(stored.size, corpus.documents.length);
      assert.deepStrictEqual(stored.strings, cache.strings.strings);
      for (const doc of corpus.documents) {
        const own = cache.held(doc)!.mentions;
        const back = stored.mentions(doc, keyOf(corpus, doc))!;
        assert.deepStrictEqual([...back.rows], [...own.rows], doc.name);
        assert.deepStrictEqual([back.conflictsAt, back.definitionsAt, back.symbolsAt], [own.conflictsAt, own.definitionsAt, own.symbolsAt]);
      }
      const restored = restoring(corpus, StoredMentions.read(file, FINGERPRINT));
      const index = new MentionIndex(registry, corpus.documents, restored);
      assert.strictEqual(restored.takeRead(), 0);
      assert.strictEqual(answers(index), answers(new MentionIndex(registry, corpus.documents)));
      assert.ok(index.mentionCount('C097') > 0);
    });

    it('discards a damaged, cut or foreign file', async () => {
      const file = path.join(dir, 'm.gwmi');
      await written(corpus, file);
      const good = fs.readFileSync(file);
      const headerEnd = good.indexOf(10);
      const damaged = (at: number) => {
        const b = Buffer.from(good);
        b[at] ^= 0x55;
        return b;
      };
      const cases: [string, Buffer, string][] = [
        ['a byte of the rows', damaged(good.length - 7), 'corrupt'],
        ['a byte of the string table', damaged(headerEnd + 20), 'corrupt'],
        ['the end cut off', good.subarray(0, good.length - 100), 'corrupt'],
        ['no header', Buffer.from('not a store at all'), 'no header'],
        ['another file', Buffer.from('{"magic":"groundwork-index"}\n'), 'another version'],
      ];
      for (const [what, bytes, problem] of cases) {
        fs.writeFileSync(file, bytes);
        const stored = StoredMentions.read(file, FINGERPRINT);
        assert.strictEqual(stored.problem, problem, what);
        assert.strictEqual(stored.size, 0, what);
        assert.strictEqual(stored.mentions(corpus.documents[0], keyOf(corpus, corpus.documents[0])), undefined, what);
      }
      assert.strictEqual(StoredMentions.read(path.join(dir, 'none.gwmi'), FINGERPRINT).problem, undefined);
    });

    it('discards a file of another version or registry', async () => {
      const file = path.join(dir, 'm.gwmi');
      await written(corpus, file);
      const good = fs.readFileSync(file);
      const nl = good.indexOf(10);
      const header = JSON.parse(good.subarray(0, nl).toString('utf8'));
      assert.strictEqual(header.version, STORE_VERSION);
      const withHeader = (h: object) => Buffer.concat([Buffer.from(JSON.stringify(h)), good.subarray(nl)]);
      fs.writeFileSync(file, withHeader({ ...header, version: STORE_VERSION - 1 }));
      assert.strictEqual(StoredMentions.read(file, FINGERPRINT).problem, 'another version');
      fs.writeFileSync(file, withHeader({ ...header, algorithm: 'an older recogniser' }));
      assert.strictEqual(StoredMentions.read(file, FINGERPRINT).problem, 'another version');
      fs.writeFileSync(file, good);
      assert.strictEqual(StoredMentions.read(file, 'registry-2').problem, 'another registry');
      assert.strictEqual(StoredMentions.read(file, FINGERPRINT).problem, undefined);
    });

    it('does not trust rows that point outside their document, even in a file that checks out', async () => {
      const file = path.join(dir, 'm.gwmi');
      const cache = await written(corpus, file);
      const doc = corpus.documents.find((d) => cache.held(d)!.mentions.conflictsAt > 0)!;
      const found = cache.held(doc)!.mentions;
      const rows = Int32Array.from(found.rows);
      rows[0] = doc.passages.length;
      await writeStore(file, encodeStore(FINGERPRINT, cache.strings.strings, [{ path: doc.path, key: keyOf(corpus, doc), mentions: { ...found, rows } }]));
      const stored = StoredMentions.read(file, FINGERPRINT);
      assert.strictEqual(stored.problem, undefined);
      assert.strictEqual(stored.mentions(doc, keyOf(corpus, doc)), undefined);
      // and a document whose file or passages changed is not given another's rows
      assert.strictEqual(stored.mentions(doc, keyOf(corpus, doc) + 'x'), undefined);
    });

    it('reads again only the source that changed', async () => {
      const copy = path.join(dir, 'corpus');
      fs.cpSync(CORPUS, copy, { recursive: true });
      const before = await Corpus.load([copy], new DiskSourceStore(), {});
      const file = path.join(dir, 'm.gwmi');
      await written(before, file);
      const changed = before.documents[1].path;
      fs.appendFileSync(changed, '\n\nThe Domestic Workers Convention, 2011 (No. 189), was cited again in 2024.\n');
      const after = await Corpus.load([copy], new DiskSourceStore(), {});
      const cache = restoring(after, StoredMentions.read(file, FINGERPRINT));
      const index = new MentionIndex(registry, after.documents, cache);
      // its mentions and its abbreviation uses; every other document came from the file
      assert.strictEqual(cache.takeRead(), 2);
      assert.strictEqual(answers(index), answers(new MentionIndex(registry, after.documents)));
      assert.ok(index.mentionsOf('C189').some((m) => m.doc.path === changed && /2024/.test(m.passage.text)));
    });
  });
});
