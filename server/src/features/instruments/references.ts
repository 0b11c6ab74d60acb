/**
 * Find references from a mention: every mention of the same instrument, abbreviation or
 * document symbol across the sources and the open drafts.
 */
import { Location, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { symbolKey } from '../../core/instruments/documentSymbols';
import { SourceSpan } from '../../core/instruments/mentionIndex';
import { draftRange, passageLocation } from '../../positions';
import { Session } from '../../session';
import { analyseDraft, DraftTarget, instrumentIndexIfReady, registryOnlyIndex, targetAt } from './instrumentIndex';

export function instrumentReferences(doc: TextDocument, position: Position, session: Session, openDrafts: TextDocument[]): Location[] {
  // while the sources are still being read for mentions, the open drafts' mentions are found
  // (against the registry) rather than the request waiting for every source
  const index = instrumentIndexIfReady(session) ?? registryOnlyIndex(session);
  const target = targetAt(analyseDraft(doc, index), doc.offsetAt(position));
  if (!target) return [];
  const same = sameAs(target);
  let sources: SourceSpan[] = [];
  if (target.kind === 'instrument' && target.mention.id) sources = index.mentionsOf(target.mention.id);
  else if (target.kind === 'abbreviation') sources = index.abbreviationUses.get(target.abbr) ?? [];
  else if (target.kind === 'symbol') sources = index.symbols.get(symbolKey(target.symbol)) ?? [];
  const out: Location[] = sources.map((s) => passageLocation(s.passage, s.start, s.end));
  const drafts = openDrafts.some((d) => d.uri === doc.uri) ? openDrafts : [doc, ...openDrafts];
  for (const d of drafts) {
    const a = analyseDraft(d, index);
    const here: DraftTarget[] = [
      ...a.instruments.map((m) => ({ kind: 'instrument' as const, start: m.start, end: m.end, mention: m })),
      ...a.abbreviations.map((u) => ({ kind: 'abbreviation' as const, start: u.start, end: u.end, abbr: u.abbr })),
      ...a.symbols.map((s) => ({ kind: 'symbol' as const, start: s.start, end: s.end, symbol: s.symbol })),
    ];
    for (const t of here) if (same(t)) out.push({ uri: d.uri, range: draftRange(d, t.start, t.end) });
  }
  return out;
}

function sameAs(target: DraftTarget): (t: DraftTarget) => boolean {
  if (target.kind === 'instrument') return (t) => t.kind === 'instrument' && !!target.mention.id && t.mention.id === target.mention.id;
  if (target.kind === 'abbreviation') return (t) => t.kind === 'abbreviation' && t.abbr === target.abbr;
  return (t) => t.kind === 'symbol' && symbolKey(t.symbol) === symbolKey(target.symbol);
}
