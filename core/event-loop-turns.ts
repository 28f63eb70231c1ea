/** Gives the event loop a turn: timers, sockets and signal handlers run before this resolves. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Paces long work so it never holds the event loop for more than `sliceMs` at a stretch.
 * Awaiting a promise that is already settled (an in-memory store's answer) does not let
 * timers or sockets run, so a loop over thousands of them freezes `/healthz`, ingest and
 * SIGTERM handling alike; `await pacer.pace()` in such a loop yields once its slice is used.
 */
export class Pacer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = 20) {}

  /** Yields a turn when the current slice is used up; otherwise resolves at once. */
  async pace(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}
