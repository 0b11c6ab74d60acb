import { Interner } from '../text/interner';

/**
 * Dense numbers for the words, stems and synonym groups the checker reads, so that what a
 * sentence holds is a few small arrays of numbers: compared without hashing strings, and kept
 * for thousands of sentences at a fraction of the memory of sets of strings. One vocabulary
 * per checker; its numbers mean nothing to another.
 */
export class Vocabulary extends Interner {}
