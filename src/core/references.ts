// Incident ids written in code (`INC-142` in a comment), found with the patterns
// of .incidents/config.yaml. Scanned line by line with a length cap, so a slow
// pattern or a minified line can never stall the editor.

export interface Reference {
  id: string;
  line: number; // 0-based
  start: number; // 0-based column, inclusive
  end: number; // exclusive
}

/** Longer lines are minified or generated code, not comments a person wrote. */
export const MAX_SCANNED_LINE = 2000;

/** Compiles configured sources into one global, word-bounded matcher; invalid ones were reported by the config parser. */
export function referenceMatcher(sources: readonly string[]): RegExp | undefined {
  const valid = sources.filter((source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  });
  if (valid.length === 0) return undefined;
  return new RegExp(`(?<![\\w-])(?:${valid.map((s) => `(?:${s})`).join('|')})(?![\\w-])`, 'g');
}

export function findReferences(text: string, matcher: RegExp | undefined): Reference[] {
  if (!matcher) return [];
  const found: Reference[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, line) => {
    if (lineText.length > MAX_SCANNED_LINE) return;
    for (const match of lineText.matchAll(matcher)) {
      if (match[0] === '') continue;
      found.push({ id: match[0], line, start: match.index, end: match.index + match[0].length });
    }
  });
  return found;
}

/** The reference under a cursor position, if any. */
export function referenceAt(lineText: string, character: number, matcher: RegExp | undefined): Omit<Reference, 'line'> | undefined {
  if (!matcher || lineText.length > MAX_SCANNED_LINE) return undefined;
  for (const match of lineText.matchAll(matcher)) {
    const end = match.index + match[0].length;
    if (match[0] !== '' && character >= match.index && character <= end) return { id: match[0], start: match.index, end };
  }
  return undefined;
}
