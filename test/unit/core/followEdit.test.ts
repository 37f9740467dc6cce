import * as assert from 'node:assert/strict';
import { followLines, type TextChange } from '../../../src/core/anchors/followEdit';

const at = (line: number, character: number) => ({ line, character });
const change = (start: [number, number], end: [number, number], text: string): TextChange => ({ range: { start: at(...start), end: at(...end) }, text });

describe('followLines', () => {
  const linked = { start: 10, end: 14 }; // 0-based lines 9..13

  it('shifts a range when lines are added or removed above it', () => {
    assert.deepEqual(followLines(linked, change([2, 5], [2, 5], '\n\n')), { start: 12, end: 16 });
    assert.deepEqual(followLines(linked, change([2, 0], [4, 0], '')), { start: 8, end: 12 });
    // On the line just above, and Enter at the very start of the first linked line: the code moves down.
    assert.deepEqual(followLines(linked, change([8, 3], [8, 3], '// note\n')), { start: 11, end: 15 });
    assert.deepEqual(followLines(linked, change([9, 0], [9, 0], '\n')), { start: 11, end: 15 });
  });

  it('keeps a range when typing on one of its lines, and stretches it for new lines inside', () => {
    assert.equal(followLines(linked, change([11, 4], [11, 4], 'x')), linked);
    assert.deepEqual(followLines(linked, change([9, 0], [9, 0], 'x')), linked);
    assert.deepEqual(followLines(linked, change([11, 4], [11, 4], '\n  y\n')), { start: 10, end: 16 });
    assert.deepEqual(followLines(linked, change([13, 2], [13, 2], '\n')), { start: 10, end: 15 });
    assert.deepEqual(followLines(linked, change([10, 0], [12, 0], '')), { start: 10, end: 12 });
  });

  it('leaves a range alone for an edit below it', () => {
    assert.equal(followLines(linked, change([14, 0], [20, 0], 'a\nb\n')), linked);
  });

  it('gives up on an edit across an edge of the range', () => {
    assert.equal(followLines(linked, change([8, 0], [9, 3], '')), undefined);
    assert.equal(followLines(linked, change([13, 2], [15, 0], '')), undefined);
  });
});
