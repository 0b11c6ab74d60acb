/**
 * Word lists of the register of ILO meeting records that the checker needs to compare a
 * draft sentence with a source passage: which words only report speech, which carry stance,
 * which contradict each other, and which paraphrase each other. Every list is in folded
 * (lower-case) surface forms; the checker stems them with the same stemmer as the index.
 */
import { stem } from '../text/terms';

/** Verbs and nouns that report speech or procedure; they never make a claim true or false. */
export const REPORTING_WORDS = [
  'said', 'say', 'says', 'stated', 'state', 'noted', 'note', 'indicated', 'stressed', 'emphasized', 'emphasised', 'highlighted',
  'pointed', 'underlined', 'underscored', 'added', 'explained', 'observed', 'affirmed', 'reaffirmed', 'declared', 'remarked',
  'mentioned', 'referred', 'reference', 'made', 'according', 'speaking', 'behalf', 'view', 'felt', 'believed', 'considered',
  'expressed', 'reiterated', 'recalled', 'recalling', 'insisted', 'argued', 'suggested', 'mentioned', 'also', 'further',
  'particular', 'particularly', 'especially', 'indeed', 'furthermore', 'moreover', 'however', 'therefore', 'thus',
];

/** Hedges and approximators: paraphrases add and drop them freely. */
export const HEDGE_WORDS = ['approximately', 'around', 'about', 'roughly', 'nearly', 'almost', 'some', 'over', 'more', 'than', 'just', 'close', 'estimated', 'estimate', 'estimates', 'often', 'generally', 'usually', 'currently', 'now', 'recent', 'recently', 'already', 'still', 'would', 'will', 'could', 'can', 'may'];

/** Words of procedure and exhortation: a sentence made only of these carries no factual claim. */
export const PROCEDURAL_WORDS = [
  'meeting', 'office', 'should', 'shall', 'may', 'wish', 'consider', 'following', 'point', 'points', 'conclusion', 'conclusions', 'adopt',
  'adopts', 'adopted', 'consultation', 'consultations', 'held', 'hold', 'group', 'groups', 'further', 'invite', 'invited', 'note',
  'notes', 'noted', 'request', 'requests', 'requested', 'decide', 'decides', 'decided', 'agenda', 'item', 'items', 'paragraph',
  'paragraphs', 'draft', 'text', 'document', 'documents', 'session', 'committee', 'drafting', 'submit', 'submitted', 'report',
  'action', 'actions', 'follow', 'up', 'take', 'taken', 'account', 'accordingly', 'below', 'above', 'annex', 'attached', 'see',
  'kindly', 'please', 'proposed', 'propose', 'proposes', 'also', 'therefore', 'next', 'steps', 'step', 'way', 'forward', 'discussion',
  'discuss', 'discussed', 'continue', 'continued', 'welcome', 'thank', 'thanks', 'participants', 'chairperson', 'secretariat',
];

/** Stance: what a speaker thought of something. A draft that flips it misreports the record. */
export const POSITIVE_STANCE = [
  'welcome', 'welcomed', 'welcomes', 'support', 'supported', 'supports', 'endorse', 'endorsed', 'endorses', 'agree', 'agreed', 'agrees',
  'praise', 'praised', 'commend', 'commended', 'appreciate', 'appreciated', 'favour', 'favoured', 'favor', 'favored', 'applaud',
  'applauded', 'approve', 'approved', 'embrace', 'embraced', 'back', 'backed', 'accept', 'accepted', 'satisfied', 'pleased',
];
export const NEGATIVE_STANCE = [
  'concern', 'concerned', 'concerns', 'regret', 'regretted', 'regrets', 'oppose', 'opposed', 'opposes', 'reject', 'rejected', 'rejects',
  'criticize', 'criticized', 'criticise', 'criticised', 'deplore', 'deplored', 'object', 'objected', 'question', 'questioned',
  'doubt', 'doubted', 'warn', 'warned', 'disagree', 'disagreed', 'worried', 'worry', 'lament', 'lamented', 'condemn', 'condemned',
  'dismiss', 'dismissed', 'decline', 'declined', 'refuse', 'refused', 'resist', 'resisted', 'alarmed',
];

/** Words that negate what follows. `non-` and `un-` compounds are handled by the slot reader. */
export const NEGATORS = ['not', 'no', 'never', 'cannot', "can't", "n't", 'neither', 'nor', 'without', 'none', 'nothing', 'nobody', 'lack', 'lacked', 'failed', 'fail'];

