/**
 * Reads named entries of a zip archive (a .docx is one) with every size checked before and
 * while inflating: an archive that claims, or turns out, to expand past the limit is refused
 * rather than filling memory.
 */
import { inflateRawSync } from 'zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export type ZipResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class ZipArchive {
  private expanded = 0;

  private constructor(private readonly bytes: Buffer, readonly entries: Map<string, ZipEntry>, private readonly maxExpandedBytes: number) {}

  static open(data: Uint8Array, maxExpandedBytes: number): ZipResult<ZipArchive> {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.length < 22 || bytes.readUInt32LE(0) !== LOCAL) return { ok: false, reason: 'not a zip archive' };
    // the end record sits in the last 22 bytes, unless an archive comment (up to 64 KB) follows it
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
      if (bytes.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return { ok: false, reason: 'truncated (the zip directory at its end is missing)' };
    const count = bytes.readUInt16LE(eocd + 10);
    let at = bytes.readUInt32LE(eocd + 16);
    if (at === 0xffffffff || count === 0xffff) return { ok: false, reason: 'a ZIP64 archive (over 4 GB or 65,535 parts), which is not supported' };
    const entries = new Map<string, ZipEntry>();
    for (let n = 0; n < count; n++) {
      if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) return { ok: false, reason: 'damaged (the zip directory is inconsistent)' };
      const nameLength = bytes.readUInt16LE(at + 28);
      const entry: ZipEntry = {
        flags: bytes.readUInt16LE(at + 8),
        method: bytes.readUInt16LE(at + 10),
        compressedSize: bytes.readUInt32LE(at + 20),
        size: bytes.readUInt32LE(at + 24),
        localOffset: bytes.readUInt32LE(at + 42),
        name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      };
      entries.set(entry.name, entry);
      at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    }
    return { ok: true, value: new ZipArchive(bytes, entries, maxExpandedBytes) };
  }

  /** The entry's bytes; undefined when the archive has no such entry. */
  read(name: string): ZipResult<Buffer> | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const budget = this.maxExpandedBytes - this.expanded;
    const limitMB = (this.maxExpandedBytes / 1048576).toFixed(0);
    if (e.size > budget) return { ok: false, reason: `${name} would expand to ${(e.size / 1048576).toFixed(0)} MB, over the ${limitMB} MB limit (a zip bomb?)` };
    if (e.flags & 1) return { ok: false, reason: 'encrypted (password-protected); save a copy without a password' };
    const at = e.localOffset;
    if (at + 30 > this.bytes.length || this.bytes.readUInt32LE(at) !== LOCAL) return { ok: false, reason: `damaged (the part ${name} is missing)` };
    const start = at + 30 + this.bytes.readUInt16LE(at + 26) + this.bytes.readUInt16LE(at + 28);
    const end = start + e.compressedSize;
    if (end > this.bytes.length) return { ok: false, reason: `truncated (the part ${name} is cut off)` };
    const raw = this.bytes.subarray(start, end);
    let out: Buffer;
    if (e.method === 0) out = Buffer.from(raw);
    else if (e.method === 8) {
      try {
        // the declared size may lie: inflating stops at the budget whatever the header says
        out = inflateRawSync(raw, { maxOutputLength: Math.max(1, budget) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, reason: `${name} expands past the ${limitMB} MB limit (a zip bomb?)` };
        return { ok: false, reason: `damaged (the part ${name} cannot be unpacked: ${(err as Error).message})` };
      }
    } else return { ok: false, reason: `the part ${name} uses an unsupported compression method (${e.method})` };
    this.expanded += out.length;
    return { ok: true, value: out };
  }
}
