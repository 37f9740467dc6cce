// The 50 ms rule (issue 13) for reading a stranger's .incidents/: the folder is listed in slices, each
// file read into one buffer of its own size and handed to the parser as those bytes (the parse worker
// decodes them, not the extension host). Asserted on the shape of the work (turns of the event loop,
// what the parser is handed, what a buffer holds), never on a duration; `npm run bench` measures it.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listIncidentFiles } from '../../../src/adapters/incidentFiles';
import { inlineParser, WorkerParser, type IncidentParser } from '../../../src/adapters/incidentParser';
import { IncidentStore } from '../../../src/adapters/incidentStore';
import { readRegularBytes } from '../../../src/adapters/workspaceFiles';
import { parseIncidentFile } from '../../../src/core/parseIncident';
import { turnCounter } from './turns';

const POSIX = process.platform !== 'win32';
const incident = (id: string) => `id: ${id}\ntitle: Case ${id}\nseverity: SEV2\nstatus: resolved\n`;
/** The problem of incident(id) + `summary: café` in Latin-1: its é is the first byte that is not UTF-8. */
const notUtf8 = (id: string) => new RegExp(`not UTF-8 \\(byte ${incident(id).length + 'summary: caf'.length + 1} is not valid UTF-8`);

describe('hostile repositories: reading .incidents/ without long stretches on the host', function () {
  this.timeout(60_000);
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'incident-lens-host-reads-'));
    dir = join(root, '.incidents');
    mkdirSync(dir);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists a folder of 3,000 files whole, in order, turning the event loop while it lists', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `INC-${String(i).padStart(5, '0')}.yaml`);
    for (const name of names) writeFileSync(join(dir, name), incident(name));
    writeFileSync(join(dir, 'config.yaml'), "references: ['OPS-\\d+']\n");
    writeFileSync(join(dir, 'README.md'), 'not an incident\n');
    mkdirSync(join(dir, 'folder.yaml'));
    if (POSIX) symlinkSync('INC-00000.yaml', join(dir, 'LINK.yml'));
    // A slice of 0 ms: a turn after every name read, as a slow machine gets after every batch.
    const turns = turnCounter();
    const listed = await listIncidentFiles(dir, 0);
    const counted = turns.stop();
    const expected = [...names, ...(POSIX ? ['LINK.yml'] : [])].sort().map((name) => join(dir, name));
    assert.deepEqual(listed.files, expected);
    assert.deepEqual([...listed.links], POSIX ? [join(dir, 'LINK.yml')] : []);
    // opendir hands out 256 names a batch: one listing of 3,000 names is at least 20 batches, each followed by a turn.
    assert.ok(counted >= Math.ceil(3000 / 256), `${counted} turns of the event loop while 3,000 names were listed`);
  });

  it('lists with the default slice every file of a folder of 3,000 in one call', async () => {
    for (let i = 0; i < 3000; i++) writeFileSync(join(dir, `INC-${i}.yml`), incident(`INC-${i}`));
    const store = new IncidentStore();
    await store.loadFolder({ id: 'file:///many', root });
    assert.equal(store.index.incidents().length, 3000);
    assert.equal(store.problems().size, 0);
  });

  it("hands each incident file to the parser as the bytes read: the host decodes none, the parser reports what is not UTF-8", async () => {
    writeFileSync(join(dir, 'INC-1.yaml'), incident('INC-1'));
    writeFileSync(join(dir, 'INC-2.yaml'), Buffer.from(`${incident('INC-2')}summary: caf\u00e9\n`, 'latin1'));
    const handed: unknown[] = [];
    const recording: IncidentParser = { ...inlineParser, parse: (text, options) => (handed.push(text), inlineParser.parse(text, options)) };
    const store = new IncidentStore({ parser: recording });
    await store.loadFolder({ id: 'file:///bytes', root });
    assert.equal(handed.length, 2);
    assert.ok(handed.every((text) => text instanceof Uint8Array), 'bytes, not text decoded on the host');
    assert.deepEqual(store.index.incidents().map((i) => i.id), ['INC-1']);
    assert.match(store.problems().get(join(dir, 'INC-2.yaml'))?.[0]?.message ?? '', notUtf8('INC-2'));
  });

  it('decodes bytes in the parse worker: what parsing the text gives, and the same problem for a file not in UTF-8', async () => {
    const parser = new WorkerParser({ script: resolve(__dirname, '../../../parseWorker.js') });
    try {
      const text = `${incident('INC-1')}summary: "Zahlungen \u{1F4A5} \u0645\u062f\u0641\u0648\u0639\u0627\u062a"\n`;
      assert.deepEqual(await parser.parse(Buffer.from(text), {}), parseIncidentFile(text));
      const bom = `\uFEFF${incident('INC-2')}`;
      assert.deepEqual(await parser.parse(Buffer.from(bom), {}), parseIncidentFile(bom));
      const latin1 = await parser.parse(Buffer.from(`${incident('INC-3')}summary: caf\u00e9\n`, 'latin1'), {});
      assert.equal(latin1.incident, undefined);
      assert.match(latin1.problems[0]?.message ?? '', notUtf8('INC-3'));
    } finally {
      parser.dispose();
    }
  });

  it('reads a small file into a buffer of its own size, not a chunk of 64 KiB or a shared pool', () => {
    const file = join(dir, 'INC-1.yaml');
    writeFileSync(file, incident('INC-1'));
    const bytes = readRegularBytes(file, 1024 * 1024);
    assert.ok(bytes instanceof Buffer);
    assert.equal(bytes.toString(), incident('INC-1'));
    // One byte more than the file, so its end shows in the same read.
    assert.ok(bytes.buffer.byteLength <= bytes.length + 1, `${bytes.buffer.byteLength} bytes held for a file of ${bytes.length}`);
    const big = join(dir, 'INC-2.yaml');
    writeFileSync(big, 'x'.repeat(300 * 1024));
    const bigBytes = readRegularBytes(big, 1024 * 1024);
    assert.ok(bigBytes instanceof Buffer);
    assert.equal(bigBytes.length, 300 * 1024);
    assert.ok(bigBytes.buffer.byteLength <= bigBytes.length + 1);
  });

  (process.platform === 'linux' ? it : it.skip)('reads a regular file whole when it holds more than stat says, up to the limit', () => {
    // /proc files are regular with a size of 0: the read goes on past the buffer stat sized.
    const status = readRegularBytes('/proc/self/status', 1024 * 1024);
    assert.ok(status instanceof Buffer);
    assert.match(status.toString(), /^Name:[\s\S]*\nPid:\s+\d+\n[\s\S]*VmRSS/);
    assert.equal(readRegularBytes('/proc/self/status', 10), undefined, 'over the limit: not read');
  });
});
