/**
 * Which draft sentences carry a factual claim. Headings never reach here; enumerator-only
 * lines, questions, pure procedure (`Adopts the following conclusions:`) and exhortation
 * without content (`The Office should:`, `The Meeting may wish to consider the following
 * points.`) are not claims. A sentence with any content word beyond procedure, or a figure, is.
 */
import { Token, tokenize } from '../text/terms';
import { HEDGE_STEMS, PROCEDURAL_STEMS, REPORTING_STEMS } from './lexicon';

/** `tokens`, when given, gives the tokens of `sentence` (a caller that has read them already). */
export function isClaim(sentence: string, tokens?: () => Token[]): boolean {
  const text = sentence.trim();
  if (text.length < 8) return false;
  if (/\?["”’)]*$/.test(text)) return false;
  tokens = text === sentence && tokens ? tokens : () => tokenize(text);
  return isClaimText(text, tokens());
}

function isClaimText(text: string, tokens: Token[]): boolean {
  const words = tokens.filter((t) => t.kind !== 'number' || !/^\d{1,2}$/.test(t.folded));
  if (words.length < 3) return false;
  const substantive = tokens.filter(
    (t) => !t.stop && (t.kind !== 'word' || (!PROCEDURAL_STEMS.has(t.term) && !REPORTING_STEMS.has(t.term) && !HEDGE_STEMS.has(t.term))),
  );
  if (substantive.length === 0) return false;
  // a lead-in to a list ("With a view to increasing protection, the Office should:")
  if (/:\s*$/.test(text) && substantive.length <= 3) return false;
  return true;
}
