import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inlineParser, type IncidentParser } from '../../../src/adapters/incidentParser';
import { IncidentStore, type IncidentFolder } from '../../../src/adapters/incidentStore';
import { parseIncidentFile, parseIncidentSource, type ParsedIncident } from '../../../src/core/parseIncident';

/**
 * A parser that answers a file asked for first at once and holds every other until released, as a
 * worker busy with a long queue does; `received` resolves once it has been handed `count` files.
 */
function heldParser(count: number, promotable = false): IncidentParser & { received: Promise<void>; held: () => number; release: () => void; releaseOldest: () => void; promoted: () => number } {
  const held: (() => void)[] = [];
  let promoted = 0;
  let handed = 0;
  let reached: () => void = () => undefined;
  const received = new Promise<void>((done) => (reached = done));
  return {
    ...inlineParser,
    received,
    held: () => held.length,
    release: () => held.splice(0).forEach((answer) => answer()),
    releaseOldest: () => held.shift()?.(),
    promoted: () => promoted,
    parse(text, options, first, place) {
      if (++handed === count) reached();
      const parsed = parseIncidentSource(text, options);
      if (first) return Promise.resolve(parsed);
      return new Promise<ParsedIncident>((done) => {
        const answer = () => done(parsed);
        held.push(answer);
        // A promoted parse goes first: here, at once.
        if (promotable && place) place.promote = () => {
          const at = held.indexOf(answer);
          if (at >= 0) [promoted] = [promoted + 1, held.splice(at, 1)[0]?.()];
        };
      });
    },
  };
}

/** An incident file linking `paths`; `quoted` writes the path double-quoted with an escape, as YAML allows. */
function incident(n: number, paths: readonly string[], quoted = false): string {
  const links = paths.map((path) => `  - path: ${quoted ? `"${path.replace('/', '\\/')}"` : path}\n    lines: 3-9\n    role: related\n`).join('');
  return `id: INC-${n}\ntitle: Incident ${n}\nseverity: SEV2\nstatus: resolved\nstarted_at: 2026-01-01T00:00:00Z\nlinks:\n${links}`;
}

