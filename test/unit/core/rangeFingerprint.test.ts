// The anchors fingerprint a range of a file from its lines normalised once per file
// (anchors/content.ts): the same hash as fingerprinting the range's lines, for any text.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { rangeFingerprint } from '../../../src/core/anchors/content';
import { fingerprint } from '../../../src/core/fingerprint';

const line = fc.array(fc.constantFrom('a', 'b', ' ', '\t', '  ', '{', '}', '\u00a0', '\u2003', 'é', '😀', ''), { maxLength: 8 }).map((parts) => parts.join(''));

describe('range fingerprints', () => {
  it('equals the fingerprint of the sliced lines, for every range, clamped to the file', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.integer({ min: -2, max: 34 }), fc.integer({ min: -2, max: 34 }), (lines, a, b) => {
        const start = Math.min(a, b);
        const end = Math.max(a, b);
        const expected = fingerprint(lines.slice(Math.max(1, start) - 1, Math.max(0, end)));
        assert.equal(rangeFingerprint(lines, start, end), expected);
        // Asked again of the same array: the remembered normalisation answers the same.
        assert.equal(rangeFingerprint(lines, start, end), expected);
      }),
      { numRuns: 3000 },
    );
  });
});
