// Counts turns of the event loop, for tests that check long work yields to the host between steps.

/** Counts turns of the event loop (setImmediate callbacks) until stopped; `now` is the count so far. */
export function turnCounter(): { stop(): number; now(): number } {
  let turns = 0;
  let counting = true;
  const count = () => {
    if (!counting) return;
    turns++;
    setImmediate(count);
  };
  setImmediate(count);
  return { stop: () => ((counting = false), turns), now: () => turns };
}
