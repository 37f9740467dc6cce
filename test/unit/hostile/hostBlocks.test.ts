// The 50 ms rule (issue 13): what a stranger's repository holds never blocks the extension host in one
// stretch. Asserted on the shape of the work (how it is split, where it runs), never on a duration;
// `npm run bench` measures the blocks (bench/hostile.ts).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { ConfigStore } from '../../../src/adapters/configStore';
import { WorkerParser } from '../../../src/adapters/incidentParser';
import { compileLinear } from '../../../src/core/linearPattern';
import { findReferences, UNION_CHARS, type ReferenceMatcher } from '../../../src/core/references';
import { turnCounter } from './turns';

/** What the schema allows at most, and what the hostile corpus has: 100 patterns of about 900 characters. */
const MANY = Array.from({ length: 100 }, (_, i) => `${Array.from({ length: 150 }, (_, j) => `A${i}x${j}`).join('|').slice(0, 890)}-\\d+`);

/** The one union of every pattern, as referenceMatcher compiled it before it was split. */
function oneUnion(sources: readonly string[]): ReferenceMatcher {
  return { patterns: [compileLinear(`(?:^|[^\\w-])(${sources.map((s) => `(?:${s})`).join('|')})(?:[^\\w-]|$)`)] };
}

/** Each pattern its own union: the finest split there can be. */
function eachAlone(sources: readonly string[]): ReferenceMatcher {
  return { patterns: sources.flatMap((source) => oneUnion([source]).patterns) };
}

describe('hostile repositories: nothing blocks the extension host in one stretch', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'incident-lens-host-blocks-'));
    mkdirSync(join(root, '.incidents'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("compiles a config.yaml's 100 patterns of 900 characters one per step, the event loop turning between them", async () => {
    writeFileSync(join(root, '.incidents', 'config.yaml'), `references:\n${MANY.map((p) => `  - '${p}'\n`).join('')}`);
    const configs = new ConfigStore();
    const folder = { id: 'file:///many', root };
    const turns = turnCounter();
    await configs.load(folder);
    const turned = turns.stop();
    const matcher = configs.matcherOf(folder.id) as ReferenceMatcher;
    const unions = Math.ceil(MANY.length / Math.floor(UNION_CHARS / (MANY[0] as string).length));
    assert.equal(matcher.patterns.length, unions);
    // The longest patterns the schema allows are compiled alone: two of them took a cold re2js up to 30 ms.
    assert.equal(unions, 100);
    assert.ok(turned >= unions - 1, `${turned} turns of the event loop while ${unions} unions compiled`);
    assert.deepEqual([...configs.problems().values()], []);
    // Every pattern still finds its ids.
    assert.deepEqual(findReferences('// A0x0 and A99x3, not A0x, B1-1', matcher, 'typescript').map((r) => r.id), ['A0x0', 'A99x3']);
  });

  it('finds in several unions exactly what one union of the same patterns finds', () => {
    // Patterns that overlap, share prefixes, start with a boundary character or match at the line's start.
    const pattern = fc.constantFrom('INC-\\d+', 'INC-1', '#\\d+', '[A-Z]+-\\d+', 'IN', 'C-\\d', 'x+', '-\\d+', 'OPS-\\d{2}', '(?:INC|OPS)-\\d+!?');
    const piece = fc.constantFrom('INC-', 'OPS-', 'IN', 'C-', '#', '-', '1', '42', 'x', 'xx', ' ', '!', '_', 'é', '(', '// ');
    fc.assert(
      fc.property(fc.uniqueArray(pattern, { minLength: 1, maxLength: 6 }), fc.array(piece, { maxLength: 30 }).map((p) => `// ${p.join('')}`), (sources, text) => {
        assert.deepEqual(findReferences(text, eachAlone(sources), 'typescript'), findReferences(text, oneUnion(sources), 'typescript'));
      }),
      { numRuns: 1500 },
    );
  });

  it("places each link of an incident file from the parse worker's one parse, for a stale link's warning and its quick fix", async () => {
    // Before, the extension host parsed the file once per stale link (10,000 links: 10,000 parses).
    const links = ['  - path: src/a.ts\n    role: trigger', '  - path: /etc/passwd\n    role: trigger', '  # kept\n  - { path: src/b.ts, lines: 3-4, role: related }'];
    const text = `id: INC-1\ntitle: T\nseverity: SEV2\nstatus: resolved\nlinks:\n${links.join('\n')}\n`;
    const parser = new WorkerParser({ script: resolve(__dirname, '../../../parseWorker.js') });
    try {
      const parsed = await parser.parse(text, { linkLines: true });
      // The link out of the folder is dropped (a problem of its own): lines stand for the links as parsed.
      assert.deepEqual(parsed.incident?.links.map((l) => l.path), ['src/a.ts', 'src/b.ts']);
      assert.deepEqual(parsed.linkLines, [6, 11]);
      assert.equal((await parser.parse(text, {})).linkLines, undefined, 'only when asked: the index keeps no lines');
    } finally {
      parser.dispose();
    }
  });
});
