/**
 * Which folders are the corpus: `groundwork.corpus.paths` when set (relative to the first
 * workspace folder), else the workspace's own `corpus/` folder, else the bundled corpus.
 */
import { existsSync, statSync } from 'fs';
import * as path from 'path';

export interface CorpusRoots {
  roots: string[];
  origin: 'settings' | 'workspace' | 'bundled';
}

export function resolveCorpusRoots(workspaceFolders: string[], configured: string[], bundledRoot: string): CorpusRoots {
  const base = workspaceFolders[0] ?? process.cwd();
  if (configured.length > 0) return { roots: configured.map((p) => path.resolve(base, expandHome(p))), origin: 'settings' };
  for (const ws of workspaceFolders) {
    const c = path.join(ws, 'corpus');
    if (existsSync(c) && statSync(c).isDirectory()) return { roots: [c], origin: 'workspace' };
  }
  return { roots: [bundledRoot], origin: 'bundled' };
}

function expandHome(p: string): string {
  return p.startsWith('~/') && process.env.HOME ? path.join(process.env.HOME, p.slice(2)) : p;
}
