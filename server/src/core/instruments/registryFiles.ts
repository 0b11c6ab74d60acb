/**
 * User registry files (setting `groundwork.registry.paths`): JSON, either an array of
 * instruments or `{ "instruments": [...] }`. Each instrument:
 *   { "id": "EU-2019/1152", "title": "Directive (EU) 2019/1152 on transparent and predictable
 *     working conditions", "type": "Directive", "year": 2019, "aliases": ["Transparent Working
 *     Conditions Directive"], "number": 1152, "status": "in force", "companion": [],
 *     "source": "OJ L 186, 11.7.2019", "note": "..." }
 * `id` and `title` are required. A malformed entry is reported with its file and line and
 * skipped; the other entries of the file, and the other files, still load.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InstrumentRegistry, loadShippedRegistry, RawInstrument, RegistryProblem } from './registry';

export interface ParsedRegistryFile {
  entries: RawInstrument[];
  problems: RegistryProblem[];
}

const KNOWN_FIELDS = new Set(['id', 'type', 'number', 'title', 'year', 'aliases', 'status', 'category', 'companion', 'protocolTo', 'revises', 'source', 'note']);

export function parseRegistryFile(text: string, file: string): ParsedRegistryFile {
  const problems: RegistryProblem[] = [];
  const entries: RawInstrument[] = [];
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  let items: { value: unknown; offset: number }[];
  try {
    items = topLevelItems(text);
  } catch (e) {
    const err = e as JsonSyntaxError;
    return { entries, problems: [{ file, line: lineOf(err.offset ?? 0), reason: err.message }] };
  }
  for (const { value, offset } of items) {
    const line = lineOf(offset);
    const where = (reason: string) => problems.push({ file, line, reason });
    if (value instanceof JsonSyntaxError) {
      problems.push({ file, line: lineOf(value.offset), reason: `${value.message}; entry skipped` });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      where('an instrument must be a JSON object; entry skipped');
      continue;
    }
    const v = value as Record<string, unknown>;
    const label = typeof v.id === 'string' ? `'${v.id}'` : 'instrument';
    if (typeof v.id !== 'string' || !v.id.trim()) {
      where('an instrument needs an "id" (a non-empty string); entry skipped');
      continue;
    }
    if (typeof v.title !== 'string' || !v.title.trim()) {
      where(`${label} needs a "title" (a non-empty string); entry skipped`);
      continue;
    }
    const bad: string[] = [];
    const str = (k: string) => (v[k] === undefined ? undefined : typeof v[k] === 'string' ? (v[k] as string) : (bad.push(`"${k}" must be a string`), undefined));
    const strs = (k: string) =>
      v[k] === undefined ? undefined : Array.isArray(v[k]) && (v[k] as unknown[]).every((x) => typeof x === 'string') ? (v[k] as string[]) : (bad.push(`"${k}" must be an array of strings`), undefined);
    const int = (k: string, min: number, max: number) =>
      v[k] === undefined ? undefined : Number.isInteger(v[k]) && (v[k] as number) >= min && (v[k] as number) <= max ? (v[k] as number) : (bad.push(`"${k}" must be a whole number from ${min} to ${max}`), undefined);
    const raw: RawInstrument = {
      id: v.id.trim(), title: v.title.trim(), type: str('type'), number: int('number', 1, 999999), year: int('year', 1000, 2999),
      aliases: strs('aliases'), status: str('status'), category: str('category'), companion: strs('companion'), protocolTo: str('protocolTo'),
      revises: strs('revises'), source: str('source'), note: str('note'),
    };
    for (const k of Object.keys(v)) if (!KNOWN_FIELDS.has(k)) bad.push(`unknown field "${k}" ignored`);
    for (const b of bad) where(`${label}: ${b}`);
    entries.push(raw);
  }
  return { entries, problems };
}

class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/**
 * The items of the top-level array (or of `instruments`), each parsed on its own so one
 * broken entry does not hide the others.
 */
