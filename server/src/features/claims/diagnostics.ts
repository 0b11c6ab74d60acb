/**
 * Claim findings as diagnostics: on the flagged sentence, with the evidence passages as
 * related information in the original source files, and what the quick fixes need in `data`.
 */
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { passageLabel } from '../../core/corpus/document';
import { ClaimFinding } from '../../core/claims/claimChecker';
import { checkDraft, conflictRange, DraftCheck } from '../../core/claims/draftCheck';
import { DraftSegmenter, DraftSentence } from '../../core/draft/draftModel';
import { draftRange, passageLocation } from '../../positions';
import { Session } from '../../session';
import { groundworkDiagnostic } from '../diagnostics';
import { claimChecker } from './checker';

/**
 * What the quick fixes need that the draft does not say. The evidence is not here: every
 * diagnostic is sent again after each edit, and the fixes find it in the checker's cache.
 */
export interface ClaimDiagnosticData {
  kind: 'claim';
  /** The draft value to replace and the source's value, for a mismatch. */
  replace?: { start: number; end: number; sourceValue: string };
  sentence: { start: number; end: number };
}

/** The best evidence of a finding: its label and sentence, for "cite" and "use the source wording". */
export interface BestEvidence {
  label: string;
  sentence: string;
  uri: string;
  range: ReturnType<typeof passageLocation>['range'];
}

/**
 * Time one pass over a draft may take before other requests get their turn; a larger draft
 * is checked further in the passes that follow (sentences already checked are cached).
 */
const CHECK_BUDGET_MS = 400;

const segmented = new Map<string, { version: number; sentences: DraftSentence[] }>();
const segmenter = new DraftSegmenter();

/** The draft's sentences, segmented once per version (a large draft is checked in several passes). */
export function sentencesOf(doc: TextDocument): DraftSentence[] {
  const cached = segmented.get(doc.uri);
  if (cached?.version === doc.version) return cached.sentences;
  const sentences = segmenter.segment(doc.getText());
  segmented.set(doc.uri, { version: doc.version, sentences });
  return sentences;
}

export function forgetSentences(uri: string): void {
  segmented.delete(uri);
}

export function claimsOf(doc: TextDocument, session: Session, budgetMs = Infinity): DraftCheck {
  return checkDraft(doc.getText(), claimChecker(session), sentencesOf(doc), budgetMs);
}

export function claimDiagnostics(doc: TextDocument, session: Session): Diagnostic[] {
  const out: Diagnostic[] = [];
  const claims = claimsOf(doc, session, CHECK_BUDGET_MS);
  if (claims.stoppedAt) {
    const s = claims.stoppedAt;
    out.push({
      range: draftRange(doc, s.start, s.end), severity: DiagnosticSeverity.Information, source: 'groundwork', code: 'check-incomplete',
      message: 'Groundwork has checked the draft up to here so far; it goes on checking the rest.',
      data: { resume: true },
    });
  }
  for (const claim of claims) {
    const { finding, sentence } = claim;
    if (finding.verdict === 'supported') continue;
    if (!finding.code) {
      // a sentence the checker declined (too long): say so rather than pass it silently
      out.push({ range: draftRange(doc, sentence.start, sentence.end), severity: DiagnosticSeverity.Information, source: 'groundwork', code: 'check-incomplete', message: finding.message });
      continue;
    }
    const { related } = sourcesOf(finding);
    const conflict = conflictRange(claim);
    const data: ClaimDiagnosticData = {
      kind: 'claim',
      sentence: { start: sentence.start, end: sentence.end },
      replace: conflict && finding.conflict?.sourceValue && finding.verdict === 'mismatch' && !/^no /.test(finding.conflict.sourceValue)
        ? { ...conflict, sourceValue: finding.conflict.sourceValue } : undefined,
    };
    const d = groundworkDiagnostic(session, finding.code, draftRange(doc, sentence.start, sentence.end), finding.message, related, data);
    if (d) out.push(d);
  }
  return out;
}

/**
 * The best evidence for a draft sentence, for the quick fixes: the finding is the checker's
 * (cached since the diagnostics pass), so is the evidence once located.
 */
export function bestEvidence(sentence: string, session: Session): BestEvidence | undefined {
  const finding = claimChecker(session).check(sentence);
  return finding ? sourcesOf(finding).evidence : undefined;
}

/**
 * A finding's evidence as related information and as the quick fixes read it. The checker keeps
 * one finding per sentence, so every recheck of a draft after an edit finds these ready for all
 * its unchanged sentences instead of locating each passage in its source file again.
 */
const sourcesByFinding = new WeakMap<ClaimFinding, { related: DiagnosticRelatedInformation[]; evidence: BestEvidence | undefined }>();

function sourcesOf(finding: ClaimFinding): { related: DiagnosticRelatedInformation[]; evidence: BestEvidence | undefined } {
  let sources = sourcesByFinding.get(finding);
  if (sources) return sources;
  const related = finding.evidence.map((e) => ({
    location: passageLocation(e.passage, e.span.start, e.span.end),
    message: `${passageLabel(e.passage)}: ${e.passage.text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ')}`,
  }));
  const best = finding.evidence[0];
  const evidence = best ? {
    label: passageLabel(best.passage), sentence: best.passage.text.slice(best.span.start, best.span.end),
    ...(({ uri, range }) => ({ uri, range }))(passageLocation(best.passage, best.span.start, best.span.end)),
  } : undefined;
  sourcesByFinding.set(finding, (sources = { related, evidence }));
  return sources;
}
