/**
 * Who said it: the actors of ILO meeting records (the Employers' and Workers' groups and their
 * spokespersons, a Government representative of a country, a named panellist, an office
 * holder) read from text into comparable keys, and the speaker of each source passage, which
 * records often name once and then report for several paragraphs.
 */
import type { Passage, SourceDocument } from '../corpus/document';
import { foldCharacters } from '../text/terms';

export interface Actor {
  /** Comparable key: `group:employers`, `government:italy`, `person:almeida`, `role:director-general`. */
  key: string;
  /** As written, for messages. */
  text: string;
  start: number;
  end: number;
}

const GROUP_RE = /\b(Employer|Worker|Government)s?[’']?\s+(?:group|spokesperson|spokespersons|Vice-Chairperson|vice-chairperson|members?|GB member|representatives?(?! of))\b|\b(?:the\s+)?(Employers|Workers)\b(?![’']?\s+(?:organi[sz]ations|rights|and\s+employers|and\s+workers))/g;
const GOVERNMENT_RE = /\bGovernment\s+(?:representative|representatives|delegate|delegates|observer|member|adviser)s?\s+(?:of|from)\s+((?:the\s+)?[A-Z][\p{L}-]+(?:\s+(?:and\s+)?[A-Z][\p{L}-]+)*)|\b(?:Government|Governments)\s+of\s+((?:the\s+)?[A-Z][\p{L}-]+(?:\s+(?:and\s+)?[A-Z][\p{L}-]+)*)/gu;
const PERSON_RE = /\b(?:Mr|Ms|Mrs|Dr|Ambassador|Minister|Professor|Prof\.|Sir|Dame|H\.E\.)\s+((?:[A-Z]\.\s*)*[A-Z][\p{L}’'‐-]+(?:\s+(?:(?:de|da|dos|van|von|del|la|le|di|bin|al)\s+)?[A-Z][\p{L}’'‐-]+)*)/gu;
const ROLE_RE = /\b(Deputy\s+Director[-‐\s]General|Director[-‐\s]General|Deputy\s+Secretary[-‐\s]General|Secretary[-‐\s]General|Vice-Chairperson|Chairperson|Assistant\s+High\s+Commissioner|High\s+Commissioner|Special\s+Rapporteur)\b/g;

/** The words a match of `PERSON_RE`, and of `ROLE_RE`, cannot be written without. */
const TITLE_WORDS = ['Mr', 'Ms', 'Dr', 'Ambassador', 'Minister', 'Prof', 'Sir', 'Dame', 'H.E.'];
const ROLE_WORDS = ['Director', 'Secretary', 'Chairperson', 'Commissioner', 'Rapporteur'];

function countryKey(s: string): string {
  return foldCharacters(s.replace(/^the\s+/i, '')).replace(/\s+/g, ' ').trim();
}

function personKey(name: string): string {
  const parts = name.trim().split(/\s+/);
  return foldCharacters(parts[parts.length - 1]);
}

function roleKey(role: string): string {
  return foldCharacters(role).replace(/[-‐\s]+/g, '-');
}

