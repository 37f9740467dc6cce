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

function firstInvalidByte(bytes: Uint8Array): number {
  // Binary search on the longest valid prefix: each probe is one strict decode.
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 4) {
    const mid = (good + bad) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      good = mid;
    } catch {
      bad = mid;
    }
  }
  let failing = bad;
  for (let end = good + 1; end <= bad; end++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
    } catch {
      failing = end - 1;
      break;
    }
  }
  // The broken sequence starts where the longest complete, valid prefix ends.
  for (let start = failing; start > Math.max(0, failing - 4); start--) {
    if (decodes(bytes.subarray(0, start))) return start;
  }
  return Math.max(0, failing - 4);
}

function decodes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
