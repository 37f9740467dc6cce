import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { assessChange, newLineOf, touchesRange, type PlacedLink } from '../../../src/core/changeRisk';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { parseUnifiedDiff, type ChangeBlock } from '../../../src/core/diff';
import type { Incident, LineRange, Role } from '../../../src/core/model';

const NOW = new Date('2026-06-01T00:00:00Z');

function incident(id: string, severity: string, daysAgo = 0): Incident {
  return { id, title: `${id} title`, severity, status: 'resolved', startedAt: new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString(), services: [], responders: [], links: [], notes: [] };
}

function placed(inc: Incident, path: string, lines: LineRange | undefined, role: Role = 'root-cause'): PlacedLink {
  return { incident: inc, link: { path, role, ...(lines ? { lines } : {}) }, at: lines ? { path, lines } : { path } };
}

/** A -U0 diff of one file from hunks written as [oldStart, oldCount, newStart, newCount]. */
function diffOf(path: string, hunks: [number, number, number, number][], header: string[] = []): string {
  const body = hunks.flatMap(([os, oc, ns, nc]) => [`@@ -${os},${oc} +${ns},${nc} @@`, ...Array(oc).fill('-old'), ...Array(nc).fill('+new')]);
  return [`diff --git a/${path} b/${path}`, ...header, `--- a/${path}`, `+++ b/${path}`, ...body, ''].join('\n');
}

const INC = incident('INC-1', 'SEV1');

function touched(diff: string, lines: LineRange | undefined): boolean {
  return assessChange(parseUnifiedDiff(diff), [placed(INC, 'src/a.ts', lines)], NOW, DEFAULT_CONFIG).touched.length === 1;
}

