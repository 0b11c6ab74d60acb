/**
 * Completion items for the structure of a conclusions text: the next enumerator of an action
 * list (`(iv)` after `(iii)`), the next paragraph number, and skeleton snippets.
 */
import { CompletionItem, CompletionItemKind, InsertTextFormat, Range } from 'vscode-languageserver';
import { DraftCursor } from '../../core/phrases/draftContext';
import { nextItemEnumerator, nextParagraphNumber } from '../../core/phrases/enumerators';
import { preambleClosedAbove } from '../../core/phrases/sections';
import { skeletonsAt } from '../../core/phrases/skeletons';

/** A line holding nothing yet but the start of an enumerator: ``, `(`, `(i`. */
const ENUMERATOR_START_RE = /^(\s*)(\(?[ivxlca-z]{0,6})$/i;

export function structureItems(text: string, cursor: DraftCursor, position: { line: number; character: number }): CompletionItem[] {
  const out: CompletionItem[] = [];
  const typed = ENUMERATOR_START_RE.exec(cursor.before);
  if (!typed) return out;
  const range: Range = { start: { line: position.line, character: typed[1].length }, end: position };
  const next = nextItemEnumerator(text, cursor.line);
  if (next && next.startsWith(typed[2])) {
    out.push({
      label: next, kind: CompletionItemKind.EnumMember, detail: 'next item of the list', filterText: next,
      textEdit: { range, newText: `${next} ` }, insertTextFormat: InsertTextFormat.PlainText,
    });
  }
  if (!typed[2].startsWith('(')) {
    const paragraph = nextParagraphNumber(text, cursor.line);
    for (const s of skeletonsAt(cursor.section, paragraph, preambleClosedAbove(text.slice(0, cursor.lineStart).split('\n'), cursor.line))) {
      out.push({
        label: s.label, kind: CompletionItemKind.Snippet, detail: s.description, filterText: s.filterText,
        textEdit: { range, newText: s.body }, insertTextFormat: InsertTextFormat.Snippet,
      });
    }
  }
  return out;
}
