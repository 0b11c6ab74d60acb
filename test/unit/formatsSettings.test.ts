import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { extractLimits } from '../../server/src/session';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/settings';

describe('settings: limits and choices for reading sources', () => {
  it('reads the per-file time limit and the Word choices, dotted or nested', () => {
    assert.strictEqual(parseSettings({ 'groundwork.corpus.maxSecondsPerFile': 5 }).settings.corpus.maxSecondsPerFile, 5);
    const { settings, errors } = parseSettings({ groundwork: { corpus: { maxSecondsPerFile: 5 }, docx: { includeTrackedChanges: true } } });
    assert.deepStrictEqual(errors, []);
    assert.strictEqual(settings.corpus.maxSecondsPerFile, 5);
    assert.deepStrictEqual(settings.docx, { includeTrackedChanges: true, includeComments: false });
    assert.deepStrictEqual(extractLimits(settings), { timeoutMs: 5000, maxExpandedBytes: 100 * 1024 * 1024, includeTrackedChanges: true, includeComments: false });
  });

  it('names each wrong value and keeps the default', () => {
    const { settings, errors } = parseSettings({ corpus: { maxSecondsPerFile: -1 }, docx: { includeComments: 'yes', includeTrackedChanges: 1 } });
    assert.deepStrictEqual(errors, [
      'groundwork.corpus.maxSecondsPerFile: must be a number of seconds between 0 and 600 (got -1); using 30',
      'groundwork.docx.includeTrackedChanges: must be true or false (got 1)',
      'groundwork.docx.includeComments: must be true or false (got "yes")',
    ]);
    assert.deepStrictEqual([settings.corpus.maxSecondsPerFile, settings.docx], [DEFAULT_SETTINGS.corpus.maxSecondsPerFile, DEFAULT_SETTINGS.docx]);
    assert.deepStrictEqual(parseSettings({ docx: [] }).errors, ['groundwork.docx: must be an object']);
  });

  it('declares the same keys and defaults in the extension manifest', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const props = manifest.contributes.configuration.properties ?? manifest.contributes.configuration[0]?.properties;
    assert.strictEqual(props['groundwork.corpus.maxSecondsPerFile'].default, DEFAULT_SETTINGS.corpus.maxSecondsPerFile);
    assert.strictEqual(props['groundwork.docx.includeTrackedChanges'].default, DEFAULT_SETTINGS.docx.includeTrackedChanges);
    assert.strictEqual(props['groundwork.docx.includeComments'].default, DEFAULT_SETTINGS.docx.includeComments);
  });
});
