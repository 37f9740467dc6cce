// Counts turns of the event loop, for tests that check long work yields to the host between steps.

/** Counts turns of the event loop (setImmediate callbacks) until stopped. */
export function turnCounter(): { stop(): number } {
  let turns = 0;
  let counting = true;
  const count = () => {
    if (!counting) return;
    turns++;
    setImmediate(count);
  };
  setImmediate(count);
  return { stop: () => ((counting = false), turns) };
}
