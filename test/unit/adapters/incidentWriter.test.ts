import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build, type Plugin } from 'esbuild';
import { lock } from 'proper-lockfile';
import { writeFileAtomic } from '../../../src/adapters/atomicWrite';
import { IncidentWriter } from '../../../src/adapters/incidentWriter';
import { appendNote } from '../../../src/core/incidentEdits';
import type { Incident } from '../../../src/core/model';
import { parseIncidentFile } from '../../../src/core/parseIncident';

const BASE = '# Written by many at once\nid: INC-1\ntitle: Concurrent writers\nseverity: SEV2\nstatus: investigating\n';
const note = (text: string) => ({ at: '2026-03-02T15:00:00Z', kind: 'observation' as const, text });

/** The repository root, whether this runs from out/test/unit/adapters/ or any other folder under out/. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = dirname(dir);
  }
  return dir;
}

interface Writer {
  child: ChildProcess;
  /** Writes the child reported as done. */
  wrote: number;
  exited: Promise<number | null>;
  stderr: () => string;
  /** Resolves once the child has reported `line`. */
  saw: (line: string) => Promise<void>;
}

function parsedIncident(text: string): Incident {
  const { incident, problems } = parseIncidentFile(text);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), [], text.slice(-500));
  assert.ok(incident);
  return incident;
}

