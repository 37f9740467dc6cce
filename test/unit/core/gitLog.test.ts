import * as assert from 'node:assert/strict';
import { parseChurn, parseRenames } from '../../../src/core/gitLog';

describe('git log parsing', () => {
  it('counts the commits that touched each file', () => {
    const log = '\0\nsrc/a.ts\nsrc/b.ts\n\0\nsrc/a.ts\n\0\nsrc/a.ts\nsrc/a.ts\n';
    assert.deepEqual([...parseChurn(log)], [['src/a.ts', 3], ['src/b.ts', 1]]);
    assert.deepEqual([...parseChurn('')], []);
  });

  it('maps renamed paths to their new names, newest rename first', () => {
    const log = [
      'R100\tsrc/payments/charge.ts\tsrc/billing/charge.ts',
      'M\tsrc/other.ts',
      'R087\tsrc/old.ts\tsrc/new.ts',
      'R100\tsrc/payments/charge.ts\tsrc/ancient.ts',
      '',
    ].join('\n');
    assert.deepEqual([...parseRenames(log)], [['src/payments/charge.ts', 'src/billing/charge.ts'], ['src/old.ts', 'src/new.ts']]);
  });
});
