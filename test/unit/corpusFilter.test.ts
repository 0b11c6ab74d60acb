import * as assert from 'assert';
import * as path from 'path';
import { compileGlob, corpusFileFilter, filteredSourceStore } from '../../server/src/core/corpus/corpusFilter';
import { MemorySourceStore } from '../../server/src/core/corpus/sourceStore';

describe('compileGlob', () => {
  const cases: [string, string, boolean][] = [
    ['*.txt', 'report.txt', true],
    ['*.txt', 'archive/report.txt', true], // no slash: the file name at any depth
    ['*.txt', 'report.md', false],
    ['archive/**', 'archive/2012/report.txt', true],
    ['archive/**', 'other/archive.txt', false],
    ['archive/', 'archive/report.txt', true],
    ['**/drafts/*.md', 'drafts/a.md', true],
    ['**/drafts/*.md', 'x/y/drafts/a.md', true],
    ['**/drafts/*.md', 'x/drafts/sub/a.md', false],
    ['*/report.txt', 'a/report.txt', true],
    ['*/report.txt', 'a/b/report.txt', false],
    ['20??-*.{txt,md}', '2013-tripartite.md', true],
    ['20??-*.{txt,md}', '2013-tripartite.pdf', false],
    ['[0-9]*', '2015-summary.txt', true],
    ['[!0-9]*', '2015-summary.txt', false],
    ['./notes/*.txt', 'notes/a.txt', true],
    ['file(1).txt', 'file(1).txt', true],
    ['a+b.txt', 'aab.txt', false],
  ];
  for (const [glob, file, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${file}`, () => assert.strictEqual(compileGlob(glob)(file), expected));
  }
});

describe('corpusFileFilter', () => {
  const root = path.resolve('/ws/corpus');
  const ws = path.resolve('/ws');
  const f = (rel: string) => path.join(root, ...rel.split('/'));

  it('passes everything without patterns', () => {
    assert.strictEqual(corpusFileFilter({ include: [], exclude: [] }, [root], [ws]).accepts(f('a/b.txt')), true);
  });

  it('matches relative to the corpus folder or to the workspace, and exclude wins', () => {
    const filter = corpusFileFilter({ include: ['*.txt'], exclude: ['corpus/archive/**'] }, [root], [ws]);
    assert.strictEqual(filter.accepts(f('2013-report.txt')), true);
    assert.strictEqual(filter.accepts(f('2013-report.md')), false);
    assert.strictEqual(filter.accepts(f('archive/old.txt')), false);
    assert.strictEqual(filter.excludes(f('archive/old.txt')), true);
  });

  it('filters a store’s listing and drops problems with excluded files only', async () => {
    const store = new MemorySourceStore(new Map([[f('keep.txt'), 'Kept.'], [f('archive/old.txt'), 'Old.']]));
    const filtered = filteredSourceStore(store, corpusFileFilter({ include: [], exclude: ['archive/**'] }, [root], [ws]));
    const listed = await filtered.list(root);
    assert.deepStrictEqual(listed.files.map((x) => path.relative(root, x.path)), ['keep.txt']);
    assert.strictEqual(new TextDecoder().decode(await filtered.read(f('keep.txt'))), 'Kept.');
  });
});
