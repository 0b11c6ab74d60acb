/**
 * The session's claim checker: one per loaded corpus, so its sentence cache is dropped when
 * the corpus changes, with the instrument recogniser and the abbreviations of the sources.
 */
import { ClaimChecker, DEFAULT_CHECKER_OPTIONS } from '../../core/claims/claimChecker';
import { Session } from '../../session';

export function claimChecker(session: Session): ClaimChecker {
  const { supportThreshold, relatedThreshold } = session.settings.checker;
  return session.derive(`claimChecker:${supportThreshold}:${relatedThreshold}`, (corpus) =>
    new ClaimChecker(corpus, { ...DEFAULT_CHECKER_OPTIONS, supportThreshold, relatedThreshold }));
}
