// Incident files are UTF-8. Bytes in, text out: a byte-order mark is kept as the text's first
// character (so a write puts it back where the author had it), and anything that is not UTF-8
// is a reason, never text with replacement characters that a later write would make permanent.

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text, or why it cannot be read as UTF-8, in the user's terms. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: 'The file is saved as UTF-16; incident files are UTF-8. Reopen it with that encoding and save it as UTF-8.' };
  }
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const at = firstInvalidByte(bytes);
    return { problem: `The file is not UTF-8 (byte ${at + 1} is not valid UTF-8; Latin-1 or Windows-1252, perhaps). Save it as UTF-8; it was not read or changed.` };
  }
}

/**
 * Where the first sequence that is not UTF-8 starts (the length of the longest valid prefix), in
 * one pass over the bytes (the WHATWG decoder's rules: no overlongs, surrogates or code points past
 * U+10FFFF, no sequence cut short). A pass of plain byte compares: 1 MiB costs a few ms, where
 * searching for it with strict decodes of prefixes cost 20 decodes of up to the whole file (60 ms of
 * the extension host for a 1 MiB file whose last byte is bad).
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let trailing: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) trailing = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      trailing = 2;
      if (b === 0xe0) low = 0xa0;
      else if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      trailing = 3;
      if (b === 0xf0) low = 0x90;
      else if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + trailing >= n) return i;
    const second = bytes[i + 1] as number;
    if (second < low || second > high) return i;
    for (let k = 2; k <= trailing; k++) {
      const next = bytes[i + k] as number;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += trailing + 1;
  }
  return n;
}
