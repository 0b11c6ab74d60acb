/**
 * Builds, at run time in a temporary folder, the files a shared folder may hold that a reader
 * must survive: damaged and disguised documents, a zip bomb, a huge sparse file, a named pipe,
 * symbolic link loops, odd names. Nothing of this is committed; tests of the core and of the
 * server use the same folder.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { deflateRawSync } from 'zlib';

export const FORMATS_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats');

/** A zip archive with the given entries; `claim` overrides an entry's declared size (a lying header). */
export function zipOf(entries: { name: string; data: Buffer; claim?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = deflateRawSync(e.data, { level: 9 });
    const name = Buffer.from(e.name);
    const size = e.claim ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A .docx whose document part inflates to `mb` megabytes of markup. */
export function zipBomb(mb: number, lie: boolean): Buffer {
  const data = Buffer.alloc(mb * 1024 * 1024, '<w:p/>');
  return zipOf([{ name: 'word/document.xml', data, claim: lie ? 1000 : undefined }]);
}

/** A valid PDF of one blank page: what a scan without a text layer looks like to a reader. */
export function blankPdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export interface HostileFolder {
  root: string;
  /** File name → what the reader must say about it (a pattern), or 'ok'. */
  expected: Map<string, RegExp | 'ok'>;
}

/**
 * One folder holding every hostile case next to good files of each format. `bigMB` is the
 * size of the sparse file that must be refused unread.
 */
export function makeHostileFolder(): HostileFolder {
  const root = mkdtempSync(path.join(tmpdir(), 'gw-hostile-'));
  const expected = new Map<string, RegExp | 'ok'>();
  const put = (name: string, data: Buffer | string, expect: RegExp | 'ok') => {
    writeFileSync(path.join(root, name), data);
    expected.set(name, expect);
  };
  const pdf = readFileSync(path.join(FORMATS_DIR, 'gb316.pdf'));
  const docx = readFileSync(path.join(FORMATS_DIR, 'gb316.docx'));
  put('good.pdf', pdf, 'ok');
  put('good.docx', docx, 'ok');
  put('good.html', readFileSync(path.join(FORMATS_DIR, 'gb316.html')), 'ok');
  put('good.md', readFileSync(path.join(FORMATS_DIR, 'gb316.md')), 'ok');
  put('good.txt', 'The Meeting held six sittings.\n', 'ok');
  put('truncated.pdf', pdf.subarray(0, pdf.length >> 1), /^damaged or truncated PDF/);
  put('scan.pdf', blankPdf(), /^no text in 1 page \(a scanned PDF\? run it through OCR first\)/);
  put('corrupt.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x9c)]), /^damaged or truncated PDF/);
  writeFileSync(path.join(root, 'encrypted.pdf'), readFileSync(path.join(FORMATS_DIR, 'encrypted.pdf')));
  expected.set('encrypted.pdf', /password-protected/);
  put('truncated.docx', docx.subarray(0, Math.floor(docx.length * 0.6)), /^not a readable Word file: truncated/);
  put('corrupt.docx', Buffer.alloc(3000, 0x41), /^not a readable Word file: not a zip archive/);
  put('bomb.docx', zipBomb(120, false), /would expand to 120 MB, over the 100 MB limit \(a zip bomb\?\)/);
  put('lying-bomb.docx', zipBomb(120, true), /expands past the 100 MB limit \(a zip bomb\?\)/);
  put('binary.txt', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]), /^binary file/);
  put('pdf-named.txt', pdf.subarray(0, 2000), /^binary file \(a PDF with a text extension; rename it to \.pdf\)/);
  put('latin1.txt', Buffer.from('caf\xe9 noir\n', 'latin1'), /^not valid UTF-8/);
  put('utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('The Meeting held six sittings in Geneva.\n', 'utf16le')]), 'ok');
  const be = Buffer.from('The Office reported to the Governing Body.\n', 'utf16le').swap16();
  put('utf16be.md', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'ok');
  put('Ünïcødé #1 %20 [draft] (v2)\nnew line.md', '# Odd names\n\nA source whose name has every character a link can trip on.\n', 'ok');
  // 200 MB without writing 200 MB: a sparse file, refused by its size before any read
  writeFileSync(path.join(root, 'huge.txt'), '');
  truncateSync(path.join(root, 'huge.txt'), 200 * 1024 * 1024);
  expected.set('huge.txt', /^file is 200\.0 MB, over the 20\.0 MB limit/);
  // a named pipe: root can open it, but an open would wait for a writer forever
  execFileSync('mkfifo', [path.join(root, 'pipe.txt')]);
  expected.set('pipe.txt', /^not a regular file \(named pipe\)/);
  symlinkSync('loop-b.txt', path.join(root, 'loop-a.txt'));
  symlinkSync('loop-a.txt', path.join(root, 'loop-b.txt'));
  expected.set('loop-a.txt', /^broken link \(symbolic link loop\)/);
  expected.set('loop-b.txt', /^broken link \(symbolic link loop\)/);
  mkdirSync(path.join(root, 'sub'));
  symlinkSync('..', path.join(root, 'sub', 'back'));
  expected.set(path.join('sub', 'back'), /symbolic link loop/);
  return { root, expected };
}

/** Size, time and content hash of every file under a folder (links and pipes by name only). */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) {
        const st = statSync(full);
        const hash = st.size > 50 * 1024 * 1024 ? 'sparse' : createHash('sha1').update(readFileSync(full)).digest('hex');
        out.set(full, `${st.size}:${st.mtimeMs}:${hash}`);
      } else out.set(full, e.isSymbolicLink() ? 'link' : 'special');
    }
  };
  walk(root);
  return out;
}
