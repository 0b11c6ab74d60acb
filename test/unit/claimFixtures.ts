import { Corpus } from '../../server/src/core/corpus/corpus';
import { MemorySourceStore } from '../../server/src/core/corpus/sourceStore';
import { seed, SEEDS } from './corpusFixtures';

let bundled: Promise<Corpus> | undefined;
/** The bundled corpus, loaded once for the claim tests. */
export function bundledCorpus(): Promise<Corpus> {
  if (!bundled) {
    const files = new Map<string, string>();
    for (const name of Object.values(SEEDS)) files.set(`/corpus/${name}`, seed(name).original);
    bundled = Corpus.load(['/corpus'], new MemorySourceStore(files));
  }
  return bundled;
}
