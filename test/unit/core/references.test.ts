import * as assert from 'node:assert/strict';
import { findReferences, referenceAt, referenceMatcher } from '../../../src/core/references';

describe('incident references in code', () => {
  const matcher = referenceMatcher(['INC-\\d+']);

  it('finds every id with its line and columns', () => {
    const text = 'const a = 1;\n// INC-142: jitter (also INC-7)\r\n/* INC-150 */';
    assert.deepEqual(findReferences(text, matcher), [
      { id: 'INC-142', line: 1, start: 3, end: 10 },
      { id: 'INC-7', line: 1, start: 25, end: 30 },
      { id: 'INC-150', line: 2, start: 3, end: 10 },
    ]);
  });

  it('needs whole words: no XINC-5, no INC-12a, no INC-3-4', () => {
    assert.deepEqual(findReferences('XINC-5 INC-12a INC-3-4 (INC-9)', matcher).map((r) => r.id), ['INC-9']);
  });

  it('combines several configured patterns and skips invalid ones', () => {
    const several = referenceMatcher(['INC-\\d+', 'PD-[A-Z0-9]{7}', '(unclosed']);
    assert.deepEqual(findReferences('// INC-1 and PD-Q1W2E3R', several).map((r) => r.id), ['INC-1', 'PD-Q1W2E3R']);
    assert.equal(referenceMatcher(['(bad']), undefined);
    assert.deepEqual(findReferences('INC-1', undefined), []);
  });

  it('skips minified lines longer than 2,000 characters', () => {
    assert.deepEqual(findReferences(`${'x'.repeat(2001)} INC-1\n// INC-2`, matcher).map((r) => r.id), ['INC-2']);
  });

  it('finds the reference under the cursor', () => {
    assert.deepEqual(referenceAt('// see INC-142 now', 9, matcher), { id: 'INC-142', start: 7, end: 14 });
    assert.equal(referenceAt('// see INC-142 now', 3, matcher), undefined);
  });
});
