// Measures one workspace size: cold index against its floor (read + yaml.parse),
// warm start against its floor (read + JSON.parse of the same data), one-file
// re-index against a full build, and the heap the index holds.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { IncidentStore, type IncidentFolder } from '../src/adapters/incidentStore';
import type { IncidentIndex } from '../src/core/incidentIndex';
import { parseIncidentFile } from '../src/core/parseIncident';
import { generateWorkspace, incidentYaml } from './generateWorkspace';
import { collectGarbage, heapUsedMB, measure, medianTiming, withBlockMonitor, type Timing } from './measure';

export interface Comparison {
  /** Medians of wall time; ratio = ms / floorMs. */
  ms: number;
  floorMs: number;
  ratio: number;
  /** The same in CPU time: on a shared machine, what the code costs rather than what others left it. */
  cpuMs: number;
  floorCpuMs: number;
  cpuRatio: number;
  repetitions: number;
  /** Longest the event loop was blocked during a load (wall time). */
  maxBlockMs: number;
}

export interface SizeResult {
  incidents: number;
  megabytes: number;
  cold: Comparison;
  warm: Comparison & { floorLinesMs: number; floorOneDocumentMs: number; filesParsed: number; cacheMegabytes: number; saveMs: number };
  reindexOneFile: Timing & { fractionOfColdBuild: number; cpuFractionOfColdBuild: number };
  heap: { usedMB: number; indexMB: number };
  /** Kept for the lens query, which compares sizes in one loop at the end. */
  index: IncidentIndex;
  folderId: string;
}

export async function benchSize(count: number, root: string): Promise<SizeResult> {
  const workspace = await generateWorkspace(root, count);
  const folder: IncidentFolder = { id: `file://${root}`, root };
  const cachePath = join(root, 'storage', 'index-cache.jsonl');

  const cold = await coldVsFloor(folder, count >= 10_000 ? 3 : count >= 1000 ? 5 : 9);
  const saveMs = await writeCache(folder, cachePath);
  const baselineMB = heapUsedMB();
  const { floors, warm } = await warmVsFloors(folder, cachePath, 7);
  const usedMB = heapUsedMB();

  // One file changes (its title, so its size too) and the watcher refreshes it.
  const reindexTimes: Timing[] = [];
  for (let edit = 1; edit <= 7; edit++) {
    const n = (edit * 7919) % count;
    const file = workspace.files[n] as string;
    await writeFile(file, incidentYaml(n, edit));
    collectGarbage();
    reindexTimes.push(await measure(() => warm.store.refreshFile(file, folder)));
  }
  const reindex = medianTiming(reindexTimes);
  return {
    incidents: count,
    megabytes: workspace.bytes / 1e6,
    cold,
    warm: {
      ...compare(warm.times, warm.maxBlockMs, floors), floorLinesMs: floors.linesMs, floorOneDocumentMs: floors.oneDocumentMs,
      filesParsed: warm.filesParsed, cacheMegabytes: statSync(cachePath).size / 1e6, saveMs,
    },
    reindexOneFile: { ...reindex, fractionOfColdBuild: reindex.ms / cold.ms, cpuFractionOfColdBuild: reindex.cpuMs / cold.cpuMs },
    heap: { usedMB, indexMB: usedMB - baselineMB },
    index: warm.store.index,
    folderId: folder.id,
  };
}

function compare(times: readonly Timing[], maxBlockMs: number, floor: Timing): Comparison {
  const { ms, cpuMs } = medianTiming(times);
  return { ms, floorMs: floor.ms, ratio: ms / floor.ms, cpuMs, floorCpuMs: floor.cpuMs, cpuRatio: cpuMs / floor.cpuMs, repetitions: times.length, maxBlockMs };
}

