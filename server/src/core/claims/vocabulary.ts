/**
 * Dense numbers for the words, stems and synonym groups the checker reads, so that what a
 * sentence holds is a few small arrays of numbers: compared without hashing strings, and kept
 * for thousands of sentences at a fraction of the memory of sets of strings. One vocabulary
 * per checker; its numbers mean nothing to another.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];

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
