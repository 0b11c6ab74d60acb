/**
 * The mention index's per-document rows (see `mentionRows`), persisted beside the corpus index
 * cache so that a restart does not read every passage again. One file per corpus (its name
 * comes from the corpus roots); a document's rows in it are valid while:
 *   - the document's file has the same content (its SHA-1, as the corpus keeps it) and yields
 *     the same passages (their number and offsets: a change of extraction changes these);
 *   - the registry is the same (its fingerprint) and so is the recogniser (`STORE_VERSION`,
 *     bumped whenever recognition or the row layout changes, and the source of its functions);
 *   - for the abbreviation uses, the set of known abbreviations is the same.
 *
 * The file is a header line (format, version, registry, byte order, checksum and length of
 * the body), then the body: a JSON part (the string table and, per document, its path, keys
 * and where its rows are), then every document's rows as one run of 32-bit integers, read
 * straight into the array the index keeps them in. Restoring ×500 (2,500 documents, some
 * 200,000 rows) is two reads, a checksum and a JSON parse of the small part, tens of
 * milliseconds, where one JSON text per document took seconds. A file that does not check out
 * is ignored and rewritten; rows that point outside their document or the string table are
 * not trusted either. It is written to a
 * temporary file and renamed, so a reader never sees half of it.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { passageLayoutKey, SourceDocument } from '../corpus/document';
import { crc32 } from '../index/crc32';
import { abbreviationTokens, findAbbreviationDefinitions, findAbbreviationUses, knownUses, longForm } from './abbreviations';
import { findDocumentSymbols } from './documentSymbols';
import { citationDisagreements, DocumentMentions, INSTRUMENT, isValidRows, mentionAt, scanDocument, useRows } from './mentionRows';
import { recogniseInstruments, resolveCitation } from './recogniser';
import { TitleMatcher, wordTokens } from './titles';

const MAGIC = 'groundwork-mentions';
/** Bump when what is recognised in a text, or how rows are laid out, changes. */
export const STORE_VERSION = 2;

/** The recogniser's own source: a changed build does not trust results of another. */
const ALGORITHM = createHash('sha1')
  .update(
    [recogniseInstruments, resolveCitation, TitleMatcher, wordTokens, findAbbreviationDefinitions, longForm, findAbbreviationUses, abbreviationTokens, knownUses, findDocumentSymbols, scanDocument, useRows, mentionAt, citationDisagreements]
      .map(String)
      .join('\0'),
  )
  .digest('hex')
  .slice(0, 16);

/**
 * The body's checksum: CRC-32 (2 ms for ×500's 9 MB, SHA-1 takes 20), which is enough against a
 * damaged file; the file is the server's own, in its own storage. A file checked with SHA-1 (as
 * written where Node had no CRC-32) is still read.
 */
const CHECK = 'crc32';
const canCheck = (kind: string) => kind === 'sha1' || kind === 'crc32';
/** The checksum of the parts one after the other. */
function checksum(kind: string, parts: Uint8Array[]): string | undefined {
  if (kind === 'crc32') return parts.reduce((c, p) => crc32(p, c), 0).toString(16);
  if (kind !== 'sha1') return undefined;
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}
/** The header line is short; a file whose first bytes hold no line end is not a store. */
const HEADER_MAX = 4096;

/**
 * A document's entry: its folder (in `dirs`) and file name, its key (`documentKey`), the key of
 * its uses (in `knowns`, -1 for none), then where its rows of each kind start and where they end.
 * Folders and uses' keys are tables because thousands of documents share a few.
 */
type DocumentEntry = [number, string, string, number, number, number, number, number, number, number];
interface StoreIndex {
  strings: string[];
  dirs: string[];
  knowns: string[];
  docs: DocumentEntry[];
}
/** Where a document's rows are in the store, and what they are valid for. */
interface Located {
  key: string;
  known: string | undefined;
  at: number[];
}

/** Identifies a document's content and passages (see `passageLayoutKey`). */
export const documentKey = passageLayoutKey;

/** A short, fixed-length form of a known-abbreviations key. */
export function usesKey(known: string): string {
  return createHash('sha1').update(known).digest('hex');
}