/** Pairs a draft must not swap: the source says one, the draft the other. */
export const CONTRASTS: [string, string][] = [
  ['high', 'low'], ['higher', 'lower'], ['men', 'women'], ['man', 'woman'], ['male', 'female'], ['boys', 'girls'],
  ['increase', 'decrease'], ['increased', 'decreased'], ['increasing', 'decreasing'], ['rise', 'fall'], ['rising', 'falling'],
  ['majority', 'minority'], ['public', 'private'], ['regular', 'irregular'],
  ['formal', 'informal'], ['skilled', 'unskilled'], ['permanent', 'temporary'], ['documented', 'undocumented'],
  ['origin', 'destination'], ['legal', 'illegal'], ['voluntary', 'forced'], ['voluntary', 'compulsory'],
  ['bilateral', 'multilateral'], ['urban', 'rural'], ['developed', 'developing'],
  ['success', 'failure'], ['always', 'never'],
  ['strengthen', 'weaken'], ['improved', 'worsened'], ['improve', 'worsen'], ['positive', 'negative'], ['inclusive', 'exclusive'],
  ['adopted', 'rejected'], ['ratified', 'denounced'], ['widely', 'poorly'], ['growing', 'declining'], ['north', 'south'],
  ['major', 'minor'], ['crucial', 'minor'], ['important', 'minor'], ['key', 'minor'], ['significant', 'minor'], ['central', 'marginal'],
  ['important', 'unimportant'], ['significant', 'insignificant'], ['strong', 'weak'], ['effective', 'ineffective'],
  ['adequate', 'inadequate'], ['sufficient', 'insufficient'], ['likely', 'unlikely'], ['better', 'worse'], ['best', 'worst'],
  ['easy', 'difficult'], ['growth', 'decline'], ['expand', 'reduce'], ['expanded', 'reduced'], ['open', 'closed'], ['accept', 'reject'],
];

/** Paraphrases common in this register: each group counts as one word when comparing. */
export const SYNONYM_GROUPS: string[][] = [
  ['die', 'died', 'death', 'deaths', 'dead', 'killed', 'perished'],
  ['elect', 'elected', 'election', 'chose', 'chosen', 'appointed'],
  ['assist', 'help', 'support', 'aid'],
  ['promote', 'foster', 'encourage', 'advance', 'further'],
  ['ensure', 'guarantee', 'secure'],
  ['country', 'countries', 'state', 'states', 'nation', 'nations'],
  ['government', 'governments', 'authorities'],
  ['employer', 'employers', 'business', 'businesses', 'enterprises'],
  ['job', 'jobs', 'employment', 'work'],
  ['migrant', 'migrants', 'migration'],
  ['worker', 'workers', 'labour', 'labor'],
  ['large', 'big', 'great', 'significant', 'considerable', 'substantial'],
  ['important', 'key', 'crucial', 'vital', 'essential', 'central', 'critical'],
  ['problem', 'problems', 'challenge', 'challenges', 'issue', 'issues', 'difficulty', 'difficulties'],
  ['use', 'utilize', 'utilise', 'employ', 'make use'],
  ['begin', 'start', 'commence', 'launch', 'launched'],
  ['end', 'finish', 'conclude', 'close', 'closing'],
  ['show', 'shows', 'demonstrate', 'indicate', 'reveal'],
  ['publish', 'published', 'publication', 'issued', 'released'],
  ['adopt', 'adopted', 'adoption', 'approved', 'endorsed'],
  ['ratify', 'ratified', 'ratification'],
  ['recommend', 'recommended', 'recommendation', 'advised'],
  ['reside', 'live', 'living', 'resident', 'residing'],
  ['tragedy', 'disaster', 'catastrophe'],
  ['meeting', 'conference', 'session'],
  ['global', 'worldwide', 'international'],
  ['people', 'persons', 'individuals'],
  ['abuse', 'abuses', 'exploitation', 'mistreatment'],
  ['rise', 'increase', 'growth', 'grow', 'growing', 'rising'],
  ['need', 'needs', 'require', 'requirement', 'requirements', 'demand'],
  ['aim', 'goal', 'objective', 'purpose'],
  ['propose', 'proposal', 'suggest', 'suggestion'],
  ['solve', 'solved', 'resolve', 'address', 'tackle'],
];

const stemAll = (words: string[]) => new Set(words.map((w) => stem(w)));

export const REPORTING_STEMS = stemAll(REPORTING_WORDS);
export const HEDGE_STEMS = stemAll(HEDGE_WORDS);
export const PROCEDURAL_STEMS = stemAll(PROCEDURAL_WORDS);
export const POSITIVE_STEMS = stemAll(POSITIVE_STANCE);
export const NEGATIVE_STEMS = stemAll(NEGATIVE_STANCE);
export const NEGATOR_WORDS = new Set(NEGATORS);

/** Stem → the id of its synonym group (its first member's stem). */
export const SYNONYM_OF: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const g of SYNONYM_GROUPS) {
    const id = stem(g[0]);
    for (const w of g) for (const part of w.split(' ')) if (!m.has(stem(part))) m.set(stem(part), id);
  }
  return m;
})();

/** Folded word → the folded words it contrasts with. */
export const CONTRAST_OF: Map<string, Set<string>> = (() => {
  const m = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (!m.has(a)) m.set(a, new Set());
    m.get(a)!.add(b);
  };
  for (const [a, b] of CONTRASTS) {
    add(a, b);
    add(b, a);
  }
  return m;
})();
