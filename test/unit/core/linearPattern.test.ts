// The built-in reference pattern runs as a RegExp so that re2js loads only for a repository's own
// patterns (src/core/linearPattern.ts): it must find exactly what RE2 finds, on any text.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileLinear } from '../../../src/core/linearPattern';
import { BUILT_IN_REFERENCE_PATTERNS, findReferences, matchesWholly, referenceAt, referenceMatcher, type ReferenceMatcher } from '../../../src/core/references';

/** The matcher referenceMatcher builds for the built-in patterns, but compiled by RE2. */
function onRe2(sources: readonly string[]): ReferenceMatcher {
  return { patterns: [compileLinear(`(?:^|[^\\w-])(${sources.map((s) => `(?:${s})`).join('|')})(?:[^\\w-]|$)`)] };
}

// Text built from what decides a match: the id's parts, word characters, hyphens, separators,
// comment markers, line breaks, and characters outside ASCII (surrogate pairs included).
const piece = fc.constantFrom('INC-', 'INC', 'inc-', '-', '1', '42', '0', 'a', 'Z', '_', ' ', '(', ',', '\n', '\r\n', '// ', '/*', '*/', '#', 'é', '\u00a0', '😀', '٣', 'ＩＮＣ-1');
const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

describe('linear patterns: the built-in reference pattern on RegExp', () => {
  const native = referenceMatcher(BUILT_IN_REFERENCE_PATTERNS);
  const re2 = onRe2(BUILT_IN_REFERENCE_PATTERNS);

  it('finds the same references as RE2 in any text, in every comment syntax', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('typescript', 'python', 'plaintext', 'git-commit', 'html'), (sample, language) => {
        assert.deepEqual(findReferences(sample, native, language), findReferences(sample, re2, language));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the same reference under the cursor as RE2', () => {
    fc.assert(
      fc.property(text, fc.nat(), (sample, at) => {
        const offset = sample.length === 0 ? 0 : at % sample.length;
        assert.deepEqual(referenceAt(sample, offset, native, 'typescript'), referenceAt(sample, offset, re2, 'typescript'));
      }),
      { numRuns: 1000 },
    );
  });

  it('answers whole-id matches as RE2 does', () => {
    for (const id of ['INC-1', 'INC-142', 'INC-', 'INC-1a', 'XINC-1', 'INC-1\n', 'inc-1', 'INC-٣']) {
      assert.equal(matchesWholly(id, BUILT_IN_REFERENCE_PATTERNS), compileLinear('^(?:INC-\\d+)$').matcher(id).find(0), id);
    }
  });

  it('reports the groups as re2js does: -1 for a group that took no part', () => {
    const matcher = compileLinear('(a)|(b)', true).matcher('b');
    assert.equal(matcher.find(0), true);
    assert.deepEqual([matcher.start(1), matcher.end(1), matcher.start(2), matcher.end(2)], [-1, -1, 0, 1]);
    const re2Matcher = compileLinear('(a)|(b)').matcher('b');
    assert.equal(re2Matcher.find(0), true);
    assert.deepEqual([re2Matcher.start(1), re2Matcher.end(1), re2Matcher.start(2), re2Matcher.end(2)], [-1, -1, 0, 1]);
  });
});
