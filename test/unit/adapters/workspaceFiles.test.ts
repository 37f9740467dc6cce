// Reading and writing only regular files inside the workspace folder, with real links, pipes and
// devices in temporary folders (POSIX only: Windows has no FIFOs and needs rights for symlinks).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigStore } from '../../../src/adapters/configStore';
import { IncidentStore, type IncidentFolder } from '../../../src/adapters/incidentStore';
import { IncidentWriter } from '../../../src/adapters/incidentWriter';
import { MISSING, readFileInside } from '../../../src/adapters/workspaceFiles';
import { appendNote } from '../../../src/core/incidentEdits';

const POSIX = process.platform !== 'win32';
const INCIDENT = (id: string) => `id: ${id}\ntitle: Fine\nseverity: SEV2\nstatus: resolved\n`;

(POSIX ? describe : describe.skip)('files from a stranger: only regular files inside the folder', function () {
  this.timeout(20_000);
  let base: string;
  let root: string;
  let outside: string;
  let incidents: string;
  let folder: IncidentFolder;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'workspace-files-'));
    root = join(base, 'repo');
    outside = join(base, 'elsewhere');
    incidents = join(root, '.incidents');
    await mkdir(incidents, { recursive: true });
    await mkdir(outside);
    await writeFile(join(incidents, 'INC-1.yaml'), INCIDENT('INC-1'));
    await writeFile(join(outside, 'INC-7.yaml'), INCIDENT('INC-7'));
    folder = { id: 'file:///repo', root };
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('reads a regular file, and says MISSING for none', () => {
    const read = readFileInside(root, join(incidents, 'INC-1.yaml'), 1024);
    assert.ok(typeof read === 'object' && 'text' in read);
    assert.equal(read.text, INCIDENT('INC-1'));
    assert.equal(readFileInside(root, join(incidents, 'nope.yaml'), 1024), MISSING);
  });

  it('stops at the limit by bytes read: a link to /dev/zero is refused at once, a big file by its bytes', async () => {
    await symlink('/dev/zero', join(incidents, 'INC-9.yaml'));
    const zero = readFileInside(root, join(incidents, 'INC-9.yaml'), 1024 * 1024);
    assert.deepEqual(zero, { skipped: 'A symbolic link to /dev/zero, outside the workspace folder; it is not read.' });
    await writeFile(join(incidents, 'big.yaml'), 'x'.repeat(2049));
    assert.deepEqual(readFileInside(root, join(incidents, 'big.yaml'), 2048), { skipped: 'The file is over 2 KiB; it is not read.' });
  });

  it('refuses a FIFO without blocking, and a directory', async () => {
    execFileSync('mkfifo', [join(incidents, 'INC-8.yaml')]);
    assert.deepEqual(readFileInside(root, join(incidents, 'INC-8.yaml'), 1024), { skipped: 'A named pipe (FIFO), not a regular file; it is not read.' });
    await mkdir(join(incidents, 'dir.yaml'));
    assert.deepEqual(readFileInside(root, join(incidents, 'dir.yaml'), 1024), { skipped: 'A directory, not a regular file; it is not read.' });
  });

  it('follows a link that stays inside the folder, not one that dangles or loops', async () => {
    await writeFile(join(root, 'shared.yaml'), INCIDENT('INC-2'));
    await symlink('../shared.yaml', join(incidents, 'INC-2.yaml'));
    await symlink('missing.yaml', join(incidents, 'INC-3.yaml'));
    await symlink('INC-4.yaml', join(incidents, 'INC-4.yaml'));
    const inside = readFileInside(root, join(incidents, 'INC-2.yaml'), 1024);
    assert.ok(typeof inside === 'object' && 'text' in inside && inside.text.includes('INC-2'));
    assert.deepEqual(readFileInside(root, join(incidents, 'INC-3.yaml'), 1024), { skipped: 'A symbolic link to a file that does not exist; it is not read.' });
    assert.deepEqual(readFileInside(root, join(incidents, 'INC-4.yaml'), 1024), { skipped: 'A symbolic link that loops; it is not read.' });
  });

  it('loads the good files and gives every bad one a problem saying why, on first load and on a watcher event', async () => {
    await symlink('/dev/zero', join(incidents, 'INC-9.yaml'));
    await symlink(join(outside, 'INC-7.yaml'), join(incidents, 'INC-7.yaml'));
    execFileSync('mkfifo', [join(incidents, 'INC-8.yaml')]);
    const store = new IncidentStore();
    await store.loadFolder(folder);
    assert.deepEqual(store.index.incidents().map((i) => i.id), ['INC-1']);
    const messages = (name: string) => (store.problems().get(join(incidents, name)) ?? []).map((p) => p.message);
    assert.deepEqual(messages('INC-9.yaml'), ['A symbolic link to /dev/zero, outside the workspace folder; it is not read.']);
    assert.match(messages('INC-7.yaml')[0] ?? '', /^A symbolic link to .*elsewhere\/INC-7\.yaml, outside the workspace folder; it is not read\.$/);
    assert.deepEqual(messages('INC-8.yaml'), ['A named pipe (FIFO), not a regular file; it is not read.']);

    // A pull that brings a new link: the watcher's refresh reads it by the same rule.
    await symlink('/dev/zero', join(incidents, 'INC-10.yaml'));
    await store.refreshFile(join(incidents, 'INC-10.yaml'), folder);
    assert.deepEqual(messages('INC-10.yaml'), ['A symbolic link to /dev/zero, outside the workspace folder; it is not read.']);
    assert.equal(store.index.size, 1);
  });

  it('reads nothing through a .incidents/ linked outside the folder, and says so on it', async () => {
    await rm(incidents, { recursive: true });
    await symlink(outside, incidents);
    const store = new IncidentStore();
    await store.loadFolder(folder);
    assert.equal(store.index.size, 0);
    assert.match(store.problems().get(incidents)?.[0]?.message ?? '', /^A symbolic link to .*elsewhere, outside the workspace folder; it is not read\.$/);
    // Put right, the problem goes.
    await rm(incidents);
    await mkdir(incidents);
    await writeFile(join(incidents, 'INC-1.yaml'), INCIDENT('INC-1'));
    await store.loadFolder(folder);
    assert.equal(store.problems().size, 0);
    assert.equal(store.index.size, 1);
  });

  it('reads config.yaml by the same rule: a link to /dev/zero means the defaults and a problem', async () => {
    await symlink('/dev/zero', join(incidents, 'config.yaml'));
    const configs = new ConfigStore();
    await configs.load(folder);
    assert.deepEqual(configs.configOf(folder.id).references, ['INC-\\d+']);
    assert.deepEqual([...configs.problems().values()].flat().map((p) => p.message), ['A symbolic link to /dev/zero, outside the workspace folder; it is not read. The defaults apply.']);
  });

  it('never writes through a link out of the folder, nor through a linked .incidents/', async () => {
    const writer = new IncidentWriter({ staleMs: 2_000 });
    const target = join(outside, 'INC-7.yaml');
    await symlink(target, join(incidents, 'INC-7.yaml'));
    const note = { at: '2026-01-01T00:00:00Z', kind: 'observation' as const, text: 'x' };
    await assert.rejects(writer.update(join(incidents, 'INC-7.yaml'), (t) => appendNote(t, note)), /resolves to .*elsewhere\/INC-7\.yaml, outside the workspace folder .*; nothing was written/);
    assert.equal(await readFile(target, 'utf8'), INCIDENT('INC-7'));

    await rm(incidents, { recursive: true });
    await symlink(outside, incidents);
    await assert.rejects(writer.create(join(incidents, 'INC-20.yaml'), INCIDENT('INC-20')), /outside the workspace folder/);
    await assert.rejects(writer.update(join(incidents, 'INC-7.yaml'), (t) => appendNote(t, note)), /outside the workspace folder/);
    assert.deepEqual((await readdir(outside)).sort(), ['INC-7.yaml']);
    assert.equal(await readFile(target, 'utf8'), INCIDENT('INC-7'));
  });

  it('writes through a link that stays inside the folder, keeping the link', async () => {
    const writer = new IncidentWriter({ staleMs: 2_000 });
    await writeFile(join(root, 'shared.yaml'), INCIDENT('INC-2'));
    await symlink('../shared.yaml', join(incidents, 'INC-2.yaml'));
    await writer.update(join(incidents, 'INC-2.yaml'), (t) => t.replace('Fine', 'Edited'));
    assert.match(await readFile(join(root, 'shared.yaml'), 'utf8'), /title: Edited/);
  });

  it('refuses an edit that would make the file bigger than the reader accepts, writing nothing', async () => {
    const writer = new IncidentWriter({ staleMs: 2_000, maxBytes: 4096 });
    const file = join(incidents, 'INC-1.yaml');
    const note = { at: '2026-01-01T00:00:00Z', kind: 'observation' as const, text: 'y'.repeat(5000) };
    await assert.rejects(writer.update(file, (t) => appendNote(t, note)), /INC-1\.yaml would grow to 5 KiB, over the 4 KiB an incident file may have \(a bigger one is not read\); nothing was written/);
    assert.equal(await readFile(file, 'utf8'), INCIDENT('INC-1'));
    await assert.rejects(writer.update(join(incidents, 'INC-1.yaml'), () => 'z'.repeat(4097)), /nothing was written/);
    await assert.rejects(writer.create(join(incidents, 'INC-30.yaml'), 'z'.repeat(4097)), /nothing was written/);
    assert.deepEqual((await readdir(incidents)).sort(), ['INC-1.yaml']);
  });
});
