/**
 * Instrument and abbreviation diagnostics for a draft: the core's findings as LSP
 * diagnostics, each carrying its quick fix (as LSP edits) in `data`.
 */
import { Diagnostic, DiagnosticRelatedInformation, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Passage } from '../../core/corpus/document';
import { checkDraft, InstrumentFinding } from '../../core/instruments/draftChecks';
import { draftRange, passageLocation } from '../../positions';
import { Session } from '../../session';
import { groundworkDiagnostic } from '../diagnostics';
import { instrumentIndex } from './instrumentIndex';

export interface InstrumentFixData {
  groundworkFix: { title: string; edits: TextEdit[] };
}

export function instrumentDiagnostics(doc: TextDocument, session: Session): Diagnostic[] {
  const index = instrumentIndex(session);
  const out: Diagnostic[] = [];
  for (const f of checkDraft(doc.getText(), index)) {
    const d = groundworkDiagnostic(session, f.code, draftRange(doc, f.start, f.end), f.message, related(f), fixData(doc, f));
    if (d) out.push(d);
  }
  return out;
}

/**
 * The evidence of a finding as related information, made once per source span: every edit
 * publishes the draft's diagnostics again, with the same evidence (at ×500 they were a tenth
 * of what a recheck allocated).
 */
const relatedBySpan = new WeakMap<Passage, Map<string, DiagnosticRelatedInformation>>();

function related(f: InstrumentFinding): DiagnosticRelatedInformation[] {
  return f.evidence.map((e) => {
    let mine = relatedBySpan.get(e.passage);
    if (!mine) relatedBySpan.set(e.passage, (mine = new Map()));
    const key = `${e.start} ${e.end} ${e.sentence.start} ${e.sentence.end}`;
    let info = mine.get(key);
    if (!info) {
      info = {
        location: passageLocation(e.passage, e.start, e.end),
        message: `${e.doc.symbol ?? e.doc.title}: ${e.passage.text.slice(e.sentence.start, e.sentence.end).replace(/\s+/g, ' ').trim()}`,
      };
      mine.set(key, info);
    }
    return info;
  });
}

function fixData(doc: TextDocument, f: InstrumentFinding): InstrumentFixData | undefined {
  if (!f.fix) return undefined;
  return { groundworkFix: { title: f.fix.title, edits: f.fix.edits.map((e) => ({ range: draftRange(doc, e.start, e.end), newText: e.newText })) } };
}
