/**
 * Code action: renumber the enumerated list (or the numbered paragraphs) at the cursor after
 * an item was inserted or removed. Offered only where the numbering is off.
 */
import { CodeAction, CodeActionKind, CodeActionParams, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { listAt, renumberEdits } from '../../core/phrases/enumerators';
import { draftRange } from '../../positions';
import { Session } from '../../session';

export function renumberCodeActions(doc: TextDocument, params: CodeActionParams, session: Session): CodeAction[] {
  void session;
  const text = doc.getText();
  for (let line = params.range.start.line; line <= params.range.end.line; line++) {
    const list = listAt(text, line);
    if (!list) continue;
    const edits = renumberEdits(list);
    if (edits.length === 0) return [];
    const title = list.kind === 'items' ? `Renumber list items (${edits.length} to change)` : `Renumber paragraphs (${edits.length} to change)`;
    return [{
      title,
      kind: CodeActionKind.RefactorRewrite,
      edit: { changes: { [doc.uri]: edits.map((e) => TextEdit.replace(draftRange(doc, e.start, e.end), e.newText)) } },
    }];
  }
  return [];
}
