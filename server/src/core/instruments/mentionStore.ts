/**
 * The mention index's per-document results, persisted beside the corpus index cache so that a
 * restart does not read every passage again. One file per corpus (its name comes from the
 * corpus roots); it holds, per document, what `MentionCache` found in it, valid while:
 *   - the document's file has the same content (its SHA-1, as the corpus keeps it) and yields
 *     the same passages (their number and offsets: a change of extraction changes these);
 *   - the registry is the same (its fingerprint) and so is the recogniser (`STORE_VERSION`,
 *     bumped whenever recognition changes what it finds, and the source of its functions);
 *   - for the abbreviation uses, the set of known abbreviations is the same.
 * The file is a header line (format, version, registry, SHA-1 and length of the body, and
 * where in the body each document's JSON is) and the body; a document is parsed only when it
 * is first asked for. A file that does not check out is ignored and rewritten. It is written to a
 * temporary file and renamed, so a reader never sees half of it.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Passage, SourceDocument } from '../corpus/document';
import { findAbbreviationDefinitions, findAbbreviationUses, longForm } from './abbreviations';
import { findDocumentSymbols } from './documentSymbols';
import { CorpusConflict, DocumentMentions, SourceSpan } from './mentionIndex';
import { InstrumentMention, recogniseInstruments, resolveCitation } from './recogniser';
import { TitleMatcher, wordTokens } from './titles';

const MAGIC = 'groundwork-mentions';
/** Bump when what is recognised in a text changes. */
export const STORE_VERSION = 1;

/** The recogniser's own source: a changed build does not trust results of another. */
const ALGORITHM = createHash('sha1')
  .update([recogniseInstruments, resolveCitation, TitleMatcher, wordTokens, findAbbreviationDefinitions, longForm, findAbbreviationUses, findDocumentSymbols].map(String).join('\0'))
  .digest('hex')
  .slice(0, 16);

/** A span: index of the passage in its document, start, end, sentence start, sentence end. */
type StoredSpan = [number, number, number, number, number];

interface StoredDocument {
  path: string;
  /** See `documentKey`. */
  key: string;
  instruments: [StoredSpan, InstrumentMention][];
  citations: ({ form: string; conflicts: [string, CorpusConflict['field'], string, string][] } | null)[];
  definitions: [StoredSpan, DocumentMentions['definitions'][number]['definition']][];
  symbols: [string, StoredSpan][];
  /** The abbreviation uses (spans flattened, five numbers each), and the key (`usesKey`) of the known abbreviations they were found with. */
  uses?: { known: string; spans: [string, number[]][] };
}

/** Identifies a document's content and passages: its file's hash, its length, its passages' offsets. */
export function documentKey(doc: SourceDocument, fileHash: string): string {
  let h = 0x811c9dc5;
  const mix = (n: number) => {
    h = Math.imul(h ^ (n & 0xffff), 16777619);
    h = Math.imul(h ^ (n >>> 16), 16777619);
  };
  for (const p of doc.passages) {
    mix(p.start);
    mix(p.end);
    mix(p.length);
    mix(p.anchorTo - p.anchorFrom);
  }
  return `${fileHash}:${doc.length}:${doc.passages.length}:${(h >>> 0).toString(16)}`;
}

/** A short, fixed-length form of a known-abbreviations key. */
export function usesKey(known: string): string {
  return createHash('sha1').update(known).digest('hex');
}

/** The file for a corpus (identified by its roots and reading options) in a cache folder. */
export function mentionStoreFile(dir: string, corpusKey: string): string {
  return path.join(dir, `mentions-${createHash('sha1').update(corpusKey).digest('hex').slice(0, 16)}.gwmi`);
}

/** What a store file holds, by document path; empty when there is no file or it does not check out. */
/** A document's entry in the header: its path, key, and where its JSON is in the body (bytes). */
type DocumentEntry = [string, string, number, number];

export class StoredMentions {
  private readonly parsed = new Map<string, StoredDocument | null>();

  private readonly count: number;

  private constructor(private readonly docs: Map<string, DocumentEntry>, private readonly body?: Buffer, readonly problem?: string) {
    this.count = docs.size;
  }

  static empty(problem?: string): StoredMentions {
    return new StoredMentions(new Map(), undefined, problem);
  }

  /** Reads the store; `registry` is the fingerprint of the registry in use. Never throws. */
  static read(file: string, registry: string): StoredMentions {
    let raw: Buffer;
    try {
      raw = fs.readFileSync(file);
    } catch {
      return StoredMentions.empty();
    }
    try {
      const nl = raw.indexOf(10);
      if (nl < 0) return StoredMentions.empty('no header');
      const header = JSON.parse(raw.subarray(0, nl).toString('utf8')) as Record<string, unknown>;
      if (header.magic !== MAGIC || header.version !== STORE_VERSION || header.algorithm !== ALGORITHM) return StoredMentions.empty('another version');
      if (header.registry !== registry) return StoredMentions.empty('another registry');
      const body = raw.subarray(nl + 1);
      if (body.length !== header.bytes || createHash('sha1').update(body).digest('hex') !== header.sha1) return StoredMentions.empty('corrupt');
      const docs = header.docs as DocumentEntry[];
      if (!Array.isArray(docs) || docs.some((d) => !(d[2] >= 0 && d[3] >= d[2] && d[3] <= body.length))) return StoredMentions.empty('corrupt');
      return new StoredMentions(new Map(docs.map((d) => [d[0], d])), body);
    } catch {
      return StoredMentions.empty('corrupt');
    }
  }