describe('IncidentStore: the open files first', () => {
  let root: string;
  let folder: IncidentFolder;
  const OPEN = 'src/payments/charge.ts';
  // Which files link the open file, among 400: spread over the names, one with a YAML escape.
  const linking = new Set([7, 95, 180, 260, 333, 399]);

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'incident-store-first-'));
    await mkdir(join(root, '.incidents'));
    for (let n = 0; n < 400; n++) {
      const paths = linking.has(n) ? [OPEN, 'src/other.ts'] : [`src/module${n % 37}.ts`];
      await writeFile(join(root, '.incidents', `INC-${String(n).padStart(4, '0')}.yaml`), incident(n, paths, n === 260));
    }
    folder = { id: 'file:///first', root };
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('settles an open file with its final links while most files are still unread', async () => {
    let parsed = 0;
    const store = new IncidentStore({ firstPaths: () => [OPEN], parse: (text) => { parsed++; return parseIncidentFile(text); } });
    const atSettle: { settled: boolean; links: number; parsed: number; otherSettled: boolean }[] = [];
    store.onDidSettle(() => atSettle.push({
      settled: store.isSettled(folder.id, OPEN), links: store.index.linksForFile(folder.id, OPEN).length, parsed, otherSettled: store.isSettled(folder.id, 'src/module3.ts'),
    }));
    const loading = store.loadFolder(folder);
    assert.equal(store.isSettled(folder.id, OPEN), false, 'not final before the load has read anything');
    await loading;
    assert.equal(atSettle.length, 1);
    assert.deepEqual(atSettle[0], { settled: true, links: linking.size, parsed: linking.size, otherSettled: false });
    assert.equal(store.index.linksForFile(folder.id, OPEN).length, linking.size);
    assert.equal(store.isSettled(folder.id, 'src/module3.ts'), true);
    assert.equal(parsed, 400);
  });

  it('reads first what is asked for during the load', async () => {
    const store = new IncidentStore();
    let seen: number | undefined;
    store.onDidSettle(() => { seen ??= store.index.linksForFile(folder.id, OPEN).length; });
    const loading = store.loadFolder(folder);
    store.prioritize(folder.id, OPEN);
    await loading;
    assert.equal(seen, linking.size, 'the count when the open file settled is the final one');
  });

  it('settles a file asked for after the files linking it were handed to the parser only once they are parsed', async () => {
    const parser = heldParser(400);
    const store = new IncidentStore({ parser });
    let atSettle: number | undefined;
    store.onDidSettle(() => { atSettle ??= store.index.linksForFile(folder.id, OPEN).length; });
    const loading = store.loadFolder(folder);
    await parser.received;
    store.prioritize(folder.id, OPEN);
    // Let the load take its turns (it yields between files) while every parse is held.
    for (let turn = 0; turn < 20 && atSettle === undefined; turn++) await new Promise((next) => setImmediate(next));
    assert.equal(atSettle, undefined, 'not final while the files that link it wait in the parser');
    assert.equal(store.isSettled(folder.id, OPEN), false);
    parser.release();
    await loading;
    assert.equal(atSettle, linking.size, 'the count when the open file settled is the final one');
    assert.equal(store.index.linksForFile(folder.id, OPEN).length, linking.size);
  });

  it('moves the handed parses that may link a file asked for later ahead of the others, and settles it before them', async () => {
    const parser = heldParser(400, true);
    const store = new IncidentStore({ parser });
    let atSettle: { links: number; held: number } | undefined;
    store.onDidSettle(() => { atSettle ??= { links: store.index.linksForFile(folder.id, OPEN).length, held: parser.held() }; });
    const loading = store.loadFolder(folder);
    await parser.received;
    store.prioritize(folder.id, OPEN);
    // The load waits for its oldest parse (file 0, which links something else): one parse done, as the parser goes on.
    parser.releaseOldest();
    for (let turn = 0; turn < 200 && atSettle === undefined; turn++) await new Promise((next) => setImmediate(next));
    assert.equal(parser.promoted(), linking.size, 'each file linking it was promoted once');
    assert.deepEqual(atSettle, { links: linking.size, held: 400 - 1 - linking.size }, 'settled with its final count while the other parses still wait');
    parser.release();
    await loading;
    assert.equal(store.index.linksForFile(folder.id, OPEN).length, linking.size);
  });

  it('counts a file as settled with no priority only when the load is done', async () => {
    const store = new IncidentStore();
    const loading = store.loadFolder(folder);
    assert.equal(store.isSettled(folder.id, OPEN), false);
    await loading;
    assert.equal(store.isSettled(folder.id, OPEN), true);
    assert.equal(store.index.linksForFile(folder.id, OPEN).length, linking.size);
  });

  it('on a warm start, settles an open file from the cache before the other cached entries are applied, counting a file changed since', async () => {
    const cachePath = join(root, 'storage', 'first-cache.jsonl');
    const old = new Date(Date.now() - 86_400_000);
    for (let n = 0; n < 400; n++) await utimes(join(root, '.incidents', `INC-${String(n).padStart(4, '0')}.yaml`), old, old);
    const writer = new IncidentStore({ cachePath, cacheSaveDelayMs: 0 });
    await writer.loadFolder(folder);
    assert.equal(await writer.saveCache(), true);
    // Changed since the cache was saved: it now links the open file too, so its cached entry must not count.
    const changed = join(root, '.incidents', 'INC-0042.yaml');
    await writeFile(changed, incident(42, [OPEN]));
    let parsed = 0;
    const store = new IncidentStore({ cachePath, cacheSaveDelayMs: 0, firstPaths: () => [OPEN], parse: (text) => { parsed++; return parseIncidentFile(text); } });
    let atSettle: { links: number; incidents: number; parsed: number } | undefined;
    store.onDidSettle(() => { atSettle ??= { links: store.index.linksForFile(folder.id, OPEN).length, incidents: store.index.size, parsed }; });
    await store.loadFolder(folder);
    assert.ok(atSettle, 'the open file settled during the load');
    assert.equal(atSettle.links, linking.size + 1, 'the final count: the cached links and the changed file');
    assert.equal(atSettle.parsed, 1, 'only the changed file was parsed');
    assert.ok(atSettle.incidents < 50, `only the entries that link the open file were applied before it settled (${atSettle.incidents})`);
    assert.equal(store.index.size, 400);
    assert.equal(store.index.linksForFile(folder.id, 'src/module3.ts').length, writer.index.linksForFile(folder.id, 'src/module3.ts').length);
    await writeFile(changed, incident(42, ['src/module5.ts']));
  });
});
