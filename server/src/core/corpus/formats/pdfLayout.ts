/**
 * Turns the positioned text runs of PDF pages into paragraphs in reading order. A PDF only
 * says where each run of glyphs is drawn: lines, columns, paragraphs, running headers and
 * words hyphenated at line ends must be recovered from the geometry. The result is plain text,
 * one paragraph a line and a blank line between paragraphs, with the offset where each page
 * starts, so every passage can name its page.
 */

/** A run of text as pdf.js reports it: baseline origin, advance width and font size, in points. */
export interface TextRun {
  text: string;
  x: number;
  /** Baseline, measured upwards from the bottom of the page. */
  y: number;
  width: number;
  size: number;
}

export interface PdfPage {
  width: number;
  height: number;
  runs: TextRun[];
}

export interface LaidOutText {
  text: string;
  /** Offset in `text` where each page starts (page n at index n - 1). */
  pageStarts: number[];
}

interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

/** A column of a page, or a stretch of full-width lines: read top to bottom. */
interface Flow {
  lines: Line[];
  left: number;
  right: number;
}

const SENTENCE_END = /[.!?:;]["”’)\]*]*$/;
const BLOCK_MARKER = /^(?:[•▪◦●‣∙·✓✔➢►\-–]\s|\(?[ivxlc]{1,6}\)\s|\(?[a-z]\)\s|\d{1,3}\.\s)/u;
const PAGE_NUMBER = /^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

export function layoutPages(pages: PdfPage[]): LaidOutText {
  const repeated = runningHeadersAndFooters(pages);
  // each part of a paragraph (a line, or what joins two lines) with the page it is on
  const paragraphs: { parts: string[]; pages: number[] }[] = [];
  let open: { parts: string[]; pages: number[]; lastLine: Line; flowWidth: number } | undefined;
  const words = new Set<string>();
  const pageFlows: Flow[][] = [];
  pages.forEach((page, i) => {
    // runs of white space stay: they bridge the wide gaps between words of justified lines
    const runs = page.runs.filter((r) => r.text && !repeated[i].has(r));
    const flows = readingOrder(groupLines(runs));
    pageFlows.push(flows);
    for (const f of flows) for (const l of f.lines) for (const w of l.text.toLowerCase().match(/\p{L}+/gu) ?? []) words.add(w);
  });
  const closeParagraph = () => {
    if (open) paragraphs.push({ parts: open.parts, pages: open.pages });
    open = undefined;
  };
  pageFlows.forEach((flows, pageIndex) => {
    for (const flow of flows) {
      const spacing = lineSpacing(flow.lines);
      const width = typicalWidth(flow.lines);
      flow.lines.forEach((line, k) => {
        const prev = k > 0 ? flow.lines[k - 1] : undefined;
        if (!open || startsParagraph(line, prev, open.lastLine, open.flowWidth, spacing, flow.left)) {
          closeParagraph();
          open = { parts: [line.text], pages: [pageIndex + 1], lastLine: line, flowWidth: width };
          return;
        }
        const before = open.parts[open.parts.length - 1];
        const joined = joinAcrossLineBreak(before, line.text, words);
        open.parts[open.parts.length - 1] = joined.before;
        open.parts.push(joined.separator, line.text);
        open.pages.push(open.pages[open.pages.length - 1], pageIndex + 1);
        open.lastLine = line;
        open.flowWidth = width;
      });
    }
  });
  closeParagraph();

  let text = '';
  const pageStarts: number[] = [];
  for (const p of paragraphs) {
    if (text) text += '\n\n';
    p.parts.forEach((part, i) => {
      while (pageStarts.length < p.pages[i]) pageStarts.push(text.length);
      text += part;
    });
  }
  while (pageStarts.length < pages.length) pageStarts.push(text.length);
  return { text: text ? text + '\n' : '', pageStarts };
}

/**
 * A line begins a new paragraph after a wider gap than the lines around it, at a change of
 * type size (a heading), at a bullet or paragraph number after a finished sentence, or after a
 * short line that ends a sentence. At the top of a column or page the paragraph of the last
 * one goes on when that ended in a full line without a sentence end.
 */
function startsParagraph(line: Line, prev: Line | undefined, last: Line, lastWidth: number, spacing: number, flowLeft: number): boolean {
  const lastText = last.text.trimEnd();
  const ended = SENTENCE_END.test(lastText);
  if (Math.abs(line.size - last.size) > 0.15 * Math.max(line.size, last.size)) return true;
  if (/^[•▪◦●‣∙·✓✔➢►]/u.test(line.text)) return true;
  if (!prev) {
    // first line of a column or a page: the paragraph above goes on if it filled its line; a
    // justified paragraph's last line is not stretched, so one that fills it exactly goes on too
    const filled = (last.x1 - last.x0) / lastWidth;
    if (BLOCK_MARKER.test(line.text)) return true;
    return ended ? filled < 0.97 : filled < 0.85;
  }
  const gap = prev.y - line.y;
  if (gap > spacing * 1.35 || gap < 0) return true;
  if (ended && BLOCK_MARKER.test(line.text)) return true;
  if (ended && prev.x1 - prev.x0 < 0.7 * lastWidth && /^[\p{Lu}\p{N}“"‘(]/u.test(line.text)) return true;
  // a first-line indent after a finished sentence, in text set without space between paragraphs
  if (ended && line.x0 > prev.x0 + 0.8 * line.size && Math.abs(prev.x0 - flowLeft) < 0.5 * line.size) return true;
  return false;
}

/**
 * Joins two lines of one paragraph. A word broken at the line end (`govern-` + `ments`) loses
 * its hyphen when the whole word occurs elsewhere in the document; otherwise the hyphen stays,
 * since it may belong to a compound (`follow-up`).
 */
function joinAcrossLineBreak(before: string, after: string, words: Set<string>): { before: string; separator: string } {
  if (before.endsWith('\u00ad')) return { before: before.slice(0, -1), separator: '' };
  const m = /(\p{L}+)-$/u.exec(before);
  if (m) {
    const next = /^\p{Ll}+/u.exec(after)?.[0];
    if (next && words.has((m[1] + next).toLowerCase())) return { before: before.slice(0, -1), separator: '' };
    // `Director-` + `General`, `follow-` + `up`: a compound broken after its hyphen
    if (/^\p{L}/u.test(after)) return { before, separator: '' };
  }
  return { before, separator: ' ' };
}

/** The width of a full line of the flow: most lines of running text fill it. */
function typicalWidth(lines: Line[]): number {
  const widths = lines.map((l) => l.x1 - l.x0).sort((a, b) => a - b);
  return widths[Math.floor(widths.length * 0.9)] || 1;
}

/** Typical distance between the baselines of consecutive lines of the flow. */
function lineSpacing(lines: Line[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const g = lines[i - 1].y - lines[i].y;
    if (g > 0 && Math.abs(lines[i].size - lines[i - 1].size) < 0.15 * lines[i].size) gaps.push(g);
  }
  if (gaps.length === 0) return (lines[0]?.size ?? 10) * 1.25;
  gaps.sort((a, b) => a - b);
  // the lower quartile: within a paragraph, not between paragraphs
  return gaps[Math.floor(gaps.length / 4)];
}

/** Runs drawn on one baseline (superscripts included) make a line, left to right. */
function groupLines(runs: TextRun[]): Line[] {
  const sorted = [...runs].sort((a, b) => b.y + b.size - (a.y + a.size) || a.x - b.x);
  const lines: { runs: TextRun[]; y: number; size: number; top: number }[] = [];
  for (const r of sorted) {
    const line = lines.find((l) => r.y < l.top && r.y + r.size > l.y && Math.abs(r.y - l.y) < 0.6 * l.size);
    if (line) {
      line.runs.push(r);
      if (r.size > line.size) {
        line.size = r.size;
        line.y = r.y;
        line.top = r.y + r.size;
      }
    } else lines.push({ runs: [r], y: r.y, size: r.size, top: r.y + r.size });
  }
  // runs of one baseline separated by a wide gap are separate lines: two columns, or a table
  const out: Line[] = [];
  for (const l of lines) {
    l.runs.sort((a, b) => a.x - b.x);
    let cur: Line | undefined;
    for (const r of l.runs) {
      const gap = cur ? r.x - cur.x1 : 0;
      if (!r.text.trim()) {
        if (cur && gap < 1.5 * l.size) {
          cur.text += ' ';
          cur.x1 = Math.max(cur.x1, r.x + r.width);
        }
        continue;
      }
      if (cur && gap < 1.5 * l.size) {
        const needsSpace = gap > 0.12 * r.size && !/\s$/.test(cur.text) && !/^\s/.test(r.text);
        cur.text += (needsSpace ? ' ' : '') + r.text;
        cur.x1 = Math.max(cur.x1, r.x + r.width);
        continue;
      }
      cur = { text: r.text, x0: r.x, x1: r.x + r.width, y: l.y, size: l.size };
      out.push(cur);
    }
  }
  // a bullet or a list number set apart from its text by a tab belongs to the text's line
  for (let i = 0; i < out.length; i++) {
    const l = out[i];
    if (!/^\s*(?:[•▪◦●‣∙·✓✔➢►\-–]|\(?[a-z0-9ivx]{1,4}[.)])\s*$/u.test(l.text)) continue;
    const next = out.find((n) => n !== l && n.y === l.y && n.x0 > l.x1 && n.x0 - l.x1 < 4 * l.size);
    if (!next) continue;
    next.text = `${l.text.trim()} ${next.text.trimStart()}`;
    next.x0 = l.x0;
    out.splice(i--, 1);
  }
  for (const l of out) l.text = l.text.replace(/\s+/g, ' ').trim();
  return out.filter((l) => l.text);
}

/**
 * Orders the lines of a page for reading. When a vertical gutter splits most lines into a left
 * and a right side, the page has two columns: between full-width lines (titles, a closing
 * paragraph), the left column is read before the right.
 */
function readingOrder(lines: Line[]): Flow[] {
  if (lines.length === 0) return [];
  const left = Math.min(...lines.map((l) => l.x0));
  const right = Math.max(...lines.map((l) => l.x1));
  const gutter = findGutter(lines, left, right);
  const byTop = [...lines].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  if (!gutter) return [{ lines: byTop, left, right }];
  const flows: Flow[] = [];
  let band: { l: Line[]; r: Line[] } = { l: [], r: [] };
  const flushBand = () => {
    if (band.l.length) flows.push({ lines: band.l, left, right: gutter.start });
    if (band.r.length) flows.push({ lines: band.r, left: gutter.end, right });
    band = { l: [], r: [] };
  };
  for (const l of byTop) {
    if (l.x1 < gutter.end - 1) band.l.push(l);
    else if (l.x0 > gutter.start + 1) band.r.push(l);
    else {
      flushBand();
      const last = flows[flows.length - 1];
      if (last && last.left === left && last.right === right) last.lines.push(l);
      else flows.push({ lines: [l], left, right });
    }
  }
  flushBand();
  return flows;
}

function findGutter(lines: Line[], left: number, right: number): { start: number; end: number } | undefined {
  const width = right - left;
  if (width < 100 || lines.length < 6) return undefined;
  const size = median(lines.map((l) => l.size));
  const cover = new Int32Array(Math.ceil(width) + 1);
  for (const l of lines) for (let x = Math.floor(l.x0 - left); x < Math.ceil(l.x1 - left); x++) cover[x]++;
  let best: { start: number; end: number } | undefined;
  const limit = Math.max(1, Math.floor(lines.length * 0.15));
  for (let x = Math.floor(width * 0.25); x < width * 0.75; x++) {
    if (cover[x] > limit) continue;
    let e = x;
    while (e < width * 0.75 && cover[e] <= limit) e++;
    if (!best || e - x > best.end - best.start) best = { start: left + x, end: left + e };
    x = e;
  }
  if (!best || best.end - best.start < 0.6 * size) return undefined;
  // each side must hold real lines of text, not the cells of a narrow table
  const g = best;
  const nLeft = lines.filter((l) => l.x1 < g.end - 1 && l.x1 - l.x0 > 0.5 * (g.start - left)).length;
  const nRight = lines.filter((l) => l.x0 > g.start + 1 && l.x1 - l.x0 > 0.5 * (right - g.end)).length;
  return nLeft >= 3 && nRight >= 3 && nLeft + nRight >= lines.length * 0.4 ? best : undefined;
}

/**
 * Lines near the top or bottom edge that recur at the same height on many pages (a document
 * symbol, a title, page numbers), and lone page numbers there: not part of the text.
 */
function runningHeadersAndFooters(pages: PdfPage[]): Set<TextRun>[] {
  const key = (t: string) => t.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
  const margins = pages.map((p) => {
    const band = p.height * 0.1;
    const rows = new Map<number, TextRun[]>();
    for (const r of p.runs) {
      if (!r.text.trim() || (r.y < p.height - band && r.y > band)) continue;
      const row = Math.round(r.y);
      rows.set(row, [...(rows.get(row) ?? []), r]);
    }
    return [...rows].map(([y, runs]) => ({ y, runs, text: runs.sort((a, b) => a.x - b.x).map((r) => r.text).join(' ') }));
  });
  const counts = new Map<string, Set<number>>();
  margins.forEach((rows, i) => {
    for (const r of rows) {
      const k = `${key(r.text)}@${Math.round(r.y / 3)}`;
      counts.set(k, (counts.get(k) ?? new Set()).add(i));
    }
  });
  const minPages = Math.max(2, Math.ceil(pages.length * 0.4));
  return margins.map((rows) => {
    const drop = new Set<TextRun>();
    for (const r of rows) {
      const k = `${key(r.text)}@${Math.round(r.y / 3)}`;
      if ((pages.length > 1 && (counts.get(k)?.size ?? 0) >= minPages) || PAGE_NUMBER.test(r.text.trim())) for (const run of r.runs) drop.add(run);
    }
    return drop;
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
