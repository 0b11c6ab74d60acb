/**
 * Loads pdf.js (the serverless build shipped by the `unpdf` package: no worker, no canvas,
 * nothing fetched) on the first PDF only: it is most of the server's size, and many sessions
 * read no PDF. The bundles in dist/ share one copy, dist/pdfjs.js, built by scripts/build.mjs;
 * compiled to out/ (unit tests), the package itself is imported.
 */
import { existsSync } from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { pathToFileURL } from 'url';

/** The part of the pdf.js API Groundwork uses. */
export interface PdfJs {
  getDocument(src: Record<string, unknown>): { promise: Promise<PdfDocument>; destroy(): Promise<void> };
}

export interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<PdfPageProxy>;
}

export interface PdfPageProxy {
  view: number[];
  getTextContent(): Promise<{ items: Array<{ str?: string; transform?: number[]; width?: number; height?: number }> }>;
  cleanup(): void;
}

let loading: Promise<PdfJs> | undefined;

export function loadPdfJs(): Promise<PdfJs> {
  loading ??= load();
  return loading;
}

async function load(): Promise<PdfJs> {
  const bundled = path.join(__dirname, 'pdfjs.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (existsSync(bundled)) return require(bundled) as PdfJs;
  // an ES module only; TypeScript would turn import() into require(), so it is kept as written
  const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<PdfJs>;
  const unpdf = createRequire(__filename).resolve('unpdf');
  return importEsm(pathToFileURL(path.join(path.dirname(unpdf), 'pdfjs.mjs')).href);
}
