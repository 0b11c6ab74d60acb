/**
 * `groundwork.corpus.include` / `exclude`: glob patterns that choose which files under the
 * corpus folders are sources. A pattern is matched against the file's path relative to its
 * corpus folder and, when the file lies inside the workspace, relative to the workspace, with
 * `/` separators; a pattern without `/` matches the file name at any depth (as in .gitignore).
 * Globs: `*` (within one folder), `**` (any depth), `?`, `[abc]`, `{a,b}`; case-sensitive.
 */
import * as path from 'path';
import { SourceFile, SourceStore } from './sourceStore';

export interface CorpusFilter {
  include: string[];
  exclude: string[];
}

export interface CorpusFileFilter {
  /** Whether a file is a source: it matches an include pattern (or there are none) and no exclude pattern. */
  accepts(file: string): boolean;
  /** Whether an exclude pattern matches: a problem with such a file is not worth reporting. */
  excludes(file: string): boolean;
}

/** The filter over absolute paths; everything passes when both lists are empty. */
export function corpusFileFilter(filter: CorpusFilter, roots: string[], workspaceFolders: string[]): CorpusFileFilter {
  const include = filter.include.map(compileGlob);
  const exclude = filter.exclude.map(compileGlob);
  const bases = [...roots, ...workspaceFolders];
  const matches = (globs: ((p: string) => boolean)[], file: string) => {
    const candidates = relativeForms(file, bases);
    return globs.some((g) => candidates.some((c) => g(c)));
  };
  const excludes = (file: string) => exclude.length > 0 && matches(exclude, file);
  return { accepts: (file) => (!include.length || matches(include, file)) && !excludes(file), excludes };
}

/** A store whose listing leaves out the files the filter rejects (and problems with excluded ones). */
export function filteredSourceStore(store: SourceStore, filter: CorpusFileFilter): SourceStore {
  return {
    list: async (root: string) => {
      const listed = await store.list(root);
      return {
        files: listed.files.filter((f: SourceFile) => filter.accepts(f.path)),
        problems: listed.problems.filter((p) => !filter.excludes(p.path)),
      };
    },
    read: (file: string) => store.read(file),
  };
}

function relativeForms(file: string, bases: string[]): string[] {
  const out: string[] = [];
  for (const b of bases) {
    const rel = path.relative(b, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) out.push(rel.split(path.sep).join('/'));
  }
  if (!out.length) out.push(path.basename(file));
  return out;
}

/** A matcher for one glob; a pattern without `/` matches the last path segment. */
export function compileGlob(pattern: string): (relPath: string) => boolean {
  let p = pattern.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  if (p.endsWith('/')) p += '**';
  const baseOnly = !p.includes('/');
  const re = new RegExp(`^${globSource(p)}$`);
  return (rel) => re.test(baseOnly ? rel.slice(rel.lastIndexOf('/') + 1) : rel);
}

function globSource(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        i++;
        if (atStart && atEnd) {
          // `**/` is zero or more whole folders; a final `**` is anything below
          if (glob[i + 1] === '/') {
            out += '(?:[^/]*/)*';
            i++;
          } else out += '.*';
          continue;
        }
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^${}()|\\\/]/g, '\\$&');
  }
  return out + ')'.repeat(braces);
}
