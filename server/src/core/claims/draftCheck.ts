/**
 * A whole draft checked sentence by sentence: the findings with their offsets in the draft,
 * and the coverage summary (how many claims are supported, mismatched, unsupported). The
 * language server and the CLI both report from this.
 */
import { DraftSentence, segmentDraft } from '../draft/draftModel';
import { collapseSpace } from '../text/sentences';
import { ClaimChecker, ClaimFinding } from './claimChecker';

export interface DraftClaim {
  sentence: DraftSentence;
  finding: ClaimFinding;
}

export interface Coverage {
  claims: number;
  supported: number;
  mismatched: number;
  unsupported: number;
}

export interface DraftCheck extends Array<DraftClaim> {
  /** The first sentence left unchecked when the time budget ran out (a very large draft). */
  stoppedAt?: DraftSentence;
}

/**
 * Checks every sentence, or as many as fit in `budgetMs`: sentences checked before are
 * answered from the checker's cache, so each later run gets further through a huge draft.
 */
export function checkDraft(text: string, checker: ClaimChecker, sentences: DraftSentence[] = segmentDraft(text), budgetMs = Infinity): DraftCheck {
  const out: DraftCheck = [];
  const deadline = Date.now() + budgetMs;
  for (const sentence of sentences) {
    if (sentence.kind !== 'sentence') continue;
    if (Date.now() > deadline && !checker.isCached(sentence.text)) {
      out.stoppedAt = sentence;
      break;
    }
    const finding = checker.check(sentence.text);
    if (finding) out.push({ sentence, finding });
  }
  return out;
}

export function coverageOf(claims: DraftClaim[]): Coverage {
  const c: Coverage = { claims: claims.length, supported: 0, mismatched: 0, unsupported: 0 };
  for (const { finding } of claims) {
    if (finding.verdict === 'supported') c.supported++;
    else if (finding.verdict === 'mismatch') c.mismatched++;
    else c.unsupported++;
  }
  return c;
}

/** Where in the draft the changed value sits, when the finding names one. */
export function conflictRange(claim: DraftClaim): { start: number; end: number } | undefined {
  const c = claim.finding.conflict;
  if (!c || c.slot === 'missing' || c.claimValue === 'no negation') return undefined;
  // the checker reads the sentence with runs of white space collapsed; map back by search
  const raw = claim.sentence.text;
  const normalized = collapseSpace(raw);
  if (normalized === raw) return { start: claim.sentence.start + c.claimStart, end: claim.sentence.start + c.claimEnd };
  const at = raw.indexOf(c.claimValue);
  return at >= 0 ? { start: claim.sentence.start + at, end: claim.sentence.start + at + c.claimValue.length } : undefined;
}
