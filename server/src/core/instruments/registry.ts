/**
 * The instrument registry: what Groundwork knows about each instrument, in layers. The shipped
 * ILO and non-ILO data come first; user registry files (setting `groundwork.registry.paths`)
 * add instruments or facts. A later layer never silently overrides an earlier one: a differing
 * title or year is kept from the earlier layer and reported as a conflict.
 */
// JSON imports, so esbuild inlines the data into dist/server.js and dist/cli.js.
import shippedIlo from '../../../data/ilo-instruments.json';
import shippedOther from '../../../data/other-instruments.json';
import { iloId, renderCitation } from './citation';

export interface InstrumentEntry {
  /** Canonical id: `C097`, `R086`, `P029` for ILO instruments, a chosen key otherwise. */
  id: string;
  /** Convention, Recommendation, Protocol, Declaration, Directive, ... */
  type: string;
  /** The ILO number (for a Protocol, the number of the Convention it amends). */
  number?: number;
  /** Official short title, without the year for ILO Conventions and Recommendations. */
  title: string;
  year?: number;
  /** Full official citation: `Private Employment Agencies Convention, 1997 (No. 181)`. */
  citation: string;
  /** Numbered by the ILO (the `No. N` forms resolve to these). */
  ilo: boolean;
  /** Other names the instrument goes by (`UN Migrant Workers Convention`, `GCM`). */
  aliases: string[];
  status?: string;
  category?: string;
  companion: string[];
  protocolTo?: string;
  revises: string[];
  source?: string;
  note?: string;
  /** Where the entry came from: `shipped` or the path of a user registry file. */
  origin: string;
}

export interface RegistryConflict {
  id: string;
  field: 'title' | 'year' | 'type' | 'number';
  kept: { value: string; origin: string };
  rejected: { value: string; origin: string };
}

/** A problem with a registry file the user can fix: the file, the line, the reason. */
export interface RegistryProblem {
  file: string;
  line?: number;
  reason: string;
}

/** The raw fields a registry file (or the shipped data) may give for one instrument. */
export interface RawInstrument {
  id: string;
  type?: string;
  number?: number;
  title: string;
  year?: number;
  aliases?: string[];
  status?: string;
  category?: string;
  companion?: string[];
  protocolTo?: string;
  revises?: string[];
  source?: string;
  note?: string;
}

const ILO_ID = /^([CRP])(\d{3})$/;

export class InstrumentRegistry {
  private readonly entries = new Map<string, InstrumentEntry>();
  readonly conflicts: RegistryConflict[] = [];
  readonly problems: RegistryProblem[] = [];
  /** The lowest and highest ILO number of each type (a draft's unknown numbers are checked on every edit). */
  private ranges = new Map<string, { lowest: number; highest: number }>();

  all(): InstrumentEntry[] {
    return [...this.entries.values()];
  }

  /** The lowest and highest number of the ILO instruments of a type (`Convention`), if it has any. */
  iloRange(type: string): { lowest: number; highest: number } | undefined {
    let range = this.ranges.get(type);
    if (!range) {
      const numbers = this.all().filter((e) => e.ilo && e.type === type && e.number !== undefined).map((e) => e.number!);
      if (numbers.length === 0) return undefined;
      this.ranges.set(type, (range = { lowest: Math.min(...numbers), highest: Math.max(...numbers) }));
    }
    return range;
  }

  get(id: string): InstrumentEntry | undefined {
    return this.entries.get(id.toUpperCase()) ?? this.entries.get(id);
  }

  /** The ILO instrument of that type and number (`Convention`, 97 → C097). */
  ilo(type: 'Convention' | 'Recommendation' | 'Protocol', number: number): InstrumentEntry | undefined {
    return this.entries.get(iloId(type, number));
  }

  /**
   * Adds a layer of entries. New ids are added; for a known id, missing facts are filled in
   * and contradicting ones are recorded as conflicts (the earlier layer's value stays).
   */
  addLayer(raws: RawInstrument[], origin: string): RegistryConflict[] {
    const found: RegistryConflict[] = [];
    this.ranges.clear();
    for (const raw of raws) {
      const id = ILO_ID.test(raw.id.toUpperCase()) ? raw.id.toUpperCase() : raw.id;
      const existing = this.entries.get(id);
      if (!existing) {
        this.entries.set(id, toEntry({ ...raw, id }, origin));
        continue;
      }
      const conflict = (field: RegistryConflict['field'], kept: unknown, given: unknown) => {
        if (given === undefined || kept === undefined || String(kept) === String(given)) return;
        found.push({ id, field, kept: { value: String(kept), origin: existing.origin }, rejected: { value: String(given), origin } });
      };
      conflict('title', existing.title, raw.title);
      conflict('year', existing.year, raw.year);
      conflict('type', existing.type, raw.type);
      conflict('number', existing.number, raw.number);
      if (existing.year === undefined && raw.year !== undefined) existing.year = raw.year;
      existing.aliases = unique([...existing.aliases, ...(raw.aliases ?? [])]);
      existing.companion = unique([...existing.companion, ...(raw.companion ?? [])]);
      existing.status ??= raw.status;
      existing.note = [existing.note, raw.note].filter(Boolean).join(' ') || undefined;
      existing.citation = renderCitation(existing);
    }
    this.conflicts.push(...found);
    return found;
  }
}

function toEntry(raw: RawInstrument, origin: string): InstrumentEntry {
  const m = ILO_ID.exec(raw.id);
  const ilo = !!m;
  const type = raw.type ?? (m ? { C: 'Convention', R: 'Recommendation', P: 'Protocol' }[m[1]]! : 'Instrument');
  const number = raw.number ?? (m ? Number(m[2]) : undefined);
  const entry: InstrumentEntry = {
    id: raw.id, type, number, title: raw.title, year: raw.year, citation: '', ilo,
    aliases: raw.aliases ?? [], status: raw.status, category: raw.category, companion: raw.companion ?? [],
    protocolTo: raw.protocolTo, revises: raw.revises ?? [], source: raw.source, note: raw.note, origin,
  };
  entry.citation = renderCitation(entry);
  return entry;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export const SHIPPED = 'shipped';

/** The ILO instruments and the non-ILO instruments the sources cite, as shipped. */
export function loadShippedRegistry(): InstrumentRegistry {
  const registry = new InstrumentRegistry();
  registry.addLayer(shippedIlo as RawInstrument[], SHIPPED);
  registry.addLayer(shippedOther as RawInstrument[], SHIPPED);
  return registry;
}
