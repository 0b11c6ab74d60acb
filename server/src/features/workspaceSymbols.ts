/**
 * workspace/symbol over the sources: type a few words, jump to the passage or heading.
 */
import { SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { Corpus } from '../core/corpus/corpus';
import { passageLabel } from '../core/corpus/document';
import { passageLocation } from '../positions';

const MAX_RESULTS = 50;

export function workspaceSymbols(query: string, corpus: Corpus): SymbolInformation[] {
  if (!query.trim()) {
    // an empty query lists the sections of every source
    return corpus.documents.flatMap((d) => d.passages.filter((p) => p.kind === 'heading')).slice(0, MAX_RESULTS).map((p) => ({
      name: p.text.slice(0, 120), kind: SymbolKind.Namespace, location: passageLocation(p), containerName: p.doc.name,
    }));
  }
  return corpus.search(query, MAX_RESULTS).map(({ passage: p }) => ({
    name: p.kind === 'heading' ? p.text.slice(0, 120) : `${p.number ? p.number + '. ' : ''}${snippet(p.text)}`,
    kind: p.kind === 'heading' ? SymbolKind.Namespace : SymbolKind.String,
    location: passageLocation(p),
    containerName: passageLabel(p),
  }));
}

function snippet(t: string): string {
  return t.length > 100 ? t.slice(0, 99).replace(/\s+\S*$/, '') + '…' : t;
}
