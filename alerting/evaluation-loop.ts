import type { Clock } from '../core/clock.js';
import type { Component } from '../core/component.js';
import { PeriodicTask } from '../core/periodic-task.js';
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
  private readonly task: PeriodicTask<EvaluationResult | undefined>;
  private closed = false;

  constructor(private readonly o: EvaluationLoopOptions) {
    this.task = new PeriodicTask({
      name: this.name,
      schedule: { cron: o.schedule },
      run: () => this.evaluate(),
      failure: 'alert evaluation failed',
      metrics: o.metrics,
      logger: o.logger,
    });
  }

  async start(): Promise<void> {
    await this.task.start();
  }

  /** One evaluation now, if this instance leads; joins a run in progress. Never throws. */
  async runOnce(): Promise<EvaluationResult | undefined> {
    return (await this.task.runNow()) ?? undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.task.close();
  }

  private async evaluate(): Promise<EvaluationResult | undefined> {
    const { lease, evaluator, clock } = this.o;
    if (this.closed || !lease.held()) return undefined;
    const result = await evaluator.evaluateAt(clock.now(), lease.token);
    if (result.transitions.length > 0) this.o.onTransitions?.(result.transitions);
    return result;
  }
}
