// How times read in the UI: ages for history, elapsed clocks for live incidents.

/** "today", "yesterday", "12 days ago", "3 months ago", "2 years ago". */
export function formatAge(thenMs: number, now: Date): string {
  const days = Math.floor((now.getTime() - thenMs) / 86_400_000);
  if (days < 1) return 'today';
  if (days < 2) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  if (days < 730) return `${Math.round(days / 30.44)} months ago`;
  return `${Math.floor(days / 365.25)} years ago`;
}

/** "00:42" (hours:minutes), "1d 03:10" past a day; never negative. */
export function formatElapsed(startMs: number, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - startMs) / 60_000));
  const days = Math.floor(minutes / 1440);
  const clock = `${String(Math.floor((minutes % 1440) / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** `2026-11-24T21:14:05Z`: what a person writes in an incident file by hand, without milliseconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds of an ISO date, or undefined when absent or unparseable. */
export function timeOf(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