/** The file for a corpus (identified by its roots and reading options) in a cache folder. */
export function mentionStoreFile(dir: string, corpusKey: string): string {
  return path.join(dir, `mentions-${createHash('sha1').update(corpusKey).digest('hex').slice(0, 16)}.gwmi`);
}

/** What a store file holds, by document path; empty when there is no file or it does not check out. */
export class StoredMentions {
  /** How many documents the file holds. */
  readonly size: number;

  private constructor(
    /** The string table the rows refer to (a cache's table starts from it). */
    readonly strings: string[],
    private readonly docs: Map<string, Located>,
    private readonly rows: Int32Array,
    readonly problem?: string,
  ) {
    this.size = docs.size;
  }

  static empty(problem?: string): StoredMentions {
    return new StoredMentions([], new Map(), new Int32Array(0), problem);
  }

  /** Reads the store; `registry` is the fingerprint of the registry in use. Never throws. */
  static read(file: string, registry: string): StoredMentions {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return StoredMentions.empty();
    }
    try {
      const size = fs.fstatSync(fd).size;
      const first = Buffer.alloc(Math.min(size, HEADER_MAX));
      fs.readSync(fd, first, 0, first.length, 0);
      const nl = first.indexOf(10);
      if (nl < 0) return StoredMentions.empty('no header');
      const header = JSON.parse(first.toString('utf8', 0, nl)) as Record<string, unknown>;
      const check = typeof header.check === 'string' ? header.check : '';
      if (header.magic !== MAGIC || header.version !== STORE_VERSION || header.algorithm !== ALGORITHM || header.endian !== os.endianness() || !canCheck(check)) {
        return StoredMentions.empty('another version');
      }
      if (header.registry !== registry) return StoredMentions.empty('another registry');
      const bodyAt = nl + 1;
      const jsonBytes = header.json as number;
      const rowBytes = (header.bytes as number) - jsonBytes;
      if (size !== bodyAt + (header.bytes as number) || !(Number.isInteger(jsonBytes) && jsonBytes >= 0 && rowBytes >= 0 && rowBytes % 4 === 0)) return StoredMentions.empty('corrupt');
      // the rows are read into an array of their own, so that what they are kept in is the rows alone
      const json = Buffer.allocUnsafe(jsonBytes);
      const rows = new Int32Array(rowBytes / 4);
      const rowView = new Uint8Array(rows.buffer);
      if (fs.readSync(fd, json, 0, jsonBytes, bodyAt) !== jsonBytes || fs.readSync(fd, rowView, 0, rowBytes, bodyAt + jsonBytes) !== rowBytes) return StoredMentions.empty('corrupt');
      if (checksum(check, [json, rowView]) !== header.sum) return StoredMentions.empty('corrupt');
      const { strings, dirs, knowns, docs } = JSON.parse(json.toString('utf8')) as StoreIndex;
      if (![strings, dirs, knowns, docs].every(Array.isArray) || docs.some((d) => !validEntry(d, rows.length, dirs.length, knowns.length))) return StoredMentions.empty('corrupt');
      const located = new Map<string, Located>();
      for (const d of docs) located.set(dirs[d[0]] + d[1], { key: d[2], known: d[3] < 0 ? undefined : knowns[d[3]], at: d.slice(4) as number[] });
      return new StoredMentions(strings, located, rows);
    } catch {
      return StoredMentions.empty('corrupt');
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The stored rows of a document, if stored for its present key and they fit it. */
  mentions(doc: SourceDocument, key: string): DocumentMentions | undefined {
    const e = this.docs.get(doc.path);
    if (!e || e.key !== key) return undefined;
    const at = e.at;
    const found: DocumentMentions = { rows: this.rows.subarray(at[0], at[4]), conflictsAt: at[1] - at[0], definitionsAt: at[2] - at[0], symbolsAt: at[3] - at[0] };
    const { rows, conflictsAt, definitionsAt, symbolsAt } = found;
    const passages = doc.passageCount;
    const strings = this.strings.length;
    const ok =
      isValidRows(rows, 0, conflictsAt, 'instruments', passages, strings) &&
      isValidRows(rows, conflictsAt, definitionsAt, 'conflicts', passages, strings, conflictsAt / INSTRUMENT) &&
      isValidRows(rows, definitionsAt, symbolsAt, 'definitions', passages, strings) &&
      isValidRows(rows, symbolsAt, rows.length, 'symbols', passages, strings);
    return ok ? found : undefined;
  }

  /** The stored abbreviation uses of a document, if stored for its present key and these known abbreviations (`usesKey`). */
  uses(doc: SourceDocument, key: string, known: string): Int32Array | undefined {
    const e = this.docs.get(doc.path);
    // asked last, after the document's mentions: its entry is not needed again
    this.docs.delete(doc.path);
    if (!e || e.key !== key || e.known !== known) return undefined;
    const rows = this.rows.subarray(e.at[4], e.at[5]);
    return isValidRows(rows, 0, rows.length, 'uses', doc.passageCount, this.strings.length) ? rows : undefined;
  }
}

function validEntry(d: unknown, rowCount: number, dirs: number, knowns: number): boolean {
  if (!Array.isArray(d) || d.length !== 10 || !(d[0] >= 0 && d[0] < dirs) || typeof d[1] !== 'string' || typeof d[2] !== 'string') return false;
  if (!Number.isInteger(d[3]) || d[3] < -1 || d[3] >= knowns) return false;
  for (let i = 4; i < 10; i++) if (!Number.isInteger(d[i]) || d[i] < (i === 4 ? 0 : d[i - 1]) || d[i] > rowCount) return false;
  return true;
}

/** A path as its folder (with the separator) and its file name. */
function splitPath(p: string): [string, string] {
  const at = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1;
  return [p.slice(0, at), p.slice(at)];
}

/** Numbers strings in the order first met: a store's small tables. */
function numbering(): { table: string[]; id(s: string): number } {
  const table: string[] = [];
  const ids = new Map<string, number>();
  return {
    table,
    id(s) {
      let i = ids.get(s);
      if (i === undefined) ids.set(s, (i = table.push(s) - 1));
      return i;
    },
  };
}

/** One document's rows, as the store keeps them. */
export interface StoredDocument {
  path: string;
  /** See `documentKey`. */
  key: string;
  mentions: DocumentMentions;
  /** The rows of its abbreviation uses, and the key (`usesKey`) of the known abbreviations they were found with. */
  uses?: { known: string; rows: Int32Array };
}

/** A store's bytes, in parts to be written one after the other: `strings` is the table the documents' rows refer to. */
export function encodeStore(registry: string, strings: readonly string[], documents: readonly StoredDocument[]): Buffer[] {
  const docs: DocumentEntry[] = [];
  const dirs = numbering();
  const knowns = numbering();
  let at = 0;
  const parts: Int32Array[] = [];
  for (const d of documents) {
    const m = d.mentions;
    const starts = [at, at + m.conflictsAt, at + m.definitionsAt, at + m.symbolsAt, at + m.rows.length];
    parts.push(m.rows);
    at += m.rows.length;
    if (d.uses) {
      parts.push(d.uses.rows);
      at += d.uses.rows.length;
    }
    const [dir, name] = splitPath(d.path);
    docs.push([dirs.id(dir), name, d.key, d.uses ? knowns.id(d.uses.known) : -1, ...starts, at] as DocumentEntry);
  }
  const index: StoreIndex = { strings: strings as string[], dirs: dirs.table, knowns: knowns.table, docs };
  const json = Buffer.from(JSON.stringify(index), 'utf8');
  // the documents' own rows, written where they lie: copying them into one array held the event loop
  const rows = parts.filter((p) => p.length > 0).map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
  const header = JSON.stringify({
    magic: MAGIC, version: STORE_VERSION, algorithm: ALGORITHM, registry, endian: os.endianness(), bytes: json.length + 4 * at, json: json.length,
    check: CHECK, sum: checksum(CHECK, [json, ...rows]),
  });
  return [Buffer.from(header + '\n', 'utf8'), json, ...rows];
}

/** Writes a store (see `encodeStore`): to a temporary file, then renamed. */
export async function writeStore(file: string, parts: Buffer[]): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.promises.writeFile(tmp, parts);
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}