/** Every actor named in a text, left to right. */
export function readActors(text: string): Actor[] {
  const out: Actor[] = [];
  const taken: [number, number][] = [];
  const push = (key: string, t: string, start: number) => {
    const end = start + t.length;
    if (taken.some(([a, b]) => start < b && end > a)) return;
    taken.push([start, end]);
    out.push({ key, text: t, start, end });
  };
  let m: RegExpExecArray | null;
  // most sentences name nobody: a pattern runs only on a text with a word it cannot match without
  const government = text.includes('Government');
  const titled = TITLE_WORDS.some((w) => text.includes(w));
  const office = ROLE_WORDS.some((w) => text.includes(w));
  const group = government || text.includes('Employer') || text.includes('Worker');
  GOVERNMENT_RE.lastIndex = 0;
  while (government && (m = GOVERNMENT_RE.exec(text))) {
    const country = (m[1] ?? m[2]).replace(/\s+(?:said|stated|and|to|was|were|had|has)$/, '');
    push(`government:${countryKey(country)}`, m[0], m.index);
  }
  PERSON_RE.lastIndex = 0;
  while (titled && (m = PERSON_RE.exec(text))) push(`person:${personKey(m[1])}`, m[0], m.index);
  ROLE_RE.lastIndex = 0;
  while (office && (m = ROLE_RE.exec(text))) push(`role:${roleKey(m[1])}`, m[0], m.index);
  GROUP_RE.lastIndex = 0;
  while (group && (m = GROUP_RE.exec(text))) {
    const g = (m[1] ?? m[2]).toLowerCase().replace(/s$/, '');
    push(`group:${g}s`, m[0], m.index);
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Who speaks in a passage: an actor named in its first sentence, else in its section heading,
 * else the speaker of the passage before it in the same section. Read when a passage is first
 * asked about (a candidate of some claim), not for the whole corpus up front; the memo is
 * bounded because a large corpus has far more passages than a session looks at.
 */
export class PassageSpeakers {
  private readonly memo = new Map<Passage, Actor[]>();

  constructor(private readonly maxEntries = 50_000) {}

  of(p: Passage): Actor[] {
    if (p.kind === 'heading') return [];
    const cached = this.memo.get(p);
    if (cached) return cached;
    // walk back to the passage that names its speaker, then share that answer along the way
    const siblings = p.doc.passages;
    let i = indexIn(siblings, p);
    const unresolved: Passage[] = [];
    let speakers: Actor[] = [];
    for (let q = p; ; q = siblings[--i]) {
      const known = this.memo.get(q);
      if (known) {
        speakers = known;
        break;
      }
      unresolved.push(q);
      const own = ownSpeakers(q);
      if (own.length) {
        speakers = own;
        break;
      }
      const prev = i > 0 ? siblings[i - 1] : undefined;
      if (!prev || prev.kind === 'heading' || prev.heading !== q.heading) break;
    }
    if (this.memo.size + unresolved.length > this.maxEntries) this.memo.clear();
    for (const q of unresolved) this.memo.set(q, speakers);
    return speakers;
  }
}

function ownSpeakers(p: Passage): Actor[] {
  const first = p.sentences[0] ? p.text.slice(p.sentences[0].start, p.sentences[0].end) : p.text;
  const speakers = readActors(first);
  return speakers.length === 0 && p.heading ? readActors(p.heading) : speakers;
}

function indexIn(passages: Passage[], p: Passage): number {
  // passages of a document have consecutive ids, except in documents built outside a corpus
  const guess = p.id - passages[0].id;
  return passages[guess] === p ? guess : passages.indexOf(p);
}

/** What may stand between a person and the office named beside them. */
const APPOSITION_RE = /^,\s*(?:ILO\s+|UN\s+)?$/;

/**
 * Who is who: appositions in the sources (`Mr Guy Ryder, ILO Director General`) make a
 * person and an office the same actor. A document's appositions are read when it is built and
 * kept with it, in the index cache too: reading them from every passage at the first claim
 * that needed them took 3–4 s at ×500 after each restart.
 */
export function documentAliases(documents: SourceDocument[]): Map<string, Set<string>> {
  return aliasTable(documents.map((d) => (d.appositions ??= readAppositions(d.passages))));
}

function aliasTable(links: [string, string][][]): Map<string, Set<string>> {
  const aliases = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!aliases.has(a)) aliases.set(a, new Set());
    aliases.get(a)!.add(b);
  };
  for (const list of links) {
    for (const [person, office] of list) {
      link(person, office);
      link(office, person);
    }
  }
  return aliases;
}

/** Each person named right before an office, as `[person key, office key]`. */
export function readAppositions(passages: readonly Passage[]): [string, string][] {
  const out: [string, string][] = [];
  for (const p of passages) {
    const text = p.text;
    // only a passage that names an office right after a comma can hold one
    if (!mayHoldApposition(text)) continue;
    const actors = readActors(text);
    for (let i = 0; i + 1 < actors.length; i++) {
      const a = actors[i];
      const b = actors[i + 1];
      const between = text.slice(a.end, b.start);
      if (a.key.startsWith('person:') && b.key.startsWith('role:') && APPOSITION_RE.test(between)) out.push([a.key, b.key]);
    }
  }
  return out;
}

/** An office named right after a comma: what every apposition `documentAliases` links has. */
const OFFICE_AFTER_COMMA_RE = new RegExp(`,\\s*(?:ILO\\s+|UN\\s+)?${ROLE_RE.source}`);

function mayHoldApposition(text: string): boolean {
  return ROLE_WORDS.some((w) => text.includes(w)) && OFFICE_AFTER_COMMA_RE.test(text);
}

/**
 * Whether two actor keys name the same actor. Only a person and an office can be aliases, so
 * the (corpus-wide) alias table is asked for only then.
 */
export function sameActor(a: string, b: string, aliases: () => Map<string, Set<string>>): boolean {
  if (a === b) return true;
  const other = a.startsWith('person:') ? b : b.startsWith('person:') ? a : undefined;
  if (!other?.startsWith('role:')) return false;
  return aliases().get(a)?.has(b) ?? false;
}
