// `npm run bench`, hostile part: how long the extension host's event loop is blocked while a
// repository a stranger wrote loads (the hostile corpus of the tests, its slow-to-parse files at
// the reader's limit of 1 MiB), and what a note into an incident file of 10,000 links costs, against one
// parse of that file on the same machine in the same run.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PARSE_BUDGET_MS, inlineParser, WorkerParser } from '../src/adapters/incidentParser';
import { ConfigStore } from '../src/adapters/configStore';
import { IncidentStore } from '../src/adapters/incidentStore';
import { IncidentWriter } from '../src/adapters/incidentWriter';
import { writeNote } from '../src/adapters/noteWriter';
import { appendNote } from '../src/core/incidentEdits';
import type { Note } from '../src/core/model';
import { parseIncidentFile } from '../src/core/parseIncident';
import { generateCorpus } from '../test/unit/hostile/corpus';
import { collectGarbage, measure, median, withBlockMonitor } from './measure';

/** The parse worker as `npm run build:tests` builds it, beside out/bench/. */
const WORKER = join(__dirname, '..', 'parseWorker.js');
const LINKS = 10_000;

export interface HostileResult {
  /**
   * Longest event-loop blocks, medians of `reps` runs. maxBlockMs is wall time, which a busy machine
   * stretches (a thread waiting for a core is blocked too), so each is next to a floor from the same
   * run: benignMaxBlockMs, the same load of as many small valid files; slicesMaxBlockMs, plain 20 ms
   * slices of work. configMaxBlockMs: loading the corpus's config.yaml (100 patterns of 900 characters) alone.
   * `cpu`: the same blocks in this thread's CPU time (the most it spent between two turns), its own
   * work without the time it waited for a core.
   */
  corpus: {
    files: number; reps: number; loadMs: number; maxBlockMs: number; benignMaxBlockMs: number; slicesMaxBlockMs: number; ratio: number; configMaxBlockMs: number; stopped: number; budgetMs: number;
    cpu: { maxBlockMs: number; benignMaxBlockMs: number; slicesMaxBlockMs: number; configMaxBlockMs: number };
  };
  memory: CorpusMemory;
  note: { links: number; fileKB: number; noteMs: number; path: string; maxBlockMs: number; smallFileMaxBlockMs: number; blockRatio: number; oneParseMs: number; ratio: number; before: { noteMs: number; maxBlockMs: number; ratio: number } };
}

const REPS = Number(process.env.BENCH_HOSTILE_REPS ?? 3);

