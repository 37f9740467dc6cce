// The work the links into one big file share is done in bounded steps before the first link
// needs it (so the editor, which yields between steps, is never blocked by one big file), and
// gives the same answers. Asserted on the steps and the answers, never on time.
import * as assert from 'node:assert/strict';
import { createLink, prepareInSteps, resolveLink, type LinkSource, type SourceFile, type SymbolNode } from '../../../src/core/anchors';
import { cachedSource } from '../../../src/core/anchors/cachedSource';
import { STEP_LINES } from '../../../src/core/anchors/content';
import { alignLines, alignLinesInSteps } from '../../../src/core/anchors/lineDiff';
import type { Link } from '../../../src/core/model';
import { resolveInSlices } from '../../../src/services/resolveLinks';

/** `count` functions of 7 lines and a blank, each with its symbol; `extra(i)` lines inserted after each header. */
function functions(count: number, extra: (i: number) => string[] = () => []): { lines: string[]; symbols: SymbolNode[] } {
  const lines: string[] = [];
  const symbols: SymbolNode[] = [];
  for (let i = 0; i < count; i++) {
    const start = lines.length + 1;
    lines.push(`export function f${i}(input: Input${i % 7}): number {`, ...extra(i), `  const value = input.field${i} ?? ${i};`, '  if (!value) {', `    throw new Error('missing f${i}');`, '  }', `  return value * ${i % 13};`, '}');
    symbols.push({ name: `f${i}`, startLine: start, endLine: lines.length, children: [] });
    lines.push('');
  }
  return { lines, symbols };
}

/** A 24,000-line file at commit c1, and now with a line inserted in every 4th function (so every later link moved). */
function bigHistory(): { before: string[]; now: ReturnType<typeof functions> } {
  return { before: functions(3000).lines, now: functions(3000, (i) => (i % 4 === 0 ? [`  log(${i});`] : [])) };
}

function stepsOf(steps: Generator<void, unknown>): number {
  let count = 0;
  while (!steps.next().done) count++;
  return count;
}

function sourceOf(before: string[], file: SourceFile): LinkSource {
  return cachedSource({ read: async (path) => (path === file.path ? file : undefined), readAt: async (commit) => (commit === 'c1' ? before.join('\n') : undefined) });
}

describe('anchors: shared work in steps', () => {
  it('aligns two versions of a big file in many steps, with the same alignment as at once', () => {
    const { before, now } = bigHistory();
    const steps = alignLinesInSteps(before, now.lines);
    let count = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) count++;
    assert.ok(count >= (2 * before.length) / STEP_LINES, `${count} steps for two files of ${before.length} lines`);
    assert.deepEqual(step.value, alignLines(before, [...now.lines]));
  });

  it('prepares git history for moved selections in steps, only once per file version, and not at all for links their symbols answer', async () => {
    const { before, now } = bigHistory();
    const file = { path: 'src/big.ts', lines: now.lines, symbols: now.symbols };
    const at = { path: 'src/big.ts', lines: before };
    const text = before.join('\n');
    const texts = (commit: string): string | undefined => (commit === 'c1' ? text : undefined);
    const linked = functions(3000).symbols.filter((_, i) => i % 300 === 150);
    const symbolLinks = linked.map((s) => ({ ...createLink(at, { start: s.startLine, end: s.endLine }, { symbol: s.name, commit: 'c1' }), role: 'trigger' as const }));
    // Symbol links: only the file's own lines are normalised (the alignment is never needed).
    const normalising = stepsOf(prepareInSteps({ ...file, lines: [...now.lines] }, symbolLinks, texts));
    assert.ok(normalising <= Math.ceil(now.lines.length / STEP_LINES), `${normalising} steps for links their symbols answer`);
    const selections = linked.map((s) => ({ ...createLink(at, { start: s.startLine + 1, end: s.endLine - 1 }, { commit: 'c1' }), role: 'trigger' as const }));
    const aligning = stepsOf(prepareInSteps(file, selections, texts));
    assert.ok(aligning > 2 * normalising, `${aligning} steps with git's alignment against ${normalising} without`);
    assert.equal(stepsOf(prepareInSteps(file, selections, texts)), 0, 'the same file version again: all remembered');
  });

  it('resolves the links into a big file as resolveLink does, giving the event loop turns before the first link', async () => {
    const { before, now } = bigHistory();
    const at = { path: 'src/big.ts', lines: before };
    const links: Link[] = functions(3000).symbols.filter((_, i) => i % 500 === 101).map((s) => ({ ...createLink(at, { start: s.startLine + 1, end: s.endLine - 1 }, { commit: 'c1' }), role: 'trigger' as const }));
    const expected = await Promise.all(links.map((link) => resolveLink(link, sourceOf(before, { path: 'src/big.ts', lines: [...now.lines] }))));
    assert.ok(expected.every((r) => r.kind === 'resolved' && r.how === 'moved'), JSON.stringify(expected));
    const slices: number[] = [];
    // A slice of 0 ms: a turn after every step and every link.
    const sliced = await resolveInSlices(links, sourceOf(before, { path: 'src/big.ts', lines: [...now.lines] }), 0, (ms) => slices.push(ms));
    assert.deepEqual(sliced, expected);
    assert.ok(slices.length - links.length - 1 >= (2 * now.lines.length) / STEP_LINES, `${slices.length - links.length - 1} turns before the ${links.length} links`);
  });
});
