import * as assert from 'node:assert/strict';
import { createLink, resolveLink, type LinkSource } from '../../../src/core/anchors';
import { cachedSource } from '../../../src/core/anchors/cachedSource';
import type { Link } from '../../../src/core/model';
import { resolveInSlices } from '../../../src/services/resolveLinks';

/** A file of 60 three-line functions, and the same file with a line inserted above each 3rd one and the 10th gone. */
function history(): { before: string[]; after: string[]; links: Link[] } {
  const before: string[] = [];
  for (let i = 0; i < 60; i++) before.push(`function f${i}() {`, `  return ${i} * rate;`, '}');
  const after: string[] = [];
  for (let i = 0; i < 60; i++) {
    if (i === 10) continue;
    if (i % 3 === 0) after.push(`// f${i} explained`);
    after.push(...before.slice(3 * i, 3 * i + 3));
  }
  const file = { path: 'src/f.ts', lines: before };
  const links = Array.from({ length: 60 }, (_, i) => ({ ...createLink(file, { start: 3 * i + 1, end: 3 * i + 3 }, { commit: 'c1' }), role: 'trigger' as const }));
  // A link with no commit and text that is nowhere, and one into a file that does not exist.
  links.push({ path: 'src/f.ts', lines: { start: 1, end: 2 }, fingerprint: 'deadbeef', role: 'trigger' }, { path: 'src/gone.ts', lines: { start: 1, end: 1 }, role: 'trigger' });
  return { before, after, links };
}

function sourceOf(before: string[], after: string[], asked: string[] = []): LinkSource {
  return cachedSource({
    read: async (path) => (asked.push(`read ${path}`), path === 'src/f.ts' ? { path, lines: after } : undefined),
    readAt: async (commit, path) => (asked.push(`readAt ${commit} ${path}`), commit === 'c1' && path === 'src/f.ts' ? before.join('\n') : undefined),
  });
}

describe('resolveInSlices', () => {
  it('answers as resolveLink does for each link, in order', async () => {
    const { before, after, links } = history();
    const expected = await Promise.all(links.map((link) => resolveLink(link, sourceOf(before, after))));
    const sliced = await resolveInSlices(links, sourceOf(before, after), 0);
    assert.deepEqual(sliced, expected);
    assert.deepEqual(sliced[11], { kind: 'resolved', how: 'moved', path: 'src/f.ts', lines: { start: 35, end: 37 } }, 'f11 (lines 34-36) moved down 4 by the comments above f0, f3, f6, f9 and up 3 by f10 gone');
    assert.equal(sliced[10]?.kind, 'stale');
    assert.equal(sliced[61]?.kind, 'stale');
  });

  it('asks every file and file at a commit before weighing any link, each once', async () => {
    const { before, after, links } = history();
    const asked: string[] = [];
    await resolveInSlices(links, sourceOf(before, after, asked));
    assert.deepEqual(asked.slice(0, 3), ['read src/f.ts', 'readAt c1 src/f.ts', 'read src/gone.ts']);
    assert.equal(new Set(asked).size, asked.length);
  });

  it('gives the event loop a turn between slices, so other work runs while links resolve', async () => {
    const { before, after, links } = history();
    const slices: number[] = [];
    let turns = 0;
    let done = false;
    const spin = (): void => {
      turns++;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    // A slice of 0 ms: a turn after every link.
    const resolving = resolveInSlices(links, sourceOf(before, after), 0, (ms) => slices.push(ms));
    const resolved = await resolving;
    done = true;
    assert.equal(resolved.length, links.length);
    assert.equal(slices.length, links.length + 1, 'one slice per link, and the rest after the last');
    assert.ok(turns >= links.length, `other work ran ${turns} times while ${links.length} links resolved`);
  });
});