export async function benchHostile(): Promise<HostileResult> {
  const base = mkdtempSync(join(tmpdir(), 'incident-lens-bench-hostile-'));
  try {
    const corpus = await corpusLoad(base);
    return { corpus: corpus.result, memory: await corpusMemory(corpus.roots), note: await noteIntoManyLinks(base) };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** The hostile config.yaml the tests' corpus has that costs most to check: 100 patterns of 900 characters. */
const HOSTILE_CONFIG = `references:\n${Array.from({ length: 100 }, (_, i) => `  - '${Array.from({ length: 150 }, (_, j) => `A${i}x${j}`).join('|').slice(0, 890)}-\\d+'\n`).join('')}`;

/**
 * The hostile corpus and the slow-to-parse files, loaded as the extension loads them (config.yaml,
 * then the incident files, all through the worker parser), against a benign corpus of as many small
 * files loaded the same way in the same run; REPS times each, alternating.
 */
async function corpusLoad(base: string): Promise<{ result: HostileResult['corpus']; roots: { hostile: string; benign: string } }> {
  const corpus = generateCorpus(join(base, 'corpus'), 1024 * 1024);
  writeFileSync(join(corpus.root, '.incidents', 'config.yaml'), HOSTILE_CONFIG);
  const benign = join(base, 'benign');
  mkdirSync(join(benign, '.incidents'), { recursive: true });
  writeFileSync(join(benign, '.incidents', 'config.yaml'), "references: ['OPS-\\d+']\n");
  for (let i = 0; i < corpus.cases.length; i++) {
    writeFileSync(join(benign, '.incidents', `INC-${i}.yaml`), `id: INC-${i}\ntitle: Case ${i}\nseverity: SEV2\nstatus: resolved\nstarted_at: 2026-01-01T00:00:00Z\nlinks:\n  - { path: src/m${i % 7}.ts, lines: 1-2, role: related }\n`);
  }
  const budgetMs = DEFAULT_PARSE_BUDGET_MS;
  let stopped = 0;
  const runs: { hostile: number; benign: number; config: number; slices: number; ms: number; cpu: { hostile: number; benign: number; config: number; slices: number } }[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const parser = new WorkerParser({ script: WORKER, budgetMs, onStopped: () => stopped++ });
    try {
      const load = (root: string, id: string) => withBlockMonitor(() => measure(async () => {
        const configs = new ConfigStore(parser);
        await configs.load({ id, root });
        await new IncidentStore({ parser, parseOptions: (folder) => ({ severities: configs.configOf(folder).severities.map((s) => s.label) }) }).loadFolder({ id, root });
      }), { cpu: true });
      const slices = await withBlockMonitor(() => slicesOfWork(2000, 20), { cpu: true });
      const benignRun = await load(benign, `file:///benign-${rep}`);
      const config = await withBlockMonitor(() => new ConfigStore(parser).load({ id: `file:///config-${rep}`, root: corpus.root }), { cpu: true });
      const run = await load(corpus.root, `file:///hostile-${rep}`);
      const cpu = { hostile: run.maxBlockCpuMs ?? NaN, benign: benignRun.maxBlockCpuMs ?? NaN, config: config.maxBlockCpuMs ?? NaN, slices: slices.maxBlockCpuMs ?? NaN };
      runs.push({ hostile: run.maxBlockMs, benign: benignRun.maxBlockMs, config: config.maxBlockMs, slices: slices.maxBlockMs, ms: run.result.ms, cpu });
    } finally {
      parser.dispose();
    }
  }
  const maxBlockMs = median(runs.map((r) => r.hostile));
  const benignMaxBlockMs = median(runs.map((r) => r.benign));
  const result = {
    files: corpus.cases.length, reps: REPS, loadMs: median(runs.map((r) => r.ms)), maxBlockMs, benignMaxBlockMs, slicesMaxBlockMs: median(runs.map((r) => r.slices)),
    ratio: maxBlockMs / benignMaxBlockMs, configMaxBlockMs: median(runs.map((r) => r.config)), stopped: stopped / REPS, budgetMs,
    cpu: { maxBlockMs: median(runs.map((r) => r.cpu.hostile)), benignMaxBlockMs: median(runs.map((r) => r.cpu.benign)), slicesMaxBlockMs: median(runs.map((r) => r.cpu.slices)), configMaxBlockMs: median(runs.map((r) => r.cpu.config)) },
  };
  return { result, roots: { hostile: corpus.root, benign } };
}

export interface CorpusMemory {
  /** Heap growth (MB, after a full collection) per MB of what the loaded store shows (its incidents and problems as JSON). */
  hostile: { heapMB: number; shownMB: number; ratio: number; incidents: number };
  /** The floor: the same for as many small valid files, loaded the same way. */
  benign: { heapMB: number; shownMB: number; ratio: number; incidents: number };
  /** hostile.ratio / benign.ratio: near 1 when the hostile corpus costs memory only for what it shows. */
  ratio: number;
  /**
   * A folder of files that are all refused (over 1 MiB, not UTF-8, a note of 1 MiB in an invalid incident), `diskMB` of
   * them: what the loaded store still holds (heap and buffers, MB), against the files' size.
   */
  refused: { files: number; diskMB: number; heapMB: number; buffersMB: number; fractionOfDisk: number };
}

/**
 * The memory the extension host keeps for a loaded folder, after a full collection (node --expose-gc),
 * against the size of what it shows: the hostile corpus vs as many benign files, and a folder of
 * refused files, whose bytes must not stay (each read, posted to the worker and dropped).
 */
async function corpusMemory(roots: { hostile: string; benign: string }): Promise<CorpusMemory> {
  const refused = join(roots.hostile, '..', '..', 'refused');
  mkdirSync(join(refused, '.incidents'), { recursive: true });
  const files = 8;
  const big = 'x'.repeat(1024 * 1024);
  for (let i = 0; i < files; i++) {
    writeFileSync(join(refused, '.incidents', `BIG-${i}.yaml`), `id: BIG-${i}\nsummary: "${big}"\n`);
    writeFileSync(join(refused, '.incidents', `LATIN-${i}.yaml`), Buffer.from(`id: LATIN-${i}\nsummary: "${'\u00e9'.repeat(1024 * 1024 - 100)}"\n`, 'latin1'));
    // A note of almost 1 MiB in a file the schema refuses (no title, severity or status): parsed, not shown.
    writeFileSync(join(refused, '.incidents', `NOTE-${i}.yaml`), `id: NOTE-${i}\nnotes:\n  - text: "${big.slice(200)}"\n`);
  }
  const parser = new WorkerParser({ script: WORKER });
  try {
    const load = async (root: string) => {
      const store = new IncidentStore({ parser });
      await store.loadFolder({ id: `file:///memory-${root}`, root });
      return store;
    };
    // Warm: code compiled and the worker started before the first figure.
    await load(roots.benign);
    const held = async (root: string) => {
      collectGarbage();
      const baseline = process.memoryUsage();
      const store = await load(root);
      collectGarbage();
      const after = process.memoryUsage();
      const shown = Buffer.byteLength(JSON.stringify({ incidents: store.index.entries(), problems: [...store.problems()] }));
      const heapMB = (after.heapUsed - baseline.heapUsed) / MB;
      const buffersMB = (after.arrayBuffers - baseline.arrayBuffers) / MB;
      return { heapMB, buffersMB, shownMB: shown / MB, ratio: (after.heapUsed - baseline.heapUsed) / shown, incidents: store.index.incidents().length, store };
    };
    const hostile = await held(roots.hostile);
    const benign = await held(roots.benign);
    const gone = await held(refused);
    const diskMB = files * 3;
    return {
      hostile: { heapMB: hostile.heapMB, shownMB: hostile.shownMB, ratio: hostile.ratio, incidents: hostile.incidents },
      benign: { heapMB: benign.heapMB, shownMB: benign.shownMB, ratio: benign.ratio, incidents: benign.incidents },
      ratio: hostile.ratio / benign.ratio,
      refused: { files: files * 3, diskMB, heapMB: gone.heapMB, buffersMB: gone.buffersMB, fractionOfDisk: (gone.heapMB + Math.max(0, gone.buffersMB)) / diskMB },
    };
  } finally {
    parser.dispose();
  }
}

const MB = 1024 * 1024;

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

/**
 * A note into a file of LINKS block links: now (writeNote, worker parser) and as before (appendNote,
 * then a refresh on this thread); the floor of its block is the same note into a small file.
 */
async function noteIntoManyLinks(base: string): Promise<HostileResult['note']> {
  const root = join(base, 'notes');
  mkdirSync(join(root, '.incidents'), { recursive: true });
  const file = join(root, '.incidents', 'INC-6.yaml');
  const links = Array.from({ length: LINKS }, (_, i) => `  - path: src/f${i % 50}.ts\n    lines: ${i + 1}-${i + 3}\n    fingerprint: 9c41e07d\n    role: related\n`).join('');
  const text = `id: INC-6\ntitle: Many links\nseverity: SEV2\nstatus: investigating\nlinks:\n${links}notes:\n  - at: 2026-03-02T14:05:00Z\n    kind: observation\n    text: first\n`;
  const folder = { id: 'file:///notes', root };
  const small = join(root, '.incidents', 'INC-7.yaml');
  const smallText = 'id: INC-7\ntitle: Few links\nseverity: SEV2\nstatus: investigating\nnotes:\n  - at: 2026-03-02T14:05:00Z\n    kind: observation\n    text: first\n';
  const note = (i: number): Note => ({ at: `2026-03-02T15:${String(i).padStart(2, '0')}:00Z`, author: 'alice', kind: 'observation', text: `note ${i}` });
  const parses: number[] = [];
  const now: { ms: number; block: number; path: string }[] = [];
  const before: { ms: number; block: number }[] = [];
  const floor: number[] = [];
  const parser = new WorkerParser({ script: WORKER });
  // As the extension has it: edits run in the worker too.
  const writer = new IncidentWriter({ editor: parser });
  try {
    // Warm: the lock library loads on the first write.
    writeFileSync(small, smallText);
    await writer.update(small, (current) => `${current}# warm\n`);
    for (let rep = 0; rep < REPS; rep++) {
      writeFileSync(small, smallText);
      const smallStore = new IncidentStore({ parser });
      await smallStore.loadFolder(folder);
      floor.push((await withBlockMonitor(() => writeNote(smallStore, writer, small, folder, note(rep)))).maxBlockMs);
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
        await new IncidentWriter().update(file, (current) => appendNote(current, note(rep)));
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
    maxBlockMs: median(now.map((r) => r.block)), smallFileMaxBlockMs: median(floor), blockRatio: median(now.map((r) => r.block)) / median(floor), oneParseMs, ratio: noteMs / oneParseMs,
    before: { noteMs: oldMs, maxBlockMs: median(before.map((r) => r.block)), ratio: oldMs / oneParseMs },
  };
}
