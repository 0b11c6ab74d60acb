import * as assert from 'assert';
import { readQuantities, sameQuantity } from '../../server/src/core/claims/quantities';

const read = (t: string) => readQuantities(t).map((q) => [q.kind, q.text, q.kind === 'date' ? q.date : q.value]);

describe('readQuantities', () => {
  it('reads figures with their scale and unit', () => {
    assert.deepStrictEqual(read('Of these 214 million people, approximately 105 million are economically active'), [
      ['number', '214 million', 214e6], ['number', '105 million', 105e6],
    ]);
    assert.deepStrictEqual(read('almost 90 per cent of the total'), [['number', '90 per cent', 0.9]]);
    assert.deepStrictEqual(read('regularization of almost 50,000 migrant workers since 2010'), [
      ['number', '50,000', 50000], ['date', '2010', { dayFrom: undefined, dayTo: undefined, month: undefined, year: 2010 }],
    ]);
  });

  it('reads number words and fractions', () => {
    assert.deepStrictEqual(read('The Meeting held six sittings.'), [['number', 'six', 6]]);
    assert.deepStrictEqual(read('invite twelve Employer and twelve Worker representatives'), [['number', 'twelve', 12], ['number', 'twelve', 12]]);
    assert.deepStrictEqual(read('over two-thirds of international migrants'), [['number', 'two-thirds', 2 / 3]]);
    assert.deepStrictEqual(read('almost half of all international migrants'), [['number', 'half', 0.5]]);
  });

  it('reads a date range as one date', () => {
    const [d] = readQuantities('held at the ILO in Geneva from 4 to 8 November 2013.');
    assert.deepStrictEqual(d.date, { dayFrom: 4, dayTo: 8, month: 11, year: 2013 });
    const [o] = readQuantities('from 4 to 8 October 2013');
    assert.strictEqual(sameQuantity(o, d), false);
    const [y] = readQuantities('the tragedy in October 2013');
    assert.strictEqual(sameQuantity(y, readQuantities('the October 2013 tragedy')[0]), true);
  });

  it('leaves instrument numbers and document symbols to the recogniser', () => {
    assert.deepStrictEqual(read('ratification of Conventions Nos 97, 143 and 189'), []);
    assert.deepStrictEqual(read('Migration for Employment Convention (Revised), 1949 (No. 97)'), [
      ['date', '1949', { dayFrom: undefined, dayTo: undefined, month: undefined, year: 1949 }],
    ]);
    assert.deepStrictEqual(read('see GB.316/POL/1 and ISCO-08'), []);
  });

  it('does not take "May" for a month without a day or year', () => {
    assert.deepStrictEqual(read('The Meeting may wish to consider'), []);
    assert.deepStrictEqual(read('on 5 May 2015')[0][2], { dayFrom: 5, dayTo: undefined, month: 5, year: 2015 });
  });
});
