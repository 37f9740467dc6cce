// The open file first: how long after a load starts the open file's lens count is final
// (IncidentStore settles its path; then one lens query), on a cold start (no index cache)
// and on a window reload (the cache written by the previous session), against the same
// load without the open file asked for first (its count is final only when every file is).
//
// This is the extension-host-independent part of "file open to final lens": in a real VS
// Code the workbench's own time to show any lens comes on top. `npm run bench:lenses`
// (lensFloor.ts) measures the whole of it there, against a constant-lens extension.
import { join } from 'node:path';
import { IncidentStore, type IncidentFolder } from '../src/adapters/incidentStore';
import { summarizeLinks } from '../src/core/lensSummary';
import { generateWorkspace, PROBE_LINKS, PROBE_PATH } from './generateWorkspace';
import { collectGarbage, median, nowMs, type Timing } from './measure';

const NOW = new Date(Date.UTC(2026, 2, 1));

export interface OpenFilePhase {
  /** Load start to the open file's final lens (median ms). */
  finalLensMs: number;
  /** The CPU time of that (median ms): on a busy shared machine, close to what a quiet one waits. */
  finalLensCpuMs: number;
  /** The same load with no file asked for first: final only when the whole index is. */
  withoutPriorityMs: number;
  /** finalLensMs / withoutPriorityMs: the share of the whole load the open file waits for. */
  shareOfWholeLoad: number;
}

export interface OpenFileResult {
  incidents: number;
  path: string;
  links: number;
  cold: OpenFilePhase;
  reload: OpenFilePhase;
}

export async function benchOpenFileFirst(count: number, root: string): Promise<OpenFileResult> {
  await generateWorkspace(root, count);
  const folder: IncidentFolder = { id: `file://${root}`, root };
  const cachePath = join(root, 'storage', 'index-cache.jsonl');
  const phase = async (cache: string): Promise<OpenFilePhase> => {
    const first: Timing[] = [];
    const whole: Timing[] = [];
    for (let rep = 0; rep < Number(process.env.BENCH_OPEN_FILE_REPS ?? 3); rep++) {
      collectGarbage();
      first.push(await timeToFinalLens(folder, cache, true));
      collectGarbage();
      whole.push(await timeToFinalLens(folder, cache, false));
    }
    const finalLensMs = median(first.map((t) => t.ms));
    const withoutPriorityMs = median(whole.map((t) => t.ms));
    return { finalLensMs, finalLensCpuMs: median(first.map((t) => t.cpuMs)), withoutPriorityMs, shareOfWholeLoad: finalLensMs / withoutPriorityMs };
  };
  const cold = await phase(join(root, 'storage', 'missing.jsonl'));
  // The previous session's cache, as a window reload finds it.
  const writer = new IncidentStore({ cachePath, cacheSaveDelayMs: 0 });
  await writer.loadFolder(folder);
  await writer.saveCache();
  const reload = await phase(cachePath);
  return { incidents: count, path: PROBE_PATH, links: PROBE_LINKS, cold, reload };
}

/** Wall and CPU milliseconds from the load's start until PROBE_PATH is settled and its lens summarised. */
async function timeToFinalLens(folder: IncidentFolder, cachePath: string, first: boolean): Promise<Timing> {
  const store = new IncidentStore({ cachePath, cacheSaveDelayMs: 0, ...(first ? { firstPaths: () => [PROBE_PATH] } : {}) });
  const start = nowMs();
  const cpu = process.cpuUsage();
  let final: Timing | undefined;
  const lens = () => {
    if (final === undefined && store.isSettled(folder.id, PROBE_PATH)) {
      if (summarizeLinks(store.index.linksForFile(folder.id, PROBE_PATH), NOW).length === 0) throw new Error(`${PROBE_PATH} has no lens`);
      const used = process.cpuUsage(cpu);
      final = { ms: nowMs() - start, cpuMs: (used.user + used.system) / 1000 };
    }
  };
  store.onDidSettle(lens);
  await store.loadFolder(folder);
  lens();
  return final ?? { ms: Number.NaN, cpuMs: Number.NaN };
}
