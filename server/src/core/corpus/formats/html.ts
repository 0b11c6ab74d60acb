/**
 * Reads the text of an HTML page: paragraphs, list items (numbered as the page shows them),
 * table cells and headings (as Markdown headings), without scripts, styles, navigation or the
 * page's own header and footer.
 */
import { Parser } from 'htmlparser2';
import { decodeSource } from '../sourceDecoding';
import type { ExtractResult } from './extractSource';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'head', 'nav', 'iframe', 'object', 'select', 'button', 'canvas']);
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'header', 'footer', 'li', 'dt', 'dd', 'blockquote', 'pre', 'tr', 'td', 'th', 'caption',
  'figcaption', 'figure', 'table', 'ul', 'ol', 'dl', 'hr', 'address', 'details', 'summary', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'body', 'form', 'fieldset',
]);

export function extractHtml(bytes: Uint8Array): ExtractResult {
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return decoded;
  const paragraphs: string[] = [];
  let text = '';
  let prefix = '';
  let skip = 0;
  // the page's outermost header and footer are site furniture; inside an article they are content
  let article = 0;
  const lists: { ordered: boolean; next: number }[] = [];
  // a list item's number stays for a paragraph inside it (`<li><p>...`) until text is written
  const flush = (closing: boolean) => {
    const t = text.replace(/[\s\u00a0]+/g, ' ').trim();
    if (t) paragraphs.push(prefix + t);
    text = '';
    if (t || closing) prefix = '';
  };
  const skipped = (name: string) => SKIPPED.has(name) || ((name === 'header' || name === 'footer') && article === 0);
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (skipped(name)) skip++;
        if (skip) return;
        if (name === 'article' || name === 'main') article++;
        if (name === 'br') text += ' ';
        if (!BLOCKS.has(name)) return;
        flush(false);
        const h = /^h([1-6])$/.exec(name);
        if (h) prefix = '#'.repeat(Number(h[1])) + ' ';
        else if (name === 'ul') lists.push({ ordered: false, next: 1 });
        else if (name === 'ol') lists.push({ ordered: true, next: Number(attrs.start ?? 1) || 1 });
        else if (name === 'li') {
          const list = lists[lists.length - 1];
          if (list?.ordered) prefix = `${attrs.value ? Number(attrs.value) : list.next}. `;
          else prefix = '• ';
          if (list) list.next = (attrs.value ? Number(attrs.value) : list.next) + 1;
        }
      },
      ontext(t) {
        if (!skip) text += t;
      },
      onclosetag(name) {
        if (skipped(name)) {
          skip--;
          return;
        }
        if (skip) return;
        if (name === 'article' || name === 'main') article--;
        if (!BLOCKS.has(name)) return;
        flush(true);
        if (name === 'ul' || name === 'ol') lists.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(decoded.text);
  parser.end();
  flush(true);
  return { ok: true, format: 'html', text: paragraphs.length ? paragraphs.join('\n\n') + '\n' : '', paragraphsByBlankLines: true };
}
