/**
 * Dense numbers for strings, given on first sight: what lets the checker and the phrase bank
 * hold words as small arrays of numbers, compared without hashing strings.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  /** The strings, by number. */
  readonly words: string[] = [];

  /** The number of a word, given it on first sight. */
  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  /** The number of a word already seen, else -1 (which no text holds). */
  peek(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  word(id: number): string {
    return this.words[id];
  }
}
