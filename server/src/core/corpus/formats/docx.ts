/**
 * Reads the text of a Word (.docx) file: paragraphs in order, headings marked as Markdown
 * headings, numbered and bulleted lists with the numbers Word would show, table cells and text
 * boxes as paragraphs. Tracked changes are read as the text stood before them (proposals are
 * not yet sources) unless asked for; comments are left out unless asked for. Field codes,
 * the fallback copies of drawings and deleted text never reach the text.
 */
import { Parser } from 'htmlparser2';
import type { ExtractLimits, ExtractResult } from './extractSource';
import { ZipArchive } from './zipArchive';

interface Level {
  format: string;
  text: string;
  start: number;
}

interface Style {
  name: string;
  basedOn?: string;
  outline?: number;
  numId?: string;
  ilvl?: number;
}

export function extractDocx(bytes: Uint8Array, limits: Pick<ExtractLimits, 'maxExpandedBytes' | 'includeTrackedChanges' | 'includeComments'>): ExtractResult {
  if (bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    return { ok: false, reason: 'a password-protected or old-format (.doc) Word file; save it as .docx without a password' };
  }
  const zip = ZipArchive.open(bytes, limits.maxExpandedBytes);
  if (!zip.ok) return { ok: false, reason: `not a readable Word file: ${zip.reason}` };
  const archive = zip.value;
  const read = (name: string): { ok: true; xml: string } | { ok: false; reason: string } | undefined => {
    const r = archive.read(name);
    if (!r) return undefined;
    return r.ok ? { ok: true, xml: r.value.toString('utf8') } : { ok: false, reason: `not a readable Word file: ${r.reason}` };
  };
  const mainName = mainDocumentName(read('_rels/.rels'));
  const main = read(mainName);
  if (!main) return { ok: false, reason: `not a Word document (no ${mainName} in the archive)` };
  if (!main.ok) return main;
  const stylesXml = read('word/styles.xml');
  if (stylesXml && !stylesXml.ok) return stylesXml;
  const numberingXml = read('word/numbering.xml');
  if (numberingXml && !numberingXml.ok) return numberingXml;
  const styles = parseStyles(stylesXml?.xml ?? '');
  const numbering = parseNumbering(numberingXml?.xml ?? '');
  const paragraphs = bodyParagraphs(main.xml, styles, numbering, limits.includeTrackedChanges);
  if (limits.includeComments) {
    const comments = read('word/comments.xml');
    if (comments && !comments.ok) return comments;
    if (comments) paragraphs.push(...commentParagraphs(comments.xml));
  }
  return { ok: true, format: 'docx', text: paragraphs.length ? paragraphs.join('\n\n') + '\n' : '', paragraphsByBlankLines: true };
}

function mainDocumentName(rels: { ok: true; xml: string } | { ok: false; reason: string } | undefined): string {
  if (rels?.ok) {
    const m = /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(rels.xml);
    const target = m && /Target="\/?([^"]+)"/.exec(m[0])?.[1];
    if (target) return target;
  }
  return 'word/document.xml';
}

function walk(xml: string, on: { open?(name: string, attrs: Record<string, string>): void; text?(t: string): void; close?(name: string): void }): void {
  const parser = new Parser({ onopentag: on.open, ontext: on.text, onclosetag: on.close }, { xmlMode: true, decodeEntities: true });
  parser.write(xml);
  parser.end();
}

function parseStyles(xml: string): Map<string, Style> {
  const styles = new Map<string, Style>();
  let cur: Style | undefined;
  walk(xml, {
    open(name, a) {
      if (name === 'w:style' && a['w:type'] === 'paragraph') styles.set(a['w:styleId'], (cur = { name: a['w:styleId'] }));
      else if (!cur) return;
      else if (name === 'w:name') cur.name = a['w:val'] ?? cur.name;
      else if (name === 'w:basedOn') cur.basedOn = a['w:val'];
      else if (name === 'w:outlineLvl') cur.outline = Number(a['w:val']);
      else if (name === 'w:numId') cur.numId = a['w:val'];
      else if (name === 'w:ilvl') cur.ilvl = Number(a['w:val']);
    },
    close(name) {
      if (name === 'w:style') cur = undefined;
    },
  });
  return styles;
}

