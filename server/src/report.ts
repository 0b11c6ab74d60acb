/**
 * CLI reports: the stable JSON shape (one object per file) and the human-readable text.
 */
export interface ReportDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  source: 'groundwork';
  relatedInformation: { location: { uri: string; range: ReportDiagnostic['range'] }; message: string }[];
}

export interface SentenceReport {
  line: number;
  text: string;
  verdict: string;
  source?: { label: string; file: string; line: number; score: number; text: string };
}

export interface FileReport {
  file: string;
  diagnostics: ReportDiagnostic[];
  /** How many claims the sources support, contradict in a detail, or do not support. */
  coverage?: { claims: number; supported: number; mismatched: number; unsupported: number };
  /** Only printed in text mode with --verbose. */
  sentences?: SentenceReport[];
}

/** Findings in reading order: by line, then column. */
export function sortDiagnostics(diagnostics: ReportDiagnostic[]): ReportDiagnostic[] {
  return [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function toJsonReport(reports: FileReport[]): string {
  return JSON.stringify(reports.map((r) => ({ file: r.file, diagnostics: sortDiagnostics(r.diagnostics), coverage: r.coverage })), null, 2) + '\n';
}

export function toTextReport(reports: FileReport[], verbose: boolean): string {
  const out: string[] = [];
  for (const r of reports) {
    for (const d of sortDiagnostics(r.diagnostics)) {
      out.push(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
    }
    if (verbose) {
      for (const s of r.sentences ?? []) {
        out.push(`${r.file}:${s.line}: [${s.verdict}] ${s.text}`);
        if (s.source) out.push(`    best source: ${s.source.label} (${s.source.file}:${s.source.line}, coverage ${s.source.score})\n    > ${s.source.text.replace(/\s+/g, ' ')}`);
        else out.push('    no matching source passage');
      }
    }
    const n = r.diagnostics.length;
    const c = r.coverage;
    const summary = c ? ` · ${c.claims} claims: ${c.supported} supported, ${c.mismatched} mismatched, ${c.unsupported} unsupported` : '';
    out.push(`${r.file}: ${n === 0 ? 'no findings' : `${n} finding${n === 1 ? '' : 's'}`}${summary}`);
  }
  return out.join('\n') + '\n';
}
