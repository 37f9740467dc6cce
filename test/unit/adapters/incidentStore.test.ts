import * as assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IncidentStore, type IncidentFolder, type IncidentStoreOptions } from '../../../src/adapters/incidentStore';
import { parseIncidentFile } from '../../../src/core/parseIncident';

// INCIDENT_LENS_DEMO lets the suite run from another build folder than out/test/unit/adapters/.
const DEMO = process.env.INCIDENT_LENS_DEMO ?? resolve(__dirname, '../../../../demo');

describe('IncidentStore', () => {
  let root: string;
  let folder: IncidentFolder;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'incident-store-'));
    await cp(DEMO, root, { recursive: true });
    folder = { id: 'file:///demo', root };
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('loads every demo incident without a problem, and not config.yaml', async () => {
    const store = new IncidentStore();
    await store.loadFolder(folder);
    assert.deepEqual(store.index.incidents().map((i) => i.id).sort(), ['INC-131', 'INC-142', 'INC-157', 'INC-163', 'INC-170']);
    assert.deepEqual([...store.problems()], []);
    assert.deepEqual(store.index.linksForFile(folder.id, 'src/payments/charge.ts').map((l) => l.incident.id).sort(), ['INC-131', 'INC-142']);
  });

  it('keeps every other incident when one file is broken, and reports where', async () => {
    const broken = join(root, '.incidents', 'INC-200.yaml');
    await writeFile(broken, 'id: INC-200\ntitle: Broken\nseverity: SEV2\nstatus: [oops\n');
    const store = new IncidentStore();
    await store.loadFolder(folder);
    assert.equal(store.index.size, 5);
    const problems = store.problems().get(broken) ?? [];
    assert.equal(problems.length > 0, true);
    assert.equal(problems[0]?.severity, 'error');
  });

  it('re-reads one changed file and forgets a deleted one, telling listeners which', async () => {
    const store = new IncidentStore();
    await store.loadFolder(folder);
    const changes: string[][] = [];
    store.onDidChange((files) => changes.push([...files]));

    const file = join(root, '.incidents', 'INC-163.yaml');
    await writeFile(file, 'id: INC-163\ntitle: Renamed\nseverity: SEV1\nstatus: resolved\nlinks:\n  - { path: src/api/server.ts, role: related }\n');
    await store.refreshFile(file, folder);
    assert.equal(store.index.incidentAt(file)?.title, 'Renamed');
    assert.deepEqual(store.index.linksForFile(folder.id, 'src/config/featureFlags.ts'), []);
    assert.equal(store.index.linksForFile(folder.id, 'src/api/server.ts').length, 1);

    await unlink(file);
    await store.refreshFile(file, folder);
    assert.equal(store.index.incidentAt(file), undefined);
    assert.deepEqual(changes, [[file], [file]]);
  });

  it('does not read a file over 1 MiB', async () => {
    const big = join(root, '.incidents', 'INC-999.yaml');
    await writeFile(big, `id: INC-999\ntitle: t\nseverity: SEV1\nstatus: triage\nsummary: ${'x'.repeat(1024 * 1024)}\n`);
    const store = new IncidentStore();
    await store.loadFolder(folder);
    assert.match(store.problems().get(big)?.[0]?.message ?? '', /over 1 MiB/);
    assert.equal(store.index.size, 5);
  });
});

