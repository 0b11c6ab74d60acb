/**
 * CRC-32 (IEEE), the checksum of every file Groundwork keeps beside its index (the index cache,
 * the instrument mentions, the phrase bank's words): enough against a damaged or cut file, and
 * zlib's computes it at memory speed. A table-driven one stands in where the runtime has none
 * (Node before 20.15).
 */
import * as zlib from 'zlib';

type Crc32 = (data: Uint8Array, value?: number) => number;

const native = (zlib as unknown as { crc32?: Crc32 }).crc32;

let table: Int32Array | undefined;

function crc32Table(data: Uint8Array, value = 0): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The CRC-32 of `data`, continuing from `value` (the CRC-32 of what came before it). */
export const crc32: Crc32 = typeof native === 'function' ? native : crc32Table;
