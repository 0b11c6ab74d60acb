/**
 * Hover on an instrument mention, an abbreviation or a document symbol in a draft: the facts
 * from the registry and what the sources say, with links to the exact source lines.
 */
import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { passageLabel } from '../../core/corpus/document';
import { citedId } from '../../core/instruments/recogniser';
import { symbolKey } from '../../core/instruments/documentSymbols';
import { MentionIndex, SourceSpan } from '../../core/instruments/mentionIndex';
import { InstrumentEntry } from '../../core/instruments/registry';
import { draftRange, passageLink, sourceRange, sourceUri } from '../../positions';
import { originalRange } from '../../core/corpus/document';
import { Session } from '../../session';
import { analyseDraft, DraftTarget, instrumentIndexIfReady, registryOnlyIndex, targetAt } from './instrumentIndex';

export function instrumentHover(doc: TextDocument, position: Position, session: Session): Hover | null {
  // right after a start the sources are still being read for mentions: the registry answers
  // meanwhile, saying so, rather than the hover waiting for every source
  const ready = instrumentIndexIfReady(session);
  const index = ready ?? registryOnlyIndex(session);
  const target = targetAt(analyseDraft(doc, index), doc.offsetAt(position));
  if (!target) return null;
  const value = describe(target, index, doc, !!ready);
  if (!value) return null;
  return { contents: { kind: MarkupKind.Markdown, value }, range: draftRange(doc, target.start, target.end) };
}

function describe(t: DraftTarget, index: MentionIndex, doc: TextDocument, complete: boolean): string | undefined {
  if (t.kind === 'instrument') {
    const entry = t.mention.id ? index.registry.get(t.mention.id) : undefined;
    if (entry) return describeInstrument(entry, index, complete);
    const id = citedId(t.mention);
    return id ? `${id} — no ${t.mention.cited.type} No. ${t.mention.cited.number} in the registry` : undefined;
  }
  if (t.kind === 'abbreviation') return describeAbbreviation(t.abbr, index, doc);
  return describeSymbol(t.symbol, index);
}

/** @param complete the index has read every source (otherwise its mentions are not told). */
export function describeInstrument(e: InstrumentEntry, index: MentionIndex, complete = true): string {
  const lines = [`${e.id} — ${escape(e.citation)}`, ''];
  const facts = [e.type, e.category, e.status ? `status: ${e.status}` : e.ilo ? 'in force' : undefined, !e.ilo && e.year ? `adopted ${e.year}` : undefined].filter(Boolean);
  lines.push(facts.join(' · '));
  const named = (ids: string[]) => ids.map((id) => { const c = index.registry.get(id); return c ? `${c.id} (${escape(c.citation)})` : id; }).join('; ');
  if (e.companion.length) lines.push('', `Companion: ${named(e.companion)}`);
  if (e.protocolTo) lines.push('', `Protocol to: ${named([e.protocolTo])}`);
  if (e.revises.length) lines.push('', `Revises: ${named(e.revises)}`);
  if (e.aliases.length) lines.push('', `Also cited as: ${e.aliases.map(escape).join(', ')}`);
  const mentions = index.mentionCount(e.id);
  if (!complete) lines.push('', '_The sources are still being read for mentions of it._');
  else if (mentions) {
    const docs = index.instruments.documents(e.id);
    // named up to a few: thousands of names would bury the citations below them
    const named = docs.slice(0, DOCUMENTS_NAMED).map((d) => escape(d.symbol ?? d.title)).join('; ') + (docs.length > DOCUMENTS_NAMED ? `; … and ${docs.length - DOCUMENTS_NAMED} more` : '');
    lines.push('', `**In the sources:** ${mentions} mention${mentions === 1 ? '' : 's'} in ${docs.length} document${docs.length === 1 ? '' : 's'} (${named})`, '');
    for (const m of index.bestMentions(e.id, 3)) lines.push(quote(m));
  } else lines.push('', 'Not mentioned in the sources.');
  // a large corpus can cite an instrument differently thousands of times: the hover shows the
  // first few (each diagnostic shows its own) and counts the rest
  for (const c of index.conflictsOf(e.id, CONFLICTS_SHOWN)) {
    lines.push('', `⚠ [${escape(passageLabel(c.where.passage))}](${passageLink(c.where.passage, c.where.start, c.where.end)}) cites the ${c.field} as ${escape(c.cited)}; the registry has ${escape(c.registry)}.`);
  }
  const more = index.conflictCountOf(e.id) - CONFLICTS_SHOWN;
  if (more > 0) lines.push('', `⚠ … and ${more} more citation${more === 1 ? '' : 's'} in the sources that differ from the registry.`);
  const origin = e.origin === 'shipped' ? 'shipped registry' : escape(e.origin);
  lines.push('', `_${origin}${e.source ? ` — ${escape(e.source.length > 160 ? e.source.slice(0, 159) + '…' : e.source)}` : ''}_`);
  if (e.note) lines.push('', `_Note: ${escape(e.note)}_`);
  return lines.join('\n');
}

