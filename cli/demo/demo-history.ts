import type { Emitter } from '../../sim/emitter.js';
import type { Fault } from '../../sim/faults.js';
import { type RunSummary, runSimulation } from '../../sim/run.js';

/** One stretch of the demo's history: `[fromMs, toMs)`, one trace kept in `sampleOneIn`. */
export interface HistoryPhase {
  fromMs: number;
  toMs: number;
  stepMs: number;
  sampleOneIn: number;
  /** Whether the phase sends metrics as well as traces. */
  metrics: boolean;
}

export interface HistoryPlan {
  /**
   * How long the whole history is (default 7 days: more than the longest burn-rate window,
   * and enough traffic that the budget of a 30-day SLO is not spent by minutes of errors).
   */
  historyMs: number;
  /**
   * The most recent part, at full rate (default 90 min): what the short burn-rate windows
   * and the root-cause lookback (an hour before the anomaly) read in detail.
   */
  fullRateMs: number;
  /** The older part keeps one trace in this many, each standing for that many requests. */
  sampleOneIn: number;
}

export const DEFAULT_HISTORY: HistoryPlan = {
  historyMs: 7 * 86_400_000,
  fullRateMs: 90 * 60_000,
  sampleOneIn: 64,
};

/**
 * Splits the history that ends at `liveFrom` into its phases, oldest first. The old part is
 * sampled and sent in long steps: days of it cost less than the full-rate hours, and
 * its sampled spans carry their adjusted counts, so budgets and rates count every request.
 * The full-rate part covers the burn-rate windows up to an hour and the root-cause lookback.
 */
export function historyPhases(liveFrom: number, plan: HistoryPlan, stepMs: number): HistoryPhase[] {
  const fullFrom = liveFrom - Math.min(plan.fullRateMs, plan.historyMs);
  const phases: HistoryPhase[] = [];
  if (plan.historyMs > plan.fullRateMs) {
    phases.push({
      fromMs: liveFrom - plan.historyMs,
      toMs: fullFrom,
      // Long steps: the sink's cost is per payload as much as per span, and a step of
      // sampled traffic is a few spans; with no metrics the step length changes nothing else.
      stepMs: 15 * 60_000,
      sampleOneIn: plan.sampleOneIn,
      // Per-step metrics would cost more than the sampled spans, and the signal series
      // keep a day at most: the metrics start with the full-rate part.
      metrics: false,
    });
  }
  if (fullFrom < liveFrom)
    phases.push({ fromMs: fullFrom, toMs: liveFrom, stepMs, sampleOneIn: 1, metrics: true });
  return phases;
}

/** Relative cost of a phase: the traces it generates, in proportion. */
function cost(p: HistoryPhase): number {
  return (p.toMs - p.fromMs) / p.sampleOneIn;
}

/**
 * Runs the phases one after the other through `feed` (an emitter that takes payloads after
 * `close()`, as MemoryEmitter does), calling `onProgress` with the share done, 0..1.
 */
export async function backfillHistory(
  phases: readonly HistoryPhase[],
  opts: { seed: number; faults: readonly Fault[]; feed: Emitter },
  onProgress: (share: number) => void,
): Promise<{ spans: number; metricPoints: number }> {
  const total = phases.reduce((n, p) => n + cost(p), 0);
  let done = 0;
  let spans = 0;
  let metricPoints = 0;
  for (const [i, phase] of phases.entries()) {
    const summary: RunSummary = await runSimulation(
      {
        seed: opts.seed + 100 * i,
        fromMs: phase.fromMs,
        toMs: phase.toMs,
        stepMs: phase.stepMs,
        sampleOneIn: phase.sampleOneIn,
        metrics: phase.metrics,
        faults: opts.faults,
        onStep: (s) => onProgress((done + (s.toMs - phase.fromMs) / phase.sampleOneIn) / total),
      },
      opts.feed,
    );
    done += cost(phase);
    spans += summary.spans;
    metricPoints += summary.metricPoints;
  }
  return { spans, metricPoints };
}
