/**
 * Runs tasks one after another in the order they were queued: what one Slack webhook needs,
 * since Slack rate-limits per webhook and messages should arrive in the order they happened.
 * A task that fails does not stop the ones behind it.
 */
export class SerialQueue {
  /** Rate-limit state of the endpoint this queue feeds: nothing is sent before `notBeforeMs`. */
  readonly gate = { notBeforeMs: 0 };
  #tail: Promise<void> = Promise.resolve();
  #length = 0;

  /** Tasks queued or running. */
  get length(): number {
    return this.#length;
  }

  /**
   * Queues `task`. When `cancel` aborts before the task's turn, the returned promise rejects
   * at once with the abort reason and the task never runs; a task already running is not
   * interrupted (it may watch the signal itself).
   */
  run<T>(task: () => Promise<T>, cancel?: AbortSignal): Promise<T> {
    this.#length += 1;
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const result = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const onAbort = () => reject(cancel?.reason);
    if (cancel?.aborted) onAbort();
    else cancel?.addEventListener('abort', onAbort, { once: true });

    this.#tail = this.#tail
      .then(async () => {
        cancel?.removeEventListener('abort', onAbort);
        if (cancel?.aborted) return;
        try {
          resolve(await task());
        } catch (err) {
          reject(err);
        }
      })
      .finally(() => {
        this.#length -= 1;
      });
    return result;
  }
}
