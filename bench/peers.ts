/**
 * Full-text engines measured beside Groundwork's own index on the same passages and queries.
 * To add a peer: implement `SearchEngine` and list it in `PEERS`.
 */
import FlexSearch = require('flexsearch');
import MiniSearch from 'minisearch';
import { PassageIndex } from '../server/src/core/index/passageIndex';
import { contentTerms } from '../server/src/core/text/terms';

export interface SearchEngine {
  name: string;
  build(passages: string[]): void;
  search(query: string, k: number): number[];
}

export class GroundworkEngine implements SearchEngine {
  name = 'Groundwork PassageIndex';
  private index = new PassageIndex();
  build(passages: string[]): void {
    this.index = new PassageIndex();
    passages.forEach((p, i) => this.index.add(i, p));
  }
  search(query: string, k: number): number[] {
    return this.index.searchTerms(contentTerms(query), k).map((h) => h.id);
  }
}

class MiniSearchEngine implements SearchEngine {
  name = 'MiniSearch';
  private index!: MiniSearch<{ id: number; text: string }>;
  build(passages: string[]): void {
    this.index = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: [] });
    this.index.addAll(passages.map((text, id) => ({ id, text })));
  }
  search(query: string, k: number): number[] {
    return this.index.search(query, { combineWith: 'OR' }).slice(0, k).map((r: { id: number }) => r.id);
  }
}

class FlexSearchEngine implements SearchEngine {
  name = 'FlexSearch';
  private index!: FlexSearch.Index;
  build(passages: string[]): void {
    this.index = new FlexSearch.Index({ tokenize: 'strict', resolution: 9 });
    passages.forEach((p, i) => this.index.add(i, p));
  }
  search(query: string, k: number): number[] {
    return this.index.search(query, { limit: k, suggest: true }) as number[];
  }
}

export const PEERS: (() => SearchEngine)[] = [() => new MiniSearchEngine(), () => new FlexSearchEngine()];
