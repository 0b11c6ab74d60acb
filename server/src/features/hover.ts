/**
 * Hover on a draft sentence: the closest source passages, each with its document, paragraph
 * number and a link that opens the exact line.
 */
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ClaimChecker, ClaimFinding } from '../core/claims/claimChecker';
import { Evidence, findEvidence, markMatches } from '../core/claims/evidence';
import { LruCache } from '../core/lruCache';
import { passageLabel } from '../core/corpus/document';
import { sentenceAt } from '../core/draft/draftModel';
import { draftRange, passageLink } from '../positions';
import { Session } from '../session';
import { claimChecker } from './claims/checker';
import { sentencesOf } from './claims/diagnostics';
import { instrumentHover } from './instruments/hover';

export function sentenceHover(doc: TextDocument, position: Position, session: Session): Hover | null {
  const offset = doc.offsetAt(position);
  const sentence = sentenceAt(sentencesOf(doc), offset);
  if (!sentence || sentence.kind === 'heading') return null;
  // the diagnostics pass has checked the sentence already, so this is a look-up in the checker's cache
  const checker = claimChecker(session);
  const finding = checker.check(sentence.text);
  const range = draftRange(doc, sentence.start, sentence.end);
  if (finding && finding.evidence.length) return { contents: { kind: MarkupKind.Markdown, value: claimMarkdown(sentence.text, finding) }, range };
  const evidence = closestSources(checker, session, sentence.text);
  if (evidence.length === 0) return null;
  const lines = ['**Closest sources**', ''];
  for (const e of evidence) {
    const quote = markMatches(e, (s) => `**${s}**`).replace(/\s+/g, ' ');
    lines.push(`- [${escape(passageLabel(e.passage))}](${passageLink(e.passage, e.sentence.start, e.sentence.end)}) · ${escape(e.passage.doc.name)}`);
    lines.push(`  > ${quote}`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range };
}

/**
 * The closest sources of sentences that carry no claim, kept as long as the checker is (one
 * corpus version and settings), since hovering over the same sentence again is the rule.
 */
const closestByChecker = new WeakMap<ClaimChecker, LruCache<string, Evidence[]>>();

function closestSources(checker: ClaimChecker, session: Session, text: string): Evidence[] {
  let cache = closestByChecker.get(checker);
  if (!cache) closestByChecker.set(checker, (cache = new LruCache(200)));
  let evidence = cache.get(text);
  if (!evidence) cache.set(text, (evidence = findEvidence(session.corpus, text, 3)));
  return evidence;
}

const VERDICT_TITLE: Record<string, string> = {
  'unsupported-claim': 'Not supported by the sources',
  'number-mismatch': 'Number mismatch',
  'date-mismatch': 'Date mismatch',
  'instrument-mismatch': 'Instrument mismatch',
  'attribution-mismatch': 'Attribution mismatch',
  'negation-mismatch': 'Negation mismatch',
};

/** The verdict, then the draft and its best source side by side with the shared words marked. */
export function claimMarkdown(text: string, finding: ClaimFinding): string {
  const [best, ...others] = finding.evidence;
  const title = finding.verdict === 'supported' ? 'Supported' : VERDICT_TITLE[finding.code ?? 'unsupported-claim'];
  const lines = [`**Groundwork: ${title}** · ${Math.round(finding.coverage * 100)}% of the claim found in the source`, ''];
  if (finding.verdict !== 'supported') lines.push(escape(finding.message), '');
  const sourceWords = new Set(best.matched.map((m) => best.passage.text.slice(m.start, m.end).toLowerCase()));
  const draft = markWords(text, (w) => sourceWords.has(w.toLowerCase()));
  const source = markSpans(best.passage.text, best.span, best.matched);
  lines.push('**Closest sources**', '', '| Draft | Source |', '| --- | --- |', `| ${cell(draft)} | ${cell(source)} |`, '');
  lines.push(`[${escape(passageLabel(best.passage))}](${passageLink(best.passage, best.span.start, best.span.end)}) · ${escape(best.passage.doc.name)}`);
  for (const e of others) {
    lines.push('', `Also: [${escape(passageLabel(e.passage))}](${passageLink(e.passage, e.span.start, e.span.end)}) — ${escape(trim(e.passage.text.slice(e.span.start, e.span.end)))}`);
  }
  return lines.join('\n');
}

function markWords(text: string, shared: (w: string) => boolean): string {
  return text.replace(/[\p{L}\p{N}][\p{L}\p{N}’'.\/-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu, (w) => (shared(w) ? `**${w}**` : escape(w)));
}

function markSpans(text: string, span: { start: number; end: number }, matched: { start: number; end: number }[]): string {
  let out = '';
  let at = span.start;
  for (const m of matched) {
    out += escape(text.slice(at, m.start)) + `**${escape(text.slice(m.start, m.end))}**`;
    at = m.end;
  }
  return out + escape(text.slice(at, span.end));
}

const cell = (s: string) => s.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
const trim = (s: string) => (s.length > 160 ? s.slice(0, 159).replace(/\s+\S*$/, '') + '…' : s).replace(/\s+/g, ' ');

function escape(s: string): string {
  return s.replace(/([\\`*_{}\[\]<>|])/g, '\\$1');
}

/**
 * The hover at a position: an instrument, abbreviation or document symbol under the cursor
 * says more than the sentence around it, so it comes first.
 */
export function hoverAt(doc: TextDocument, position: Position, session: Session): Hover | null {
  return instrumentHover(doc, position, session) ?? sentenceHover(doc, position, session);
}
