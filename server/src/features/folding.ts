/**
 * Folding ranges for a draft: heading sections, multi-line paragraphs (with their enumerated
 * items) and runs of enumerated items.
 */
import { FoldingRange } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { draftOutline } from './draftStructure';

export function foldingRanges(doc: TextDocument): FoldingRange[] {
  return draftOutline(doc).folds.map((f) => ({ startLine: f.startLine, endLine: f.endLine }));
}
