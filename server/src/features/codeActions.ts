/**
 * Code actions for a draft: every provider's actions for the range and the diagnostics the
 * editor sends back. Edits reach a draft only through these, when the user applies them.
 */
import { CodeAction, CodeActionParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Session } from '../session';

export type CodeActionSource = (doc: TextDocument, params: CodeActionParams, session: Session) => CodeAction[];

export function codeActionsFor(doc: TextDocument, params: CodeActionParams, session: Session, providers: CodeActionSource[]): CodeAction[] {
  return providers.flatMap((provide) => provide(doc, params, session));
}
