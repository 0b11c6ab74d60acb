/**
 * Reads the text of a PDF with pdf.js and lays it out as paragraphs (see pdfLayout), with the
 * offset where each page starts. Password-protected, damaged and image-only PDFs come back as
 * a reason the user can act on.
 */
import { layoutPages, PdfPage, TextRun } from './pdfLayout';
import { loadPdfJs } from './pdfjsRuntime';
import type { ExtractResult } from './extractSource';

export async function extractPdf(bytes: Uint8Array, deadline: number): Promise<ExtractResult> {
  // pdf.js accepts a header anywhere in the first kilobyte, as Acrobat does
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) return { ok: false, reason: 'not a PDF (no %PDF- header): damaged, or another format with a .pdf extension' };
  const pdfjs = await loadPdfJs();
  // pdf.js may take over the buffer it is given; the caller's bytes stay intact
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false,
    isOffscreenCanvasSupported: false, isImageDecoderSupported: false, enableXfa: false,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))));
  try {
    const read = (async (): Promise<ExtractResult> => {
      const doc = await task.promise;
      const pages: PdfPage[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        if (Date.now() > deadline) return { ok: false, reason: 'timeout' };
        const page = await doc.getPage(n);
        const [x0, y0, x1, y1] = page.view;
        const content = await page.getTextContent();
        const runs: TextRun[] = [];
        for (const item of content.items) {
          if (typeof item.str !== 'string' || !item.transform) continue;
          const [a, b, c, d, e, f] = item.transform;
          const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 1;
          runs.push({ text: item.str, x: e - x0, y: f - y0, width: item.width ?? 0, size });
        }
        pages.push({ width: x1 - x0, height: y1 - y0, runs });
        page.cleanup();
      }
      const laid = layoutPages(pages);
      if (!laid.text.trim()) {
        return { ok: false, reason: `no text in ${doc.numPages} page${doc.numPages === 1 ? '' : 's'} (a scanned PDF? run it through OCR first)` };
      }
      return { ok: true, format: 'pdf', text: laid.text, pageStarts: laid.pageStarts, paragraphsByBlankLines: true };
    })();
    const result = await Promise.race([read, timeout]);
    if (result === 'timeout' || (!result.ok && result.reason === 'timeout')) return { ok: false, reason: 'timeout' };
    return result;
  } catch (e) {
    return { ok: false, reason: pdfProblem(e) };
  } finally {
    clearTimeout(timer);
    void task.destroy().catch(() => undefined);
  }
}

function pdfProblem(e: unknown): string {
  const name = (e as { name?: string })?.name;
  const message = (e as { message?: string })?.message ?? String(e);
  if (name === 'PasswordException') return 'the PDF is password-protected; save a copy without a password';
  if (name === 'InvalidPDFException') return `damaged or truncated PDF (${message.replace(/\.$/, '')})`;
  return `the PDF could not be read (${message.replace(/\.$/, '').slice(0, 200)})`;
}
