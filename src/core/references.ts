// Incident ids written in code (`INC-142` in a comment), found with the patterns of
// .incidents/config.yaml. The patterns come from the repository, so a stranger writes them:
// they run on RE2 (re2js, a linear-time engine without backtracking), never on RegExp, so no
// pattern can take more than linear time on any text; only the built-in default, which is ours,
// runs as a RegExp (linearPattern.ts). Ids count only inside comments, as the language writes
// them (commentSyntax.ts); in code and strings, `INC-7` or `UTF-8` is no reference.
import { commentSyntaxOf } from './commentSyntax';
import { commentSpans, type Span } from './comments';
import { compileLinear, type LinearPattern, type PatternMatcher } from './linearPattern';

/** The patterns a workspace without `references` in its config.yaml uses (config.ts' default). */
export const BUILT_IN_REFERENCE_PATTERNS: readonly string[] = ['INC-\\d+'];

/** True for the built-in patterns, which compile as RegExp (linearPattern.ts); every other runs on RE2. */
function isBuiltIn(source: string): boolean {
  return BUILT_IN_REFERENCE_PATTERNS.includes(source);
}

export interface Reference {
  id: string;
  line: number; // 0-based
  start: number; // 0-based column, inclusive
  end: number; // exclusive
}

/** The repository's reference patterns, compiled once per configuration load. */
export interface ReferenceMatcher {
  /**
   * The patterns in order, as unions `(?:^|[^\w-])(p1|p2…)(?:[^\w-]|$)` of at most
   * UNION_CHARS characters of pattern each (one for any usual config): group 1 is the id,
   * whole-word by hand since RE2 has no lookaround. Several unions find what their one union
   * would (matchesIn), and each compiles in a few milliseconds, so a load can yield between them.
   */
  readonly patterns: readonly LinearPattern[];
}

/**
 * Pattern characters per compiled union. re2js compiles a union of 100 patterns of 900 characters
 * (what the config schema allows) in a third of a second; a union of this size takes a few ms, and
 * up to 15 ms while re2js is cold (two patterns of 900 characters took up to 30): so the longest
 * patterns the schema allows (1,000 characters) are compiled one per step.
 */
export const UNION_CHARS = 1000;

/** Longer lines are minified or generated code, not comments a person wrote. */
export const MAX_SCANNED_LINE = 2000;
/** Text past this many characters is not scanned: no person writes comments in a 2 MB file by hand. */
export const MAX_SCANNED_TEXT = 2_000_000;

/**
 * Why `source` cannot be a reference pattern, or undefined when it can: it must compile as RE2
 * syntax (no lookaround, no backreferences: those are what make a pattern slow) and must not
 * match empty text (it would find a reference everywhere).
 */
export function referencePatternProblem(source: string): string | undefined {
  let compiled: LinearPattern;
  try {
    compiled = compileLinear(source, isBuiltIn(source));
  } catch (error) {
    const reason = ((error as Error).message || 'invalid').replace(/^error parsing regexp: /, '');
    return `"${source}" is not a valid pattern: ${reason}. Patterns use RE2 syntax (no lookaround or backreferences), so that no pattern can slow the editor down.`;
  }
  const matchesEmpty = ['', 'x INC-1 x'].some((sample) => {
    const matcher = compiled.matcher(sample);
    for (let from = 0; from <= sample.length && matcher.find(from); from = matcher.end() + 1) {
      if (matcher.start() === matcher.end()) return true;
    }
    return false;
  });
  return matchesEmpty ? `"${source}" can match empty text, so it would find a reference everywhere.` : undefined;
}

/**
 * Compiles the usable configured patterns into one whole-word matcher (its unions at once); invalid
 * ones were reported by the config parser. The extension host compiles a parsed config's patterns,
 * already checked, through referenceUnions instead.
 */
export function referenceMatcher(sources: readonly string[]): ReferenceMatcher | undefined {
  const valid = sources.filter((source) => referencePatternProblem(source) === undefined);
  return valid.length === 0 ? undefined : { patterns: [...referenceUnions(valid)] };
}

/**
 * The whole-word unions of `sources` (already checked, as a parsed config's `references` are),
 * compiled one per step, in order, each of at most UNION_CHARS characters of pattern (or one longer
 * pattern): the extension host yields between steps (ConfigStore), so compiling a repository's
 * patterns never blocks it for longer than one union takes (a few ms).
 */
export function* referenceUnions(sources: readonly string[]): Generator<LinearPattern> {
  for (let from = 0, to = 1; from < sources.length; from = to++) {
    for (let chars = (sources[from] as string).length; to < sources.length && (chars += (sources[to] as string).length) <= UNION_CHARS;) to++;
    const union = sources.slice(from, to);
    yield compileLinear(`(?:^|[^\\w-])(${union.map((s) => `(?:${s})`).join('|')})(?:[^\\w-]|$)`, union.every(isBuiltIn));
  }
}

