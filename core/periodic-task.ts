import { createTask, type ScheduledTask } from 'node-cron';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';

/**
 * When a periodic task runs: every `everyMs` milliseconds, or on a node-cron expression with
 * seconds (`*\/10 * * * * *`), for schedules an operator writes in cron form.
 */
export type Schedule = { everyMs: number } | { cron: string };

/** A periodic task: what runs, when, and where its failures are counted and logged. */
export interface PeriodicTaskOptions<T> {
  /** The `component` label of `loopErrors` and the logger's component. */
  name: string;
  schedule: Schedule;
  /** One run. It may throw: the task catches at its edge, counts, logs, and runs again next time. */
  run: () => Promise<T>;
  /** The log message of a failed run, e.g. 'incident update failed'. */
  failure: string;
  /** The level a failed run is logged at (default `error`). */
  failureLevel?: 'warn' | 'error';
  metrics?: Pick<EngineMetrics, 'loopErrors'>;
  logger?: Logger;
}

/**
 * The one loop idiom of the engine's background work. Runs never overlap (a tick during a run
 * is skipped; `runNow` joins the run under way), its timer is `unref`'d so it never holds the
 * process open, a failed run is caught, counted in `loopErrors` and logged instead of thrown,
 * and `close()` stops the schedule and waits for the run in flight. A cron schedule is handed
 * to node-cron (with its own no-overlap and unref), an interval to `setInterval`.
 *
 * Whether a run still does anything after `close()` is the owner's decision (most return
 * early once closed; the topology flusher writes what is left).
 */
export class PeriodicTask<T> {
  private timer: NodeJS.Timeout | undefined;
  private cron: ScheduledTask | undefined;
  private running: Promise<T | undefined> | undefined;

  constructor(private readonly o: PeriodicTaskOptions<T>) {}

  /** Starts the schedule. The first run is at the first tick, not now. */
  async start(): Promise<void> {
    const { schedule } = this.o;
    if ('cron' in schedule) {
      const log = this.o.logger?.child({ component: this.o.name });
      this.cron = createTask(schedule.cron, () => this.runNow(), {
        name: `faultline-${this.o.name}`,
        noOverlap: true,
        unref: true,
        logger: {
          info: (m) => log?.debug(m),
          warn: (m) => log?.warn(m),
          error: (m, err) => log?.error({ err: err ?? m }, 'scheduler error'),
          debug: (m) => log?.debug({ detail: m }, 'scheduler'),
        },
      });
      await this.cron.start();
      return;
    }
    this.timer = setInterval(() => void this.runNow(), schedule.everyMs);
    this.timer.unref();
  }

  /** One run now, or the run under way if there is one. Never rejects: undefined when the run failed. */
  runNow(): Promise<T | undefined> {
    this.running ??= this.guarded().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** A run that starts after this call: waits for the one under way (whose input may be stale), then runs. */
  async runFresh(): Promise<T | undefined> {
    await this.running;
    return this.runNow();
  }

  /** Stops the schedule and waits for the run in flight. Safe to call twice. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const cron = this.cron;
    this.cron = undefined;
    await cron?.destroy();
    await this.running;
  }

  private async guarded(): Promise<T | undefined> {
    try {
      return await this.o.run();
    } catch (err) {
      this.o.metrics?.loopErrors.inc({ component: this.o.name });
      this.o.logger?.[this.o.failureLevel ?? 'error']({ err }, this.o.failure);
      return undefined;
    }
  }
}
