/**
 * workspace/symbol over the sources: type a few words, jump to the passage or heading.
 */
import { SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { Corpus } from '../core/corpus/corpus';
import { Passage, passageLabel } from '../core/corpus/document';
import { passageLocation } from '../positions';

const MAX_RESULTS = 50;

export function workspaceSymbols(query: string, corpus: Corpus): SymbolInformation[] {
  if (!query.trim()) {
    // an empty query lists the sections of every source
    return corpus.documents.flatMap((d) => d.passages.filter((p) => p.kind === 'heading')).slice(0, MAX_RESULTS).map((p) => ({
      name: p.textStart(120), kind: SymbolKind.Namespace, location: passageLocation(p), containerName: p.doc.name,
    }));
  }
  return corpus.search(query, MAX_RESULTS).map(({ passage: p }) => ({
    name: p.kind === 'heading' ? p.textStart(120) : `${p.number ? p.number + '. ' : ''}${snippet(p)}`,
    kind: p.kind === 'heading' ? SymbolKind.Namespace : SymbolKind.String,
    location: passageLocation(p),
    containerName: passageLabel(p),
  }));
}

/** The start of a passage to its last whole word within 100 characters; only those are read (see `Passage.textStart`). */
function snippet(p: Passage): string {
  return p.length > 100 ? p.textStart(99).replace(/\s+\S*$/, '') + '…' : p.textStart(100);
}
