import { readFileSync } from 'fs';
import * as path from 'path';
import { buildDocument, SourceDocument } from '../../server/src/core/corpus/document';

export const CORPUS_DIR = path.resolve(__dirname, '..', '..', '..', 'corpus');
export const SEEDS = {
  report2013: '2013-tripartite-meeting-labour-migration-report.txt',
  gb316: '2012-gb316-pol1-labour-migration.txt',
  sideEvent2015: '2015-ilc-side-event-protected-migrant-workers-summary.txt',
  talkingPoints: 'pandemic-interactive-dialogue-migrant-integration-talking-points.txt',
  slides: 'actrav-itcilo-course-ilo-migration-programme-slides.txt',
};

const cache = new Map<string, SourceDocument>();
export function seed(name: string): SourceDocument {
  let d = cache.get(name);
  if (!d) {
    const p = path.join(CORPUS_DIR, name);
    d = buildDocument(p, name, readFileSync(p, 'utf8'));
    cache.set(name, d);
  }
  return d;
}
