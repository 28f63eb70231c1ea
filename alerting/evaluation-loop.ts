import { createTask, type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.js';
import type { Component } from '../engine/component.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { AlertTransition } from './alert.js';
import type { EvaluationResult } from './evaluator.js';
import type { Lease } from './lease.js';

/** What the loop evaluates with: `AlertEvaluator` in the engine. */
export interface Evaluate {
  evaluateAt(atMs: number, fence: string | null): Promise<EvaluationResult>;
}

export interface EvaluationLoopOptions {
  evaluator: Evaluate;
  lease: Lease;
  /** A node-cron expression with seconds, e.g. every 10 s: `*\/10 * * * * *`. */
  schedule: string;
  clock: Clock;
  /** Called with the transitions of each committed evaluation (the dispatcher's wake-up). */
  onTransitions?: (transitions: readonly AlertTransition[]) => void;
  metrics?: EngineMetrics;
  logger?: Logger;
}

/**
 * Live-mode alert evaluation: on every tick of the cron schedule, if this instance holds
 * the evaluation lease, evaluates all SLOs at the clock's now. Runs never overlap (a tick
 * during a run is skipped), errors are caught, counted and logged, and `close()` stops the
 * schedule and waits for a run in progress.
 */
export class EvaluationLoop implements Component {
  readonly name = 'alert-evaluation';
  private task: ScheduledTask | undefined;
  private running: Promise<EvaluationResult | undefined> | undefined;
  private closed = false;

  constructor(private readonly o: EvaluationLoopOptions) {}

  async start(): Promise<void> {
    const log = this.o.logger?.child({ component: this.name });
    this.task = createTask(this.o.schedule, () => this.runOnce(), {
      name: 'faultline-alert-evaluation',
      noOverlap: true,
      unref: true,
      logger: {
        info: (m) => log?.debug(m),
        warn: (m) => log?.warn(m),
        error: (m, err) => log?.error({ err: err ?? m }, 'scheduler error'),
        debug: (m) => log?.debug({ detail: m }, 'scheduler'),
      },
    });
    await this.task.start();
  }

  /** One evaluation now, if this instance leads; joins a run in progress. Never throws. */
  runOnce(): Promise<EvaluationResult | undefined> {
    this.running ??= this.evaluate().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.task?.destroy();
    await this.running;
  }

  private async evaluate(): Promise<EvaluationResult | undefined> {
    const { lease, evaluator, clock, metrics, logger } = this.o;
    if (this.closed || !lease.held()) return undefined;
    try {
      const result = await evaluator.evaluateAt(clock.now(), lease.token);
      if (result.transitions.length > 0) this.o.onTransitions?.(result.transitions);
      return result;
    } catch (err) {
      metrics?.loopErrors.inc({ component: this.name });
      logger?.error({ err }, 'alert evaluation failed');
      return undefined;
    }
  }
}
