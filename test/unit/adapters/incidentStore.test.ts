import * as assert from 'node:assert/strict';
import { cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IncidentStore, type IncidentFolder } from '../../../src/adapters/incidentStore';

const DEMO = resolve(__dirname, '../../../../demo');

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
