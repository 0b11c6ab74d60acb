/**
 * What the claim checker asks of the instrument knowledge: the instruments a text cites (so
 * `Conventions Nos 97, 143 and 181` is compared id by id) and what an abbreviation of the
 * sources stands for (so `the HLD` covers `the High-level Dialogue`).
 */
import { MentionIndex } from '../instruments/mentionIndex';
import { recogniseInstruments } from '../instruments/recogniser';
import { InstrumentReader } from './textFacts';

export function instrumentReader(index: MentionIndex): InstrumentReader {
  return (text) => recogniseInstruments(text, index.registry).flatMap((m) => (m.id ? [{ id: m.id, start: m.start, end: m.end, text: text.slice(m.start, m.end) }] : []));
}

export function abbreviationExpander(index: MentionIndex): (abbr: string) => string[] | undefined {
  return (abbr) => {
    const known = index.knownAbbreviation(abbr);
    const sense = known ? index.expansions(known)[0] : undefined;
    return sense ? sense.expansion.split(/[\s‐-]+/).filter(Boolean) : undefined;
  };
}
