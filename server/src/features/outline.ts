/**
 * Document symbols for a draft (the Outline view, breadcrumbs, `Go to Symbol`): headings,
 * numbered paragraphs and enumerated items, nested as the draft nests them.
 */
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { OutlineKind, OutlineNode } from '../core/draft/draftOutline';
import { draftRange } from '../positions';
import { draftOutline } from './draftStructure';

const KIND: Record<OutlineKind, SymbolKind> = {
  heading: SymbolKind.Namespace,
  paragraph: SymbolKind.Number,
  item: SymbolKind.EnumMember,
};

export function documentSymbols(doc: TextDocument): DocumentSymbol[] {
  return draftOutline(doc).symbols.map((n) => toSymbol(doc, n));
}

function toSymbol(doc: TextDocument, node: OutlineNode): DocumentSymbol {
  return {
    name: node.name,
    kind: KIND[node.kind],
    range: draftRange(doc, node.start, node.end),
    selectionRange: draftRange(doc, node.selectionStart, node.selectionEnd),
    children: node.children.map((c) => toSymbol(doc, c)),
  };
}
