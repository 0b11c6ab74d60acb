/**
 * The CLI's findings as a SARIF 2.1.0 log, for CI systems and code-scanning views. One run,
 * one rule per diagnostic code; related source passages become related locations.
 */
import type * as Sarif from 'sarif';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { FileReport, sortDiagnostics } from './report';

const RULES: Record<string, string> = {
  'unsupported-claim': 'A factual sentence that no source passage supports.',
  'number-mismatch': 'A figure that differs from the one the closest source passage gives.',
  'date-mismatch': 'A date or year that differs from the source.',
  'instrument-mismatch': 'A citation whose title, year or number contradicts the instrument registry or the source.',
  'unknown-instrument': 'A Convention, Recommendation or Protocol number that does not exist.',
  'attribution-mismatch': 'A statement attributed to a different speaker than in the source.',
  'negation-mismatch': 'A statement whose negation or stance is the opposite of the source.',
  'undefined-abbreviation': 'An abbreviation used before it is spelled out.',
};

const LEVEL: Record<string, Sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(reports: FileReport[], version: string, cwd = process.cwd()): Sarif.Log {
  const artifactUri = (file: string) => {
    const rel = path.relative(cwd, path.resolve(cwd, file));
    return rel.startsWith('..') || path.isAbsolute(rel) ? pathToFileURL(path.resolve(cwd, file)).href : rel.split(path.sep).join('/');
  };
  const results: Sarif.Result[] = [];
  for (const r of reports) {
    for (const d of sortDiagnostics(r.diagnostics)) {
      results.push({
        ruleId: d.code,
        ruleIndex: Object.keys(RULES).indexOf(d.code),
        level: LEVEL[d.severity] ?? 'warning',
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(r.file), uriBaseId: '%SRCROOT%' }, region: region(d.range) } }],
        relatedLocations: d.relatedInformation.map((ri, id) => ({
          id,
          message: { text: ri.message },
          physicalLocation: { artifactLocation: { uri: ri.location.uri }, region: region(ri.location.range) },
        })),
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'Groundwork', version, informationUri: 'https://www.npmjs.com/package/groundwork',
          rules: Object.entries(RULES).map(([id, text]) => ({ id, shortDescription: { text } })),
        },
      },
      columnKind: 'utf16CodeUnits',
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
      results,
      properties: { coverage: Object.fromEntries(reports.filter((r) => r.coverage).map((r) => [artifactUri(r.file), r.coverage])) },
    }],
  };
}

type LspRange = FileReport['diagnostics'][number]['range'];

/** LSP ranges are 0-based and end-exclusive; SARIF regions are 1-based. */
function region(r: LspRange): Sarif.Region {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}
