/**
 * Groundwork's settings, read from `workspace/configuration` (section `groundwork`) or from
 * `initializationOptions`, validated so that a malformed value is reported, not fatal.
 */
export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface Settings {
  corpus: {
    paths: string[];
    maxFileSizeMB: number;
    /** Globs a source file must match (any); empty: every supported file. */
    include: string[];
    /** Globs that leave a file out of the corpus. */
    exclude: string[];
    /** Time one source file may take to read (a PDF, a Word file) before it is skipped. */
    maxSecondsPerFile: number;
  };
  /** How Word files are read: with their tracked changes accepted, with their comments. */
  docx: { includeTrackedChanges: boolean; includeComments: boolean };
  /** Editor language ids whose documents are checked (diagnostics, flagged-claim tokens). */
  languages: string[];
  /** User instrument registry files or folders of them (JSON), added to the shipped ILO data. */
  registry: { paths: string[] };
  checker: {
    /** Share of a claim's content a passage must cover (with every slot agreeing) to support it. */
    supportThreshold: number;
    /** Share above which a passage is close enough for a changed value to be named as a mismatch. */
    relatedThreshold: number;
  };
  diagnostics: {
    /** Wait after an edit before checking; 0 checks as soon as the edit arrives. */
    delayMs: number;
    /** Severity per diagnostic code; `off` hides the code. */
    severity: Record<string, SeverityName>;
  };
}

export const DEFAULT_SEVERITY: Record<string, SeverityName> = {
  'unsupported-claim': 'warning',
  'number-mismatch': 'error',
  'date-mismatch': 'error',
  'instrument-mismatch': 'error',
  'unknown-instrument': 'error',
  'attribution-mismatch': 'error',
  'negation-mismatch': 'error',
  'undefined-abbreviation': 'information',
};

export const DEFAULT_SETTINGS: Settings = {
  corpus: { paths: [], maxFileSizeMB: 20, include: [], exclude: [], maxSecondsPerFile: 30 },
  docx: { includeTrackedChanges: false, includeComments: false },
  languages: ['policy-draft', 'markdown', 'plaintext'],
  registry: { paths: [] },
  checker: { supportThreshold: 0.72, relatedThreshold: 0.45 },
  diagnostics: { delayMs: 150, severity: { ...DEFAULT_SEVERITY } },
};

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

export interface SettingsResult {
  settings: Settings;
  /** One message per invalid value, naming the key. */
  errors: string[];
}