/** numId → the levels of its list, with the numbers each level shows. */
function parseNumbering(xml: string): Map<string, { abstract: string; levels: Map<number, Level> }> {
  const abstracts = new Map<string, Map<number, Level>>();
  const nums = new Map<string, { abstract: string; overrides: Map<number, number> }>();
  let abs: Map<number, Level> | undefined;
  let level: Level | undefined;
  let num: { abstract: string; overrides: Map<number, number> } | undefined;
  let overrideLevel = -1;
  walk(xml, {
    open(name, a) {
      if (name === 'w:abstractNum') abstracts.set(a['w:abstractNumId'], (abs = new Map()));
      else if (name === 'w:lvl' && abs) abs.set(Number(a['w:ilvl']), (level = { format: 'decimal', text: `%${Number(a['w:ilvl']) + 1}.`, start: 1 }));
      else if (name === 'w:numFmt' && level) level.format = a['w:val'] ?? 'decimal';
      else if (name === 'w:lvlText' && level) level.text = a['w:val'] ?? '';
      else if (name === 'w:start' && level) level.start = Number(a['w:val'] ?? 1);
      else if (name === 'w:num') nums.set(a['w:numId'], (num = { abstract: '', overrides: new Map() }));
      else if (name === 'w:abstractNumId' && num) num.abstract = a['w:val'];
      else if (name === 'w:lvlOverride') overrideLevel = Number(a['w:ilvl']);
      else if (name === 'w:startOverride' && num && overrideLevel >= 0) num.overrides.set(overrideLevel, Number(a['w:val']));
    },
    close(name) {
      if (name === 'w:abstractNum') abs = undefined;
      else if (name === 'w:lvl') level = undefined;
      else if (name === 'w:num') num = undefined;
    },
  });
  const out = new Map<string, { abstract: string; levels: Map<number, Level> }>();
  for (const [id, n] of nums) {
    const levels = new Map<number, Level>();
    for (const [i, l] of abstracts.get(n.abstract) ?? []) levels.set(i, { ...l, start: n.overrides.get(i) ?? l.start });
    out.set(id, { abstract: n.abstract, levels });
  }
  return out;
}

function bodyParagraphs(xml: string, styles: Map<string, Style>, numbering: ReturnType<typeof parseNumbering>, withChanges: boolean): string[] {
  interface Para { text: string; style?: string; outline?: number; numId?: string; ilvl?: number }
  const out: string[] = [];
  const stack: Para[] = [];
  // counters per list (abstract numbering), per level
  const counters = new Map<string, number[]>();
  let skip = 0; // depth inside content that is not text: fallbacks, field codes, rejected changes
  let inText = false;
  let inPPr = 0;
  const skipped = (name: string) =>
    name === 'mc:Fallback' || name === 'w:instrText' || name === 'w:delInstrText' || name === 'w:commentReference' ||
    (withChanges ? name === 'w:del' || name === 'w:moveFrom' : name === 'w:ins' || name === 'w:moveTo');
  walk(xml, {
    open(name, a) {
      if (skipped(name)) skip++;
      if (skip) return;
      const p = stack[stack.length - 1];
      if (name === 'w:p') stack.push({ text: '' });
      else if (!p) return;
      else if (name === 'w:pPr') inPPr++;
      else if (name === 'w:t' || name === 'w:delText') inText = true;
      else if (name === 'w:tab' && !inPPr) p.text += '\t';
      else if ((name === 'w:br' || name === 'w:cr') && !inPPr) p.text += ' ';
      else if (name === 'w:noBreakHyphen') p.text += '-';
      else if (inPPr && name === 'w:pStyle') p.style = a['w:val'];
      else if (inPPr && name === 'w:outlineLvl') p.outline = Number(a['w:val']);
      else if (inPPr && name === 'w:numId') p.numId = a['w:val'];
      else if (inPPr && name === 'w:ilvl') p.ilvl = Number(a['w:val']);
    },
    text(t) {
      if (!skip && inText && stack.length) stack[stack.length - 1].text += t;
    },
    close(name) {
      if (skipped(name)) {
        skip--;
        return;
      }
      if (skip) return;
      if (name === 'w:t' || name === 'w:delText') inText = false;
      else if (name === 'w:pPr') inPPr--;
      else if (name === 'w:p') {
        const p = stack.pop()!;
        const text = p.text.replace(/[\s\u00a0]+/g, ' ').trim();
        const style = resolveStyle(styles, p.style);
        const numId = p.numId ?? style.numId;
        const label = numId && numId !== '0' ? listLabel(numbering, counters, numId, p.ilvl ?? style.ilvl ?? 0) : '';
        if (!text) return;
        const outline = p.outline ?? style.outline;
        const heading = outline !== undefined && outline < 9 ? outline + 1 : /^(heading\s*(\d)|title)$/i.exec(style.name) ? Number(/\d/.exec(style.name)?.[0] ?? 1) : 0;
        if (heading) out.push(`${'#'.repeat(Math.min(6, heading))} ${label ? label + ' ' : ''}${text}`);
        else out.push(label ? `${label} ${text}` : text);
      }
    },
  });
  return out;
}

