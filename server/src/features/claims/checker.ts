/**
 * The session's claim checker: one per loaded corpus, registry and thresholds, so its sentence
 * cache is dropped when any of them changes; it reads instruments and abbreviations with the
 * instrument knowledge of the same corpus.
 */
import { ClaimChecker, DEFAULT_CHECKER_OPTIONS } from '../../core/claims/claimChecker';
import { abbreviationExpander, instrumentReader } from '../../core/claims/instrumentFacts';
import { Session } from '../../session';
import { instrumentIndexIfReady, registryOnlyIndex } from '../instruments/instrumentIndex';

/**
 * The checker with the complete instrument index when it is ready; until then, one that reads
 * instruments and abbreviations with the registry alone, so that the first hover after a start does not wait seconds for every source to be
 * read. That checker is dropped for the complete one as soon as the index is ready: its answers
 * are then never reused. Diagnostics wait for the complete index (`instrumentIndexReady`).
 */
export function claimChecker(session: Session): ClaimChecker {
  const { supportThreshold, relatedThreshold } = session.settings.checker;
  const index = instrumentIndexIfReady(session);
  const key = `claimChecker:${supportThreshold}:${relatedThreshold}:${JSON.stringify(session.settings.registry.paths)}:${index ? 'index' : 'registry'}`;
  return session.derive(key, (corpus) => {
    const knowledge = index ?? registryOnlyIndex(session);
    return new ClaimChecker(corpus, { ...DEFAULT_CHECKER_OPTIONS, supportThreshold, relatedThreshold }, instrumentReader(knowledge), abbreviationExpander(knowledge));
  });
}
