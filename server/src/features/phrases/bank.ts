/**
 * The session's phrase bank: built from the loaded corpus and the instrument registry's
 * citations, rebuilt when the corpus changes, reusing the words of unchanged documents.
 */
import { loadShippedRegistry } from '../../core/instruments/registry';
import { PhraseBank, ReferencePhrase } from '../../core/phrases/phraseBank';
import { Session } from '../../session';

const previous = new WeakMap<Session, PhraseBank>();
let registryPhrases: ReferencePhrase[] | undefined;

export function phraseBankFor(session: Session): PhraseBank {
  return session.derive('phrase-bank', (corpus) => {
    const bank = PhraseBank.build(corpus.documents, instrumentPhrases(), previous.get(session));
    previous.set(session, bank);
    return bank;
  });
}

/** Official citations and other names of instruments, so a title being typed completes to its citation. */
function instrumentPhrases(): ReferencePhrase[] {
  if (!registryPhrases) {
    const out: ReferencePhrase[] = [];
    for (const e of loadShippedRegistry().all()) {
      const origin = `Instrument registry (${e.id})`;
      out.push({ text: e.citation, origin });
      for (const alias of e.aliases) out.push({ text: alias, origin });
    }
    registryPhrases = out;
  }
  return registryPhrases;
}
