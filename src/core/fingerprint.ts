// A short hash of linked lines that ignores indentation, spacing and blank lines,
// so reformatting the code does not break a link but changing it does.

export function normalizeForFingerprint(lines: readonly string[]): string {
  return lines
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');
}

/** 32-bit FNV-1a, exposed step by step so anchors can hash growing windows incrementally. */
export const FNV_OFFSET = 0x811c9dc5;
export function fnvStep(hash: number, charCode: number): number {
  return Math.imul(hash ^ charCode, 0x01000193);
}

/** FNV-1a of the normalised lines, as 8 hex digits. */
export function fingerprint(lines: readonly string[]): string {
  let hash = FNV_OFFSET;
  const text = normalizeForFingerprint(lines);
  for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return (hash >>> 0).toString(16).padStart(8, '0');
}
