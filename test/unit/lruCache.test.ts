import * as assert from 'assert';
import { LruCache } from '../../server/src/core/lruCache';

describe('LruCache', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    assert.strictEqual(c.get('a'), 1);
    c.set('c', 3);
    assert.strictEqual(c.has('b'), false);
    assert.strictEqual(c.get('a'), 1);
    assert.strictEqual(c.get('c'), 3);
    assert.strictEqual(c.size, 2);
  });

  it('hands back the least recently used value when asked to remove it', () => {
    const c = new LruCache<string, number>(3);
    c.set('a', 1);
    c.set('b', 2);
    c.get('a');
    assert.strictEqual(c.removeOldest(), 2);
    assert.strictEqual(c.has('b'), false);
    assert.strictEqual(c.removeOldest(), 1);
    assert.strictEqual(c.removeOldest(), undefined);
    assert.strictEqual(c.size, 0);
  });

  it('keeps null values apart from absent keys', () => {
    const c = new LruCache<string, number | null>(3);
    c.set('none', null);
    assert.strictEqual(c.get('none'), null);
    assert.strictEqual(c.get('missing'), undefined);
  });
});
