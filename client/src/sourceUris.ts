/**
 * Where VS Code shows a PDF, Word or HTML source: the server's locations for passages of such
 * files point into the text extracted from them, which VS Code cannot show from the file itself.
 * The client rewrites those `file:` URIs to a read-only `groundwork-source:` document filled
 * with the extracted text (the server's `groundwork/sourceText`). Pure string logic, no vscode.
 */

/** The scheme of the read-only documents that show a source's extracted text. */
export const SOURCE_TEXT_SCHEME = 'groundwork-source';

/** The command that opens a passage beside the draft (arguments: file URI, optional LSP range). */
export const OPEN_SOURCE_COMMAND = 'groundwork.openSource';

const EXTRACTED = /\.(pdf|docx|html?)$/i;

/** The URI without its fragment and query. */
const withoutFragment = (uri: string) => uri.replace(/[?#][\s\S]*$/, '');

/** Whether a URI is a `file:` URI of a source whose text is extracted (PDF, Word, HTML). */
export function isExtractedSource(uri: string): boolean {
  return /^file:/i.test(uri) && EXTRACTED.test(withoutFragment(uri));
}

/**
 * The `groundwork-source:` URI showing the extracted text of a PDF, Word or HTML file
 * (`groundwork-source:/abs/report.pdf.txt?<encoded file URI>`), or undefined for any other URI.
 * The path only names the tab (and makes it plain text); the query says which file it is.
 */
export function toSourceTextUri(fileUri: string): string | undefined {
  if (!isExtractedSource(fileUri)) return undefined;
  const file = withoutFragment(fileUri);
  const path = '/' + file.slice('file:'.length).replace(/^\/+/, '');
  return `${SOURCE_TEXT_SCHEME}:${path}.txt?${encodeURIComponent(file)}`;
}

/** The file URI behind a `groundwork-source:` URI's query (as given, decoded or not). */
export function fileUriOfSourceText(query: string): string {
  return /^file:/i.test(query) ? query : decodeURIComponent(query);
}

/** The page a PDF link opens at (`#page=N`), if it says. */
export function pageOf(uri: string): number | undefined {
  const m = /#page=(\d+)$/.exec(uri);
  return m ? Number(m[1]) : undefined;
}

/**
 * Markdown with its links to PDF, Word and HTML sources turned into links that run
 * `groundwork.openSource` (which shows the extracted text, at the page when the link names one).
 * Other links are left alone. `changed` says whether any link was rewritten (the caller must then
 * trust the Markdown for that command).
 */
export function hoverLinksToCommand(markdown: string): { value: string; changed: boolean } {
  let changed = false;
  const value = markdown.replace(/\]\((file:[^)\s]+)\)/gi, (whole, uri: string) => {
    if (!isExtractedSource(uri)) return whole;
    changed = true;
    const args = encodeURIComponent(JSON.stringify([uri])).replace(/\(/g, '%28').replace(/\)/g, '%29');
    return `](command:${OPEN_SOURCE_COMMAND}?${args})`;
  });
  return { value, changed };
}
