import * as assert from 'assert';
import { URI } from 'vscode-uri';
import { fileUriOfSourceText, hoverLinksToCommand, isExtractedSource, pageOf, toSourceTextUri } from '../../client/src/sourceUris';

describe('client: PDF, Word and HTML passages open as extracted text', () => {
  it('rewrites file URIs of .pdf, .docx, .html and .htm sources, and only those', () => {
    for (const f of ['/c/report.pdf', '/c/Memo.DOCX', '/c/page.html', '/c/page.htm']) assert.ok(isExtractedSource(URI.file(f).toString()), f);
    for (const u of [URI.file('/c/notes.txt').toString(), URI.file('/c/notes.md').toString(), 'untitled:report.pdf', 'https://x.org/a.pdf', URI.file('/c/pdf').toString()]) {
      assert.ok(!isExtractedSource(u), u);
      assert.strictEqual(toSourceTextUri(u), undefined, u);
    }
  });

  it('names the text document after the file and keeps the file URI, without the page, in the query', () => {
    const file = URI.file('/corpus/GB 316 (final).pdf').toString();
    const text = toSourceTextUri(`${file}#page=4`)!;
    const parsed = URI.parse(text);
    assert.strictEqual(parsed.scheme, 'groundwork-source');
    assert.strictEqual(parsed.path, '/corpus/GB 316 (final).pdf.txt');
    // the query comes back decoded (vscode.Uri) or as written; either way the same file, no fragment
    assert.strictEqual(fileUriOfSourceText(parsed.query), file);
    assert.strictEqual(fileUriOfSourceText(text.slice(text.indexOf('?') + 1)), file);
    assert.strictEqual(URI.parse(fileUriOfSourceText(parsed.query)).fsPath, URI.file('/corpus/GB 316 (final).pdf').fsPath);
    // a round trip through the URI's string form is stable, so the same document is reused
    assert.strictEqual(URI.parse(URI.parse(text).toString()).toString(), URI.parse(text).toString());
  });

  it('keeps a Windows drive and a UNC host in the path', () => {
    assert.strictEqual(URI.parse(toSourceTextUri('file:///c%3A/corpus/a.docx')!).path, '/c:/corpus/a.docx.txt');
    assert.strictEqual(URI.parse(toSourceTextUri('file://server/share/a.html')!).path, '/server/share/a.html.txt');
  });

  it('reads the page of a PDF link', () => {
    assert.strictEqual(pageOf('file:///c/report.pdf#page=12'), 12);
    assert.strictEqual(pageOf('file:///c/report.pdf'), undefined);
    assert.strictEqual(pageOf('file:///c/notes.txt#L3,1'), undefined);
  });

  it('turns hover links to PDF, Word and HTML files into groundwork.openSource links, leaving text links alone', () => {
    const pdf = `${URI.file('/c/GB (316).pdf').toString()}#page=4`;
    const docx = URI.file('/c/memo.docx').toString();
    const txt = `${URI.file('/c/notes.txt').toString()}#L3,1`;
    const md = `- [GB.316/POL/1, p. 4](${pdf}) · GB\n- [Memo, para 2](${docx}) · memo\n- [notes, para 1](${txt}) · notes`;
    const { value, changed } = hoverLinksToCommand(md);
    assert.ok(changed);
    const links = [...value.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.strictEqual(links.length, 3);
    assert.strictEqual(links[2], txt);
    for (const [link, uri] of [[links[0], pdf], [links[1], docx]]) {
      const m = /^command:groundwork\.openSource\?(.+)$/.exec(link);
      assert.ok(m, link);
      assert.deepStrictEqual(JSON.parse(decodeURIComponent(m![1])), [uri]);
    }
    assert.deepStrictEqual(hoverLinksToCommand(`[a](${txt})`), { value: `[a](${txt})`, changed: false });
  });
});
