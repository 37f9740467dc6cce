import * as assert from 'node:assert/strict';
import { isExtensionToPanel } from '../../../src/shared/protocol';

describe('panel protocol: focusNote', () => {
  it('takes a note index, and refuses anything that is not one', () => {
    assert.equal(isExtensionToPanel({ type: 'focusNote', index: 0 }), true);
    assert.equal(isExtensionToPanel({ type: 'focusNote', index: 12 }), true);
    for (const index of [-1, 1.5, '2', null, undefined]) assert.equal(isExtensionToPanel({ type: 'focusNote', index }), false, String(index));
  });
});
