/**
 * Diagnostics for a draft: every checker's findings in one list, published together. Each
 * checker is a function of the draft and the session; add a checker by listing it here.
 */
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Session } from '../session';

export type DiagnosticSource = (doc: TextDocument, session: Session) => Diagnostic[];

export function diagnosticsFor(doc: TextDocument, session: Session, checkers: DiagnosticSource[]): Diagnostic[] {
  return checkers.flatMap((check) => check(doc, session));
}

const LSP_SEVERITY: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * A Groundwork diagnostic with the severity the settings give its code, or undefined when
 * the user turned that code off.
 */
export function groundworkDiagnostic(
  session: Session, code: string, range: Range, message: string,
  relatedInformation: DiagnosticRelatedInformation[] = [], data?: unknown,
): Diagnostic | undefined {
  const sev = session.settings.diagnostics.severity[code] ?? 'warning';
  if (sev === 'off') return undefined;
  return { range, severity: LSP_SEVERITY[sev], code, source: 'groundwork', message, relatedInformation, data };
}
