/**
 * Completion items for continuations of the typed words in the wording of the sources, each
 * documented (on resolve) with the source sentence it comes from.
 */
import { CompletionItem, CompletionItemKind, MarkupKind, Range } from 'vscode-languageserver';
import { Corpus } from '../../core/corpus/corpus';
import { passageLabel } from '../../core/corpus/document';
import { Continuation, rankContinuations } from '../../core/phrases/continuations';
import { DraftCursor, fitToCursor } from '../../core/phrases/draftContext';
import { PhraseBank } from '../../core/phrases/phraseBank';
import { passageLink } from '../../positions';

export interface PhraseItems {
  items: CompletionItem[];
  truncated: boolean;
}

/** How much of a source sentence the documentation shows around the phrase. */
const EXCERPT_CHARS = 160;

/**
 * Continuations at the cursor. When the request comes from typing a space, only confident ones
 * (two typed words matched, or one content word) are offered, so a space never opens a list of
 * guesses.
 */
export function phraseItems(bank: PhraseBank, cursor: DraftCursor, range: Range, limit: number, typedSpace: boolean): PhraseItems {
  const result = rankContinuations(bank, { context: cursor.context, partial: cursor.partial, afterBreak: cursor.afterBreak, section: cursor.section, limit });
  let found = result.items;
  if (typedSpace) found = found.filter((c) => c.matched >= 2);
  // what a space left out may match the next letters typed, so the editor must ask again
  return { items: found.map((c) => toItem(c, cursor, range)), truncated: result.truncated || found.length < result.items.length };
}

/**
 * What `completionItem/resolve` needs to document a continuation, kept short because every
 * item of every list carries it: the sample sentence as passage id (or, for reference data,
 * its own text), offset and length in the passage, the phrase's span in it, and its origins.
 */
export interface PhraseItemData {
  phrase: [passage: number | string, offset: number, length: number, start: number, end: number, origins: string[]];
}

function toItem(c: Continuation, cursor: DraftCursor, range: Range): CompletionItem {
  const text = fitToCursor(c.text, cursor);
  const label = text.trim();
  const sources = c.origins.length === 1 ? '1 source' : `${c.origins.length} sources`;
  const { unit, start, end } = c.sample;
  const data: PhraseItemData = { phrase: [unit.passage?.id ?? unit.text, unit.offset, unit.text.length, start, end, [unit.origin, ...c.origins.filter((o) => o !== unit.origin).slice(0, 3)]] };
  return {
    label,
    kind: c.kind === 'clause' ? CompletionItemKind.Text : CompletionItemKind.Value,
    detail: c.kind === 'word' ? `${c.count}× in ${sources}, not after these words` : `${c.count}× in ${sources}`,
    filterText: cursor.partial ? label : undefined,
    textEdit: { range, newText: text },
    data,
  };
}

/**
 * Documents a continuation on `completionItem/resolve`: its source sentence with the phrase
 * in bold and a link to the line in the source. Kept out of the list itself, which stays small.
 */
export function resolvePhraseItem(item: CompletionItem, corpus: Corpus): CompletionItem {
  const d = (item.data as PhraseItemData | undefined)?.phrase;
  if (!Array.isArray(d) || d.length !== 6) return item;
  const [source, offset, length, start, end, origins] = d;
  const origin = origins[0];
  const passage = typeof source === 'number' ? corpus.passage(source) : undefined;
  // a corpus reloaded since the list was made may have moved the passage
  if (typeof source === 'number' && passage?.doc.name !== origin) return item;
  const sentence = passage ? passage.text.slice(offset, offset + length) : String(source);
  const from = Math.max(0, start - EXCERPT_CHARS);
  const to = Math.min(sentence.length, end + EXCERPT_CHARS);
  const excerpt = `${from > 0 ? '…' : ''}${escape(sentence.slice(from, start))}**${escape(sentence.slice(start, end))}**${escape(sentence.slice(end, to))}${to < sentence.length ? '…' : ''}`;
  const where = passage
    ? `[${escape(passageLabel(passage))}](${passageLink(passage, offset + start, offset + end)}) · ${escape(origin)}`
    : escape(origin);
  const others = origins.slice(1);
  const also = others.length > 0 ? `\n\nAlso in: ${others.map(escape).join(', ')}` : '';
  return { ...item, documentation: { kind: MarkupKind.Markdown, value: `> ${excerpt.replace(/\s+/g, ' ')}\n\n— ${where}${also}` } };
}

function escape(s: string): string {
  return s.replace(/([\\`*_{}\[\]<>|])/g, '\\$1');
}
