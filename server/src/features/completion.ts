/**
 * Completion for drafts: the next enumerator and skeleton snippets, continuations in the
 * wording of the sources and instrument citations, merged into one bounded, ranked list.
 * Nothing here waits for indexing: while the corpus loads, the structure items still come and
 * the list is marked incomplete so the editor asks again.
 */
import { CompletionContext, CompletionItem, CompletionList, CompletionTriggerKind, Position, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readDraftCursor } from '../core/phrases/draftContext';
import { Session } from '../session';
import { instrumentCompletions } from './instruments/completion';
import { phraseBank, phraseBankReady } from './phrases/bank';
import { phraseItems, resolvePhraseItem } from './phrases/phraseCompletion';
import { structureItems } from './phrases/skeletonCompletion';

/**
 * A space asks for a continuation of the words before it, `(` for the next enumerator. Letters
 * are left to the editor's own word-based triggering, and no punctuation triggers: a list must
 * not open on every comma.
 */
export const COMPLETION_TRIGGER_CHARACTERS = [' ', '('];

/** Most items in one list; beyond it the list is marked incomplete. */
export const MAX_COMPLETION_ITEMS = 20;
/** Continuations that precede instrument citations in the merged list. */
const LEADING_PHRASES = 3;

export function completionsFor(doc: TextDocument, position: Position, session: Session, context?: CompletionContext): CompletionList {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  const cursor = readDraftCursor(text, offset);
  const trigger = context?.triggerKind === CompletionTriggerKind.TriggerCharacter ? context.triggerCharacter : undefined;
  const typedSpace = trigger === ' ';
  let incomplete = session.state !== 'ready';

  const structure = typedSpace ? [] : structureItems(text, cursor, position);
  const range: Range = { start: doc.positionAt(cursor.partialStart), end: position };
  // the bank is built between requests: until it is, answer from what there is and say so
  const bank = phraseBank(session);
  const phrases = bank.bank ? phraseItems(bank.bank, cursor, range, MAX_COMPLETION_ITEMS, typedSpace) : { items: [], truncated: false };
  incomplete ||= phrases.truncated || !bank.ready;
  const instruments = instrumentCompletions(doc, position, session);

  const ordered = [...structure, ...phrases.items.slice(0, LEADING_PHRASES), ...instruments, ...phrases.items.slice(LEADING_PHRASES)];
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const item of ordered) {
    const key = insertedText(item).trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (items.length === MAX_COMPLETION_ITEMS) {
      incomplete = true;
      break;
    }
    items.push({ ...item, sortText: String(items.length).padStart(3, '0') });
  }
  return { isIncomplete: incomplete, items };
}

function insertedText(item: CompletionItem): string {
  const edit = item.textEdit;
  if (edit && 'newText' in edit) return edit.newText;
  return item.insertText ?? item.label;
}

/** Adds the documentation of an item the editor is about to show (`completionItem/resolve`). */
export function resolveCompletion(item: CompletionItem, session: Session): CompletionItem {
  return resolvePhraseItem(item, session.corpus);
}

/** Builds the phrase bank ahead of the first completion request, in slices between requests. */
export function warmCompletions(session: Session): Promise<void> {
  return phraseBankReady(session).then(
    () => undefined,
    (e) => session.events.log(`phrase bank not built: ${(e as Error).message}`),
  );
}
