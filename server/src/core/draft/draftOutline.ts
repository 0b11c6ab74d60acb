/**
 * The structure of a draft as a reader sees it: Markdown headings, numbered paragraphs (`19.`)
 * and enumerated items (`(iii)`, with lettered sub-items), nested, plus the line ranges that
 * fold (sections, multi-line paragraphs, lists). Plain data with offsets and 0-based lines.
 */
import { fromRoman } from '../phrases/enumerators';

export type OutlineKind = 'heading' | 'paragraph' | 'item';

export interface OutlineNode {
  kind: OutlineKind;
  /** What the outline shows: the heading text, `19. The Office should:`, `(iii) Invite member States…`. */
  name: string;
  /** `19.`, `(iii)`; absent for headings. */
  marker?: string;
  /** Heading level 1–6; for paragraphs and items, their depth below the enclosing heading. */
  level: number;
  /** The whole node (with its continuation lines and children), as offsets in the draft. */
  start: number;
  end: number;
  /** The heading text or the marker, where the editor puts the cursor. */
  selectionStart: number;
  selectionEnd: number;
  children: OutlineNode[];
}

export type FoldKind = 'section' | 'paragraph' | 'list';

export interface DraftFold {
  /** 0-based lines; the start line stays visible when folded. */
  startLine: number;
  endLine: number;
  kind: FoldKind;
}

export interface DraftOutline {
  symbols: OutlineNode[];
  folds: DraftFold[];
}

type ItemStyle = 'roman' | 'alpha' | 'arabic';

interface Line {
  text: string;
  start: number;
  /** End of the text without the line break or trailing space. */
  end: number;
}