/** Whether compiling `sources` takes RE2 (any pattern but the built-in ones, which run as RegExp). */
export function referencesNeedEngine(sources: readonly string[]): boolean {
  return !sources.every(isBuiltIn);
}

/** True when `id` as a whole matches one of the patterns, so references in code will find it. */
export function matchesWholly(id: string, sources: readonly string[]): boolean {
  return sources.some((source) => {
    try {
      return compileLinear(`^(?:${source})$`, isBuiltIn(source)).matcher(id).find(0);
    } catch {
      return false;
    }
  });
}

/**
 * Every reference inside the comments of `text`, written in the language `languageId`
 * (a VS Code language id). Nothing in a language whose comments are unknown; everywhere in prose.
 */
export function findReferences(text: string, matcher: ReferenceMatcher | undefined, languageId: string): Reference[] {
  if (!matcher) return [];
  const scanned = text.length > MAX_SCANNED_TEXT ? text.slice(0, MAX_SCANNED_TEXT) : text;
  const found: Reference[] = [];
  let lineStart = 0;
  let line = 0;
  for (const [from, to] of regionsOf(scanned, languageId)) {
    // Advance the line count to the region's first line, then scan it line by line.
    for (let offset = from; offset < to;) {
      for (let nl = scanned.indexOf('\n', lineStart); nl >= 0 && nl < offset; nl = scanned.indexOf('\n', lineStart)) {
        lineStart = nl + 1;
        line++;
      }
      const nl = scanned.indexOf('\n', offset);
      const end = Math.min(nl < 0 ? scanned.length : nl, to);
      const startColumn = offset - lineStart;
      for (const hit of matchesIn(scanned.slice(offset, end), matcher)) {
        found.push({ id: hit.id, line, start: startColumn + hit.start, end: startColumn + hit.end });
      }
      offset = nl < 0 || nl >= to ? to : nl + 1;
    }
  }
  return found;
}

/** The reference at `offset` (the cursor) in `text`, if it stands in a comment; columns are within its line. */
export function referenceAt(text: string, offset: number, matcher: ReferenceMatcher | undefined, languageId: string): Omit<Reference, 'line'> | undefined {
  if (!matcher || offset > MAX_SCANNED_TEXT) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl < 0 ? text.length : nl;
  // Only the text up to the end of the cursor's line decides whether the cursor is in a comment.
  const region = regionsOf(text.slice(0, lineEnd), languageId).find(([from, to]) => from <= offset && offset <= to);
  if (!region) return undefined;
  const from = Math.max(region[0], lineStart);
  const to = Math.min(region[1], lineEnd);
  const column = offset - lineStart;
  return matchesIn(text.slice(from, to), matcher)
    .map((hit) => ({ id: hit.id, start: hit.start + from - lineStart, end: hit.end + from - lineStart }))
    .find((hit) => hit.start <= column && column <= hit.end);
}

function regionsOf(text: string, languageId: string): readonly Span[] {
  const syntax = commentSyntaxOf(languageId);
  if (syntax === undefined) return [];
  return syntax === 'prose' ? [[0, text.length]] : commentSpans(text, syntax);
}

/** Whole-word matches in one line of comment text (without its line break). */
function matchesIn(lineText: string, matcher: ReferenceMatcher): { id: string; start: number; end: number }[] {
  const text = lineText.endsWith('\r') ? lineText.slice(0, -1) : lineText;
  if (text.length > MAX_SCANNED_LINE) return [];
  const hits: { id: string; start: number; end: number }[] = [];
  const unions = matcher.patterns.map((pattern) => ({ found: pattern.matcher(text), start: -1 }));
  for (let from = 0; from <= text.length;) {
    // The match the one union of every pattern would find: the leftmost start, then the `^` branch
    // (its id starts where the match does) over the boundary character, then the earlier pattern.
    let best: PatternMatcher | undefined;
    for (const union of unions) {
      // A union that found nothing from an earlier `from` finds nothing from this one (Infinity).
      if (union.start < from) union.start = union.found.find(from) ? union.found.start() : Infinity;
      if (union.start < Infinity && (!best || union.start < best.start() || (union.start === best.start() && union.found.start(1) < best.start(1)))) best = union.found;
    }
    if (!best) break;
    const start = best.start(1);
    const end = best.end(1);
    if (end > start) hits.push({ id: text.slice(start, end), start, end });
    // The next search may reuse the character after this id as its leading boundary.
    from = Math.max(end, best.start() + 1);
  }
  return hits;
}
