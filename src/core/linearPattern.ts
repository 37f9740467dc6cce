// Regular expressions that cannot take more than linear time on any text. A repository's own
// patterns run on RE2 (re2js: no backtracking, so no pattern a stranger writes can hang the
// editor). re2js is about 147 KB of the extension bundle, so it is loaded on first use (esbuild.mjs
// makes it a chunk of its own), and the built-in default patterns, which are ours and linear on
// JavaScript's engine too, run as RegExp: a workspace without patterns of its own never loads RE2.
import type { RE2JS } from 're2js';

/** A search in one text, shaped like re2js' Matcher: `find` from a UTF-16 offset, then the offsets of a group (0: the whole match). */
export interface PatternMatcher {
  find(from: number): boolean;
  start(group?: number): number;
  end(group?: number): number;
}

/** A compiled pattern: one matcher per text searched. */
export interface LinearPattern {
  matcher(text: string): PatternMatcher;
}

let re2: typeof RE2JS | undefined;

/** re2js' RE2JS, loaded on the first call. */
function loadRe2(): typeof RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: a separate chunk of the extension bundle (esbuild.mjs)
  re2 ??= (require('re2js') as typeof import('re2js')).RE2JS;
  return re2;
}

/**
 * Loads re2js now, if not yet loaded: evaluating its code costs the thread about 10 ms, which a caller
 * that yields between steps (ConfigStore) takes as a step of its own, before the first compile.
 * True when this call loaded it.
 */
export function loadLinearEngine(): boolean {
  if (re2) return false;
  loadRe2();
  return true;
}

/**
 * `source` compiled in RE2 syntax. `trusted` (only for patterns this code base writes, whose
 * syntax means the same to RegExp and stays linear there: ASCII classes, no nested repetition)
 * compiles it as a RegExp instead. Throws re2js' error for a pattern RE2 cannot compile.
 */
export function compileLinear(source: string, trusted = false): LinearPattern {
  if (!trusted) return loadRe2().compile(source);
  const regExp = new RegExp(source, 'dg');
  return {
    matcher: (text) => {
      let match: RegExpExecArray | null = null;
      // [-1, -1] for a group that took no part in the match, as re2js answers.
      const indices = (group = 0): [number, number] => {
        if (!match?.indices) throw new Error('No match: call find() first and check its answer.');
        return match.indices[group] ?? [-1, -1];
      };
      return {
        find: (from) => {
          regExp.lastIndex = from;
          return (match = regExp.exec(text)) !== null;
        },
        start: (group) => indices(group)[0],
        end: (group) => indices(group)[1],
      };
    },
  };
}
