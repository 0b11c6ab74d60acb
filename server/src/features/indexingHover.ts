/**
 * Hover while a first load is still indexing the sources: no verdict can rest on a partial
 * corpus, so the hover says that the check waits for indexing, and shows the closest passages
 * among the sources indexed so far.
 */
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findEvidence, markMatches } from '../core/claims/evidence';
import { passageLabel } from '../core/corpus/document';
import { sentenceAt } from '../core/draft/draftModel';
import { draftRange, passageLink } from '../positions';
import { Session } from '../session';
import { sentencesOf } from './claims/diagnostics';

export function indexingHover(doc: TextDocument, position: Position, session: Session, progress: { done: number; total: number }): Hover | null {
  const sentence = sentenceAt(sentencesOf(doc), doc.offsetAt(position));
  if (!sentence || sentence.kind === 'heading') return null;
  const done = progress.total ? `${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} files` : 'starting';
  const lines = [`**Groundwork: indexing sources** (${done}) · this sentence is checked when indexing is done`];
  // the three best found so far, no more: a client asks again and again while a corpus loads,
  // and every search here delays the load it waits for
  const evidence = findEvidence(session.searchable(), sentence.text, 3, 3);
  if (evidence.length) {
    lines.push('', '**Closest passages so far**', '');
    for (const e of evidence) {
      lines.push(`- [${escape(passageLabel(e.passage))}](${passageLink(e.passage, e.sentence.start, e.sentence.end)}) · ${escape(e.passage.doc.name)}`);
      lines.push(`  > ${markMatches(e, (s) => `**${s}**`).replace(/\s+/g, ' ')}`);
    }
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: draftRange(doc, sentence.start, sentence.end) };
}

function escape(s: string): string {
  return s.replace(/([\\`*_{}\[\]<>|])/g, '\\$1');
}