describe('IncidentStore with an index cache', () => {
  let root: string;
  let storage: string;
  let folder: IncidentFolder;
  let cachePath: string;
  let parsed: string[];
  let warnings: string[];
  const incidentsDir = () => join(root, '.incidents');
  const file = (name: string) => join(incidentsDir(), name);
  /** A store that records which files it parsed (by their first line) and what it warned about. */
  const storeWith = (options: IncidentStoreOptions = {}) => new IncidentStore({
    cachePath, cacheSaveDelayMs: 0, logger: { warn: (message) => warnings.push(message) },
    parse: (text) => {
      parsed.push(text.split('\n')[0] ?? '');
      return parseIncidentFile(text);
    },
    ...options,
  });
  /** Files as a checkout leaves them: older than the cache's "too recent to trust" window. */
  const backdate = async (name: string, secondsAgo = 3600) => {
    const when = new Date(Math.floor(Date.now() / 1000 - secondsAgo) * 1000);
    await utimes(file(name), when, when);
  };
  const coldThenSaved = async (options: IncidentStoreOptions = {}) => {
    const store = storeWith(options);
    await store.loadFolder(folder);
    assert.equal(await store.saveCache(), true);
    parsed = [];
    return store;
  };
  const snapshot = (store: IncidentStore) => ({
    incidents: store.index.incidents(),
    problems: [...store.problems()],
    charge: store.index.linksForFile(folder.id, 'src/payments/charge.ts').map((l) => [l.incident.id, l.link]),
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'incident-cache-'));
    storage = await mkdtemp(join(tmpdir(), 'incident-storage-'));
    await cp(DEMO, root, { recursive: true });
    await writeFile(file('INC-200.yaml'), 'id: INC-200\ntitle: Broken\nseverity: SEV2\nstatus: [oops\n');
    await writeFile(file('INC-201.yaml'), 'id: INC-201\ntitle: Odd\nseverity: SEV3\nstatus: triage\nextra: kept\n');
    for (const name of await readdir(incidentsDir())) await backdate(name);
    folder = { id: 'file:///demo', root };
    cachePath = join(storage, 'workspace', 'incident-index.jsonl');
    parsed = [];
    warnings = [];
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(storage, { recursive: true, force: true });
  });

  it('starts warm with exactly what a cold load finds, parsing nothing', async () => {
    const cold = await coldThenSaved();
    const warm = storeWith();
    await warm.loadFolder(folder);
    assert.deepEqual(parsed, []);
    assert.deepEqual(snapshot(warm), snapshot(cold));
    const uncached = new IncidentStore();
    await uncached.loadFolder(folder);
    assert.deepEqual(snapshot(warm), snapshot(uncached));
    assert.equal(warm.problems().get(file('INC-200.yaml'))?.[0]?.severity, 'error');
    assert.equal(warm.problems().get(file('INC-201.yaml'))?.[0]?.severity, 'warning');
    assert.deepEqual(warnings, []);
  });

  it('re-reads a file whose size or mtime changed, and only that file', async () => {
    await coldThenSaved();
    await writeFile(file('INC-163.yaml'), 'id: INC-163\ntitle: Renamed\nseverity: SEV1\nstatus: resolved\n');
    const before = await stat(file('INC-170.yaml'));
    await utimes(file('INC-170.yaml'), before.atime, new Date(before.mtimeMs - 60_000)); // same bytes, other mtime
    const warm = storeWith();
    await warm.loadFolder(folder);
    assert.deepEqual(parsed, ['id: INC-163', 'id: INC-170']);
    assert.equal(warm.index.incidentAt(file('INC-163.yaml'))?.title, 'Renamed');
  });

  it('trusts size and mtime: content changed behind an unchanged stamp is not read', async () => {
    const cold = await coldThenSaved();
    const title = cold.index.incidentAt(file('INC-131.yaml'))?.title ?? '';
    const before = await stat(file('INC-131.yaml'));
    const text = await readFile(file('INC-131.yaml'), 'utf8');
    await writeFile(file('INC-131.yaml'), text.replace(title, 'X'.repeat(title.length)));
    await utimes(file('INC-131.yaml'), before.atime, before.mtime);
    const warm = storeWith();
    await warm.loadFolder(folder);
    assert.deepEqual(parsed, []);
    assert.equal(warm.index.incidentAt(file('INC-131.yaml'))?.title, title);
  });

  it('forgets a file deleted while the extension was not running, and saves without it', async () => {
    await coldThenSaved();
    await unlink(file('INC-142.yaml'));
    const warm = storeWith();
    await warm.loadFolder(folder);
    assert.equal(warm.index.incidentAt(file('INC-142.yaml')), undefined);
    assert.deepEqual(warm.index.linksForFile(folder.id, 'src/payments/charge.ts').map((l) => l.incident.id), ['INC-131']);
    assert.equal(await warm.saveCache(), true);
    assert.doesNotMatch(await readFile(cachePath, 'utf8'), /INC-142\.yaml/);
  });

  it('keeps one cache for several folders, each taking its own entries', async () => {
    const other: IncidentFolder = { id: 'file:///other', root: join(storage, 'other') };
    await cp(root, other.root, { recursive: true });
    for (const name of await readdir(join(other.root, '.incidents'))) await utimes(join(other.root, '.incidents', name), new Date(0), new Date(1e12));
    const cold = storeWith();
    await Promise.all([cold.loadFolder(folder), cold.loadFolder(other)]);
    await cold.saveCache();
    parsed = [];
    const warm = storeWith();
    await warm.loadFolder(folder);
    await warm.loadFolder(other);
    assert.deepEqual(parsed, []);
    assert.equal(warm.index.size, 12);
  });

  it('writes the cache only when something changed', async () => {
    await coldThenSaved();
    const warm = storeWith();
    await warm.loadFolder(folder);
    assert.equal(await warm.saveCache(), false);
    await writeFile(file('INC-170.yaml'), 'id: INC-170\ntitle: Edited\nseverity: SEV4\nstatus: closed\n');
    await warm.refreshFile(file('INC-170.yaml'), folder);
    assert.equal(await warm.saveCache(), true);
  });

  it('does not cache a file changed moments ago: its mtime may not show the next change', async () => {
    await writeFile(file('INC-170.yaml'), 'id: INC-170\ntitle: Just now\nseverity: SEV4\nstatus: closed\n');
    await coldThenSaved();
    const warm = storeWith();
    await warm.loadFolder(folder);
    assert.deepEqual(parsed, ['id: INC-170']);
  });

  it('ignores a corrupt cache and starts cold', async () => {
    const cold = await coldThenSaved();
    await writeFile(cachePath, '\u0000\u0001 not an index');
    const warm = storeWith();
    await warm.loadFolder(folder);
    assert.equal(parsed.length, 7);
    assert.deepEqual(snapshot(warm), snapshot(cold));
    assert.match(warnings.join('\n'), /not an Incident Lens index/);
  });

  it('ignores a cache written by another version', async () => {
    await coldThenSaved({ cacheTag: '0.1.0' });
    const warm = storeWith({ cacheTag: '0.2.0' });
    await warm.loadFolder(folder);
    assert.equal(parsed.length, 7);
    assert.equal(warm.index.size, 6);
  });

  it('saves by itself a moment after the last change', async () => {
    const store = storeWith({ cacheSaveDelayMs: 10 });
    await store.loadFolder(folder);
    // Nothing calls save: the file appears on its own (polled, so a busy machine only waits longer).
    const deadline = Date.now() + 10_000;
    while (!(await stat(cachePath).then((s) => s.isFile(), () => false)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((await stat(cachePath)).isFile(), true);
    store.dispose();
  });
});
