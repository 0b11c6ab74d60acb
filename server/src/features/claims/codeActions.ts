/**
 * Quick fixes for a flagged claim: put the source's value in place of the draft's, cite the
 * supporting passage, take the source's wording, or open the passage beside the draft.
 */
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { draftRange } from '../../positions';
import { Session } from '../../session';
import { bestEvidence, ClaimDiagnosticData } from './diagnostics';

export const OPEN_SOURCE_COMMAND = 'groundwork.openSource';

export function claimCodeActions(doc: TextDocument, params: CodeActionParams, session: Session): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    const data = d.data as ClaimDiagnosticData | undefined;
    if (d.source !== 'groundwork' || data?.kind !== 'claim') continue;
    if (data.replace) {
      const current = doc.getText().slice(data.replace.start, data.replace.end);
      out.push(edit(doc, d, `Replace “${current}” with “${data.replace.sourceValue}” (as the source says)`,
        TextEdit.replace(draftRange(doc, data.replace.start, data.replace.end), data.replace.sourceValue), true));
    }
    const text = doc.getText();
    const evidence = bestEvidence(text.slice(data.sentence.start, data.sentence.end), session);
    if (evidence) {
      const { label, sentence, uri, range } = evidence;
      if (!d.code || d.code !== 'unsupported-claim') {
        const end = data.sentence.end;
        const at = /[.;:!?]$/.test(text.slice(data.sentence.start, end)) ? end - 1 : end;
        out.push(edit(doc, d, `Cite the source: (${label})`, TextEdit.insert(doc.positionAt(at), ` (${label})`)));
      }
      out.push(edit(doc, d, 'Use the source’s wording for this sentence',
        TextEdit.replace(draftRange(doc, data.sentence.start, data.sentence.end), sentence.replace(/\s+/g, ' ')), false, CodeActionKind.RefactorRewrite));
      out.push({ title: `Show the source passage (${label})`, kind: CodeActionKind.Empty, diagnostics: [d], command: { title: 'Show source', command: OPEN_SOURCE_COMMAND, arguments: [uri, range] } });
    }
  }
  return out;
}

function edit(doc: TextDocument, d: Diagnostic, title: string, e: TextEdit, preferred = false, kind: string = CodeActionKind.QuickFix): CodeAction {
  return { title, kind, diagnostics: [d], isPreferred: preferred, edit: { changes: { [doc.uri]: [e] } } };
}
