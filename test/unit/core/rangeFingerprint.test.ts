// The anchors fingerprint a range of a file from its lines normalised once per file
// (anchors/content.ts): the same hash as fingerprinting the range's lines, for any text.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { rangeFingerprint } from '../../../src/core/anchors/content';
import { fingerprint, normalizeLine } from '../../../src/core/fingerprint';

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

  it('normalises a line by one scan exactly as trimming and collapsing every run of \\s does', () => {
    // Every code unit JavaScript's \s matches, and neighbours it does not (U+180E, U+200B, U+FFFE).
    const spaces = [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
    const others = ['a', '"', '\u180e', '\u200b', '\u1fff', '\u200c', '\ufffe', '\u009f', '!', '😀'];
    const text = fc.array(fc.constantFrom(...spaces, ...others), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (line) => assert.equal(normalizeLine(line), line.trim().replace(/\s+/g, ' '), JSON.stringify(line))),
      { numRuns: 5000 },
    );
    for (const space of spaces) assert.equal(normalizeLine(`a${space}${space}b`), 'a b', `U+${space.charCodeAt(0).toString(16)} is white space`);
    for (const other of others) assert.equal(normalizeLine(`a ${other}`), `a ${other}`, `U+${other.charCodeAt(0).toString(16)} is not`);
  });
});
