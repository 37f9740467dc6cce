// Parsing in a worker thread with a time budget per file (src/adapters/incidentParser.ts): a file
// that takes too long is stopped and becomes a Problems entry, and every other file still loads.
// The outcome is asserted, never a duration: the slow file is slow by orders of magnitude.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { ConfigStore } from '../../../src/adapters/configStore';
import { WorkerParser, type QueuePlace } from '../../../src/adapters/incidentParser';
import { IncidentStore } from '../../../src/adapters/incidentStore';
import { IncidentWriter } from '../../../src/adapters/incidentWriter';
import { parseConfigFile } from '../../../src/core/config';
import { LINK_GONE } from '../../../src/core/fileEdits';
import { addLink, appendNote } from '../../../src/core/incidentEdits';
import { parseIncidentFile } from '../../../src/core/parseIncident';

/** Built by `npm run build:tests` beside the test bundles (esbuild.mjs). */
const SCRIPT = resolve(__dirname, '../../../parseWorker.js');

function incident(id: string, extra = ''): string {
  return `id: ${id}\ntitle: Case ${id}\nseverity: SEV2\nstatus: resolved\nstarted_at: 2026-01-01T00:00:00Z\n${extra}`;
}

/** About a million commas in a flow list: a million YAML errors, seconds of parsing on any machine. */
function commaFlood(id: string): string {
  return incident(id, `services: [${','.repeat(1024 * 1024 - 200)}]\n`);
}

