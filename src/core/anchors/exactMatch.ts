// Step 3 of resolution: where does the linked text, unchanged, stand now? Both searches
// work on content lines (normalised, blank lines dropped), so code that was re-indented
// or given extra blank lines still counts as unchanged, and both try starts nearest the
// stored start first and stop at the first hit.
import { FNV_OFFSET, fingerprint, fnvStep } from '../fingerprint';
import type { LineRange } from '../model';
import { type ContentLine, nearestFirst, spanOf } from './content';

/**
 * Where `original` (normalised non-blank lines) stands as a whole. Used when the caller
 * has the linked text: a start whose first line differs is rejected after one string
 * comparison, so this is O(n) for all practical purposes.
 */
export function findLines(content: readonly ContentLine[], original: readonly string[], near: number, unique = false): LineRange | undefined {
  if (original.length === 0) return undefined;
  let found: LineRange | undefined;
  for (const start of nearestFirst(content, near)) {
    if (start + original.length > content.length) continue;
    if (!original.every((text, i) => content[start + i].text === text)) continue;
    if (!unique) return spanOf(content, start, start + original.length - 1);
    if (found) return undefined;
    found = spanOf(content, start, start + original.length - 1);
  }
  return found;
}

/**
 * Where a run of content lines with fingerprint `target` stands. Used when only the
 * fingerprint survives: the linked text had at most `maxLines` non-blank lines (the stored
 * range's raw length), so from each start the window grows a line at a time up to that,
 * hashing incrementally, and every length is compared. Cost is O(starts x window
 * characters), so the search is bounded: starts are tried nearest `near` first and it stops
 * after SEARCH_BUDGET hashed characters (a few milliseconds), finding nothing rather than
 * blocking the editor on a huge link. Callers that can fetch the original text should, so
 * `findLines` runs instead. With `unique`, a hit only counts when no second place holds
 * the same text (a one-line link must not jump to an identical line elsewhere).
 */
export function findFingerprint(content: readonly ContentLine[], target: string, maxLines: number, near: number, unique = false): LineRange | undefined {
  if (!/^[0-9a-f]{8}$/i.test(target) || maxLines < 1) return undefined;
  const wanted = parseInt(target, 16) >>> 0;
  const { chars, lineEnds } = flatten(content);
  let budget = SEARCH_BUDGET;
  let found: LineRange | undefined;
  for (const start of nearestFirst(content, near)) {
    let hash = FNV_OFFSET;
    let at = start === 0 ? 0 : lineEnds[start - 1] + 1;
    const last = Math.min(content.length, start + maxLines) - 1;
    for (let end = start; end <= last; end++) {
      const lineEnd = lineEnds[end];
      budget -= lineEnd - at + 1;
      for (; at < lineEnd; at++) hash = fnvStep(hash, chars[at]);
      if (hash >>> 0 === wanted && confirmed(content, start, end, target)) {
        if (!unique) return spanOf(content, start, end);
        if (found) return undefined;
        found = spanOf(content, start, end);
        break;
      }
      hash = fnvStep(hash, NEWLINE);
      at++;
    }
    if (budget < 0) return undefined;
  }
  return found;
}

/** Hashed characters one fingerprint search may spend: about 5 ms. */
export const SEARCH_BUDGET = 4_000_000;

// Every hit is confirmed with the real `fingerprint()`, so a change to the hash can make
// this miss but never lie (and a unit test pins the two together).
const NEWLINE = 10;

interface Flat {
  chars: Uint16Array;
  lineEnds: Int32Array;
}

/** Remembered per content array, which `fileContent` already shares between links into one file. */
const flattened = new WeakMap<readonly ContentLine[], Flat>();

/** All content joined by `\n` as char codes, and where each line's text ends: a tight loop for the hash. */
function flatten(content: readonly ContentLine[]): Flat {
  const known = flattened.get(content);
  if (known) return known;
  const joined = content.map((c) => c.text).join('\n');
  const chars = new Uint16Array(joined.length);
  for (let i = 0; i < joined.length; i++) chars[i] = joined.charCodeAt(i);
  const lineEnds = new Int32Array(content.length);
  for (let i = 0, end = -1; i < content.length; i++) lineEnds[i] = end += content[i].text.length + 1;
  const flat = { chars, lineEnds };
  flattened.set(content, flat);
  return flat;
}

function confirmed(content: readonly ContentLine[], start: number, end: number, target: string): boolean {
  return fingerprint(content.slice(start, end + 1).map((c) => c.text)) === target.toLowerCase();
}