  /** How many documents the file holds. */
  get size(): number {
    return this.count;
  }

  private stored(path: string, key: string): StoredDocument | undefined {
    const entry = this.docs.get(path);
    if (!entry || entry[1] !== key) return undefined;
    let d = this.parsed.get(path);
    if (d === undefined) {
      try {
        d = JSON.parse(this.body!.toString('utf8', entry[2], entry[3])) as StoredDocument;
        if (d.path !== path) d = null;
      } catch {
        d = null;
      }
      this.parsed.set(path, d);
    }
    return d ?? undefined;
  }

  /** The stored results of a document, if stored for its present key. */
  mentions(doc: SourceDocument, key: string): DocumentMentions | undefined {
    const d = this.stored(doc.path, key);
    if (!d) return undefined;
    try {
      return decodeMentions(doc, d);
    } catch {
      this.parsed.set(doc.path, null);
      return undefined;
    }
  }

  /** The stored abbreviation uses of a document, if stored for its present key and these known abbreviations. */
  uses(doc: SourceDocument, key: string, known: string): Map<string, SourceSpan[]> | undefined {
    const d = this.stored(doc.path, key);
    // read once: the document's entry is not needed again
    this.parsed.delete(doc.path);
    this.docs.delete(doc.path);
    if (!d || d.uses?.known !== known) return undefined;
    try {
      const out = new Map<string, SourceSpan[]>();
      for (const [abbr, flat] of d.uses.spans) {
        const spans: SourceSpan[] = [];
        for (let i = 0; i < flat.length; i += 5) spans.push(decodeSpan(doc, [flat[i], flat[i + 1], flat[i + 2], flat[i + 3], flat[i + 4]]));
        out.set(abbr, spans);
      }
      return out;
    } catch {
      return undefined;
    }
  }
}

function decodeSpan(doc: SourceDocument, s: StoredSpan): SourceSpan {
  const passage = doc.passages[s[0]];
  if (!passage) throw new Error('no such passage');
  return { doc, passage, start: s[1], end: s[2], sentence: { start: s[3], end: s[4] } };
}

function decodeMentions(doc: SourceDocument, d: StoredDocument): DocumentMentions {
  const out: DocumentMentions = { instruments: [], citations: [], definitions: [], symbols: [] };
  d.instruments.forEach(([s, mention], i) => {
    const sm = { ...decodeSpan(doc, s), mention };
    out.instruments.push(sm);
    const c = d.citations[i];
    out.citations.push(c ? { form: c.form, conflicts: c.conflicts.map(([id, field, cited, registry]) => ({ id, field, cited, registry, where: sm })) } : undefined);
  });
  for (const [s, definition] of d.definitions) out.definitions.push({ ...decodeSpan(doc, s), definition });
  for (const [key, s] of d.symbols) out.symbols.push({ key, span: decodeSpan(doc, s) });
  return out;
}

/** One document's results in the store's form. */
export function encodeDocument(
  doc: SourceDocument, key: string, found: DocumentMentions, uses: { known: string; uses: Map<string, SourceSpan[]> } | undefined,
): string {
  const index = new Map<Passage, number>();
  doc.passages.forEach((p, i) => index.set(p, i));
  const span = (s: SourceSpan): StoredSpan => [index.get(s.passage)!, s.start, s.end, s.sentence.start, s.sentence.end];
  const stored: StoredDocument = {
    path: doc.path,
    key,
    instruments: found.instruments.map((m) => [span(m), m.mention]),
    citations: found.citations.map((c) => (c ? { form: c.form, conflicts: c.conflicts.map((x) => [x.id, x.field, x.cited, x.registry]) } : null)),
    definitions: found.definitions.map((d) => [span(d), d.definition]),
    symbols: found.symbols.map((s) => [s.key, span(s.span)]),
    uses: uses && { known: uses.known, spans: [...uses.uses].map(([abbr, spans]) => [abbr, spans.flatMap(span)]) },
  };
  return JSON.stringify(stored);
}

/** Writes a store from encoded documents (see `encodeDocument`): to a temporary file, then renamed. */
export async function writeStore(file: string, registry: string, encoded: { path: string; key: string; json: string }[]): Promise<void> {
  const parts = encoded.map((e) => Buffer.from(e.json, 'utf8'));
  const docs: DocumentEntry[] = [];
  let at = 0;
  encoded.forEach((e, i) => {
    docs.push([e.path, e.key, at, at + parts[i].length]);
    at += parts[i].length;
  });
  const body = Buffer.concat(parts);
  const header = JSON.stringify({ magic: MAGIC, version: STORE_VERSION, algorithm: ALGORITHM, registry, bytes: body.length, sha1: createHash('sha1').update(body).digest('hex'), docs });
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.promises.writeFile(tmp, Buffer.concat([Buffer.from(header + '\n', 'utf8'), body]));
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}