describe('assessChange', () => {
  const range = { start: 10, end: 20 };

  it('counts a changed or removed line inside a linked range, and not one next to it', () => {
    assert.equal(touched(diffOf('src/a.ts', [[15, 1, 15, 1]]), range), true, 'a modified line inside');
    assert.equal(touched(diffOf('src/a.ts', [[10, 1, 9, 0]]), range), true, 'the first line removed');
    assert.equal(touched(diffOf('src/a.ts', [[20, 1, 20, 1]]), range), true, 'the last line changed');
    assert.equal(touched(diffOf('src/a.ts', [[5, 10, 5, 2]]), range), true, 'a removal reaching into it');
    assert.equal(touched(diffOf('src/a.ts', [[9, 1, 9, 1]]), range), false, 'the line above');
    assert.equal(touched(diffOf('src/a.ts', [[21, 1, 21, 1]]), range), false, 'the line below');
  });

  it('counts an insertion strictly inside a range, and not one just above or just below it', () => {
    // `@@ -K,0 +N,M @@` inserts after old line K.
    assert.equal(touched(diffOf('src/a.ts', [[10, 0, 11, 3]]), range), true, 'after the first line');
    assert.equal(touched(diffOf('src/a.ts', [[19, 0, 20, 1]]), range), true, 'before the last line');
    assert.equal(touched(diffOf('src/a.ts', [[9, 0, 10, 2]]), range), false, 'just above: after line 9');
    assert.equal(touched(diffOf('src/a.ts', [[20, 0, 21, 2]]), range), false, 'just below: after line 20');
    assert.equal(touched(diffOf('src/a.ts', [[10, 0, 11, 1]]), { start: 10, end: 10 }), false, 'a one-line range has no inside');
  });

  it('counts any change to a file linked as a whole, and its deletion, rename or binary change', () => {
    assert.equal(touched(diffOf('src/a.ts', [[400, 1, 400, 1]]), undefined), true);
    assert.equal(touched(diffOf('src/b.ts', [[1, 1, 1, 1]]), undefined), false, 'another file');
    assert.equal(touched('diff --git a/src/a.ts b/src/a.ts\nold mode 100644\nnew mode 100755\n', undefined), false, 'a mode change only');
    assert.equal(touched('diff --git a/src/a.ts b/src/a.ts\nindex 1..2 100644\nBinary files a/src/a.ts and b/src/a.ts differ\n', range), true);
    const deleted = 'diff --git a/src/a.ts b/src/a.ts\ndeleted file mode 100644\n--- a/src/a.ts\n+++ /dev/null\n@@ -1,30 +0,0 @@\n' + '-x\n'.repeat(30);
    const result = assessChange(parseUnifiedDiff(deleted), [placed(INC, 'src/a.ts', range)], NOW, DEFAULT_CONFIG);
    assert.deepEqual(result.touched.map((t) => [t.path, t.how, t.lines]), [['src/a.ts', 'deleted', undefined]]);
  });

  it('follows a rename: a range untouched by the edit is touched as renamed, and shown at its new path', () => {
    const header = ['similarity index 95%', 'rename from src/a.ts', 'rename to src/b.ts'];
    const diff = diffOf('src/a.ts', [[2, 0, 3, 4]], header).replace('+++ b/src/a.ts', '+++ b/src/b.ts').replace('diff --git a/src/a.ts b/src/a.ts', 'diff --git a/src/a.ts b/src/b.ts');
    const result = assessChange(parseUnifiedDiff(diff), [placed(INC, 'src/a.ts', range)], NOW, DEFAULT_CONFIG);
    assert.deepEqual(result.touched.map((t) => ({ path: t.path, basePath: t.basePath, how: t.how, lines: t.lines })), [
      { path: 'src/b.ts', basePath: 'src/a.ts', how: 'renamed', lines: { start: 14, end: 24 } },
    ]);
  });

  it('groups the links at one place, weighs each place and the whole change with the product risk', () => {
    const old = incident('INC-2', 'SEV3', 365);
    const diff = diffOf('src/a.ts', [[12, 1, 12, 1], [60, 1, 60, 1]]) + diffOf('src/c.ts', [[1, 1, 1, 1]]);
    const result = assessChange(parseUnifiedDiff(diff), [
      placed(INC, 'src/a.ts', range),
      placed(old, 'src/a.ts', range, 'related'),
      placed(old, 'src/a.ts', { start: 55, end: 70 }, 'root-cause'),
      placed(old, 'src/c.ts', undefined, 'contributing'),
      placed(INC, 'src/a.ts', { start: 30, end: 40 }),
    ], NOW, DEFAULT_CONFIG, (path) => (path === 'src/a.ts' ? 3 : undefined));
    assert.deepEqual(result.touched.map((t) => [t.path, t.lines && `${t.lines.start}-${t.lines.end}`, t.risk.level, t.risk.incidents.map((i) => `${i.incident.id}:${i.role}`)]), [
      ['src/a.ts', '10-20', 'high', ['INC-1:root-cause', 'INC-2:related']],
      ['src/a.ts', '55-70', 'none', ['INC-2:root-cause']],
      ['src/c.ts', '1-1', 'none', ['INC-2:contributing']],
    ]);
    // SEV1 root cause today, churn 3 commits (x1.5): 8 x 1.5 = 12, plus INC-2's strongest role (root-cause, a year old: 2 x 0.25 x 1.5).
    assert.equal(result.risk.level, 'high');
    assert.ok(Math.abs(result.risk.score - (8 + 2 * 0.5 ** (365 / 180)) * 1.5) < 1e-9, String(result.risk.score));
    assert.deepEqual(result.risk.incidents.map((i) => i.incident.id), ['INC-1', 'INC-2']);
  });

  it('keeps ranges that share a first or a last line apart, whatever order the links come in, and orders equal scores by path and line', () => {
    const diff = diffOf('src/a.ts', [[15, 1, 15, 1]]) + diffOf('src/b.ts', [[15, 1, 15, 1]]);
    const a = incident('INC-A', 'SEV2');
    const b = incident('INC-B', 'SEV2');
    const links = [
      placed(a, 'src/b.ts', { start: 10, end: 20 }),
      placed(a, 'src/a.ts', { start: 10, end: 20 }),
      placed(b, 'src/a.ts', { start: 10, end: 16 }),
      placed(b, 'src/b.ts', { start: 10, end: 20 }),
      placed(a, 'src/a.ts', { start: 12, end: 20 }),
      placed(b, 'src/a.ts', { start: 10, end: 20 }),
      placed(a, 'src/a.ts', { start: 10, end: 18 }),
      placed(a, 'src/a.ts', undefined),
      placed(b, 'src/a.ts', { start: 10, end: 16 }, 'related'),
    ];
    const shown = (result: ReturnType<typeof assessChange>) => result.touched.map((t) => `${t.path} ${t.baseLines ? `${t.baseLines.start}-${t.baseLines.end}` : 'file'} ${t.risk.incidents.map((i) => i.incident.id).sort().join('+')}`);
    const expected = [
      'src/a.ts 10-20 INC-A+INC-B',
      'src/b.ts 10-20 INC-A+INC-B',
      'src/a.ts 10-16 INC-B',
      'src/a.ts 10-18 INC-A',
      'src/a.ts 12-20 INC-A',
      // A whole-file link shows the changed lines' span (15-15).
      'src/a.ts file INC-A',
    ];
    assert.deepEqual(shown(assessChange(parseUnifiedDiff(diff), links, NOW, DEFAULT_CONFIG)), expected);
    assert.deepEqual(shown(assessChange(parseUnifiedDiff(diff), [...links].reverse(), NOW, DEFAULT_CONFIG)).sort(), [...expected].sort(), 'the same places in reverse');
  });

  it('is none and empty when nothing linked is touched', () => {
    const result = assessChange(parseUnifiedDiff(diffOf('src/a.ts', [[100, 1, 100, 1]])), [placed(INC, 'src/a.ts', range)], NOW, DEFAULT_CONFIG);
    assert.deepEqual(result.touched, []);
    assert.equal(result.risk.level, 'none');
    assert.equal(result.risk.score, 0);
  });

  it('checks a diff of 100,000 lines against thousands of links, linearly', () => {
    // 500 files of 140 changed lines each in 70 hunks, 20 links per file.
    const parts: string[] = [];
    const links: PlacedLink[] = [];
    const incidents = Array.from({ length: 100 }, (_, i) => incident(`INC-${i}`, ['SEV1', 'SEV2', 'SEV3', 'SEV4'][i % 4] as string, i));
    for (let f = 0; f < 500; f++) {
      const path = `src/m${f}/file.ts`;
      const hunks: [number, number, number, number][] = [];
      for (let h = 0; h < 70; h++) hunks.push([h * 20 + 1, 1, h * 20 + 1, 1]);
      parts.push(diffOf(path, hunks));
      for (let l = 0; l < 20; l++) links.push(placed(incidents[(f + l) % 100] as Incident, path, { start: l * 50 + 2, end: l * 50 + 2 + (l % 2 === 0 ? 10 : 25) }));
    }
    const text = parts.join('');
    assert.ok(text.split('\n').length >= 100_000, String(text.split('\n').length));
    const result = assessChange(parseUnifiedDiff(text), links, NOW, DEFAULT_CONFIG);
    // Hunks change lines 1, 21, 41, ...: the longer links (odd l) hold one, the shorter ones fall between.
    const expected = links.filter(({ at }) => {
      const { start, end } = at.lines as LineRange;
      for (let line = 1; line <= 70 * 20; line += 20) if (line >= start && line <= end) return true;
      return false;
    }).length;
    assert.equal(result.touched.length, expected);
    assert.ok(expected > 0 && expected < links.length);
    assert.equal(result.risk.incidents.length, 100);
  });
});

