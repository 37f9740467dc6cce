import * as assert from 'node:assert/strict';
import { parseChurn, parseChurnTimes, parseRenames } from '../../../src/core/gitLog';

describe('git log parsing', () => {
  it('counts the commits that touched each file', () => {
    const log = '\0\nsrc/a.ts\nsrc/b.ts\n\0\nsrc/a.ts\n\0\nsrc/a.ts\nsrc/a.ts\n';
    assert.deepEqual([...parseChurn(log)], [['src/a.ts', 3], ['src/b.ts', 1]]);
    assert.deepEqual([...parseChurn('')], []);
  });

  it('keeps each file\'s commit times, once per commit, as `--format=%x00%ct` prints them', () => {
    const log = '\x001796084981\n\nsrc/a.ts\nsrc/b.ts\n\x001796000000\n\nsrc/a.ts\nsrc/a.ts\n\x00\n\nsrc/c.ts\n';
    assert.deepEqual([...parseChurnTimes(log)], [['src/a.ts', [1796084981, 1796000000]], ['src/b.ts', [1796084981]]]);
    assert.deepEqual([...parseChurnTimes('')], []);
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
