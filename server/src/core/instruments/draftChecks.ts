/**
 * Instrument and abbreviation findings for a draft, as plain values: the LSP diagnostics and
 * the CLI report both convert these. Three checks:
 *   instrument-mismatch     a citation whose year, number or title contradicts the registry;
 *   unknown-instrument      a number no ILO instrument of that type has (`Convention No. 400`);
 *   undefined-abbreviation  an abbreviation used before the draft spells it out.
 */
import { knownUses } from './abbreviations';
import { DraftReading, readDraft } from './draftReading';
import { citationDisagreements, MentionIndex, SourceSpan } from './mentionIndex';
import { InstrumentMention } from './recogniser';
import { InstrumentEntry } from './registry';

export type InstrumentFindingCode = 'instrument-mismatch' | 'unknown-instrument' | 'undefined-abbreviation';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface InstrumentFinding {
  code: InstrumentFindingCode;
  start: number;
  end: number;
  message: string;
  /** The registry id (instruments) or the abbreviation. */
  subject?: string;
  /** The edit that makes the draft right, with the title to show for it. */
  fix?: { title: string; edits: TextEdit[] };
  /** Source passages that back the registry's version. */
  evidence: SourceSpan[];
}

export function checkDraft(text: string, index: MentionIndex): InstrumentFinding[] {
  const reading = readDraft(text, index.registry);
  return [...checkInstruments(reading, index), ...checkAbbreviations(text, reading, index)].sort((a, b) => a.start - b.start);
}

export function checkInstruments(reading: DraftReading, index: MentionIndex): InstrumentFinding[] {
  const out: InstrumentFinding[] = [];
  for (const m of reading.instruments) {
    if (!m.id) {
      if (m.cited.number === undefined || !m.cited.type) continue;
      const known = index.registry.iloRange(m.cited.type);
      const what = `${m.cited.type} No. ${m.cited.number}`;
      const span = m.form === 'list' ? m.cited.numberSpan! : m;
      out.push({
        code: 'unknown-instrument', start: span.start, end: span.end, subject: what, evidence: [],
        message: `There is no ILO ${what}` + (known ? `: the ${m.cited.type}s run from No. ${known.lowest} to No. ${known.highest}.` : '.'),
      });
      continue;
    }
    const entry = index.registry.get(m.id)!;
    const wrong = citationDisagreements(m, entry);
    if (wrong.length === 0) continue;
    const parts = wrong.map((w) => (w.field === 'title' ? `the title is "${entry.title}", not "${w.cited}"` : `the ${w.field} is ${w.registry}, not ${w.cited}`));
    out.push({
      code: 'instrument-mismatch', start: m.start, end: m.end, subject: entry.id,
      message: `${entry.id} is the ${entry.citation}: ${parts.join('; ')}.`,
      fix: { title: `Cite as ${entry.citation}`, edits: [rewrite(m, entry)] },
      evidence: index.bestMentions(entry.id, 2).filter((s) => s.mention.form === 'citation' && citationDisagreements(s.mention, entry).length === 0),
    });
  }
  return out;
}

/** The whole citation rewritten as the registry has it; a leading year only for a non-ILO instrument. */
function rewrite(m: InstrumentMention, entry: InstrumentEntry): TextEdit {
  if (!entry.ilo && m.cited.yearSpan && entry.year !== undefined) return { ...m.cited.yearSpan, newText: String(entry.year) };
  const start = m.cited.titleSpan?.start ?? m.start;
  return { start, end: m.end, newText: m.cited.titleSpan ? entry.citation : `${entry.type} No. ${entry.number}` };
}

/** House style: spell an abbreviation out at its first use. */
export function checkAbbreviations(text: string, reading: DraftReading, index: MentionIndex): InstrumentFinding[] {
  const defined = new Map<string, number>();
  const definitionSpans: { start: number; end: number }[] = [];
  for (const d of reading.definitions) {
    if (!defined.has(d.abbr)) defined.set(d.abbr, d.abbrStart);
    definitionSpans.push({ start: d.abbrStart, end: d.abbrEnd });
  }
  const out: InstrumentFinding[] = [];
  const seen = new Set<string>();
  for (const u of knownUses(reading.tokens, (t) => index.knownAbbreviation(t))) {
    if (seen.has(u.abbr) || definitionSpans.some((s) => s.start === u.start)) continue;
    seen.add(u.abbr);
    const token = text.slice(u.start, u.end);
    const definedAt = defined.get(u.abbr) ?? defined.get(token);
    if (definedAt !== undefined && definedAt < u.start) continue;
    const [sense] = index.expansions(u.abbr);
    if (!sense) continue;
    // two passages as evidence, read alone: at scale an abbreviation is defined in thousands
    const evidence = index.abbreviationDefinitions.fromDistinctSources(u.abbr, 2);
    out.push({
      code: 'undefined-abbreviation', start: u.start, end: u.end, subject: u.abbr, evidence,
      message: `${token} is used before it is spelled out: write "${sense.expansion} (${token})" at its first use.`,
      fix: { title: `Spell out: ${sense.expansion} (${token})`, edits: [{ start: u.start, end: u.end, newText: `${sense.expansion} (${token})` }] },
    });
  }
  return out;
}
