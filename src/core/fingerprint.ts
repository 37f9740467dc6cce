// A short hash of linked lines that ignores indentation, spacing and blank lines,
// so reformatting the code does not break a link but changing it does.

export function normalizeForFingerprint(lines: readonly string[]): string {
  return lines
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');
}

/** 32-bit FNV-1a of the normalised lines, as 8 hex digits. */
export function fingerprint(lines: readonly string[]): string {
  let hash = 0x811c9dc5;
  const text = normalizeForFingerprint(lines);
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
