// The CPU time of the calling thread alone, for benchmarks that time one piece of work on
// the main thread. process.cpuUsage() counts the whole process: V8's background threads
// (concurrent compilation, concurrent and parallel garbage collection) land on whatever is
// being timed, so a link resolved in 0.2 ms of wall time could be charged 14 ms while V8
// optimised the TypeScript compiler the benchmark builds its truth with. Node 20 has no
// per-thread clock (process.threadCpuUsage came in Node 23.9), but WASI's clock_time_get
// with the thread CPU clock (id 3) is POSIX clock_gettime(CLOCK_THREAD_CPUTIME_ID): a
// 150-byte WebAssembly module calls it.
import { createRequire } from 'node:module';

/** A module exporting `now()`: clock_time_get(thread CPU clock, precision 1 ns) as an i64 of nanoseconds. */
const MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  // types: (i32, i64, i32) -> i32 and () -> i64
  0x01, 0x0c, 0x02, 0x60, 0x03, 0x7f, 0x7e, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7e,
  // import wasi_snapshot_preview1.clock_time_get as function 0
  0x02, 0x29, 0x01, 0x16, ...Buffer.from('wasi_snapshot_preview1'), 0x0e, ...Buffer.from('clock_time_get'), 0x00, 0x00,
  // function 1 of type 1; one page of memory; exports memory and now
  0x03, 0x02, 0x01, 0x01,
  0x05, 0x03, 0x01, 0x00, 0x01,
  0x07, 0x10, 0x02, 0x06, ...Buffer.from('memory'), 0x02, 0x00, 0x03, ...Buffer.from('now'), 0x00, 0x01,
  // now: drop(clock_time_get(3, 1, 0)); return i64.load(0)
  0x0a, 0x12, 0x01, 0x10, 0x00, 0x41, 0x03, 0x42, 0x01, 0x41, 0x00, 0x10, 0x00, 0x1a, 0x41, 0x00, 0x29, 0x03, 0x00, 0x0b,
]);

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/**
 * A clock of the calling thread's CPU time in milliseconds (nanosecond resolution), or
 * undefined where WASI or the thread clock is missing (callers then fall back to the
 * smaller of process CPU and wall time, an upper bound on the thread's own time).
 */
export function threadCpuClock(): (() => number) | undefined {
  const { emitWarning } = process;
  try {
    // WASI is marked experimental in Node 20; its warning says nothing about this use.
    process.emitWarning = () => undefined;
    const { WASI } = createRequire(__filename)('node:wasi') as typeof import('node:wasi');
    const wasi = new WASI({ version: 'preview1' });
    // The global WebAssembly, typed here: the project compiles without the DOM library that declares it.
    const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
    const instance = new wasm.Instance(new wasm.Module(MODULE), wasi.getImportObject());
    wasi.initialize(instance);
    const now = instance.exports.now as () => bigint;
    const clock = (): number => Number(now()) / 1e6;
    const first = clock();
    return first > 0 ? clock : undefined;
  } catch {
    return undefined;
  } finally {
    process.emitWarning = emitWarning;
  }
}

let clock: (() => number) | undefined | null = null;

/**
 * Starts a stopwatch of this thread's CPU time: the returned function gives the milliseconds
 * used since. Without a thread clock, the smaller of the process's CPU time and the wall
 * time (an upper bound on the thread's own time).
 */
export function cpuStopwatch(): () => number {
  if (clock === null) clock = threadCpuClock();
  const thread = clock;
  if (thread) {
    const started = thread();
    return () => thread() - started;
  }
  const process0 = process.cpuUsage();
  const wall0 = performance.now();
  return () => {
    const used = process.cpuUsage(process0);
    return Math.min((used.user + used.system) / 1000, performance.now() - wall0);
  };
}

/** Whether cpuStopwatch reads a thread clock (else the process-wide fallback). */
export function hasThreadClock(): boolean {
  if (clock === null) clock = threadCpuClock();
  return clock !== undefined;
}
