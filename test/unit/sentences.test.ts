import * as assert from 'assert';
import { collapseSpace, splitSentences } from '../../server/src/core/text/sentences';

const split = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits at full stops followed by a capital', () => {
    assert.deepStrictEqual(split('The Meeting held six sittings. The Chairperson welcomed the participants.'), [
      'The Meeting held six sittings.', 'The Chairperson welcomed the participants.',
    ]);
  });

  it('does not break at No., Nos, Ms, Mr, e.g., i.e., para., initials or decimals', () => {
    const cases = [
      'Destination countries should ratify Convention No. 97 without delay.',
      'Secretary: Mr F. Muia (International Organisation of Employers (IOE)) attended.',
      'The Secretary-General of the Meeting was Ms M. Tomei, Director.',
      'It has the tools (e.g. International labour standards) and the expertise.',
      'The group (i.e. Workers) agreed.',
      'As noted in para. 3 of the paper, migration grew by 3.1 per cent.',
      'Conventions Nos. 97 and 143 were cited.',
    ];
    for (const c of cases) assert.deepStrictEqual(split(c), [c]);
  });

  it('breaks after a closing quote and keeps the quote with its sentence', () => {
    assert.deepStrictEqual(split('It was “closing borders.” The Director-General agreed.'), ['It was “closing borders.”', 'The Director-General agreed.']);
  });

  it('keeps offsets into the original text', () => {
    const t = '  First one. Second one.';
    const spans = splitSentences(t);
    assert.deepStrictEqual(spans, [{ start: 2, end: 12 }, { start: 13, end: 24 }]);
  });
});

describe('collapseSpace', () => {
  it('collapses runs of white space and trims, as the sentence cache key', () => {
    const cases = ['', ' ', 'One two.', ' One two.', 'One two. ', 'One  two.', 'One\ttwo.', 'One\ntwo.', 'One\u00a0two.', 'One\u2009two.', 'One\u3000 two.', '\ufeffOne', 'a \u1680 b', 'x\u2028y', 'x\u0085y'];
    for (const c of cases) assert.strictEqual(collapseSpace(c), c.replace(/\s+/g, ' ').trim(), JSON.stringify(c));
  });

  it('returns a sentence already in that form as it is', () => {
    const s = 'The Meeting held six sittings.';
    assert.strictEqual(collapseSpace(s), s);
  });
});
