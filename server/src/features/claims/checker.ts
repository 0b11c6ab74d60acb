/**
 * The session's claim checker: one per loaded corpus, registry and thresholds, so its sentence
 * cache is dropped when any of them changes; it reads instruments and abbreviations with the
 * instrument knowledge of the same corpus.
 */
import { ClaimChecker, DEFAULT_CHECKER_OPTIONS } from '../../core/claims/claimChecker';
import { abbreviationExpander, instrumentReader } from '../../core/claims/instrumentFacts';
import { Session } from '../../session';
import { instrumentIndex } from '../instruments/instrumentIndex';

export function claimChecker(session: Session): ClaimChecker {
  const { supportThreshold, relatedThreshold } = session.settings.checker;
  const index = instrumentIndex(session);
  const key = `claimChecker:${supportThreshold}:${relatedThreshold}:${JSON.stringify(session.settings.registry.paths)}`;
  return session.derive(key, (corpus) =>
    new ClaimChecker(corpus, { ...DEFAULT_CHECKER_OPTIONS, supportThreshold, relatedThreshold }, instrumentReader(index), abbreviationExpander(index)));
}
