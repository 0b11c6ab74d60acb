/**
 * The outline of an open draft, computed once per document version: the Outline view, folding
 * and breadcrumbs ask for it together after every edit.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DraftOutline, outlineDraft } from '../core/draft/draftOutline';

const cache = new Map<string, { version: number; outline: DraftOutline }>();

export function draftOutline(doc: TextDocument): DraftOutline {
  const hit = cache.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.outline;
  const outline = outlineDraft(doc.getText());
  cache.set(doc.uri, { version: doc.version, outline });
  return outline;
}

export function forgetDraftOutline(uri: string): void {
  cache.delete(uri);
}
