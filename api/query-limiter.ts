import { nextTurn } from '../core/event-loop-turns.js';
import { FaultlineError } from '../core/faultline-error.js';
import { HttpErrorCode } from '../core/http/http-errors.js';

/** Error code of a heavy query refused because enough are running and waiting already. */
export const BUSY_CODE = HttpErrorCode.Busy;

/** Seconds a refused client is asked to wait (`Retry-After`). */
export const BUSY_RETRY_AFTER_S = 2;

/**
 * Bounds expensive reads (root cause): at most `maxRunning` at once, at most `maxQueued`
 * waiting, and past that an immediate 503 `FL_API_BUSY` with `Retry-After`. 100 parallel
 * root-cause queries with a 24 h lookback froze the event loop (and /healthz, and ingest) for
 * 18 s; now the work in flight stays small and each query starts on a fresh turn of the loop.
 */
export class QueryLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxRunning = 2,
    private readonly maxQueued = 8,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxQueued) {
        throw new FaultlineError(BUSY_CODE, 'too many expensive queries at once; retry later', {
          retryAfterSeconds: BUSY_RETRY_AFTER_S,
        });
      }
      // the slot is handed over by the query that finishes, so `running` stays as it is
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      // let health checks and ingest in the queue run before this query's synchronous part
      await nextTurn();
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