/** Accepts either `{ groundwork: {...} }` or the section itself; dotted keys are allowed too. */
export function parseSettings(raw: unknown): SettingsResult {
  const errors: string[] = [];
  const settings: Settings = JSON.parse(JSON.stringify(DEFAULT_SETTINGS));
  const section = expandDotted(isObject(raw) && isObject(raw.groundwork) ? raw.groundwork : raw);
  if (section === undefined || section === null) return { settings, errors };
  if (!isObject(section)) return { settings, errors: ['groundwork: settings must be an object'] };
  const corpus = section.corpus;
  if (corpus !== undefined) {
    if (!isObject(corpus)) errors.push('groundwork.corpus: must be an object');
    else {
      if (corpus.paths !== undefined) {
        if (Array.isArray(corpus.paths) && corpus.paths.every((p) => typeof p === 'string')) settings.corpus.paths = corpus.paths as string[];
        else if (typeof corpus.paths === 'string') settings.corpus.paths = [corpus.paths];
        else errors.push('groundwork.corpus.paths: must be an array of folder paths');
      }
      if (corpus.maxFileSizeMB !== undefined) {
        const v = corpus.maxFileSizeMB;
        if (typeof v === 'number' && v > 0 && Number.isFinite(v)) settings.corpus.maxFileSizeMB = v;
        else errors.push(`groundwork.corpus.maxFileSizeMB: must be a positive number (got ${JSON.stringify(v)}); using ${DEFAULT_SETTINGS.corpus.maxFileSizeMB}`);
      }
      for (const key of ['include', 'exclude'] as const) {
        const v = corpus[key];
        if (v === undefined) continue;
        const patterns = Array.isArray(v) && v.every((p) => typeof p === 'string' && p.trim() !== '') ? (v as string[]) : typeof v === 'string' && v.trim() ? [v] : undefined;
        if (!patterns) {
          errors.push(`groundwork.corpus.${key}: must be an array of glob patterns such as "**/*.txt"`);
          continue;
        }
        // patterns match paths inside the corpus folders and the workspace: one that climbs out or is absolute never matches
        const outside = patterns.filter((p) => /^(\/|[A-Za-z]:[\\/]|~)/.test(p) || p.split(/[\\/]/).includes('..'));
        for (const p of outside) errors.push(`groundwork.corpus.${key}: "${p}" points outside the workspace; patterns are relative to the corpus folders (to add a folder, use groundwork.corpus.paths)`);
        settings.corpus[key] = patterns.filter((p) => !outside.includes(p));
      }
      if (corpus.maxSecondsPerFile !== undefined) {
        const v = corpus.maxSecondsPerFile;
        if (typeof v === 'number' && v > 0 && v <= 600) settings.corpus.maxSecondsPerFile = v;
        else errors.push(`groundwork.corpus.maxSecondsPerFile: must be a number of seconds between 0 and 600 (got ${JSON.stringify(v)}); using ${DEFAULT_SETTINGS.corpus.maxSecondsPerFile}`);
      }
    }
  }
  const docx = section.docx;
  if (docx !== undefined) {
    if (!isObject(docx)) errors.push('groundwork.docx: must be an object');
    else
      for (const key of ['includeTrackedChanges', 'includeComments'] as const) {
        const v = docx[key];
        if (v === undefined) continue;
        if (typeof v === 'boolean') settings.docx[key] = v;
        else errors.push(`groundwork.docx.${key}: must be true or false (got ${JSON.stringify(v)})`);
      }
  }
  const checker = section.checker;
  if (checker !== undefined) {
    if (!isObject(checker)) errors.push('groundwork.checker: must be an object');
    else
      for (const key of ['supportThreshold', 'relatedThreshold'] as const) {
        const v = checker[key];
        if (v === undefined) continue;
        if (typeof v === 'number' && v > 0 && v <= 1) settings.checker[key] = v;
        else errors.push(`groundwork.checker.${key}: must be a number between 0 and 1 (got ${JSON.stringify(v)})`);
      }
  }
  const languages = section.languages;
  if (languages !== undefined) {
    if (Array.isArray(languages) && languages.every((l) => typeof l === 'string')) settings.languages = languages as string[];
    else if (typeof languages === 'string') settings.languages = [languages];
    else errors.push('groundwork.languages: must be an array of language ids such as "markdown"');
  }
  const registry = section.registry;
  if (registry !== undefined) {
    if (!isObject(registry)) errors.push('groundwork.registry: must be an object');
    else if (registry.paths !== undefined) {
      if (Array.isArray(registry.paths) && registry.paths.every((p) => typeof p === 'string')) settings.registry.paths = registry.paths as string[];
      else if (typeof registry.paths === 'string') settings.registry.paths = [registry.paths];
      else errors.push('groundwork.registry.paths: must be an array of registry file or folder paths');
    }
  }
  const diagnostics = section.diagnostics;
  if (diagnostics !== undefined) {
    if (!isObject(diagnostics)) errors.push('groundwork.diagnostics: must be an object');
    else {
      const d = diagnostics.delayMs;
      if (d !== undefined) {
        if (typeof d === 'number' && d >= 0 && d <= 60000) settings.diagnostics.delayMs = d;
        else errors.push(`groundwork.diagnostics.delayMs: must be a number of milliseconds between 0 and 60000 (got ${JSON.stringify(d)})`);
      }
      const sev = diagnostics.severity;
      if (sev !== undefined) {
        if (!isObject(sev)) errors.push('groundwork.diagnostics.severity: must map diagnostic codes to error, warning, information, hint or off');
        else
          for (const [code, v] of Object.entries(sev)) {
            if (!(code in DEFAULT_SEVERITY)) errors.push(`groundwork.diagnostics.severity: unknown diagnostic code '${code}'`);
            else if (typeof v !== 'string' || !SEVERITIES.includes(v)) errors.push(`groundwork.diagnostics.severity.${code}: must be one of ${SEVERITIES.join(', ')}`);
            else settings.diagnostics.severity[code] = v as SeverityName;
          }
      }
    }
  }
  return { settings, errors };
}

/** Language ids other editors send for the same kinds of document (Neovim, Helix, Emacs: `text`). */
const LANGUAGE_ALIASES: Record<string, string> = { text: 'plaintext', txt: 'plaintext', md: 'markdown', 'markdown.pandoc': 'markdown', gfm: 'markdown' };

/** Whether `groundwork.languages` asks for documents of this language id to be checked. */
export function checksLanguage(settings: Settings, languageId: string): boolean {
  return settings.languages.includes(languageId) || settings.languages.includes(LANGUAGE_ALIASES[languageId] ?? languageId);
}

/** Layers of raw settings merged key by key, later layers winning (dotted keys expanded first). */
export function mergeSettings(...layers: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const merge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(from)) {
      if (isObject(v) && isObject(into[k])) merge(into[k] as Record<string, unknown>, v);
      else into[k] = isObject(v) ? merge({}, v) : v;
    }
    return into;
  };
  for (const layer of layers) {
    const section = expandDotted(isObject(layer) && isObject(layer.groundwork) ? layer.groundwork : layer);
    if (isObject(section)) merge(out, section);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expandDotted(v: unknown): unknown {
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    const parts = k.replace(/^groundwork\./, '').split('.');
    let cur = out;
    for (const p of parts.slice(0, -1)) cur = (cur[p] = isObject(cur[p]) ? cur[p] : {}) as Record<string, unknown>;
    const last = parts[parts.length - 1];
    cur[last] = isObject(val) && isObject(cur[last]) ? { ...(cur[last] as object), ...(expandDotted(val) as object) } : expandDotted(val);
  }
  return out;
}
