/**
 * Quick fixes for instrument and abbreviation diagnostics: rewrite a wrong citation as the
 * registry has it; spell an abbreviation out at its first use.
 */
import { CodeAction, CodeActionKind, CodeActionParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Session } from '../../session';
import { InstrumentFixData } from './diagnostics';

const CODES = new Set(['instrument-mismatch', 'unknown-instrument', 'undefined-abbreviation']);

export function instrumentCodeActions(doc: TextDocument, params: CodeActionParams, session: Session): CodeAction[] {
  void session;
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== 'groundwork' || !CODES.has(String(d.code))) continue;
    const fix = (d.data as InstrumentFixData | undefined)?.groundworkFix;
    if (!fix) continue;
    out.push({
      title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true,
      edit: { changes: { [doc.uri]: fix.edits } },
    });
  }
  return out;
}
