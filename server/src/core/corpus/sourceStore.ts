/**
 * Where source files come from. The server and the CLI read from disk; tests use an
 * in-memory store. A later shared engine can sit behind the same interface.
 */
import { constants as fsConstants, promises as fs, stat as statCallback, Stats } from 'fs';
import * as path from 'path';
import { SOURCE_FORMATS } from './formats/extractSource';

export interface SourceFile {
  path: string;
  /** Path relative to the root it was found under. */
  name: string;
  size: number;
  mtimeMs: number;
}

/** A file or folder that could not be used, and why, in words a user can act on. */
export interface LoadProblem {
  path: string;
  reason: string;
}

export interface SourceStore {
  list(root: string): Promise<{ files: SourceFile[]; problems: LoadProblem[] }>;
  read(file: string): Promise<Uint8Array>;
}

export const SOURCE_EXTENSIONS = Object.keys(SOURCE_FORMATS);
/** Document formats Groundwork does not read: reported, with what to do, rather than ignored. */
const UNREADABLE_FORMATS: Record<string, string> = {
  '.doc': 'old Word (.doc) files are not read; save it as .docx or PDF',
  '.odt': 'OpenDocument files are not read; save it as .docx or PDF',
  '.rtf': 'RTF files are not read; save it as .docx or PDF',
  '.pages': 'Pages files are not read; export it as .docx or PDF',
};
/** Folders nested deeper than this are not read: no real corpus goes so deep. */
const MAX_DEPTH = 32;

/** Files of a folder stat'ed at once (the thread pool has four threads; a few dozen keep it busy). */
const STAT_BATCH = 64;

export class DiskSourceStore implements SourceStore {
  /**
   * @param afterRead called once a file's bytes are read and before it is looked at again:
   *   where tests change a file "while it is read" at a chosen moment rather than racing a writer
   */
  constructor(private readonly afterRead?: (file: string, attempt: number) => Promise<void>) {}

  async list(root: string): Promise<{ files: SourceFile[]; problems: LoadProblem[] }> {
    const files: SourceFile[] = [];
    const problems: LoadProblem[] = [];
    const seen = new Set<string>();
    const walk = async (dir: string, depth: number, viaLink: boolean): Promise<void> => {
      let real: string;
      try {
        real = await fs.realpath(dir);
      } catch (e) {
        problems.push({ path: dir, reason: describe(e, 'folder not found') });
        return;
      }
      if (seen.has(real)) {
        if (viaLink) problems.push({ path: dir, reason: 'links back to a folder already read (a symbolic link loop); skipped' });
        return;
      }
      if (depth > MAX_DEPTH) {
        problems.push({ path: dir, reason: `folders nested deeper than ${MAX_DEPTH} levels are not read` });
        return;
      }
      seen.add(real);
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (e) {
        problems.push({ path: dir, reason: describe(e, 'folder cannot be read') });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      // what the folder holds, in name order: its source files are stat'ed together below (one
      // at a time, a folder of thousands cost a round trip to the thread pool each before a
      // reopened corpus could answer), and files, folders and problems keep this order
      const steps: ({ file: string } | { folder: string; link: boolean } | { problem: LoadProblem })[] = [];
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const full = path.join(dir, e.name);
        let kind: EntryKind = entryKind(e);
        const link = e.isSymbolicLink();
        if (link) {
          try {
            kind = entryKind(await fs.stat(full));
          } catch (err) {
            steps.push({ problem: { path: full, reason: describe(err, 'broken link') } });
            continue;
          }
        }
        if (kind === 'folder') {
          steps.push({ folder: full, link });
          continue;
        }
        const ext = path.extname(e.name).toLowerCase();
        if (UNREADABLE_FORMATS[ext]) {
          steps.push({ problem: { path: full, reason: UNREADABLE_FORMATS[ext] } });
          continue;
        }
        if (!SOURCE_EXTENSIONS.includes(ext)) continue;
        if (kind !== 'file') {
          // opening a named pipe would wait for a writer forever
          steps.push({ problem: { path: full, reason: `not a regular file (${kind}); skipped without opening it` } });
          continue;
        }
        steps.push({ file: full });
      }
      const sources = steps.flatMap((step) => ('file' in step ? [step.file] : []));
      const stats = new Map<string, Stats | Error>();
      for (let i = 0; i < sources.length; i += STAT_BATCH) {
        const batch = sources.slice(i, i + STAT_BATCH);
        // the callback form: a promise a file cost more of this thread than the stat itself
        await new Promise<void>((resolve) => {
          let left = batch.length;
          for (const f of batch) {
            statCallback(f, (err, st) => {
              stats.set(f, err ?? st);
              if (--left === 0) resolve();
            });
          }
        });
      }
      // files are named relative to the root they were found under (path.relative, for each of
      // thousands, was most of this thread's time listing them)
      const under = path.join(root, path.sep);
      for (const step of steps) {
        if ('problem' in step) problems.push(step.problem);
        else if ('folder' in step) await walk(step.folder, depth + 1, step.link);
        else {
          const r = stats.get(step.file)!;
          const name = step.file.startsWith(under) ? step.file.slice(under.length) : path.relative(root, step.file);
          if (r instanceof Error) problems.push({ path: step.file, reason: describe(r, 'file cannot be read') });
          else files.push({ path: step.file, name, size: r.size, mtimeMs: r.mtimeMs });
        }
      }
    };
    try {
      const st = await fs.stat(root);
      if (!st.isDirectory()) {
        const ext = path.extname(root).toLowerCase();
        if (SOURCE_EXTENSIONS.includes(ext) && st.isFile()) files.push({ path: root, name: path.basename(root), size: st.size, mtimeMs: st.mtimeMs });
        else problems.push({ path: root, reason: `not a supported source file (${SOURCE_EXTENSIONS.join(', ')})` });
        return { files, problems };
      }
    } catch (e) {
      problems.push({ path: root, reason: describe(e, 'corpus folder not found') });
      return { files, problems };
    }
    await walk(root, 0, false);
    return { files, problems };
  }

