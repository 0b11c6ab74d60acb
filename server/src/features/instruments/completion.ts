/**
 * Completion of instrument citations: after `Convention No. `, `Recommendation (No. `,
 * `Conventions Nos 97 and `, or while typing the first words of a title, offer the full
 * official citation (`Private Employment Agencies Convention, 1997 (No. 181)`). Instruments
 * the sources mention rank above the rest, the most mentioned first.
 */
import { CompletionItem, CompletionItemKind, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MentionIndex } from '../../core/instruments/mentionIndex';
import { InstrumentEntry } from '../../core/instruments/registry';
import { foldWord, wordTokens } from '../../core/instruments/titles';
import { Session } from '../../session';
import { instrumentIndex } from './instrumentIndex';

const BY_NUMBER_RE = /\b(Conventions?|Recommendations?|Protocols?)\s*(\(\s*)?(Nos?\.?\s*)(?:\d{1,3}\s*(?:,|and|or)\s*)*(\d{0,3})$/i;
const MAX_ITEMS = 50;

export function instrumentCompletions(doc: TextDocument, position: Position, session: Session): CompletionItem[] {
  const index = instrumentIndex(session);
  const line = doc.getText({ start: { line: position.line, character: 0 }, end: position });
  const byNumber = BY_NUMBER_RE.exec(line);
  if (byNumber) return numberCompletions(byNumber, line, position, index);
  return titleCompletions(line, position, index);
}

function numberCompletions(m: RegExpExecArray, line: string, position: Position, index: MentionIndex): CompletionItem[] {
  const word = m[1].toLowerCase();
  const type = word.startsWith('recommendation') ? 'Recommendation' : word.startsWith('protocol') ? 'Protocol' : 'Convention';
  const digits = m[4];
  const plural = /s$/i.test(m[1]) || /^nos/i.test(m[3]);
  // in a list (`Conventions Nos 97 and `) only the number is inserted; otherwise the whole citation replaces the words
  const replaceFrom = plural ? line.length - digits.length : m.index;
  const typed = line.slice(replaceFrom);
  const entries = index.registry.all().filter((e) => e.ilo && e.type === type && e.number !== undefined && String(e.number).startsWith(digits));
  return ranked(entries, index).map(({ entry, sortText }) => {
    const insert = plural ? String(entry.number) : entry.citation;
    const filterText = plural ? String(entry.number) : `${typed.slice(0, typed.length - digits.length)}${entry.number}`;
    return item(entry, index, sortText, insert, filterText, { line: position.line, character: replaceFrom }, position);
  });
}

function titleCompletions(line: string, position: Position, index: MentionIndex): CompletionItem[] {
  const words = wordTokens(line).slice(-5);
  for (let k = Math.min(words.length, 5); k >= 1; k--) {
    const typed = words.slice(-k);
    const last = typed[typed.length - 1];
    // only while the last word is being typed, starting at a capital, with enough letters to mean something
    if (last.end !== line.length || !typed[0].capitalised || line.slice(typed[0].start).length < 4) continue;
    if (!/^[\s\-()']*$/.test(typed.map((t, i) => (i ? line.slice(typed[i - 1].end, t.start) : '')).join(''))) continue;
    const folded = typed.map((t) => t.folded);
    const entries = index.registry.all().filter((e) => startsWithWords(e.title, folded) || e.aliases.some((a) => startsWithWords(a, folded)));
    if (entries.length === 0) continue;
    const from = { line: position.line, character: typed[0].start };
    return ranked(entries, index).map(({ entry, sortText }) => item(entry, index, sortText, entry.citation, entry.title, from, position));
  }
  return [];
}

function startsWithWords(title: string, typed: string[]): boolean {
  const words = wordTokens(title).map((t) => t.folded);
  if (words.length < typed.length) return false;
  return typed.every((w, i) => (i === typed.length - 1 ? words[i].startsWith(w) : words[i] === foldWord(w)));
}

function ranked(entries: InstrumentEntry[], index: MentionIndex): { entry: InstrumentEntry; sortText: string }[] {
  return entries
    .map((entry) => ({ entry, mentions: index.mentionCount(entry.id) }))
    .sort((a, b) => b.mentions - a.mentions || (a.entry.number ?? 0) - (b.entry.number ?? 0) || a.entry.title.localeCompare(b.entry.title))
    .slice(0, MAX_ITEMS)
    .map((x, i) => ({ entry: x.entry, sortText: `${x.mentions > 0 ? '0' : '1'}${String(i).padStart(3, '0')}` }));
}

function item(entry: InstrumentEntry, index: MentionIndex, sortText: string, newText: string, filterText: string, from: Position, to: Position): CompletionItem {
  const n = index.mentionCount(entry.id);
  const status = entry.status ? ` · ${entry.status}` : '';
  return {
    label: entry.citation,
    kind: CompletionItemKind.Reference,
    detail: `${entry.id} · ${entry.type}${status}${n ? ` · ${n} mention${n === 1 ? '' : 's'} in the sources` : ''}`,
    documentation: entry.companion.length ? { kind: MarkupKind.Markdown, value: `Companion: ${entry.companion.join(', ')}` } : undefined,
    sortText,
    filterText,
    textEdit: { range: { start: from, end: to }, newText },
  };
}