function topLevelItems(text: string): { value: unknown; offset: number }[] {
  const t = text.replace(/^\uFEFF/, '');
  let i = skipSpace(t, 0);
  if (t[i] === '{') {
    try {
      const whole = JSON.parse(t) as Record<string, unknown>;
      if (!Array.isArray(whole.instruments)) throw new JsonSyntaxError('expected an array of instruments, or an object with an "instruments" array', i);
    } catch (e) {
      if (e instanceof JsonSyntaxError) throw e;
      throw new JsonSyntaxError(`not valid JSON (${(e as Error).message})`, errorOffset(e as Error, t));
    }
    const key = /"instruments"\s*:\s*\[/.exec(t)!;
    i = key.index + key[0].length - 1;
  }
  if (t[i] !== '[') throw new JsonSyntaxError('expected an array of instruments, or an object with an "instruments" array', i);
  const items: { value: unknown; offset: number }[] = [];
  i++;
  for (;;) {
    i = skipSpace(t, i);
    if (i >= t.length) throw new JsonSyntaxError('the array of instruments is not closed (missing "]")', t.length);
    if (t[i] === ']') return items;
    const start = i;
    const end = itemEnd(t, i);
    const chunk = t.slice(start, end);
    try {
      items.push({ value: JSON.parse(chunk), offset: start });
    } catch (e) {
      items.push({ value: new JsonSyntaxError(`not valid JSON (${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')})`, start + Math.min(chunk.length, errorOffset(e as Error, chunk))), offset: start });
    }
    i = skipSpace(t, end);
    if (t[i] === ',') i++;
    else if (t[i] !== ']') throw new JsonSyntaxError(`expected "," or "]" after an instrument`, i);
  }
}

/** End of one array item: brackets balanced, strings skipped, up to the next top-level comma. */
function itemEnd(t: string, i: number): number {
  let depth = 0;
  for (; i < t.length; i++) {
    const c = t[i];
    if (c === '"') {
      for (i++; i < t.length && t[i] !== '"'; i++) if (t[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return i;
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === ',' && depth === 0) return i;
  }
  return i;
}

function skipSpace(t: string, i: number): number {
  while (i < t.length && /\s/.test(t[i])) i++;
  return i;
}

function errorOffset(e: Error, text: string): number {
  const pos = /position (\d+)/.exec(e.message);
  if (pos) return Number(pos[1]);
  const lc = /line (\d+) column (\d+)/.exec(e.message);
  if (lc) {
    const lines = text.split('\n');
    return lines.slice(0, Number(lc[1]) - 1).reduce((n, l) => n + l.length + 1, 0) + Number(lc[2]) - 1;
  }
  return 0;
}

export interface RegistryFileSystem {
  /** The JSON files a configured path names: itself, or the `.json` files of a folder. */
  list(p: string): string[];
  read(file: string): string;
}

/**
 * The shipped registry plus the user's files, in the order given. Problems (unreadable or
 * malformed files, bad entries) and conflicts between layers are on the returned registry.
 */
export function loadRegistry(paths: string[], baseFolders: string[], fsys: RegistryFileSystem): InstrumentRegistry {
  const registry = loadShippedRegistry();
  for (const p of paths) {
    const candidates = path.isAbsolute(p) ? [p] : (baseFolders.length ? baseFolders : [process.cwd()]).map((f) => path.resolve(f, p));
    let files: string[] = [];
    let lastError = '';
    for (const c of candidates) {
      try {
        files = fsys.list(c);
        break;
      } catch (e) {
        lastError = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : String((e as Error).message ?? e);
      }
    }
    if (files.length === 0) {
      registry.problems.push({ file: candidates[0], reason: lastError || 'no .json registry files there' });
      continue;
    }
    for (const file of files) {
      let text: string;
      try {
        text = fsys.read(file);
      } catch (e) {
        registry.problems.push({ file, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` });
        continue;
      }
      const parsed = parseRegistryFile(text, file);
      registry.problems.push(...parsed.problems);
      registry.addLayer(parsed.entries, file);
    }
  }
  return registry;
}

export function describeProblem(p: RegistryProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.reason}`;
}

export const diskRegistryFileSystem: RegistryFileSystem = {
  list(p) {
    if (!fs.statSync(p).isDirectory()) return [p];
    return fs.readdirSync(p).filter((f) => f.toLowerCase().endsWith('.json')).sort().map((f) => path.join(p, f));
  },
  read: (file) => fs.readFileSync(file, 'utf8'),
};
