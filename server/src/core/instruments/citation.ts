/**
 * Renders instrument citations the way ILO texts write them: `Title, YEAR (No. N)` for a
 * Convention or Recommendation. A Protocol's official title already carries both years
 * (`Protocol of 2014 to the Forced Labour Convention, 1930`), and non-ILO instruments are
 * cited by their title alone.
 */

export interface CitableInstrument {
  type: string;
  number?: number;
  title: string;
  year?: number;
  /** True for ILO Conventions, Recommendations and Protocols (numbered by the ILO). */
  ilo: boolean;
}

export function renderCitation(i: CitableInstrument): string {
  if (!i.ilo || i.type === 'Protocol') return i.title;
  const year = i.year !== undefined ? `, ${i.year}` : '';
  const number = i.number !== undefined ? ` (No. ${i.number})` : '';
  return `${i.title}${year}${number}`;
}

/** `C097`, `R086`, `P029`: the canonical id of an ILO instrument. */
export function iloId(type: string, number: number): string {
  const letter = type === 'Recommendation' ? 'R' : type === 'Protocol' ? 'P' : 'C';
  return `${letter}${String(number).padStart(3, '0')}`;
}

/** `Convention No. 97`: how a draft refers to an instrument by number only. */
export function shortReference(type: string, number: number): string {
  return `${type} No. ${number}`;
}