const HEADING_RE = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const PARAGRAPH_RE = /^[ \t]{0,3}(\d{1,3})[.)][ \t]+\S/;
const ITEM_RE = /^[ \t]*(\(([ivxlc]{1,6}|[a-z]|\d{1,2})\)|([ivxlc]{1,6}|[a-z])\))[ \t]+\S/i;
const FENCE_RE = /^\s*(```|~~~)/;
const NAME_LENGTH = 60;

/** The outline and fold ranges of a draft (Markdown or plain text). */
export function outlineDraft(text: string): DraftOutline {
  const lines = splitLines(text);
  const root: OutlineNode = { kind: 'heading', name: '', level: 0, start: 0, end: 0, selectionStart: 0, selectionEnd: 0, children: [] };
  const folds: DraftFold[] = [];
  // open containers, innermost last: headings, then a paragraph, then items by nesting depth
  const headings: OutlineNode[] = [root];
  let paragraph: OutlineNode | undefined;
  let items: { node: OutlineNode; style: ItemStyle; value: number }[] = [];
  /** The node that continuation lines extend. */
  let current: OutlineNode | undefined;
  let blockStartLine = -1;
  let inFence = false;
  const lineOf = lineLookup(lines);

  const closeBlock = (lastLine: number) => {
    if (blockStartLine >= 0 && lastLine > blockStartLine) folds.push({ startLine: blockStartLine, endLine: lastLine, kind: 'paragraph' });
    blockStartLine = -1;
  };
  const extend = (node: OutlineNode | undefined, end: number) => {
    if (node && end > node.end) node.end = end;
  };

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (FENCE_RE.test(line.text)) inFence = !inFence;
    if (inFence || FENCE_RE.test(line.text)) {
      // a fenced block is content of whatever encloses it, not structure
      closeBlock(n - 1);
      extend(current, line.end);
      continue;
    }
    if (line.text.trim() === '') {
      closeBlock(n - 1);
      continue;
    }
    const heading = HEADING_RE.exec(line.text);
    if (heading) {
      closeBlock(n - 1);
      const level = heading[1].length;
      while (headings.length > 1 && headings[headings.length - 1].level >= level) headings.pop();
      const textStart = line.start + line.text.indexOf(heading[2], heading[1].length);
      const node = makeNode('heading', heading[2].trim() || heading[1], undefined, level, line.start, line.end, textStart, textStart + heading[2].length);
      headings[headings.length - 1].children.push(node);
      headings.push(node);
      paragraph = undefined;
      items = [];
      current = node;
      continue;
    }
    const para = PARAGRAPH_RE.exec(line.text);
    const item = para ? null : ITEM_RE.exec(line.text);
    if (para || item) closeBlock(n - 1);
    if (para) {
      const marker = `${para[1]}.`;
      const markerStart = line.start + line.text.indexOf(para[1]);
      const node = makeNode('paragraph', nameOf(marker, line.text.slice(para[0].length - 1)), marker, 1, line.start, line.end, markerStart, markerStart + para[1].length + 1);
      headings[headings.length - 1].children.push(node);
      paragraph = node;
      items = [];
      current = node;
      blockStartLine = n;
      continue;
    }
    if (item) {
      const label = item[2] ?? item[3];
      const { style, value } = classifyItem(label, items.map((i) => ({ style: i.style, value: i.value })));
      // a style already open closes everything nested in it; a new style nests one deeper
      const same = items.findIndex((i) => i.style === style);
      if (same >= 0) items = items.slice(0, same);
      const parent = items.length ? items[items.length - 1].node : paragraph ?? headings[headings.length - 1];
      const markerStart = line.start + line.text.indexOf(item[1]);
      const node = makeNode('item', nameOf(item[1], line.text.slice(item[0].length - 1)), item[1], (paragraph ? 2 : 1) + items.length,
        line.start, line.end, markerStart, markerStart + item[1].length);
      parent.children.push(node);
      items.push({ node, style, value });
      current = node;
      blockStartLine = n;
      continue;
    }
    if (blockStartLine < 0) {
      // a plain paragraph: it ends any list above it unless it is indented under an item
      blockStartLine = n;
      const indented = /^[ \t]{2,}/.test(line.text);
      if (!indented && items.length) {
        items = [];
        current = paragraph ?? headings[headings.length - 1];
      }
      if (!indented && !items.length && paragraph && lines[n - 1]?.text.trim() === '') {
        // an unnumbered paragraph after a blank line belongs to the section, not the numbered one
        paragraph = undefined;
        current = headings[headings.length - 1];
      }
    }
    extend(current, line.end);
  }
  closeBlock(lines.length - 1);

  // spans grow to cover their children; a heading's section runs to the next heading's start
  const finish = (node: OutlineNode) => {
    for (const c of node.children) {
      finish(c);
      extend(node, c.end);
    }
  };
  finish(root);
  foldStructure(root.children, lineOf, folds);
  return { symbols: root.children, folds: dedupeFolds(folds) };
}

function foldStructure(nodes: OutlineNode[], lineOf: (offset: number) => number, folds: DraftFold[]): void {
  let run: OutlineNode[] = [];
  const flushRun = () => {
    if (run.length >= 2) {
      const startLine = lineOf(run[0].start);
      const endLine = lineOf(run[run.length - 1].end);
      if (endLine > startLine) folds.push({ startLine, endLine, kind: 'list' });
    }
    run = [];
  };
  for (const node of nodes) {
    const startLine = lineOf(node.start);
    const endLine = lineOf(node.end);
    if (endLine > startLine) folds.push({ startLine, endLine, kind: node.kind === 'heading' ? 'section' : 'paragraph' });
    if (node.kind === 'item') run.push(node);
    else flushRun();
    foldStructure(node.children, lineOf, folds);
  }
  flushRun();
}

/** One fold per start line (the widest), in line order: editors keep only one per line. */
function dedupeFolds(folds: DraftFold[]): DraftFold[] {
  const byStart = new Map<number, DraftFold>();
  for (const f of folds) {
    const seen = byStart.get(f.startLine);
    if (!seen || f.endLine > seen.endLine || (f.endLine === seen.endLine && rank(f.kind) > rank(seen.kind))) byStart.set(f.startLine, f);
  }
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
}
const rank = (k: FoldKind) => (k === 'section' ? 2 : k === 'list' ? 1 : 0);

/**
 * Whether `(i)`, `(v)`, `(x)`, `(c)` … is roman or a letter: a letter when it follows the
 * previous letter of an open lettered list (`(h)` then `(i)`), else roman when it reads as one.
 */
export function classifyItem(label: string, open: { style: ItemStyle; value: number }[]): { style: ItemStyle; value: number } {
  if (/^\d+$/.test(label)) return { style: 'arabic', value: Number(label) };
  const lower = label.toLowerCase();
  const letter = lower.length === 1 ? lower.charCodeAt(0) - 96 : undefined;
  const alphaOpen = open.find((o) => o.style === 'alpha');
  if (letter !== undefined && alphaOpen && alphaOpen.value === letter - 1) return { style: 'alpha', value: letter };
  const roman = fromRoman(lower);
  const romanOpen = open.find((o) => o.style === 'roman');
  if (roman !== undefined && (romanOpen ? romanOpen.value === roman - 1 : letter === undefined || roman === 1 || !alphaOpen)) return { style: 'roman', value: roman };
  if (letter !== undefined) return { style: 'alpha', value: letter };
  return { style: 'roman', value: roman ?? 0 };
}

function makeNode(kind: OutlineKind, name: string, marker: string | undefined, level: number, start: number, end: number, selectionStart: number, selectionEnd: number): OutlineNode {
  return { kind, name, marker, level, start, end, selectionStart, selectionEnd, children: [] };
}

/** `19. The Office should:`, cut at a word boundary so the outline stays one line. */
function nameOf(marker: string, rest: string): string {
  const body = rest.trim().replace(/\s+/g, ' ');
  if (body.length <= NAME_LENGTH) return `${marker} ${body}`;
  const cut = body.slice(0, NAME_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${marker} ${(space > NAME_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const raw = text.slice(start, nl).replace(/\r$/, '');
    out.push({ text: raw, start, end: start + raw.trimEnd().length });
    if (nl >= text.length) break;
    start = nl + 1;
  }
  return out;
}

function lineLookup(lines: Line[]): (offset: number) => number {
  return (offset) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}
