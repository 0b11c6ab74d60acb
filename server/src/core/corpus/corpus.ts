/**
 * The loaded corpus: documents, their passages, the passage index and what could not be
 * loaded. Loading yields between files so a server stays responsive while it indexes.
 */
import { buildDocument, Passage, SourceDocument } from './document';
import { decodeSource } from './sourceDecoding';
import { describe, LoadProblem, SourceFile, SourceStore } from './sourceStore';
import { PassageIndex, ScoredId } from '../index/passageIndex';

export interface LoadOptions {
  maxFileBytes?: number;
  /** Called after each file with the number done and the total. */
  onProgress?: (done: number, total: number, file: string) => void;
  isCancelled?: () => boolean;
}

export interface ScoredPassage {
  passage: Passage;
  score: number;
}

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export class Corpus {
  readonly documents: SourceDocument[] = [];
  readonly passages: Passage[] = [];
  readonly problems: LoadProblem[] = [];
  readonly index = new PassageIndex();
  /** Bumped on every change, so caches keyed on it are invalidated. */
  version = 0;

  static async load(roots: string[], store: SourceStore, options: LoadOptions = {}): Promise<Corpus> {
    const corpus = new Corpus();
    const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const files: SourceFile[] = [];
    for (const root of roots) {
      const listed = await store.list(root);
      files.push(...listed.files);
      corpus.problems.push(...listed.problems);
    }
    let done = 0;
    for (const f of files) {
      if (options.isCancelled?.()) break;
      if (f.size > maxBytes) {
        corpus.problems.push({ path: f.path, reason: `file is ${(f.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(1)} MB limit (groundwork.corpus.maxFileSizeMB)` });
      } else {
        let bytes: Uint8Array | undefined;
        try {
          bytes = await store.read(f.path);
        } catch (e) {
          corpus.problems.push({ path: f.path, reason: describe(e, 'file cannot be read') });
        }
        if (bytes) {
          const decoded = decodeSource(bytes);
          if (decoded.ok) corpus.addDocument(buildDocument(f.path, f.name, decoded.text));
          else corpus.problems.push({ path: f.path, reason: decoded.reason });
        }
      }
      done++;
      options.onProgress?.(done, files.length, f.name);
      if (done % 8 === 0) await new Promise((r) => setImmediate(r));
    }
    return corpus;
  }

  addDocument(doc: SourceDocument): void {
    this.removeDocument(doc.path);
    this.documents.push(doc);
    for (const p of doc.passages) {
      p.id = this.passages.length;
      this.passages.push(p);
      // headings are indexed so workspace/symbol finds sections, with their own text only
      this.index.add(p.id, p.text);
    }
    this.version++;
  }

  removeDocument(path: string): boolean {
    const i = this.documents.findIndex((d) => d.path === path);
    if (i < 0) return false;
    for (const p of this.documents[i].passages) this.index.remove(p.id);
    this.documents.splice(i, 1);
    this.version++;
    return true;
  }

  document(path: string): SourceDocument | undefined {
    return this.documents.find((d) => d.path === path);
  }

  search(query: string, k = 10, filter?: (p: Passage) => boolean): ScoredPassage[] {
    const hits: ScoredId[] = this.index.search(query, filter ? k * 4 : k);
    const out: ScoredPassage[] = [];
    for (const h of hits) {
      const passage = this.passages[h.id];
      if (filter && !filter(passage)) continue;
      out.push({ passage, score: h.score });
      if (out.length >= k) break;
    }
    return out;
  }

  get passageCount(): number {
    return this.index.size;
  }
}