/** Floor and cold load alternate, so drift in the machine's speed hits both alike. */
async function coldVsFloor(folder: IncidentFolder, repetitions: number): Promise<Comparison> {
  const floorTimes: Timing[] = [];
  const coldTimes: Timing[] = [];
  let maxBlockMs = 0;
  for (let rep = 0; rep < repetitions; rep++) {
    collectGarbage();
    floorTimes.push(await measure(() => readAndParseYaml(join(folder.root, '.incidents'))));
    collectGarbage();
    // A first start: the cache path is set but nothing is there yet.
    const store = new IncidentStore({ cachePath: join(folder.root, 'storage', 'missing.jsonl'), cacheSaveDelayMs: 0 });
    const run = await withBlockMonitor(() => measure(() => store.loadFolder(folder)));
    coldTimes.push(run.result);
    maxBlockMs = Math.max(maxBlockMs, run.maxBlockMs);
  }
  return compare(coldTimes, maxBlockMs, medianTiming(floorTimes));
}

/** The cold floor: list, read and yaml.parse every incident file, nothing else. */
function readAndParseYaml(dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.yaml')) parse(readFileSync(join(dir, name), 'utf8'));
  }
}

/** A cold load that then saves the cache, as the first start does; returns how long the save took. */
async function writeCache(folder: IncidentFolder, cachePath: string): Promise<number> {
  const store = new IncidentStore({ cachePath, cacheSaveDelayMs: 0 });
  await store.loadFolder(folder);
  return (await measure(() => store.saveCache())).ms;
}

/**
 * The warm floor, two ways: read the cache and JSON.parse each line (its own format),
 * and read the same entries written as one JSON document and JSON.parse that. Both
 * keep what they parsed until the end, as one document's parse does and an index must.
 * Floors and warm starts take turns, so drift in the machine's load hits both alike.
 */
async function warmVsFloors(folder: IncidentFolder, cachePath: string, repetitions: number) {
  const documentPath = `${cachePath}.document.json`;
  const lines = readFileSync(cachePath, 'utf8').split('\n').filter((line) => line !== '');
  writeFileSync(documentPath, `[${lines.join(',\n')}]`);
  const linesTimes: Timing[] = [];
  const documentTimes: Timing[] = [];
  const warm = new WarmLoads(folder, cachePath);
  for (let rep = 0; rep < repetitions; rep++) {
    collectGarbage();
    linesTimes.push(await measure(() => readFileSync(cachePath, 'utf8').split('\n').map((line) => (line ? (JSON.parse(line) as unknown) : undefined))));
    collectGarbage();
    documentTimes.push(await measure(() => JSON.parse(readFileSync(documentPath, 'utf8')) as unknown));
    await warm.once();
  }
  const byLines = medianTiming(linesTimes);
  const byDocument = medianTiming(documentTimes);
  // The floor is the faster of the two.
  const floors = { ms: Math.min(byLines.ms, byDocument.ms), cpuMs: Math.min(byLines.cpuMs, byDocument.cpuMs), linesMs: byLines.ms, oneDocumentMs: byDocument.ms };
  return { floors, warm: { times: warm.times, maxBlockMs: warm.maxBlockMs, filesParsed: warm.parses / repetitions, store: warm.store } };
}

/** Warm starts from the cache, one at a time; the last store is kept for the re-index and lens measurements. */
class WarmLoads {
  readonly times: Timing[] = [];
  maxBlockMs = 0;
  parses = 0;
  store = new IncidentStore();

  constructor(private readonly folder: IncidentFolder, private readonly cachePath: string) {}

  async once(): Promise<void> {
    collectGarbage();
    const countingParse = (text: string) => {
      this.parses++;
      return parseIncidentFile(text);
    };
    const warm = new IncidentStore({ cachePath: this.cachePath, cacheSaveDelayMs: 0, parse: countingParse });
    const run = await withBlockMonitor(() => measure(() => warm.loadFolder(this.folder)));
    this.times.push(run.result);
    this.maxBlockMs = Math.max(this.maxBlockMs, run.maxBlockMs);
    this.store = warm;
  }
}
