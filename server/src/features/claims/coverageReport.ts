/**
 * The coverage view of a draft (`Groundwork: Check draft`): how many claims are supported,
 * mismatched and unsupported, and each claim with its verdict and range, to jump to.
 */
import { Location, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sentenceAt } from '../../core/draft/draftModel';
import { Coverage, coverageOf } from '../../core/claims/draftCheck';
import { draftRange, passageLocation } from '../../positions';
import { Session } from '../../session';
import { claimChecker } from './checker';
import { claimsOf, sentencesOf } from './diagnostics';

export interface CoverageReport extends Coverage {
  uri: string;
  items: { range: Range; verdict: string; code?: string; message: string; text: string }[];
}

export function coverageReport(doc: TextDocument, session: Session): CoverageReport {
  const claims = claimsOf(doc, session);
  return {
    uri: doc.uri,
    ...coverageOf(claims),
    items: claims.map(({ sentence, finding }) => ({
      range: draftRange(doc, sentence.start, sentence.end), verdict: finding.verdict, code: finding.code, message: finding.message,
      text: sentence.text.replace(/\s+/g, ' '),
    })),
  };
}

/** The source passages behind the sentence at a position, best first. */
export function sourcesAt(doc: TextDocument, offset: number, session: Session): Location[] {
  const sentence = sentenceAt(sentencesOf(doc), offset);
  if (!sentence || sentence.kind !== 'sentence') return [];
  const finding = claimChecker(session).check(sentence.text);
  if (finding) return finding.evidence.map((e) => passageLocation(e.passage, e.span.start, e.span.end));
  return [];
}
