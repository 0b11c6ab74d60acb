import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Corpus } from '../../server/src/core/corpus/corpus';
import { DiskSourceStore } from '../../server/src/core/corpus/sourceStore';
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
});
