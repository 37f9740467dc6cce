// A short hash of linked lines that ignores indentation, spacing and blank lines,
// so reformatting the code does not break a link but changing it does.

export function normalizeForFingerprint(lines: readonly string[]): string {
  return lines
    .map(normalizeLine)
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * One line as the fingerprint reads it: trimmed, each run of white space (JavaScript's `\s`)
 * one space; '' for a blank line. The same as `line.trim().replace(/\s+/g, ' ')`, but a line
 * of printable ASCII with no run to collapse (nearly every line of code) costs one scan and
 * no regular expression: anchors normalise every line of a file, twice over with git's history.
 */
export function normalizeLine(line: string): string {
  const text = line.trim();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A control character, two spaces in a row, or anything past ASCII: the regular expression decides.
    if (c < 33 ? c !== 32 || text.charCodeAt(i + 1) === 32 : c > 126) return text.replace(/\s+/g, ' ');
  }
  return text;
}

/**
 * 32-bit FNV-1a, exposed step by step so anchors can hash growing windows incrementally.
 * The offset basis 0x811c9dc5 as a signed 32-bit integer (the same bits; `>>> 0` reads it back):
 * above 2^31 it would start every hash as a floating-point number, and V8 then keeps the whole
 * loop in floating point, about three times slower.
 */
export const FNV_OFFSET = 0x811c9dc5 | 0;
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
