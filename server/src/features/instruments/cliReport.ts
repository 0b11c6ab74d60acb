/**
 * Instrument and abbreviation findings in the CLI's report shape (`groundwork check`), from
 * the same core checks as the editor's diagnostics.
 */
import { pathToFileURL } from 'url';
import { originalRange, passageLabel } from '../../core/corpus/document';
import { checkDraft } from '../../core/instruments/draftChecks';
import { MentionIndex } from '../../core/instruments/mentionIndex';
import { LineIndex } from '../../core/text/lineIndex';
import { ReportDiagnostic } from '../../report';
import { SeverityName } from '../../settings';

export function instrumentReportDiagnostics(text: string, lines: LineIndex, index: MentionIndex, severity: Record<string, SeverityName>): ReportDiagnostic[] {
  const out: ReportDiagnostic[] = [];
  for (const f of checkDraft(text, index)) {
    const sev = severity[f.code] ?? 'warning';
    if (sev === 'off') continue;
    out.push({
      range: { start: lines.positionAt(f.start), end: lines.positionAt(f.end) },
      severity: sev, code: f.code, message: f.message, source: 'groundwork',
      relatedInformation: f.evidence.map((e) => {
        const r = originalRange(e.passage, e.start, e.end);
        return {
          location: { uri: pathToFileURL(e.doc.path).href, range: { start: e.doc.lines.positionAt(r.start), end: e.doc.lines.positionAt(r.end) } },
          message: `${passageLabel(e.passage)}: ${e.passage.text.slice(e.sentence.start, e.sentence.end).replace(/\s+/g, ' ').trim()}`,
        };
      }),
    });
  }
  return out;
}
