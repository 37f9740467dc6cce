import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FingerprintMemo } from '../../../src/adapters/fingerprintMemo';

const BLOB = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);

describe('fingerprints remembered per git blob (adapters/fingerprintMemo)', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'memo-'));
    file = join(dir, 'fingerprints.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each range as three numbers and gives the same fingerprints back to the next check', async () => {
    const first = FingerprintMemo.open(file, dir);
    first.forBlob(BLOB).set('10-20', '0000beef');
    first.forBlob(BLOB).set('3-3', 'ffffffff');
    await first.save();
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { version: 2, blobs: [[BLOB, [10, 20, 0xbeef, 3, 3, 0xffffffff]]] });
    const again = FingerprintMemo.open(file, dir).forBlob(BLOB);
    assert.deepEqual([...again], [['10-20', '0000beef'], ['3-3', 'ffffffff']]);
  });

  it('keeps only the blobs the last check read, and writes nothing when it learnt nothing', async () => {
    const first = FingerprintMemo.open(file, dir);
    first.forBlob(BLOB).set('1-2', '00000001');
    first.forBlob(OTHER).set('1-2', '00000002');
    await first.save();
    const second = FingerprintMemo.open(file, dir);
    second.forBlob(OTHER);
    await second.save();
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).blobs, [[OTHER, [1, 2, 2]]]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"version":2', '"version":2 '));
    const third = FingerprintMemo.open(file, dir);
    third.forBlob(OTHER);
    await third.save();
    assert.match(readFileSync(file, 'utf8'), /"version":2 /, 'the same blob with the same ranges is not written again');
  });

  for (const [name, text] of [
    ['not JSON', '{"version": 2, "blobs": ['],
    ['an older version', JSON.stringify({ version: 1, blobs: [[BLOB, [['10-20', '0000beef']]]] })],
    ['a range that is not three numbers', JSON.stringify({ version: 2, blobs: [[BLOB, [10, 20]]] })],
    ['an end before its start', JSON.stringify({ version: 2, blobs: [[BLOB, [20, 10, 1]]] })],
    ['a fingerprint past 32 bits', JSON.stringify({ version: 2, blobs: [[BLOB, [10, 20, 2 ** 32]]] })],
    ['a blob id that is not hex', JSON.stringify({ version: 2, blobs: [['../x', [10, 20, 1]]] })],
  ]) {
    it(`reads ${name} as an empty memo, so every fingerprint is hashed again`, () => {
      writeFileSync(file, text as string);
      assert.equal(FingerprintMemo.open(file, dir).forBlob(BLOB).size, 0);
    });
  }

  it('without a file, remembers in this process for the same key only', async () => {
    const memo = FingerprintMemo.open(undefined, dir);
    memo.forBlob(BLOB).set('5-6', '12345678');
    await memo.save();
    assert.equal(FingerprintMemo.open(undefined, dir).forBlob(BLOB).get('5-6'), '12345678');
    assert.equal(FingerprintMemo.open(undefined, `${dir}-other`).forBlob(BLOB).size, 0);
  });
});