describe('IncidentWriter', () => {
  let dir: string;
  let file: string;
  let script: string;

  before(async function () {
    this.timeout(60_000);
    // Bundled whole (no node_modules needed) from the TypeScript source, so this works in any out/ layout.
    script = join(await mkdtemp(join(tmpdir(), 'incident-writer-fixture-')), 'appendNotes.js');
    // The schema validators are generated at build time, by the plugin every build of the source uses.
    const { schemaValidatorsPlugin } = (await import(join(repositoryRoot(), 'scripts/schemaValidators.mjs'))) as { schemaValidatorsPlugin: (root: string) => Plugin };
    await build({
      entryPoints: [join(repositoryRoot(), 'test/unit/adapters/fixtures/appendNotes.ts')],
      outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
      plugins: [schemaValidatorsPlugin(repositoryRoot())],
    });
  });
  after(() => rm(dirname(script), { recursive: true, force: true }));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'incident-writer-'));
    file = join(dir, 'INC-1.yaml');
    await writeFile(file, BASE);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  function runWriter(name: string, count: number, mode?: 'hold'): Writer {
    const child = spawn(process.execPath, [script, file, name, String(count), ...(mode ? [mode] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const waiting: { line: string; done: () => void }[] = [];
    let stderr = '';
    const writer: Writer = {
      child,
      wrote: 0,
      // 'close', not 'exit': by then every line the child printed has been read.
      exited: new Promise((done) => child.on('close', (code) => done(code))),
      stderr: () => stderr,
      saw: (line) => Promise.race([
        new Promise<void>((done) => (lines.includes(line) ? done() : waiting.push({ line, done }))),
        writer.exited.then((code) => { throw new Error(`the writer exited (${code}) before printing "${line}": ${stderr}`); }),
      ]),
    };
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete) {
        lines.push(line);
        const wrote = /^wrote (\d+)$/.exec(line);
        if (wrote) writer.wrote = Number(wrote[1]);
        waiting.filter((w) => w.line === line).forEach((w) => w.done());
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return writer;
  }

  it('keeps every one of 400 notes appended by 4 writer processes at once', async function () {
    // Each append re-reads, re-parses and fsyncs the whole file under the lock: a busy CI machine needs the room.
    this.timeout(300_000);
    const names = ['w1', 'w2', 'w3', 'w4'];
    const writers = names.map((name) => runWriter(name, 100));
    const codes = await Promise.all(writers.map((w) => w.exited));
    assert.deepEqual(codes, [0, 0, 0, 0], writers.map((w) => w.stderr()).join('\n'));

    const text = await readFile(file, 'utf8');
    assert.ok(text.startsWith(BASE));
    const notes = parsedIncident(text).notes.map((n) => n.text);
    assert.equal(notes.length, 400);
    assert.equal(new Set(notes).size, 400);
    for (const name of names) {
      const own = notes.filter((t) => t.startsWith(`${name} `));
      assert.deepEqual(own, Array.from({ length: 100 }, (_, n) => `${name} note ${n}`));
    }
    assert.deepEqual(await readdir(dir), ['INC-1.yaml']);
  });

  it('leaves the old or the new file when a writer is killed mid-stream, and the next one carries on', async function () {
    this.timeout(60_000);
    let total = 0;
    for (let round = 0; round < 4; round++) {
      const writer = runWriter(`r${round}`, 10_000);
      await writer.saw(`wrote ${randomInt(2, 8)}`);
      await sleep(randomInt(0, 25)); // somewhere inside a later write: parse, temp file, fsync or rename
      writer.child.kill('SIGKILL');
      await writer.exited;

      const notes = parsedIncident(await readFile(file, 'utf8')).notes.map((n) => n.text);
      const own = notes.filter((t) => t.startsWith(`r${round} `));
      // Reported writes are all there, plus at most the one it was killed after finishing.
      assert.ok(own.length === writer.wrote || own.length === writer.wrote + 1, `${own.length} notes, ${writer.wrote} reported`);
      assert.deepEqual(own, Array.from({ length: own.length }, (_, n) => `r${round} note ${n}`));
      assert.equal(notes.length, total + own.length);
      total = notes.length;
      assert.deepEqual((await readdir(dir)).filter((name) => /\.ya?ml$/i.test(name)), ['INC-1.yaml']);
    }
    // The last one may have died holding the lock: a new writer takes it over, and sweeps its temporary file.
    const text = await new IncidentWriter({ staleMs: 2_000 }).update(file, (t) => appendNote(t, note('after the kills')));
    assert.equal(parsedIncident(text).notes.length, total + 1);
    assert.deepEqual(await readdir(dir), ['INC-1.yaml']);
  });

  it('takes over the lock of a writer killed while holding it, within the stale time', async function () {
    this.timeout(30_000);
    const dead = runWriter('dead', 1, 'hold');
    await dead.saw('holding');
    assert.ok(existsSync(`${file}.lock`), 'the dying writer holds the lock');
    dead.child.kill('SIGKILL');
    await dead.exited;

    const started = Date.now();
    const text = await new IncidentWriter({ staleMs: 2_000 }).update(file, (t) => appendNote(t, note('after')));
    assert.ok(Date.now() - started < 5_000, `waited ${Date.now() - started} ms`);
    assert.deepEqual(parsedIncident(text).notes.map((n) => n.text), ['after']);
    assert.equal(await readFile(file, 'utf8'), text);
    assert.equal(existsSync(`${file}.lock`), false);
  });

  it('gives up with a clear error while a live writer keeps the lock, changing nothing', async function () {
    this.timeout(15_000);
    const release = await lock(file, { realpath: false, stale: 2_000 });
    try {
      const writer = new IncidentWriter({ staleMs: 2_000, waitMs: 3_000 });
      await assert.rejects(writer.update(file, (t) => appendNote(t, note('blocked'))), /INC-1\.yaml is being written by another window or process; gave up after 3 s\. Nothing was changed/);
    } finally {
      await release();
    }
    assert.equal(await readFile(file, 'utf8'), BASE);
  });

  it('serialises concurrent updates within one process', async () => {
    const writer = new IncidentWriter();
    await Promise.all(Array.from({ length: 40 }, (_, n) => writer.update(file, (t) => appendNote(t, note(`n${n}`)))));
    assert.deepEqual(parsedIncident(await readFile(file, 'utf8')).notes.map((n) => n.text).sort(), Array.from({ length: 40 }, (_, n) => `n${n}`).sort());
  });

  it('passes on an error from the edit, leaving the file and the lock free', async () => {
    const writer = new IncidentWriter();
    await assert.rejects(writer.update(file, () => appendNote('- not an incident\n', note('x'))), /not an incident/);
    assert.equal(await readFile(file, 'utf8'), BASE);
    assert.equal(existsSync(`${file}.lock`), false);
    await assert.rejects(writer.update(join(dir, 'INC-404.yaml'), (t) => t), /INC-404\.yaml no longer exists \(renamed or deleted\?\); nothing was changed/);
    await assert.rejects(writer.update(join(dir, 'gone', 'INC-2.yaml'), (t) => t), /its folder .*gone does not exist/);
  });

  it('creates a new file, its folder too, and refuses to overwrite one', async () => {
    const writer = new IncidentWriter();
    const created = join(dir, 'nested', 'INC-2.yaml');
    await writer.create(created, BASE);
    assert.equal(await readFile(created, 'utf8'), BASE);
    await assert.rejects(writer.create(file, 'id: overwritten\n'), (error: NodeJS.ErrnoException) => {
      assert.equal(error.message, 'INC-1.yaml already exists; it was not overwritten.');
      assert.equal(error.code, 'EEXIST');
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), BASE);
    assert.deepEqual((await readdir(dir)).sort(), ['INC-1.yaml', 'nested']);
  });
});

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'atomic-write-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("replaces the text and keeps the file's permissions", async () => {
    const file = join(dir, 'a.yaml');
    await writeFile(file, 'old\n');
    await chmod(file, 0o640);
    await writeFileAtomic(file, 'new\n');
    assert.equal(await readFile(file, 'utf8'), 'new\n');
    if (process.platform !== 'win32') assert.equal((await stat(file)).mode & 0o777, 0o640);
    assert.deepEqual(await readdir(dir), ['a.yaml']);
  });

  it('removes its temporary file when the write fails', async () => {
    const target = join(dir, 'a-directory');
    await mkdir(join(target, 'child'), { recursive: true });
    await assert.rejects(writeFileAtomic(target, 'text'));
    assert.deepEqual(await readdir(dir), ['a-directory']);
  });
});
