/**
 * Who said it: the actors of ILO meeting records (the Employers' and Workers' groups and their
 * spokespersons, a Government representative of a country, a named panellist, an office
 * holder) read from text into comparable keys, and the speaker of each source passage, which
 * records often name once and then report for several paragraphs.
 */
import { Passage } from '../corpus/document';
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
  GOVERNMENT_RE.lastIndex = 0;
  while ((m = GOVERNMENT_RE.exec(text))) {
    const country = (m[1] ?? m[2]).replace(/\s+(?:said|stated|and|to|was|were|had|has)$/, '');
    push(`government:${countryKey(country)}`, m[0], m.index);
  }
  PERSON_RE.lastIndex = 0;
  while ((m = PERSON_RE.exec(text))) push(`person:${personKey(m[1])}`, m[0], m.index);
  ROLE_RE.lastIndex = 0;
  while ((m = ROLE_RE.exec(text))) push(`role:${roleKey(m[1])}`, m[0], m.index);
  GROUP_RE.lastIndex = 0;
  while ((m = GROUP_RE.exec(text))) {
    const g = (m[1] ?? m[2]).toLowerCase().replace(/s$/, '');
    push(`group:${g}s`, m[0], m.index);
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Who speaks in each passage: an actor named in its first sentence, else in its section
 * heading, else the speaker of the passage before it in the same section.
 */
export function passageSpeakers(passages: Passage[]): Map<Passage, Actor[]> {
  const out = new Map<Passage, Actor[]>();
  let prev: Passage | undefined;
  let prevSpeakers: Actor[] = [];
  for (const p of passages) {
    if (p.kind === 'heading') {
      prev = p;
      prevSpeakers = [];
      continue;
    }
    const first = p.sentences[0] ? p.text.slice(p.sentences[0].start, p.sentences[0].end) : p.text;
    let speakers = readActors(first);
    if (speakers.length === 0 && p.heading) speakers = readActors(p.heading);
    if (speakers.length === 0 && prev && prev.doc === p.doc && prev.heading === p.heading) speakers = prevSpeakers;
    out.set(p, speakers);
    prev = p;
    prevSpeakers = speakers;
  }
  return out;
}

/**
 * Who is who: appositions in the sources (`Mr Guy Ryder, ILO Director General`) make a
 * person and an office the same actor.
 */
export function actorAliases(passages: Passage[]): Map<string, Set<string>> {
  const aliases = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!aliases.has(a)) aliases.set(a, new Set());
    if (!aliases.has(b)) aliases.set(b, new Set());
    aliases.get(a)!.add(b);
    aliases.get(b)!.add(a);
  };
  for (const p of passages) {
    const actors = readActors(p.text);
    for (let i = 0; i + 1 < actors.length; i++) {
      const a = actors[i];
      const b = actors[i + 1];
      const between = p.text.slice(a.end, b.start);
      if (a.key.startsWith('person:') && b.key.startsWith('role:') && /^,\s*(?:ILO\s+|UN\s+)?$/.test(between)) link(a.key, b.key);
    }
  }
  return aliases;
}

export function sameActor(a: string, b: string, aliases: Map<string, Set<string>>): boolean {
  if (a === b) return true;
  if (aliases.get(a)?.has(b)) return true;
  // "the Employers" and "the Employer spokesperson" speak for the same group
  return false;
}