  /**
   * Reads a file as it stood at one moment: a file that changes (or is replaced) while it is
   * read is read once more, then given up with a reason rather than indexed half-written.
   */
  async read(file: string): Promise<Uint8Array> {
    for (let attempt = 0; ; attempt++) {
      // non-blocking, so a file swapped for a named pipe since listing cannot hang the open
      const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
      let bytes: Buffer;
      let before: Stats;
      try {
        before = await handle.stat();
        if (!before.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTFILE' });
        bytes = Buffer.alloc(before.size);
        let filled = 0;
        while (filled < bytes.length) {
          const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        if (filled < bytes.length) bytes = bytes.subarray(0, filled);
      } finally {
        await handle.close();
      }
      await this.afterRead?.(file, attempt);
      const after = await fs.stat(file).catch(() => undefined);
      const unchanged = after && after.ino === before.ino && after.size === before.size && after.mtimeMs === before.mtimeMs && bytes.length === before.size;
      if (unchanged) return bytes;
      if (attempt >= 2) throw Object.assign(new Error(`${file} changed while it was read`), { code: 'ECHANGED' });
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

type EntryKind = 'file' | 'folder' | 'named pipe' | 'socket' | 'device' | 'other';

function entryKind(e: { isFile(): boolean; isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): EntryKind {
  if (e.isFile()) return 'file';
  if (e.isDirectory()) return 'folder';
  if (e.isFIFO()) return 'named pipe';
  if (e.isSocket()) return 'socket';
  if (e.isBlockDevice() || e.isCharacterDevice()) return 'device';
  return 'other';
}

export function describe(e: unknown, fallback: string): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return `${fallback} (does not exist: deleted or moved?)`;
  if (code === 'EACCES' || code === 'EPERM') return `${fallback} (permission denied)`;
  if (code === 'ELOOP') return `${fallback} (symbolic link loop)`;
  if (code === 'EISDIR') return `${fallback} (is a folder)`;
  if (code === 'ENOTFILE') return `${fallback} (not a regular file)`;
  if (code === 'ECHANGED') return `${fallback} (it kept changing while it was read; it is read again at the next reindex)`;
  if (code === 'EIO') return `${fallback} (input/output error: a damaged disk or an unreachable network share?)`;
  return code ? `${fallback} (${code})` : fallback;
}

/** Sources held in memory, for tests and for drafts treated as sources. */
export class MemorySourceStore implements SourceStore {
  constructor(private readonly files: Map<string, string | Uint8Array>) {}

  async list(root: string): Promise<{ files: SourceFile[]; problems: LoadProblem[] }> {
    const files: SourceFile[] = [];
    for (const [p, content] of [...this.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!p.startsWith(root)) continue;
      const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
      files.push({ path: p, name: path.relative(root, p) || path.basename(p), size, mtimeMs: 0 });
    }
    return { files, problems: files.length ? [] : [{ path: root, reason: 'corpus folder not found' }] };
  }

  async read(file: string): Promise<Uint8Array> {
    const c = this.files.get(file);
    if (c === undefined) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
    return typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
  }
}
