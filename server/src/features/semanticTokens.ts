/**
 * Semantic tokens for a draft, from every feature that knows something a grammar cannot: the
 * instruments feature (instruments, abbreviations learned from the sources, document symbols)
 * and the claim checker (flagged claims). The legend only ever grows at its end, so clients
 * that cached it keep decoding older indices the same way.
 *
 * Flagged claims are the custom type `claim`: a mismatch marks the draft's changed value
 * (`1994` where the source says `1949`) with `mismatch`, else the sentence; an unsupported
 * claim marks its sentence with `unsupported`. Tokens never overlap: a claim's span is cut
 * around the instrument and abbreviation tokens inside it.
 */
import { SemanticTokens, SemanticTokensBuilder, SemanticTokensLegend } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { conflictRange } from '../core/claims/draftCheck';
import { Session } from '../session';
import { checksLanguage } from '../settings';
import { claimsOf } from './claims/diagnostics';
import { INSTRUMENT_TOKEN_LEGEND, instrumentSemanticTokens } from './instruments/semanticTokens';

export const TOKEN_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...INSTRUMENT_TOKEN_LEGEND.tokenTypes, 'claim'],
  tokenModifiers: [...INSTRUMENT_TOKEN_LEGEND.tokenModifiers, 'mismatch', 'unsupported'],
};
const CLAIM = TOKEN_LEGEND.tokenTypes.indexOf('claim');
const MISMATCH = 1 << TOKEN_LEGEND.tokenModifiers.indexOf('mismatch');
const UNSUPPORTED = 1 << TOKEN_LEGEND.tokenModifiers.indexOf('unsupported');
/** Claim tokens come from the checker's cache plus what fits in this time; diagnostics check the rest. */
const CLAIM_BUDGET_MS = 300;

interface Token {
  line: number;
  char: number;
  length: number;
  type: number;
  mods: number;
}

export function draftSemanticTokens(doc: TextDocument, session: Session): SemanticTokens {
  const tokens = decode(instrumentSemanticTokens(doc, session).data);
  const claims = checksLanguage(session.settings, doc.languageId) ? claimTokens(doc, session, tokens) : [];
  return encode([...tokens, ...claims]);
}

function claimTokens(doc: TextDocument, session: Session, taken: Token[]): Token[] {
  const severity = session.settings.diagnostics.severity;
  const spans: { start: number; end: number; mods: number }[] = [];
  for (const claim of claimsOf(doc, session, CLAIM_BUDGET_MS)) {
    const { finding, sentence } = claim;
    if (finding.verdict === 'supported' || !finding.code || severity[finding.code] === 'off') continue;
    if (finding.verdict === 'mismatch') spans.push({ ...(conflictRange(claim) ?? sentence), mods: MISMATCH });
    else spans.push({ start: sentence.start, end: sentence.end, mods: UNSUPPORTED });
  }
  const takenByLine = new Map<number, Token[]>();
  for (const t of taken) takenByLine.set(t.line, [...(takenByLine.get(t.line) ?? []), t]);
  const out: Token[] = [];
  for (const s of spans) {
    const first = doc.positionAt(s.start).line;
    const last = doc.positionAt(s.end).line;
    // one piece per line (tokens may not span lines), minus what other tokens already cover
    for (let line = first; line <= last; line++) {
      const lineStart = doc.offsetAt({ line, character: 0 });
      const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
      let from = Math.max(s.start - lineStart, 0);
      const to = Math.min(s.end - lineStart, text.length);
      const blocks = (takenByLine.get(line) ?? []).sort((a, b) => a.char - b.char);
      for (const b of [...blocks, { char: to, length: 0 }]) {
        const end = Math.min(b.char, to);
        if (end > from && text.slice(from, end).trim()) {
          // no leading or trailing blanks in a piece
          const lead = text.slice(from, end).length - text.slice(from, end).trimStart().length;
          const piece = text.slice(from + lead, end).trimEnd();
          out.push({ line, char: from + lead, length: piece.length, type: CLAIM, mods: s.mods });
        }
        from = Math.max(from, b.char + b.length);
        if (from >= to) break;
      }
    }
  }
  return out;
}

function decode(data: number[]): Token[] {
  const out: Token[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    out.push({ line, char, length: data[i + 2], type: data[i + 3], mods: data[i + 4] });
  }
  return out;
}

function encode(tokens: Token[]): SemanticTokens {
  tokens.sort((a, b) => a.line - b.line || a.char - b.char);
  const builder = new SemanticTokensBuilder();
  let lastLine = -1;
  let lastEnd = 0;
  for (const t of tokens) {
    if (t.length <= 0) continue;
    if (t.line === lastLine && t.char < lastEnd) continue; // an overlap would garble the client's decoding
    builder.push(t.line, t.char, t.length, t.type, t.mods);
    lastLine = t.line;
    lastEnd = t.char + t.length;
  }
  return builder.build();
}
