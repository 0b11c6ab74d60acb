import * as assert from 'assert';
import { checksLanguage, parseSettings } from '../../server/src/settings';

describe('settings: corpus globs and languages', () => {
  it('reads include/exclude globs and languages, dotted or nested', () => {
    const { settings, errors } = parseSettings({ groundwork: { 'corpus.exclude': ['archive/**'], corpus: { include: '*.txt' }, languages: ['policy-draft'] } });
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(settings.corpus.include, ['*.txt']);
    assert.deepStrictEqual(settings.corpus.exclude, ['archive/**']);
    assert.deepStrictEqual(settings.languages, ['policy-draft']);
  });

  it('reports malformed values by key and keeps the defaults', () => {
    const { settings, errors } = parseSettings({ corpus: { include: [3], exclude: [''] }, languages: 7 });
    assert.deepStrictEqual(settings.corpus.include, []);
    assert.deepStrictEqual(settings.corpus.exclude, []);
    assert.deepStrictEqual(settings.languages, ['policy-draft', 'markdown', 'plaintext']);
    assert.deepStrictEqual(errors.map((e) => e.split(':')[0]), ['groundwork.corpus.include', 'groundwork.corpus.exclude', 'groundwork.languages']);
  });

  it('reports glob patterns that point outside the workspace and keeps the others', () => {
    const { settings, errors } = parseSettings({ corpus: { include: ['../reports/**', 'minutes/*.txt'], exclude: ['/etc/**', 'C:\\old\\*', 'drafts/../x'] } });
    assert.deepStrictEqual(settings.corpus.include, ['minutes/*.txt']);
    assert.deepStrictEqual(settings.corpus.exclude, []);
    assert.strictEqual(errors.length, 4);
    assert.match(errors[0], /^groundwork\.corpus\.include: "\.\.\/reports\/\*\*" points outside the workspace; .*groundwork\.corpus\.paths/);
  });

  it('takes the language ids other editors send for plain text and Markdown', () => {
    const { settings } = parseSettings({});
    assert.ok(checksLanguage(settings, 'text')); // Neovim, Helix, Emacs
    assert.ok(checksLanguage(settings, 'markdown'));
    assert.ok(!checksLanguage(settings, 'python'));
    assert.ok(!checksLanguage(parseSettings({ languages: ['policy-draft'] }).settings, 'text'));
  });
});
