// CI runs the anchors benchmark's code on a small synthetic history (generated here in a
// temporary folder): every link judged for every method, and the comparison says something.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNTHETIC_OPTIONS } from '../../../bench/anchors';
import { benchRepo, METHODS, tabulate } from '../../../bench/anchorsBench';
import { createSyntheticHistory } from '../../../bench/anchorsSynthetic';
import { byPath, navigationSymbols } from '../../../bench/anchorsTruth';

describe('bench:anchors on a synthetic history', function () {
  this.timeout(120_000);
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'incident-lens-anchors-test-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('judges every link for every method, and following the code beats stored line numbers', async () => {
    const result = await benchRepo(createSyntheticHistory(root), 'synthetic', SYNTHETIC_OPTIONS);
    assert.equal(result.pairs.length, 1);
    assert.ok(result.cases.length >= 10, `${result.cases.length} links`);
    assert.ok(result.cases.some((c) => c.kind === 'symbol') && result.cases.some((c) => c.kind === 'selection'));
    for (const c of result.cases) assert.deepEqual(Object.keys(c.verdicts).sort(), [...METHODS].sort());
    const right = new Map(tabulate(result.cases).map((row) => [row.method, row.right]));
    const stored = right.get('stored line numbers') ?? 1;
    assert.ok((right.get('ours, with symbols') ?? 0) > stored, JSON.stringify([...right]));
    assert.ok((right.get('ours, without symbols') ?? 0) > stored, JSON.stringify([...right]));
  });
  it('finds a symbol again after a formatter switched its quotes, so the truth does not call it gone', () => {
    const single = byPath(navigationSymbols('t.spec.js', "describe('orders', function () {\n  it('lists them', function () {\n    run();\n  });\n});\n"));
    const double = byPath(navigationSymbols('t.spec.js', 'describe("orders", function () {\n  it("lists them", function () {\n    run();\n  });\n});\n'));
    const path = "describe('orders') callback.it('lists them') callback";
    assert.deepEqual([...single.keys()].sort(), [...double.keys()].sort());
    assert.deepEqual(double.get(path)?.map((s) => s.lines), [{ start: 2, end: 4 }]);
  });
});
