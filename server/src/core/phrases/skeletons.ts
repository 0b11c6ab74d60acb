/**
 * Skeletons of conclusions texts as snippets (LSP snippet syntax, `${1:placeholder}` tab
 * stops): the preamble formula of a meeting's conclusions, an action list under `The Office
 * should:` and a numbered paragraph that continues the draft's numbering.
 */
import { SectionKind } from './sections';

export interface Skeleton {
  id: 'preamble' | 'action-list' | 'paragraph';
  label: string;
  description: string;
  /** The words a drafter types to get it: the snippet's own opening. */
  filterText: string;
  /** LSP snippet text. */
  body: string;
}

/**
 * The preamble as conclusions of ILO meetings word it: the meeting names itself, where and
 * when it met, what it took into account, and adopts the conclusions on a given day.
 */
function preamble(): Skeleton {
  const body = [
    'The ${1:Tripartite Technical Meeting} on ${2:subject},',
    '',
    'Having met in ${3:Geneva} from ${4:first day} to ${5:last day month year},',
    '',
    'Taking into account the Governing Body’s decisions at its ${6:nth} Session in ${7:month year} and at its ${8:nth} Session in ${9:month year},',
    '',
    '${10:Recognizing that …},',
    '',
    'Adopts, this ${11:nth} day of ${12:month year}, the following conclusions:',
    '',
    '$0',
  ].join('\n');
  return { id: 'preamble', label: 'Conclusions preamble', description: 'The preamble formula: meeting, dates and place, Governing Body sessions, adoption.', filterText: 'The Tripartite Technical Meeting', body };
}

function actionList(paragraph: number): Skeleton {
  const body = `\${1:${paragraph}}. \${2:The Office} should:\n\n(i) \${3:Assist governments and social partners, upon their request,} $0`;
  return { id: 'action-list', label: `${paragraph}. The Office should: (i) …`, description: 'A numbered paragraph opening an enumerated action list.', filterText: 'The Office should', body };
}

function paragraph(n: number): Skeleton {
  return { id: 'paragraph', label: `${n}. (numbered paragraph)`, description: `Paragraph ${n}, continuing the draft's numbering.`, filterText: `${n}.`, body: `${n}. $0` };
}

/**
 * The skeletons that fit at the start of a line: the preamble only before the first numbered
 * paragraph, an action list and a numbered paragraph anywhere but inside a preamble or an
 * action list.
 */
export function skeletonsAt(section: SectionKind, nextParagraph: number, preambleAbove: boolean): Skeleton[] {
  const out: Skeleton[] = [];
  if (section === 'action-list') return out;
  if (section === 'body' && nextParagraph === 1 && !preambleAbove) out.push(preamble());
  if (section !== 'preamble') out.push(actionList(nextParagraph), paragraph(nextParagraph));
  return out;
}
