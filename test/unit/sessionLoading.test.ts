import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MemorySourceStore, SourceFile, SourceStore } from '../../server/src/core/corpus/sourceStore';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { indexingHover } from '../../server/src/features/indexingHover';
import { workspaceSymbols } from '../../server/src/features/workspaceSymbols';
import { Session } from '../../server/src/session';
import { seed, SEEDS } from './corpusFixtures';

/** A store whose reads wait until the test lets them through, one file at a time. */
class GatedStore implements SourceStore {
  private waiting: (() => void)[] = [];
  reads = 0;
  constructor(private readonly inner: MemorySourceStore) {}
  list(root: string): Promise<{ files: SourceFile[]; problems: { path: string; reason: string }[] }> {
    return this.inner.list(root);
  }
  async read(file: string): Promise<Uint8Array> {
    await new Promise<void>((r) => this.waiting.push(r));
    this.reads++;
    return this.inner.read(file);
  }
  /** Lets `n` more reads through and waits until the loader has taken them in. */
  async release(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      while (!this.waiting.length) await new Promise((r) => setImmediate(r));
      this.waiting.shift()!();
    }
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  }
}

describe('session: a first load answers from what is indexed so far', () => {
  it('searches the sources read so far, says it is indexing, and reads a source changed meanwhile once done', async () => {
    const files = new Map<string, string>();
    const names = Object.values(SEEDS);
    for (const name of names) files.set(`/ws/${name}`, seed(name).original);
    const store = new GatedStore(new MemorySourceStore(files));
    const session = new Session(['/ws'], '/bundled', store, { log: () => undefined, warn: () => undefined });
    session.settings = { ...DEFAULT_SETTINGS, corpus: { ...DEFAULT_SETTINGS.corpus, paths: ['/ws'] } };
    const loading = session.reload();
    // files load in name order: the Governing Body paper first
    const first = [...files.keys()].sort()[0];
    assert.ok(first.includes('2012-gb316'), first);
    await store.release(1);
    assert.strictEqual(session.state, 'indexing');
    assert.deepStrictEqual(session.firstLoad?.total, names.length);
    assert.strictEqual(session.corpus.documents.length, 0, 'no complete corpus yet');
    const partial = session.searchable();
    assert.strictEqual(partial.documents.length, 1);
    const symbols = workspaceSymbols('irregular migration', partial);
    assert.ok(symbols.length > 0 && symbols.every((s) => s.location.uri.endsWith('2012-gb316-pol1-labour-migration.txt')));

    const draft = TextDocument.create('file:///d.md', 'markdown', 1, 'The Office estimates that there are 105 million migrant workers worldwide.\n');
    const hover = indexingHover(draft, { line: 0, character: 10 }, session, session.firstLoad!);
    const text = (hover!.contents as { value: string }).value;
    assert.match(text, /indexing sources\*\* \(1 of 5 files\)/);
    assert.match(text, /checked when indexing is done/);
    assert.match(text, /GB\.316\/POL\/1, para\. 3/);

    // a source saved while the load runs is read again after it
    files.set(`/ws/${SEEDS.slides}`, seed(SEEDS.slides).original + '\n\nThe Pantelleria programme closed in 2016.\n');
    assert.strictEqual(await session.sourceChanged(`/ws/${SEEDS.slides}`), false);
    await store.release(names.length - 1);
    const extra = store.release(1);
    const corpus = await loading;
    await extra;
    assert.strictEqual(session.firstLoad, undefined);
    assert.strictEqual(session.state, 'ready');
    assert.strictEqual(session.searchable(), corpus);
    assert.strictEqual(corpus.documents.length, names.length);
    assert.ok(corpus.search('Pantelleria programme', 1)[0]?.passage.text.includes('Pantelleria'));
  });
});

describe('session: work between requests', () => {
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };

  it('waits for the draft checks under way, a check resumed part way included', async () => {
    const session = new Session([], '/bundled', new MemorySourceStore(new Map()), { log: () => undefined, warn: () => undefined });
    const done: string[] = [];
    void session.idleTurn().then(() => done.push('free'));
    await turns(2);
    assert.deepStrictEqual(done, ['free'], 'with no draft being checked, the next turn');
    session.draftCheckStarted();
    session.draftCheckStarted();
    void session.idleTurn().then(() => done.push('after both'));
    session.draftCheckEnded();
    // the other check stops part way and is scheduled to resume before its pass ends
    session.draftCheckStarted();
    session.draftCheckEnded();
    await turns(5);
    assert.deepStrictEqual(done, ['free']);
    session.draftCheckEnded();
    await turns(2);
    assert.deepStrictEqual(done, ['free', 'after both']);
  });
});
