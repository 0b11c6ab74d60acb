/**
 * Claim findings as diagnostics: on the flagged sentence, with the evidence passages as
 * related information in the original source files, and what the quick fixes need in `data`.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { passageLabel } from '../../core/corpus/document';
import { checkDraft, conflictRange, DraftCheck } from '../../core/claims/draftCheck';
import { draftRange, passageLocation } from '../../positions';
import { Session } from '../../session';
import { groundworkDiagnostic } from '../diagnostics';
import { claimChecker } from './checker';

export interface ClaimDiagnosticData {
  kind: 'claim';
  /** The draft value to replace and the source's value, for a mismatch. */
  replace?: { start: number; end: number; sourceValue: string };
  /** The best evidence: its label and sentence, for "cite" and "use the source wording". */
  evidence?: { label: string; sentence: string; uri: string; range: ReturnType<typeof passageLocation>['range'] };
  sentence: { start: number; end: number };
}

/** Time one check of a draft may take; a larger draft is checked further at each edit. */
const CHECK_BUDGET_MS = 2500;

export function claimsOf(doc: TextDocument, session: Session, budgetMs = Infinity): DraftCheck {
  return checkDraft(doc.getText(), claimChecker(session), undefined, budgetMs);
}

export function claimDiagnostics(doc: TextDocument, session: Session): Diagnostic[] {
  const out: Diagnostic[] = [];
  const claims = claimsOf(doc, session, CHECK_BUDGET_MS);
  if (claims.stoppedAt) {
    const s = claims.stoppedAt;
    out.push({
      range: draftRange(doc, s.start, s.end), severity: DiagnosticSeverity.Information, source: 'groundwork', code: 'check-incomplete',
      message: `Groundwork checked the draft up to here within its time limit; the rest is checked on the next edits.`,
    });
  }
  for (const claim of claims) {
    const { finding, sentence } = claim;
    if (finding.verdict === 'supported' || !finding.code) continue;
    const related = finding.evidence.map((e) => ({
      location: passageLocation(e.passage, e.span.start, e.span.end),
      message: `${passageLabel(e.passage)}: ${e.passage.text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ')}`,
    }));
    const best = finding.evidence[0];
    const conflict = conflictRange(claim);
    const data: ClaimDiagnosticData = {
      kind: 'claim',
      sentence: { start: sentence.start, end: sentence.end },
      replace: conflict && finding.conflict?.sourceValue && finding.verdict === 'mismatch' && !/^no /.test(finding.conflict.sourceValue)
        ? { ...conflict, sourceValue: finding.conflict.sourceValue } : undefined,
      evidence: best ? {
        label: passageLabel(best.passage), sentence: best.passage.text.slice(best.span.start, best.span.end),
        ...(({ uri, range }) => ({ uri, range }))(passageLocation(best.passage, best.span.start, best.span.end)),
      } : undefined,
    };
    const d = groundworkDiagnostic(session, finding.code, draftRange(doc, sentence.start, sentence.end), finding.message, related, data);
    if (d) out.push(d);
  }
  return out;
}