function resolveStyle(styles: Map<string, Style>, id: string | undefined): Style {
  const out: Style = { name: '' };
  const seen = new Set<string>();
  // a style inherits what it does not set from the style it is based on
  for (let s = id ? styles.get(id) : undefined; s && !seen.has(s.name); s = s.basedOn ? styles.get(s.basedOn) : undefined) {
    seen.add(s.name);
    out.name ||= s.name;
    out.outline ??= s.outline;
    out.numId ??= s.numId;
    out.ilvl ??= s.ilvl;
  }
  return out;
}

/** The label Word shows for the next paragraph of a list at this level: `3.`, `(b)`, `•`. */
function listLabel(numbering: ReturnType<typeof parseNumbering>, counters: Map<string, number[]>, numId: string, ilvl: number): string {
  const num = numbering.get(numId);
  if (!num) return '';
  const levels = num.levels;
  const c = counters.get(num.abstract) ?? [];
  counters.set(num.abstract, c);
  c[ilvl] = c[ilvl] === undefined ? (levels.get(ilvl)?.start ?? 1) : c[ilvl] + 1;
  c.length = ilvl + 1; // deeper levels start again
  const level = levels.get(ilvl);
  if (!level || level.format === 'none') return '';
  if (level.format === 'bullet') return '•';
  return level.text.replace(/%(\d)/g, (_, d: string) => {
    const i = Number(d) - 1;
    return formatNumber(c[i] ?? levels.get(i)?.start ?? 1, levels.get(i)?.format ?? 'decimal');
  });
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    case 'decimalZero':
      return String(n).padStart(2, '0');
    default:
      return String(n);
  }
}

function letters(n: number): string {
  // Word repeats the letter past z: aa, bb, ...
  const ch = String.fromCharCode(97 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const table: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [v, s] of table) while (n >= v) (out += s), (n -= v);
  return out;
}

function commentParagraphs(xml: string): string[] {
  const out: string[] = [];
  let author = '';
  let text = '';
  let inText = false;
  walk(xml, {
    open(name, a) {
      if (name === 'w:comment') (author = a['w:author'] ?? ''), (text = '');
      else if (name === 'w:t') inText = true;
      else if (name === 'w:p' && text) text += ' ';
    },
    text(t) {
      if (inText) text += t;
    },
    close(name) {
      if (name === 'w:t') inText = false;
      else if (name === 'w:comment' && text.trim()) out.push(`Comment${author ? ` by ${author}` : ''}: ${text.replace(/\s+/g, ' ').trim()}`);
    },
  });
  return out;
}
