/**
 * Where source files come from. The server and the CLI read from disk; tests use an
 * in-memory store. A later shared engine can sit behind the same interface.
 */
import { promises as fs } from 'fs';
import * as path from 'path';

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

export const SOURCE_EXTENSIONS = ['.txt', '.md', '.markdown'];
/** Document formats we recognise but cannot read yet: reported rather than silently ignored. */
const UNREADABLE_FORMATS = ['.pdf', '.docx', '.doc', '.odt', '.rtf', '.html', '.htm'];

export class DiskSourceStore implements SourceStore {
  async list(root: string): Promise<{ files: SourceFile[]; problems: LoadProblem[] }> {
    const files: SourceFile[] = [];
    const problems: LoadProblem[] = [];
    const seen = new Set<string>();
    const walk = async (dir: string, depth: number): Promise<void> => {
      let real: string;
      try {
        real = await fs.realpath(dir);
      } catch (e) {
        problems.push({ path: dir, reason: describe(e, 'folder not found') });
        return;
      }
      if (seen.has(real) || depth > 32) return; // symlink loops
      seen.add(real);
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (e) {
        problems.push({ path: dir, reason: describe(e, 'folder cannot be read') });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const full = path.join(dir, e.name);
        let isDir = e.isDirectory();
        let isFile = e.isFile();
        if (e.isSymbolicLink()) {
          try {
            const st = await fs.stat(full);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch (err) {
            problems.push({ path: full, reason: describe(err, 'broken link') });
            continue;
          }
        }
        if (isDir) {
          await walk(full, depth + 1);
          continue;
        }
        if (!isFile) continue;
        const ext = path.extname(e.name).toLowerCase();
        if (UNREADABLE_FORMATS.includes(ext)) {
          problems.push({ path: full, reason: `${ext.slice(1).toUpperCase()} files are not supported yet; convert it to .txt or .md` });
          continue;
        }
        if (!SOURCE_EXTENSIONS.includes(ext)) continue;
        try {
          const st = await fs.stat(full);
          files.push({ path: full, name: path.relative(root, full), size: st.size, mtimeMs: st.mtimeMs });
        } catch (err) {
          problems.push({ path: full, reason: describe(err, 'file cannot be read') });
        }
      }
    };
    try {
      const st = await fs.stat(root);
      if (st.isFile()) {
        const ext = path.extname(root).toLowerCase();
        if (SOURCE_EXTENSIONS.includes(ext)) files.push({ path: root, name: path.basename(root), size: st.size, mtimeMs: st.mtimeMs });
        else problems.push({ path: root, reason: `not a supported source file (${SOURCE_EXTENSIONS.join(', ')})` });
        return { files, problems };
      }
    } catch (e) {
      problems.push({ path: root, reason: describe(e, 'corpus folder not found') });
      return { files, problems };
    }
    await walk(root, 0);
    return { files, problems };
  }

  async read(file: string): Promise<Uint8Array> {
    return fs.readFile(file);
  }
}

export function describe(e: unknown, fallback: string): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return `${fallback} (does not exist)`;
  if (code === 'EACCES' || code === 'EPERM') return `${fallback} (permission denied)`;
  if (code === 'ELOOP') return `${fallback} (symbolic link loop)`;
  if (code === 'EISDIR') return `${fallback} (is a folder)`;
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
