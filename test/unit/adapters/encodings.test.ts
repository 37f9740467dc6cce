// Issue 12, example 4: byte-order marks, line endings and files that are not UTF-8, on disk.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IncidentStore, type IncidentFolder } from '../../../src/adapters/incidentStore';
import { IncidentWriter } from '../../../src/adapters/incidentWriter';
import { appendNote, setStatus } from '../../../src/core/incidentEdits';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const HEAD = 'id: INC-9\ntitle: t\nseverity: SEV2\nstatus: investigating   # aligned\nnotes:\n  - at: 2026-03-02T14:07:11Z\n    kind: observation\n    text: first\n';
const NOTE = { at: '2026-03-02T15:00:00Z', kind: 'action' as const, text: 'second' };

describe('incident file encodings on disk', () => {
  let root: string;
  let folder: IncidentFolder;
  let file: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'incident-encodings-'));
    await mkdir(join(root, '.incidents'));
    folder = { id: 'file:///enc', root };
    file = join(root, '.incidents', 'INC-9.yaml');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function loaded(): Promise<IncidentStore> {
    const store = new IncidentStore();
    await store.loadFolder(folder);
    return store;
  }

  it('Log Incident Note on a file saved with a BOM: one BOM at the start, and both notes read back', async () => {
    await writeFile(file, Buffer.concat([BOM, Buffer.from(HEAD)]));
    await new IncidentWriter().update(file, (text) => appendNote(text, NOTE));
    const bytes = await readFile(file);
    assert.deepEqual(bytes, Buffer.concat([BOM, Buffer.from(`${HEAD}  - at: 2026-03-02T15:00:00Z\n    kind: action\n    text: second\n`)]));
    const store = await loaded();
    assert.deepEqual([...store.problems()], []);
    assert.deepEqual(store.index.byId('INC-9')?.incident.notes.map((n) => n.text), ['first', 'second']);
  });

  it('keeps CRLF line endings through a write', async () => {
    const crlf = HEAD.replace(/\n/g, '\r\n');
    await writeFile(file, crlf);
    await new IncidentWriter().update(file, (text) => setStatus(text, 'resolved', '2026-03-02T16:40:00Z'));
    const after = await readFile(file, 'utf8');
    assert.equal(after, crlf.replace('status: investigating   #', 'status: resolved   #').replace('status: resolved   # aligned\r\n', 'status: resolved   # aligned\r\nresolved_at: 2026-03-02T16:40:00Z\r\n'));
  });

  it('a file that is not UTF-8 is a Problems entry, and a write leaves it byte for byte', async () => {
    const latin1 = Buffer.from(HEAD.replace('title: t', 'title: Caf\u00e9 down'), 'latin1');
    await writeFile(file, latin1);
    const store = await loaded();
    assert.equal(store.index.byId('INC-9'), undefined);
    const [problem] = store.problems().get(file) ?? [];
    assert.match(problem?.message ?? '', /not UTF-8 \(byte 21 is not valid UTF-8.*Save it as UTF-8/);
    await assert.rejects(new IncidentWriter().update(file, (text) => appendNote(text, NOTE)), /INC-9\.yaml: The file is not UTF-8/);
    assert.deepEqual(await readFile(file), latin1);
  });

  it('a file saved as UTF-16 says so', async () => {
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEAD, 'utf16le')]));
    const [problem] = (await loaded()).problems().get(file) ?? [];
    assert.match(problem?.message ?? '', /saved as UTF-16/);
  });
});
