// A note into an incident file with thousands of links costs one parse of the file (src/adapters/noteWriter.ts):
// the splice by lines is proved by that parse, which the store then keeps, and the watcher's echo
// of the write is not parsed again. Counted in parses, not timed (the time is in npm run bench).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IncidentStore, type IncidentFolder } from '../../../src/adapters/incidentStore';
import { IncidentWriter } from '../../../src/adapters/incidentWriter';
import { writeNote } from '../../../src/adapters/noteWriter';
import type { Note } from '../../../src/core/model';
import { parseIncidentFile } from '../../../src/core/parseIncident';

const NOTE: Note = { at: '2026-03-02T14:07:11Z', author: 'alice', kind: 'observation', text: 'p99 on /charge jumped to 30s', code: { path: 'src/a.ts', lines: { start: 3, end: 4 }, commit: 'abc1234' } };

function manyLinks(count: number): string {
  const links = Array.from({ length: count }, (_, i) => `  - path: src/f${i % 50}.ts\n    lines: ${i + 1}-${i + 3}\n    role: related\n`).join('');
  return `id: INC-6\ntitle: Many links\nseverity: SEV2\nstatus: investigating\nlinks:\n${links}notes:\n  - at: 2026-03-02T14:05:00Z\n    kind: observation\n    text: first\n`;
}

describe('writeNote', function () {
  this.timeout(60_000);
  let root: string;
  let file: string;
  let folder: IncidentFolder;
  let parses: number;
  let store: IncidentStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'note-writer-'));
    mkdirSync(join(root, '.incidents'));
    file = join(root, '.incidents', 'INC-6.yaml');
    folder = { id: 'file:///repo', root };
    parses = 0;
    store = new IncidentStore({ parse: (text) => (parses++, parseIncidentFile(text)) });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('logs into a file of 2,000 links with one parse, and the watcher\'s echo parses nothing', async () => {
    writeFileSync(file, manyLinks(2_000));
    await store.loadFolder(folder);
    parses = 0;
    const path = await writeNote(store, new IncidentWriter(), file, folder, NOTE);
    assert.equal(path, 'lines');
    assert.equal(parses, 1);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith(manyLinks(2_000)), 'every byte before the note is kept');
    assert.equal(text.slice(manyLinks(2_000).length), '  - at: 2026-03-02T14:07:11Z\n    author: alice\n    kind: observation\n    text: p99 on /charge jumped to 30s\n    code: { path: src/a.ts, lines: 3-4, commit: abc1234 }\n');
    const incident = store.index.incidentAt(file);
    assert.equal(incident?.links.length, 2_000);
    assert.deepEqual(incident?.notes.map((n) => n.text), ['first', NOTE.text]);
    assert.deepEqual(incident, parseIncidentFile(text).incident);

    await store.refreshFile(file, folder);
    assert.equal(parses, 1, 'the refresh found the text it wrote');
    // A change by someone else is read as usual.
    writeFileSync(file, text.replace('title: Many links', 'title: Changed'));
    await store.refreshFile(file, folder);
    assert.equal(parses, 2);
    assert.equal(store.index.incidentAt(file)?.title, 'Changed');
  });

  it('takes the whole document when the file changed since the store read it, keeping both changes', async () => {
    writeFileSync(file, manyLinks(3));
    await store.loadFolder(folder);
    writeFileSync(file, manyLinks(3).replace('title: Many links', 'title: Edited meanwhile'));
    const path = await writeNote(store, new IncidentWriter(), file, folder, NOTE);
    assert.equal(path, 'document');
    const incident = store.index.incidentAt(file);
    assert.equal(incident?.title, 'Edited meanwhile');
    assert.deepEqual(incident?.notes.map((n) => n.text), ['first', NOTE.text]);
    assert.deepEqual(incident, parseIncidentFile(readFileSync(file, 'utf8')).incident);
  });

  it('takes the whole document when a block scalar makes the lines look plain', async () => {
    const text = `${manyLinks(2)}    code: { path: src/a.ts }\n  - at: 2026-03-02T14:06:00Z\n    kind: observation\n    text: |\n      a log line\n      # not a comment\n`;
    writeFileSync(file, text);
    await store.loadFolder(folder);
    assert.equal(await writeNote(store, new IncidentWriter(), file, folder, NOTE), 'document');
    const notes = store.index.incidentAt(file)?.notes ?? [];
    assert.deepEqual(notes.map((n) => n.text), ['first', 'a log line\n# not a comment\n', NOTE.text]);
  });

  it('refuses a file that is not an incident, and leaves it as it was', async () => {
    writeFileSync(file, 'id: INC-6\ntitle: [broken\n');
    await store.loadFolder(folder);
    await assert.rejects(writeNote(store, new IncidentWriter(), file, folder, NOTE), /not valid YAML/);
    assert.equal(readFileSync(file, 'utf8'), 'id: INC-6\ntitle: [broken\n');
  });
});
