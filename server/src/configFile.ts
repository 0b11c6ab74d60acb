/**
 * `groundwork.json` at the workspace root: the same keys as the editor settings, shared by the
 * CLI and the server so a team's CI checks drafts exactly as their editors do.
 */
import { readFileSync } from 'fs';
import * as path from 'path';

export const CONFIG_FILE = 'groundwork.json';

export type ConfigFile = { found: false } | { found: true; path: string; raw: unknown } | { found: true; path: string; error: string };

export function readConfigFile(folder: string): ConfigFile {
  const file = path.join(folder, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { found: false };
    return { found: true, path: file, error: `${file}: cannot be read (${code ?? String(e)})` };
  }
  try {
    return { found: true, path: file, raw: JSON.parse(text) };
  } catch (e) {
    const at = /position (\d+)/.exec(String((e as Error).message));
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
    return { found: true, path: file, error: `${file}${line ? `:${line}` : ''}: not valid JSON (${(e as Error).message})` };
  }
}
