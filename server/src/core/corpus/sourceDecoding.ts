/**
 * Turns the bytes of a source file into text, refusing what is not text: binary files with a
 * text extension, invalid UTF-8. UTF-16 with a byte-order mark is read as such.
 */
export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export function decodeSource(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  // the commonest binaries in a folder of sources: say what the file is and how to fix it
  const magic = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  if (magic === '%PDF-') return { ok: false, reason: 'binary file (a PDF with a text extension; rename it to .pdf)' };
  if (magic.startsWith('PK\x03\x04')) return { ok: false, reason: 'binary file (a zip archive, such as a Word file, with a text extension; rename a Word file to .docx)' };
  const probe = bytes.subarray(0, 8192);
  let controls = 0;
  for (let i = 0; i < probe.length; i++) {
    const b = probe[i];
    if (b === 0) return { ok: false, reason: 'binary file (contains NUL bytes), not text' };
    if (b < 8 || (b > 13 && b < 32 && b !== 27)) controls++;
  }
  if (probe.length > 0 && controls / probe.length > 0.1) return { ok: false, reason: 'binary file (mostly control characters), not text' };
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: 'not valid UTF-8 text (save it as UTF-8)' };
  }
}
