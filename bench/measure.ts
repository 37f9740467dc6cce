// Timing and memory helpers for the benchmark: wall time from hrtime, medians
// over repetitions, and heap figures taken after a full collection.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuStopwatch } from './threadCpu';

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Timing {
  /** Wall time, what a user waits. */
  ms: number;
  /** CPU time of this process (every thread), which other processes on a shared machine disturb far less. */
  cpuMs: number;
}

export async function measure(run: () => unknown): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = nowMs();
  await run();
  const ms = nowMs() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/** The median wall and CPU times of several runs. */
export function medianTiming(timings: readonly Timing[]): Timing {
  return { ms: median(timings.map((t) => t.ms)), cpuMs: median(timings.map((t) => t.cpuMs)) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A full collection, so heap figures and the next phase do not pay for the last one's garbage. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function gcAvailable(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

export function heapUsedMB(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/**
 * Runs `work` and reports the longest time the event loop was blocked meanwhile (the "no slice over
 * ~50 ms" rule). A block is recorded by the monitor's next tick, so the histogram is read only after
 * one more tick: else a block at the very end of `work` (config.yaml's patterns compiled last) goes unseen.
 */
export async function withBlockMonitor<T>(work: () => Promise<T>, options: { cpu?: boolean } = {}): Promise<{ result: T; maxBlockMs: number; maxBlockCpuMs?: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const cpu = options.cpu ? threadCpuBetweenTurns() : undefined;
  histogram.enable();
  try {
    const result = await work();
    await new Promise((done) => setTimeout(done, 20));
    return { result, maxBlockMs: histogram.max / 1e6, ...(cpu ? { maxBlockCpuMs: cpu.stop() } : {}) };
  } finally {
    histogram.disable();
    cpu?.stop();
  }
}

/**
 * The most CPU time this thread spent between two turns of its event loop (a timer every
 * millisecond), until stop(): the part of a block that is this thread's own work. On a machine
 * with more runnable threads than cores a block's wall time also holds the time the thread
 * waited for a core, which no code of the extension can shorten.
 */
function threadCpuBetweenTurns(): { stop(): number } {
  const elapsed = cpuStopwatch();
  let last = elapsed();
  let max = 0;
  let timer: NodeJS.Timeout | undefined = setTimeout(function tick() {
    const now = elapsed();
    max = Math.max(max, now - last);
    last = now;
    if (timer) timer = setTimeout(tick, 1);
  }, 1);
  return {
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
      return max;
    },
  };
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