const CONFLICTS_SHOWN = 5;
const DOCUMENTS_NAMED = 10;

function describeAbbreviation(abbr: string, index: MentionIndex, doc: TextDocument): string | undefined {
  const senses = index.expansions(abbr);
  const own = analyseOwnDefinition(abbr, doc, index);
  if (!senses.length && !own) return undefined;
  const lines = [`${abbr} — ${escape(senses[0]?.expansion ?? own!)}`, ''];
  if (senses.length > 1) lines.push(`Also spelled out as: ${senses.slice(1).map((s) => escape(s.expansion)).join('; ')}`, '');
  if (own && senses.length && own.toLowerCase() !== senses[0].expansion.toLowerCase()) lines.push(`This draft spells it out as: ${escape(own)}`, '');
  // three from as many sources, among the first few: at scale an abbreviation is defined in thousands of passages
  const defs = index.abbreviationDefinitions.fromDistinctSources(abbr, 3);
  if (defs.length) {
    lines.push('**Defined in the sources:**', '');
    for (const d of defs) lines.push(quote(d));
  } else if (senses.length) lines.push('_Expansion from the instrument registry._');
  const uses = index.abbreviationUses.count(abbr);
  if (uses) lines.push('', `Used ${uses} time${uses === 1 ? '' : 's'} in ${index.abbreviationUses.documents(abbr).length} source document(s).`);
  return lines.join('\n');
}

function analyseOwnDefinition(abbr: string, doc: TextDocument, index: MentionIndex): string | undefined {
  return analyseDraft(doc, index).definitions.find((d) => d.abbr === abbr)?.expansion;
}

function describeSymbol(symbol: string, index: MentionIndex): string {
  const source = index.documentFor(symbol);
  const lines: string[] = [];
  if (source) {
    const at = source.original.indexOf(source.symbol!);
    const r = sourceRange(source, Math.max(0, at), Math.max(0, at));
    lines.push(`${escape(symbol)} — ${escape(source.title)}`, '');
    if (source.date) lines.push(`Date: ${escape(source.date)}`, '');
    lines.push(`[Open ${escape(source.name)}](${sourceUri(source)}#L${r.start.line + 1})`);
  } else lines.push(`${escape(symbol)} — not among the loaded sources`);
  const cites = (index.symbols.get(symbolKey(symbol)) ?? []).filter((s) => s.doc !== source);
  if (cites.length) {
    lines.push('', '**Cited in the sources:**', '');
    for (const c of cites.slice(0, 3)) lines.push(quote(c));
  }
  return lines.join('\n');
}

/** A source sentence as a Markdown bullet, the mention in bold, linked to its exact line. */
function quote(s: SourceSpan): string {
  const text = s.passage.text;
  const from = s.sentence.start;
  const to = Math.max(s.sentence.end, s.end);
  const sentence = escape(text.slice(from, s.start)) + '**' + escape(text.slice(s.start, s.end)) + '**' + escape(text.slice(s.end, to));
  const r = originalRange(s.passage, s.start, s.end);
  const line = s.doc.lines.positionAt(r.start).line + 1;
  return `- [${escape(passageLabel(s.passage))}](${passageLink(s.passage, s.start, s.end)}) (line ${line}): ${sentence.replace(/\s+/g, ' ').trim()}`;
}

function escape(s: string): string {
  return s.replace(/([\\`*_{}\[\]<>|])/g, '\\$1');
}
