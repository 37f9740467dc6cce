// `npm run bench`, hostile part: how long the extension host's event loop is blocked while a
// repository a stranger wrote loads (the hostile corpus of the tests, its slow-to-parse files at
// the reader's limit of 1 MiB), and what a note into an incident file of 10,000 links costs, against one
// parse of that file on the same machine in the same run.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PARSE_BUDGET_MS, inlineParser, WorkerParser } from '../src/adapters/incidentParser';
import { IncidentStore } from '../src/adapters/incidentStore';
import { IncidentWriter } from '../src/adapters/incidentWriter';
import { writeNote } from '../src/adapters/noteWriter';
import { appendNote } from '../src/core/incidentEdits';
import type { Note } from '../src/core/model';
import { parseIncidentFile } from '../src/core/parseIncident';
import { generateCorpus } from '../test/unit/hostile/corpus';
import { measure, median, withBlockMonitor } from './measure';

/** The parse worker as `npm run build:tests` builds it, beside out/bench/. */
const WORKER = join(__dirname, '..', 'parseWorker.js');
const LINKS = 10_000;

export interface HostileResult {
  /**
   * maxBlockMs is wall time, which a busy machine stretches (a thread waiting for a core is blocked
   * too): slicesMaxBlockMs, the floor, is the longest block of plain 20 ms slices of work in the same run.
   */
  corpus: { files: number; loadMs: number; maxBlockMs: number; slicesMaxBlockMs: number; ratio: number; stopped: number; budgetMs: number };
  note: { links: number; fileKB: number; noteMs: number; path: string; maxBlockMs: number; oneParseMs: number; ratio: number; before: { noteMs: number; maxBlockMs: number; ratio: number } };
}

export async function benchHostile(): Promise<HostileResult> {
  const base = mkdtempSync(join(tmpdir(), 'incident-lens-bench-hostile-'));
  try {
    return { corpus: await corpusLoad(base), note: await noteIntoManyLinks(base) };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** The hostile corpus and the slow-to-parse files, loaded as the extension loads them (worker parser). */
async function corpusLoad(base: string): Promise<HostileResult['corpus']> {
  const corpus = generateCorpus(join(base, 'corpus'), 1024 * 1024);
  const budgetMs = DEFAULT_PARSE_BUDGET_MS;
  let stopped = 0;
  const parser = new WorkerParser({ script: WORKER, budgetMs, onStopped: () => stopped++ });
  const floor = await withBlockMonitor(() => slicesOfWork(2000, 20));
  try {
    const store = new IncidentStore({ parser });
    const run = await withBlockMonitor(() => measure(() => store.loadFolder({ id: 'file:///hostile', root: corpus.root })));
    return { files: corpus.cases.length, loadMs: run.result.ms, maxBlockMs: run.maxBlockMs, slicesMaxBlockMs: floor.maxBlockMs, ratio: run.maxBlockMs / floor.maxBlockMs, stopped, budgetMs };
  } finally {
    parser.dispose();
  }
}

/** Busy work in slices of `sliceMs` that yield in between, for `totalMs`: the floor of any sliced load. */
async function slicesOfWork(totalMs: number, sliceMs: number): Promise<void> {
  const end = performance.now() + totalMs;
  let sink = 0;
  while (performance.now() < end) {
    const sliceEnd = performance.now() + sliceMs;
    while (performance.now() < sliceEnd) sink += Math.sqrt(sink + 1);
    await new Promise((done) => setImmediate(done));
  }
  if (sink < 0) console.error(sink);
}

/** A note into a file of LINKS block links: now (writeNote, worker parser) and as before (appendNote, then a refresh on this thread). */
async function noteIntoManyLinks(base: string): Promise<HostileResult['note']> {
  const root = join(base, 'notes');
  mkdirSync(join(root, '.incidents'), { recursive: true });
  const file = join(root, '.incidents', 'INC-6.yaml');
  const links = Array.from({ length: LINKS }, (_, i) => `  - path: src/f${i % 50}.ts\n    lines: ${i + 1}-${i + 3}\n    fingerprint: 9c41e07d\n    role: related\n`).join('');
  const text = `id: INC-6\ntitle: Many links\nseverity: SEV2\nstatus: investigating\nlinks:\n${links}notes:\n  - at: 2026-03-02T14:05:00Z\n    kind: observation\n    text: first\n`;
  const folder = { id: 'file:///notes', root };
  const writer = new IncidentWriter();
  const note = (i: number): Note => ({ at: `2026-03-02T15:${String(i).padStart(2, '0')}:00Z`, author: 'alice', kind: 'observation', text: `note ${i}` });
  const parses: number[] = [];
  const now: { ms: number; block: number; path: string }[] = [];
  const before: { ms: number; block: number }[] = [];
  const parser = new WorkerParser({ script: WORKER });
  try {
    for (let rep = 0; rep < 3; rep++) {
      writeFileSync(file, text);
      parses.push((await measure(() => parseIncidentFile(readFileSync(file, 'utf8')))).ms);
      const store = new IncidentStore({ parser });
      await store.loadFolder(folder);
      let path = '';
      const run = await withBlockMonitor(() => measure(async () => (path = await writeNote(store, writer, file, folder, note(rep)))));
      now.push({ ms: run.result.ms, block: run.maxBlockMs, path });
      // As it was: the whole-document edit and a re-read, both on this thread.
      writeFileSync(file, text);
      const old = new IncidentStore({ parser: inlineParser });
      await old.loadFolder(folder);
      const oldRun = await withBlockMonitor(() => measure(async () => {
        await writer.update(file, (current) => appendNote(current, note(rep)));
        await old.refreshFile(file, folder);
      }));
      before.push({ ms: oldRun.result.ms, block: oldRun.maxBlockMs });
    }
  } finally {
    parser.dispose();
  }
  const oneParseMs = median(parses);
  const noteMs = median(now.map((r) => r.ms));
  const oldMs = median(before.map((r) => r.ms));
  return {
    links: LINKS, fileKB: Math.round(Buffer.byteLength(text) / 1024), noteMs, path: now.map((r) => r.path).join(','),
    maxBlockMs: Math.max(...now.map((r) => r.block)), oneParseMs, ratio: noteMs / oneParseMs,
    before: { noteMs: oldMs, maxBlockMs: Math.max(...before.map((r) => r.block)), ratio: oldMs / oneParseMs },
  };
}
