/**
 * Editions of one source: years of reports repeat a paragraph edition after edition under one
 * symbol (or title), and evidence that names the same sentence three times tells the drafter
 * less than the next passage does. Findings and the closest sources of a hover show each
 * statement once.
 */
import { SourceDocument, sourceName } from '../corpus/document';

/** Share of their content words two sentences of one source have in common for one to be a version of the other. */
const SAME_STATEMENT = 0.8;

/**
 * Whether two sentences (given by their documents and content words, read only if the
 * documents are editions of one source) say the same in two editions of one source: documents
 * of the same symbol, title or file name, and most words shared. Within one document two
 * sentences are two places, however alike; so are two sources' sentences.
 */
export function sameStatement<W>(docA: SourceDocument, wordsA: () => Iterable<W>, docB: SourceDocument, wordsB: () => Iterable<W>): boolean {
  if (docA === docB || sourceName(docA) !== sourceName(docB)) return false;
  const a = new Set(wordsA());
  const b = new Set(wordsB());
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared >= SAME_STATEMENT * Math.max(a.size, b.size);
}
