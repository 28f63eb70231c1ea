/**
 * Runs at most one task per key at a time, and coalesces wake-ups: a `run` for a key whose
 * task is under way does not start a second one beside it, it asks for one more pass once
 * the current one ends (any number of such calls ask for just one). That is what a drain
 * wants that must never overlap itself yet must not miss work queued while it ran.
 */
export class CoalescingRunner {
  readonly #runs = new Map<string, Promise<void>>();
  readonly #rerun = new Set<string>();
  #stopped = false;

  /**
   * Runs `task` for `key` now, or, when one is under way for `key`, asks it to run once more
   * after the current pass (the task of the call that started the run is the one re-run).
   * Resolves when the run, re-runs included, has ended; rejects, without re-running, if a
   * pass rejects.
   */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const running = this.#runs.get(key);
    if (running) {
      this.#rerun.add(key);
      return running;
    }
    const run = (async () => {
      do {
        this.#rerun.delete(key);
        await task();
      } while (this.#rerun.has(key) && !this.#stopped);
    })().finally(() => this.#runs.delete(key));
    this.#runs.set(key, run);
    return run;
  }

  /** No more re-runs: runs under way end after their current pass (for `close()`). */
  stop(): void {
    this.#stopped = true;
  }

  /** The runs under way now, to await on shutdown. */
  running(): Promise<void>[] {
    return [...this.#runs.values()];
  }
}
