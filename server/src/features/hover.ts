/**
 * Hover on a draft sentence: the closest source passages, each with its document, paragraph
 * number and a link that opens the exact line.
 */
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Corpus } from '../core/corpus/corpus';
import { passageLabel } from '../core/corpus/document';
import { findEvidence, markMatches } from '../core/claims/evidence';
import { segmentDraft, sentenceAt } from '../core/draft/draftModel';
import { draftRange, passageLink } from '../positions';

export function sentenceHover(doc: TextDocument, position: Position, corpus: Corpus): Hover | null {
  const offset = doc.offsetAt(position);
  const sentence = sentenceAt(segmentDraft(doc.getText()), offset);
  if (!sentence || sentence.kind === 'heading') return null;
  const evidence = findEvidence(corpus, sentence.text, 3);
  if (evidence.length === 0) return null;
  const lines = ['**Closest sources**', ''];
  for (const e of evidence) {
    const quote = markMatches(e, (s) => `**${s}**`).replace(/\s+/g, ' ');
    lines.push(`- [${escape(passageLabel(e.passage))}](${passageLink(e.passage, e.sentence.start, e.sentence.end)}) · ${escape(e.passage.doc.name)}`);
    lines.push(`  > ${quote}`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: draftRange(doc, sentence.start, sentence.end) };
}

function escape(s: string): string {
  return s.replace(/([\\`*_{}\[\]<>|])/g, '\\$1');
}
