/**
 * The part of a conclusions text a sentence belongs to. The register differs between the
 * preamble (`Having met in …,`), the action lists under `The Office should:` (items opening with
 * a verb: `Assist …`, `Promote …`) and the rest, so phrasing is ranked higher when it comes from
 * the same kind of section as the cursor. Sources and drafts are classified by the same cues.
 */
import { SourceDocument } from '../corpus/document';

export type SectionKind = 'preamble' | 'action-list' | 'body';

/** The line that closes a preamble and opens the body of conclusions. */
const PREAMBLE_END_RE = /\bthe following (?:conclusions|resolution|decisions?)\s*:\s*$/i;
/** A meeting naming itself, or the participial clauses that follow it. */
const PREAMBLE_LINE_RE = /^(?:The\s+[\w\s,’'-]*?\b(?:Meeting|Conference|Committee|Forum|Commission)\b[^.]*,|Having\s+met\b.*|(?:[A-Z][a-z]+ing)\b[^.]*,|Adopts,.*)$/;
/** `The Office should:`, `the ILO should:`, `Governments are invited to:`: an action list follows. */
const LIST_LEAD_RE = /:\s*$/;
const ENUMERATOR_LINE_RE = /^\s*(?:\((?:[ivxlc]{1,6}|[a-z]|\d{1,2})\)|(?:[ivxlc]{1,6}|[a-z])\))\s/;
const PARAGRAPH_LINE_RE = /^\s*(?:\d{1,3}\.\s|#{1,6}\s)/;

/** Section of every passage of a source document, by index in `doc.passages`. */
export function passageSections(doc: SourceDocument): SectionKind[] {
  const out: SectionKind[] = [];
  let listOpen = false;
  for (const p of doc.passages) {
    const text = p.text.trim();
    if (p.kind === 'item' && listOpen) {
      out.push('action-list');
      continue;
    }
    if (/\bHaving\s+met\b/.test(text) || PREAMBLE_END_RE.test(text)) out.push('preamble');
    else out.push('body');
    listOpen = p.kind !== 'heading' && LIST_LEAD_RE.test(text) && !PREAMBLE_END_RE.test(text);
  }
  return out;
}

/**
 * Section of a draft at a line, judged from the lines above it: an open `…:` lead with only
 * enumerated items since makes an action list; participial clauses of a meeting's preamble
 * not yet closed by `the following conclusions:` make a preamble.
 */
export function draftSectionAt(lines: string[], line: number): SectionKind {
  for (let l = line - 1; l >= 0 && l >= line - 200; l--) {
    const t = lines[l].trim();
    if (t === '') continue;
    if (PREAMBLE_END_RE.test(t)) return 'body';
    if (LIST_LEAD_RE.test(t)) return 'action-list';
    if (PREAMBLE_LINE_RE.test(t) && !ENUMERATOR_LINE_RE.test(lines[l])) return 'preamble';
    if (ENUMERATOR_LINE_RE.test(lines[l])) continue;
    if (PARAGRAPH_LINE_RE.test(lines[l])) return 'body';
    // a block of its own that is no item ends a list (a wrapped item line follows its item directly)
    if (l === 0 || lines[l - 1].trim() === '') return 'body';
  }
  return 'body';
}

/** Whether a preamble closes above the line (`… the following conclusions:`). */
export function preambleClosedAbove(lines: string[], line: number): boolean {
  for (let l = 0; l < line && l < lines.length; l++) if (PREAMBLE_END_RE.test(lines[l].trim())) return true;
  return false;
}
