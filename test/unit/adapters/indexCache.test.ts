import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEX_CACHE_VERSION, readIndexCache, writeIndexCache, type CachedFile } from '../../../src/adapters/indexCache';

const INCIDENT: CachedFile = {
  size: 512,
  mtimeMs: 1767225600000.25,
  incident: {
    id: 'INC-1', title: 'Checkout down', severity: 'SEV1', status: 'resolved', services: ['payments-api'], responders: ['alice'],
    links: [{ path: 'src/payments/charge.ts', role: 'root-cause', lines: { start: 40, end: 62 } }],
    notes: [{ at: '2026-03-02T14:07:11Z', kind: 'observation', text: 'p99 jumped' }],
  },
  problems: [{ message: 'Unknown field "x"', severity: 'warning', line: 3, column: 1, endLine: 3, endColumn: 2 }],
};
const BROKEN: CachedFile = { size: 20, mtimeMs: 1767225600000, problems: [{ message: 'Bad YAML', severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1 }] };

describe('indexCache', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'index-cache-'));
    path = join(dir, 'storage', 'index.jsonl');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const entriesOf = (map: Map<string, CachedFile>) => [...map].map(([file, { size, mtimeMs, incident, problems }]) => [file, { size, mtimeMs, incident, problems }]);

  it('reads back what it wrote, creating the storage folder, one line per file', async () => {
    await writeIndexCache(path, '0.1.0', [['/w/.incidents/INC-1.yaml', INCIDENT], ['/w/.incidents/bad.yaml', BROKEN]]);
    const loaded = await readIndexCache(path, '0.1.0');
    assert.equal(loaded.ignored, undefined);
    assert.deepEqual(entriesOf(loaded.entries), [['/w/.incidents/INC-1.yaml', INCIDENT], ['/w/.incidents/bad.yaml', { ...BROKEN, incident: undefined }]]);
    assert.equal((await readFile(path, 'utf8')).split('\n').filter(Boolean).length, 3);
  });

  it('starts empty, without complaint, when there is no cache yet', async () => {
    assert.deepEqual(await readIndexCache(path, '0.1.0'), { entries: new Map() });
  });

  it('ignores a corrupt cache', async () => {
    await mkdir(join(dir, 'storage'));
    await writeFile(path, '{"format":"incident-lens-ind\u0000garbage');
    const loaded = await readIndexCache(path, '0.1.0');
    assert.equal(loaded.entries.size, 0);
    assert.match(loaded.ignored ?? '', /not an Incident Lens index/);
  });

  it('ignores a cache of another format version or tag', async () => {
    await writeIndexCache(path, '0.1.0', [['/w/a.yaml', INCIDENT]]);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(`"version":${INDEX_CACHE_VERSION}`, `"version":${INDEX_CACHE_VERSION + 1}`));
    assert.equal((await readIndexCache(path, '0.1.0')).entries.size, 0);
    await writeFile(path, text);
    const otherTag = await readIndexCache(path, '0.2.0');
    assert.equal(otherTag.entries.size, 0);
    assert.match(otherTag.ignored ?? '', /another version/);
  });

  it('drops only the lines it cannot trust', async () => {
    await writeIndexCache(path, 't', [['/w/a.yaml', INCIDENT], ['/w/b.yaml', INCIDENT], ['/w/c.yaml', BROKEN]]);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[1] = (lines[1] ?? '').slice(0, 40); // truncated JSON
    lines[2] = (lines[2] ?? '').replace('"links":[{', '"links":[7,{'); // valid JSON, not an incident
    await writeFile(path, lines.join('\n'));
    const loaded = await readIndexCache(path, 't');
    assert.deepEqual([...loaded.entries.keys()], ['/w/c.yaml']);
    assert.match(loaded.ignored ?? '', /2 index cache lines/);
  });

  it('replaces the cache atomically and leaves no temporary file behind', async () => {
    await writeIndexCache(path, 't', [['/w/a.yaml', INCIDENT]]);
    await writeIndexCache(path, 't', [['/w/b.yaml', BROKEN]]);
    assert.deepEqual([...(await readIndexCache(path, 't')).entries.keys()], ['/w/b.yaml']);
    assert.deepEqual(await readdir(join(dir, 'storage')), ['index.jsonl']);
  });

  it('fails a write it cannot finish, without leaving a temporary file', async () => {
    await mkdir(path, { recursive: true }); // a directory where the file should go: rename fails
    await assert.rejects(writeIndexCache(path, 't', [['/w/a.yaml', INCIDENT]]));
    assert.deepEqual(await readdir(join(dir, 'storage')), ['index.jsonl']);
  });
});