describe('touchesRange and newLineOf', () => {
  const blocks: ChangeBlock[] = [
    { oldStart: 5, oldLines: 2, newStart: 5, newLines: 0 },
    { oldStart: 10, oldLines: 0, newStart: 8, newLines: 3 },
    { oldStart: 20, oldLines: 1, newStart: 21, newLines: 2 },
  ];

  it('finds the blocks in a range by binary search', () => {
    assert.equal(touchesRange(blocks, { start: 1, end: 4 }), false);
    assert.equal(touchesRange(blocks, { start: 6, end: 8 }), true);
    assert.equal(touchesRange(blocks, { start: 7, end: 9 }), false, 'the insertion stands after line 9, not inside 7-9');
    assert.equal(touchesRange(blocks, { start: 9, end: 10 }), true, 'between 9 and 10');
    assert.equal(touchesRange(blocks, { start: 10, end: 19 }), false);
    assert.equal(touchesRange(blocks, { start: 19, end: 30 }), true);
  });

  it('maps old lines to new ones', () => {
    assert.equal(newLineOf(blocks, 4, 'start'), 4);
    assert.equal(newLineOf(blocks, 7, 'start'), 5, 'after two removed lines');
    assert.equal(newLineOf(blocks, 9, 'start'), 7);
    assert.equal(newLineOf(blocks, 10, 'start'), 11, 'below three inserted lines');
    assert.equal(newLineOf(blocks, 20, 'end'), 22, 'a replaced line maps to what replaced it');
    assert.equal(newLineOf(blocks, 25, 'start'), 27);
  });

  it('maps every old line as a walk along the blocks does, for any ordered blocks', () => {
    // The reading newLineOf's binary search must agree with: shift by each block wholly before the line, stop at the first that is not.
    const walk = (list: readonly ChangeBlock[], line: number, side: 'start' | 'end'): number => {
      let shift = 0;
      for (const block of list) {
        const removedEnd = block.oldStart + block.oldLines - 1;
        if (block.oldLines > 0 && line >= block.oldStart && line <= removedEnd) return Math.max(1, side === 'start' ? block.newStart : block.newStart + block.newLines - 1);
        if (block.oldLines > 0 ? removedEnd < line : block.oldStart <= line) shift += block.newLines - block.oldLines;
        else break;
      }
      return Math.max(1, line + shift);
    };
    // Disjoint blocks in order, as git prints them: a gap of unchanged lines, then removed and added counts.
    const ordered = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 5 }), removed: fc.integer({ min: 0, max: 4 }), added: fc.integer({ min: 0, max: 4 }) }), { maxLength: 12 }).map((parts) => {
      const list: ChangeBlock[] = [];
      let old = 0;
      let now = 0;
      for (const { gap, removed, added } of parts) {
        if (removed === 0 && added === 0) continue;
        old += gap;
        now += gap;
        list.push({ oldStart: removed > 0 ? old : old + 1, oldLines: removed, newStart: added > 0 ? now : now + 1, newLines: added });
        old += removed > 0 ? removed - 1 : 0;
        now += added > 0 ? added - 1 : 0;
      }
      return list;
    });
    fc.assert(fc.property(ordered, fc.integer({ min: 1, max: 80 }), fc.constantFrom<'start' | 'end'>('start', 'end'), (list, line, side) => {
      assert.equal(newLineOf(list, line, side), walk(list, line, side));
    }), { numRuns: 2000 });
  });
});
