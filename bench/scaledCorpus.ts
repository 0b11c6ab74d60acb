/**
 * Scaled copies of the bundled corpus for benchmarks: ×N documents made from the seeds with a
 * seeded generator, so every run measures the same bytes. Each copy perturbs the text (words
 * swapped for other words of the same document, figures and years changed, names of
 * countries rotated) so that no index can deduplicate the copies away, while keeping the
 * layout of PDF-extracted text that the loader has to repair. Cached on disk between runs.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

export const BUNDLED_CORPUS = path.resolve(__dirname, '..', '..', 'corpus');
const CACHE = path.resolve(__dirname, '..', '..', 'bench', '.cache');
const GENERATOR_VERSION = 2;

/** A small, fast, seeded generator (mulberry32): the same seed, the same corpus. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['Italy', 'Kenya', 'Panama', 'Philippines', 'Sweden', 'Switzerland', 'Algeria', 'Cambodia', 'Zimbabwe', 'Brazil', 'Argentina', 'Mexico', 'Nepal', 'Ghana', 'Jordan', 'Peru', 'Viet Nam', 'Senegal'];

/** One perturbed copy of a source text; line structure (and so extraction artefacts) is kept. */
export function perturb(text: string, rand: () => number): string {
  const vocabulary = text.match(/\b[a-z]{4,}\b/g) ?? ['labour'];
  return text
    .replace(/\b[a-z]{4,}\b/g, (w) => (rand() < 0.12 ? vocabulary[Math.floor(rand() * vocabulary.length)] : w))
    .replace(/\b(19|20)\d{2}\b/g, () => String(1990 + Math.floor(rand() * 35)))
    .replace(/(?<![\d.])\d{2,3}(?:,\d{3})?(?![\d.])/g, (n) => (rand() < 0.5 ? String(Math.floor(rand() * 10 ** Math.min(n.length, 3))) : n))
    .replace(new RegExp(`\\b(${COUNTRIES.join('|')})\\b`, 'g'), () => COUNTRIES[Math.floor(rand() * COUNTRIES.length)]);
}

/** A folder holding ×`scale` the bundled corpus (scale 1: the bundled corpus itself). */
export function scaledCorpus(scale: number): string {
  if (scale === 1) return BUNDLED_CORPUS;
  const dir = path.join(CACHE, `x${scale}-v${GENERATOR_VERSION}`);
  const seeds = readdirSync(BUNDLED_CORPUS).filter((f) => f.endsWith('.txt') || f.endsWith('.md')).sort();
  const expected = seeds.length * scale;
  if (existsSync(dir) && readdirSync(dir).length === expected) return dir;
  mkdirSync(dir, { recursive: true });
  const rand = seededRandom(20131108 + scale);
  for (let copy = 0; copy < scale; copy++) {
    for (const name of seeds) {
      const text = readFileSync(path.join(BUNDLED_CORPUS, name), 'utf8');
      writeFileSync(path.join(dir, `${String(copy).padStart(4, '0')}-${name}`), copy === 0 ? text : perturb(text, rand));
    }
  }
  return dir;
}
