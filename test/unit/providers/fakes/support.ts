// Small helpers the provider and outbox tests share: a clock whose sleeps pass instantly,
// a logger that keeps its lines, and collecting an async iterable.
import type { Clock } from '../../../../src/core/ports';

export interface FakeTime {
  clock: Clock;
  /** Advances the clock by `ms` instead of waiting. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Every sleep asked for, in order. */
  sleeps: number[];
  nowMs(): number;
}

export function fakeTime(start = Date.parse('2026-03-02T14:00:00Z')): FakeTime {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: { now: () => new Date(now) },
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    sleeps,
    nowMs: () => now,
  };
}

export interface CapturedLog {
  lines: string[];
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