describe('WorkerParser', function () {
  this.timeout(120_000);
  let root: string;
  let parser: WorkerParser | undefined;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'incident-parser-'));
    mkdirSync(join(root, '.incidents'));
  });
  afterEach(() => {
    parser?.dispose();
    parser = undefined;
    rmSync(root, { recursive: true, force: true });
  });
  const write = (name: string, text: string) => writeFileSync(join(root, '.incidents', name), text);

  it('gives what parseIncidentFile gives, with the folder\'s own options', async () => {
    parser = new WorkerParser({ script: SCRIPT });
    const text = incident('INC-1', 'severity: P1\n').replace('severity: SEV2\n', '');
    const options = { severities: ['P1', 'P2'] };
    assert.deepEqual(await parser.parse(text, options), parseIncidentFile(text, options));
    const bad = 'id: INC-2\ntitle: [unclosed\n';
    assert.deepEqual(await parser.parse(bad, {}), parseIncidentFile(bad));
  });

  it('parses a file asked for first ahead of the files still waiting, and the rest in order', async () => {
    parser = new WorkerParser({ script: SCRIPT });
    const order: string[] = [];
    // 2 MB of files: about half of them wait on this side of the worker (it is posted 1 MiB ahead).
    const note = `summary: ${'x'.repeat(8000)}\n`;
    const queued = Array.from({ length: 250 }, (_, n) => parser?.parse(incident(`INC-${n}`, note), {}).then(() => order.push(`INC-${n}`)));
    const first = parser.parse(incident('INC-FIRST'), {}, true).then((parsed) => order.push(parsed.incident?.id ?? 'none'));
    await Promise.all([...queued, first]);
    const at = order.indexOf('INC-FIRST');
    assert.ok(at >= 0 && at < 200, `parsed at position ${at} of 251`);
    const rest = order.filter((id) => id !== 'INC-FIRST');
    assert.deepEqual(rest, Array.from({ length: 250 }, (_, n) => `INC-${n}`));
  });

  it('moves a waiting file ahead when it is promoted, and once only', async () => {
    parser = new WorkerParser({ script: SCRIPT });
    const order: string[] = [];
    const note = `summary: ${'x'.repeat(8000)}\n`;
    const place: QueuePlace = {};
    const queued = Array.from({ length: 250 }, (_, n) => parser?.parse(incident(`INC-${n}`, note), {}, false, n === 240 ? place : undefined).then(() => order.push(`INC-${n}`)));
    // INC-240 waits on this side of the worker, behind about 100 files not yet posted.
    assert.ok(place.promote, 'a place to promote it from');
    place.promote();
    place.promote();
    await Promise.all(queued);
    const at = order.indexOf('INC-240');
    assert.ok(at >= 0 && at < 200, `parsed at position ${at} of 250`);
    assert.deepEqual(order.filter((id) => id !== 'INC-240'), Array.from({ length: 250 }, (_, n) => `INC-${n}`).filter((id) => id !== 'INC-240'));
  });

  it('stops a file that outlives its budget: that file gets a Problems entry, every other file loads', async () => {
    const stopped: string[] = [];
    parser = new WorkerParser({ script: SCRIPT, budgetMs: 1500, onStopped: (message) => stopped.push(message) });
    for (let i = 1; i <= 4; i++) write(`INC-${i}.yaml`, incident(`INC-${i}`));
    write('INC-2a-FLOOD.yaml', commaFlood('INC-FLOOD'));
    write('INC-3a-NEST.yaml', incident('INC-NEST', `summary: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`));
    const store = new IncidentStore({ parser });
    await store.loadFolder({ id: 'file:///repo', root });

    assert.deepEqual(store.index.incidents().map((i) => i.id).sort(), ['INC-1', 'INC-2', 'INC-3', 'INC-4']);
    const problems = (name: string) => (store.problems().get(join(root, '.incidents', name)) ?? []).map((p) => p.message);
    assert.deepEqual(problems('INC-2a-FLOOD.yaml'), ['Reading this file took longer than 1.5 s, so it was stopped and is not shown. An incident file is a few kilobytes of plain YAML; split it or simplify it.']);
    assert.equal(problems('INC-3a-NEST.yaml').length > 0, true, 'the nested file is a problem too (too deep, or stopped)');
    assert.equal(stopped.some((m) => /took longer than 1\.5 s/.test(m)), true, stopped.join('\n'));

    // The replacement worker keeps serving: the watcher's refresh of a good file still parses.
    write('INC-4.yaml', incident('INC-4').replace('Case INC-4', 'Renamed'));
    await store.refreshFile(join(root, '.incidents', 'INC-4.yaml'), { id: 'file:///repo', root });
    assert.equal(store.index.incidents().find((i) => i.id === 'INC-4')?.title, 'Renamed');
  });

  it('parses on the caller\'s thread when the worker cannot start, and says so', async () => {
    const stopped: string[] = [];
    parser = new WorkerParser({ script: join(root, 'missing-worker.js'), onStopped: (message) => stopped.push(message) });
    const results = await Promise.all([parser.parse(incident('INC-1'), {}), parser.parse(incident('INC-2'), {})]);
    assert.deepEqual(results.map((r) => r.incident?.id), ['INC-1', 'INC-2']);
    assert.match(stopped[0] ?? '', /before it loaded; files are parsed on the extension host's thread instead/);
  });

  it('answers what is still waiting when disposed, and parses nothing after', async () => {
    parser = new WorkerParser({ script: SCRIPT });
    const waiting = parser.parse(commaFlood('INC-FLOOD'), {});
    parser.dispose();
    assert.deepEqual((await waiting).problems.map((p) => p.message), ['Not read: Incident Lens was stopping.']);
    assert.equal((await parser.parse(incident('INC-1'), {})).incident, undefined);
  });

  it('parses config.yaml in the worker: a broken one is a problem at its line, and the rest still loads', async () => {
    parser = new WorkerParser({ script: SCRIPT });
    const good = "severities: [P1, P2]\nreferences: ['OPS-\\d+']\n";
    assert.deepEqual(await parser.parseConfig(good), parseConfigFile(good));
    const broken = "half_life_days: 90\nreferences:\n  - 'OPS-\\d+'\nseverities: [P1\nrisk: {}\n";
    writeFileSync(join(root, '.incidents', 'config.yaml'), broken);
    write('INC-1.yaml', incident('INC-1'));
    const folder = { id: 'file:///repo', root };
    const configs = new ConfigStore(parser);
    await configs.load(folder);
    const store = new IncidentStore({ parser, parseOptions: (id) => ({ severities: configs.configOf(id).severities.map((s) => s.label) }) });
    await store.loadFolder(folder);
    const problems = [...configs.problems().values()].flat();
    assert.deepEqual(problems, parseConfigFile(broken).problems);
    assert.equal(problems.length > 0 && problems.every((p) => p.line > 1), true, JSON.stringify(problems));
    assert.deepEqual(configs.configOf(folder.id).severities.map((s) => s.label), ['SEV1', 'SEV2', 'SEV3', 'SEV4'], 'the defaults apply');
    assert.deepEqual(store.index.incidents().map((i) => i.id), ['INC-1']);
  });

  it('stops a config.yaml that outlives its budget: a problem on it, the defaults apply, incidents still load', async () => {
    parser = new WorkerParser({ script: SCRIPT, budgetMs: 200 });
    // A quarter of a million commas: a second or more of yaml's error handling, in any machine's worker.
    writeFileSync(join(root, '.incidents', 'config.yaml'), `references: [${','.repeat(250_000)}]\n`);
    write('INC-1.yaml', incident('INC-1'));
    const folder = { id: 'file:///repo', root };
    const configs = new ConfigStore(parser);
    await configs.load(folder);
    const store = new IncidentStore({ parser });
    await store.loadFolder(folder);
    assert.deepEqual([...configs.problems().values()].flat().map((p) => [p.line, p.message]), [[1, 'Reading this file took longer than 0.2 s, so it was stopped and the defaults apply. A configuration file is a few hundred bytes.']]);
    assert.deepEqual(configs.configOf(folder.id).references, ['INC-\\d+']);
    assert.deepEqual(store.index.incidents().map((i) => i.id), ['INC-1']);
  });

  it('edits in the worker: the same text as on this thread, and the edit\'s own errors', async () => {
    parser = new WorkerParser({ script: SCRIPT });
    const file = join(root, '.incidents', 'INC-1.yaml');
    const before = incident('INC-1', 'links:\n  - path: src/a.ts  # keep me\n    lines: 3-4\n    role: trigger\n');
    write('INC-1.yaml', before);
    const writer = new IncidentWriter({ editor: parser, staleMs: 2_000 });
    const note = { at: '2026-01-01T00:00:00Z', kind: 'observation' as const, text: 'seen' };
    const link = { path: 'src/b.ts', lines: { start: 1, end: 2 }, role: 'related' as const };
    await writer.edit(file, 'appendNote', note);
    await writer.edit(file, 'addLink', link);
    assert.equal(readFileSync(file, 'utf8'), addLink(appendNote(before, note), link));

    await assert.rejects(writer.edit(file, 'appendNote', { ...note, at: 'yesterday' }), (error: Error) => /Cannot add the note/.test(error.message));
    await assert.rejects(writer.edit(file, 'removeLinkOf', { path: 'src/none.ts', role: 'related' }), (error: NodeJS.ErrnoException) => error.code === LINK_GONE);
    assert.equal(readFileSync(file, 'utf8'), addLink(appendNote(before, note), link), 'a refused edit writes nothing');
  });

  it('stops an edit that outlives its budget, and changes nothing', async () => {
    parser = new WorkerParser({ script: SCRIPT, budgetMs: 1500 });
    const file = join(root, '.incidents', 'INC-FLOOD.yaml');
    write('INC-FLOOD.yaml', commaFlood('INC-FLOOD'));
    const writer = new IncidentWriter({ editor: parser, staleMs: 2_000 });
    await assert.rejects(writer.edit(file, 'appendNote', { at: '2026-01-01T00:00:00Z', kind: 'observation', text: 'x' }), /took longer than 1\.5 s, so the edit was stopped; nothing was changed/);
    assert.equal(readFileSync(file, 'utf8'), commaFlood('INC-FLOOD'));
    // The next edit runs in a fresh worker.
    write('INC-1.yaml', incident('INC-1'));
    await writer.edit(join(root, '.incidents', 'INC-1.yaml'), 'setStatus', 'closed');
    assert.match(readFileSync(join(root, '.incidents', 'INC-1.yaml'), 'utf8'), /status: closed/);
  });
});
