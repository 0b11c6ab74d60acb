// Writes the source-format fixtures of test/fixtures/formats from one bundled seed, so each
// format's extraction can be compared with the passages of the text it was made from:
//   gb316.md, gb316.html   written here from the seed's passages
//   gb316.fodt             the same passages as an OpenDocument, with a running header and page
//                          numbers, which LibreOffice turns into gb316.pdf and gb316.docx
//   layout.fodt            two columns, soft hyphens and a running header (layout.pdf)
//   word.fodt              headings, an auto-numbered list, bullets, a tracked change and a
//                          comment (word.docx)
//   encrypted.pdf          layout.fodt exported with an open password
// Run by scripts/make-fixtures.sh after `npx tsc -p .` (it reads the seed through out/).
import { createRequire } from 'module';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { buildDocument } = require(path.join(ROOT, 'out/server/src/core/corpus/document.js'));
const [outDir, workDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
mkdirSync(workDir, { recursive: true });

const SEED = path.join(ROOT, 'corpus/2012-gb316-pol1-labour-migration.txt');
const seed = buildDocument(SEED, 'seed', readFileSync(SEED, 'utf8'));

const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The label a passage carried in the seed: `19. ` for paragraph 19, `(iii) ` for an item. */
const label = (p) => (p.kind === 'numbered' ? `${p.number}. ` : p.kind === 'item' ? `${p.number.replace(/^[^(]*/, '')} ` : '');

// Markdown: one block a paragraph, blank lines between, as a drafter would write it.
const md = seed.passages.map((p) => (p.kind === 'heading' ? `## ${p.text}` : p.kind === 'bullet' ? `- ${p.text}` : label(p) + p.text)).join('\n\n') + '\n';
writeFileSync(path.join(outDir, 'gb316.md'), md);

// HTML: a page as a site would publish it, with navigation and a script around the content.
const htmlBody = [];
for (let i = 0; i < seed.passages.length; i++) {
  const p = seed.passages[i];
  if (p.kind === 'bullet') {
    const items = [];
    while (i < seed.passages.length && seed.passages[i].kind === 'bullet') items.push(`  <li>${xml(seed.passages[i++].text)}</li>`);
    i--;
    htmlBody.push(`<ul>\n${items.join('\n')}\n</ul>`);
  } else if (p.kind === 'heading') htmlBody.push(`<h2>${xml(p.text)}</h2>`);
  else htmlBody.push(`<p>${xml(label(p) + p.text)}</p>`);
}
writeFileSync(
  path.join(outDir, 'gb316.html'),
  `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>GB.316/POL/1 &ndash; Labour migration</title>\n<style>p { margin: 0 0 1em }</style>\n<script>window.analytics = "<p>not text</p>";</script></head>\n<body>\n<nav><a href="/">Home</a> &gt; <a href="/gb">Governing Body</a></nav>\n<main>\n${htmlBody.join('\n')}\n</main>\n<footer>&copy; ILO</footer>\n</body></html>\n`,
);

const FODT_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"/><style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="DejaVu Serif" fo:font-size="10pt" fo:language="en" fo:country="GB" fo:hyphenate="false"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.3cm" fo:text-align="justify"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1"><style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.3cm" fo:keep-with-next="always"/><style:text-properties style:font-name="DejaVu Sans" fo:font-size="14pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2"><style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/><style:text-properties style:font-name="DejaVu Sans" fo:font-size="11pt" fo:font-weight="bold"/></style:style>
<style:style style:name="List_20_Paragraph" style:display-name="List Paragraph" style:family="paragraph" style:parent-style-name="Text_20_body"/>
<style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="end"/><style:text-properties fo:font-size="8pt"/></style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="8pt"/></style:style>
<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.8cm" fo:text-indent="-0.5cm" fo:margin-left="0.8cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>
<text:list-style style:name="Numbers"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.8cm" fo:text-indent="-0.6cm" fo:margin-left="0.8cm"/></style:list-level-properties></text:list-level-style-number></text:list-style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/><style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.5cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.5cm"/></style:footer-style></style:page-layout>
<style:style style:name="Columns" style:family="section"><style:section-properties><style:columns fo:column-count="2" fo:column-gap="1cm"/></style:section-properties></style:style>
<style:style style:name="Hyphenated" style:family="paragraph" style:parent-style-name="Text_20_body"><style:paragraph-properties fo:text-align="start"/></style:style>
<style:style style:name="NewPage" style:family="paragraph" style:parent-style-name="Heading_20_1"><style:paragraph-properties fo:break-before="page"/></style:style>
</office:automatic-styles>`;

const fodt = (header, body, tracked = '') => `${FODT_HEAD}
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">${header ? `<style:header><text:p text:style-name="Header">${xml(header)}</text:p></style:header><style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>` : ''}</style:master-page></office:master-styles>
<office:body><office:text>${tracked}
${body}
</office:text></office:body></office:document>
`;

// gb316: every passage one paragraph, bullets as a bulleted list, the symbol as running header
const body = [];
for (let i = 0; i < seed.passages.length; i++) {
  const p = seed.passages[i];
  if (p.kind === 'bullet') {
    const items = [];
    while (i < seed.passages.length && seed.passages[i].kind === 'bullet') items.push(`<text:list-item><text:p text:style-name="List_20_Paragraph">${xml(seed.passages[i++].text)}</text:p></text:list-item>`);
    i--;
    body.push(`<text:list text:style-name="Bullets">${items.join('')}</text:list>`);
  } else if (p.kind === 'heading') body.push(`<text:h text:style-name="Heading_20_2" text:outline-level="2">${xml(p.text)}</text:h>`);
  else body.push(`<text:p text:style-name="Text_20_body">${xml(label(p) + p.text)}</text:p>`);
}
writeFileSync(path.join(workDir, 'gb316.fodt'), fodt('GB.316/POL/1', body.join('\n')));

// layout: a full-width title, two columns, a full-width closing paragraph; soft hyphens (U+00AD)
// in the narrow columns so that LibreOffice breaks words at line ends
const SHY = '\u00ad';
const soft = (s) => s.replace(/\b(inter)(national)\b/g, `$1${SHY}$2`).replace(/\b(organ)(izations)\b/g, `$1${SHY}$2`).replace(/\b(recruit)(ment)\b/g, `$1${SHY}$2`).replace(/\b(govern)(ments)\b/g, `$1${SHY}$2`);
const left = [
  'The left column opens the report. International organizations and governments discussed recruitment practices, international cooperation and the protection of migrant workers in countries of origin and destination.',
  'A second paragraph of the left column recalls that international recruitment agencies and governments share responsibilities for fair recruitment.',
];
const right = [
  'The right column continues the report. Employers organizations asked governments to simplify international recruitment procedures and to recognise skills acquired abroad.',
  'A last paragraph in the right column notes that international organizations will report on recruitment costs paid by migrant workers.',
];
const layoutBody = [
  '<text:h text:style-name="Heading_20_1" text:outline-level="1">Two columns on one page</text:h>',
  `<text:section text:style-name="Columns" text:name="Columns">${[...left, ...right].map((t, i) => `<text:p text:style-name="Hyphenated"${i === left.length ? '' : ''}>${xml(soft(t))}</text:p>`).join('')}</text:section>`,
  '<text:p text:style-name="Text_20_body">This closing paragraph spans the full width of the page below both columns.</text:p>',
  '<text:h text:style-name="NewPage" text:outline-level="1">Second page</text:h>',
  '<text:p text:style-name="Text_20_body">The second page repeats the running header and carries its own page number.</text:p>',
];
writeFileSync(path.join(workDir, 'layout.fodt'), fodt('Layout test report', layoutBody.join('\n')));
writeFileSync(path.join(outDir, 'layout.expected.json'), JSON.stringify({ title: 'Two columns on one page', left, right, closing: 'This closing paragraph spans the full width of the page below both columns.', page2: ['Second page', 'The second page repeats the running header and carries its own page number.'] }, null, 2) + '\n');

// word: what a Word file of draft conclusions carries
const tracked = `<text:tracked-changes>
<text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>Reviewer</dc:creator><dc:date>2024-03-01T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
<text:changed-region text:id="ct2"><text:deletion><office:change-info><dc:creator>Reviewer</dc:creator><dc:date>2024-03-01T10:00:00</dc:date></office:change-info><text:p>annually</text:p></text:deletion></text:changed-region>
</text:tracked-changes>`;
const wordBody = [
  '<text:h text:style-name="Heading_20_1" text:outline-level="1">Draft conclusions on labour migration</text:h>',
  '<text:p text:style-name="Text_20_body">The Meeting recalled the ILO Multilateral Framework on Labour Migration.</text:p>',
  '<text:h text:style-name="Heading_20_2" text:outline-level="2">Priorities for the Office</text:h>',
  '<text:list text:style-name="Numbers">',
  '<text:list-item><text:p text:style-name="List_20_Paragraph">Promote fair recruitment through the General principles and operational guidelines.</text:p></text:list-item>',
  '<text:list-item><text:p text:style-name="List_20_Paragraph">Strengthen labour market information systems.</text:p></text:list-item>',
  '<text:list-item><text:p text:style-name="List_20_Paragraph">Support social dialogue on migration policy.</text:p></text:list-item>',
  '</text:list>',
  '<text:list text:style-name="Bullets"><text:list-item><text:p text:style-name="List_20_Paragraph">Governments should ratify Convention No. 97.</text:p></text:list-item><text:list-item><text:p text:style-name="List_20_Paragraph">Employers should not charge recruitment fees to workers.</text:p></text:list-item></text:list>',
  '<text:p text:style-name="Text_20_body">The Office will report <text:change text:change-id="ct2"/><text:change-start text:change-id="ct1"/>every two years<text:change-end text:change-id="ct1"/> to the Governing Body.<office:annotation><dc:creator>Reviewer</dc:creator><dc:date>2024-03-01T10:00:00</dc:date><text:p>Check the reporting cycle with the legal adviser.</text:p></office:annotation></text:p>',
];
writeFileSync(path.join(workDir, 'word.fodt'), fodt('', wordBody.join('\n'), tracked));
