/**
 * Go to definition from a mention in a draft: for an instrument, its first full citation in
 * the sources, else its first mention, else its registry entry; for an abbreviation, where the
 * sources first spell it out; for a document symbol, the document itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Location, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { InstrumentEntry } from '../../core/instruments/registry';
import { symbolKey } from '../../core/instruments/documentSymbols';
import { MentionIndex } from '../../core/instruments/mentionIndex';
import { passageLocation, sourceRange, sourceUri } from '../../positions';
import { Session } from '../../session';
import { analyseDraft, DraftTarget, instrumentIndexIfReady, registryOnlyIndex, targetAt } from './instrumentIndex';

export function instrumentDefinition(doc: TextDocument, position: Position, session: Session): Location[] {
  // while the sources are still being read for mentions the registry answers (an instrument
  // lands on its registry entry) rather than the request waiting for every source
  const index = instrumentIndexIfReady(session) ?? registryOnlyIndex(session);
  const target = targetAt(analyseDraft(doc, index), doc.offsetAt(position));
  if (!target) return [];
  return definitionOf(target, index, doc);
}

function definitionOf(t: DraftTarget, index: MentionIndex, doc: TextDocument): Location[] {
  if (t.kind === 'instrument') {
    if (!t.mention.id) return [];
    const mentions = index.mentionsOf(t.mention.id);
    const first = mentions.find((m) => m.mention.form === 'citation') ?? mentions[0];
    if (first) return [passageLocation(first.passage, first.start, first.end)];
    const entry = index.registry.get(t.mention.id);
    const loc = entry && registryLocation(entry);
    return loc ? [loc] : [];
  }
  if (t.kind === 'abbreviation') {
    const def = index.abbreviationDefinitions.first(t.abbr);
    if (def) return [passageLocation(def.passage, def.start, def.end)];
    const own = analyseDraft(doc, index).definitions.find((d) => d.abbr === t.abbr);
    return own ? [{ uri: doc.uri, range: { start: doc.positionAt(own.start), end: doc.positionAt(own.end) } }] : [];
  }
  const source = index.documentFor(t.symbol);
  if (source) {
    const at = Math.max(0, source.original.indexOf(source.symbol!));
    return [{ uri: sourceUri(source), range: sourceRange(source, at, at + source.symbol!.length) }];
  }
  const cite = index.symbols.first(symbolKey(t.symbol));
  return cite ? [passageLocation(cite.passage, cite.start, cite.end)] : [];
}

/** The line of the entry's id in its registry file (the shipped data, or the user's file). */
export function registryLocation(entry: InstrumentEntry): Location | undefined {
  const file = entry.origin === 'shipped' ? shippedDataFile(entry.ilo ? 'ilo-instruments.json' : 'other-instruments.json') : entry.origin;
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const m = new RegExp(`"id"\\s*:\\s*"${entry.id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`).exec(text);
  const line = m ? text.slice(0, m.index).split('\n').length - 1 : 0;
  return { uri: URI.file(file).toString(), range: { start: { line, character: 0 }, end: { line, character: 0 } } };
}

/** server/data ships next to dist/ in the extension, and sits above out/ in a checkout. */
function shippedDataFile(name: string): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, 'server', 'data', name);
    if (fs.existsSync(p)) return p;
    dir = path.dirname(dir);
  }
  return undefined;
}
