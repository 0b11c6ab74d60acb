/**
 * Semantic tokens for instrument mentions, abbreviations and document symbols, so themes can
 * colour them. Standard token types keep them coloured without theme support:
 * instruments are `class` (abrogated or withdrawn ones also `deprecated`), abbreviations
 * `enumMember` (`declaration` where the draft spells one out), document symbols `namespace`.
 */
import { SemanticTokens, SemanticTokensBuilder, SemanticTokensLegend } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Session } from '../../session';
import { analyseDraft, instrumentIndex } from './instrumentIndex';

export const INSTRUMENT_TOKEN_LEGEND: SemanticTokensLegend = {
  tokenTypes: ['class', 'enumMember', 'namespace'],
  tokenModifiers: ['declaration', 'deprecated'],
};
const TYPE = { instrument: 0, abbreviation: 1, symbol: 2 };
const DECLARATION = 1 << 0;
const DEPRECATED = 1 << 1;

export function instrumentSemanticTokens(doc: TextDocument, session: Session): SemanticTokens {
  const index = instrumentIndex(session);
  const a = analyseDraft(doc, index);
  const spans: { start: number; end: number; type: number; mods: number }[] = [];
  for (const m of a.instruments) {
    const status = m.id ? index.registry.get(m.id)?.status : undefined;
    spans.push({ start: m.start, end: m.end, type: TYPE.instrument, mods: status === 'abrogated' || status === 'withdrawn' ? DEPRECATED : 0 });
  }
  const definedAt = new Set(a.definitions.map((d) => d.abbrStart));
  for (const u of a.abbreviations) spans.push({ start: u.start, end: u.end, type: TYPE.abbreviation, mods: definedAt.has(u.start) ? DECLARATION : 0 });
  for (const s of a.symbols) spans.push({ start: s.start, end: s.end, type: TYPE.symbol, mods: 0 });
  spans.sort((x, y) => x.start - y.start);
  const builder = new SemanticTokensBuilder();
  // tokens may not span lines: a mention broken across a line break becomes one token per line
  for (const s of spans) {
    let from = s.start;
    while (from < s.end) {
      const p = doc.positionAt(from);
      const lineEnd = doc.offsetAt({ line: p.line + 1, character: 0 });
      const to = Math.min(s.end, lineEnd > from ? lineEnd : s.end);
      const text = doc.getText({ start: p, end: doc.positionAt(to) }).replace(/\r?\n$/, '');
      if (text.trim()) builder.push(p.line, p.character, text.length, s.type, s.mods);
      from = to;
    }
  }
  return builder.build();
}
