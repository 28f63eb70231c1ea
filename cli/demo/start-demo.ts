import { decodeMetrics, decodeSpans } from '../../ingest/decode/index.js';
import type { TelemetrySink } from '../../ingest/telemetry-sink.js';
import type { Logger } from '../../observability/logger.js';
import { MemoryEmitter } from '../../sim/emitters/memory.js';
import { type Fault, faultSpec } from '../../sim/faults.js';
import { runSimulation } from '../../sim/run.js';
import { backfillHistory, DEFAULT_HISTORY, type HistoryPlan, historyPhases } from './demo-history.js';

export interface DemoOptions {
  sink: TelemetrySink;
  logger: Logger;
  /** Wall clock, Unix epoch ms. */
  now: () => number;
  seed?: number;
  /** The history generated before live traffic starts (default {@link DEFAULT_HISTORY}). */
  history?: Partial<HistoryPlan>;
}

export interface RunningDemo {
  fault: Fault;
  /** Starts the live traffic that follows the history (call once the engine runs). */
  startLive(): void;
  close(): Promise<void>;
}

/**
 * The demo: the simulator backfills a week of Sock Shop traffic in event time
 * (sampled before the last 90 minutes, see demo-history.ts), with a fault that began eight minutes
 * ago, then keeps sending live traffic at the wall clock's pace. Everything goes through
 * the engine's own pipeline, so the first evaluations see the burn and fire, an incident
 * opens and the faulty service ranks first. The history is written before the engine
 * starts, so no evaluation runs half-fed.
 */
export async function prepareDemo(opts: DemoOptions): Promise<RunningDemo> {
  const now = opts.now();
  const stepMs = 10_000;
  const liveFrom = Math.floor(now / stepMs) * stepMs;
  const plan = { ...DEFAULT_HISTORY, ...opts.history };
  // Errors in carts: its callers (front-end, orders) fail with it, the classic cascade.
  const fault: Fault = {
    type: 'error',
    target: 'carts',
    startMs: liveFrom - 8 * 60_000,
    endMs: liveFrom + 40 * 60_000,
    magnitude: 0.3,
  };
  const seed = opts.seed ?? 1;
  const feed = new MemoryEmitter(async (payload) => {
    if (payload.signal === 'traces')
      await opts.sink.write(
        { spans: decodeSpans(payload.bytes, 'otlp_proto'), metrics: [] },
        { source: 'replay', name: 'demo' },
      );
    else
      await opts.sink.write(
        { spans: [], metrics: decodeMetrics(payload.bytes, 'otlp_proto') },
        { source: 'replay', name: 'demo' },
      );
  });
  const phases = historyPhases(liveFrom, plan, stepMs);
  opts.logger.info(
    {
      fault: faultSpec(fault),
      from: new Date(fault.startMs).toISOString(),
      to: new Date(fault.endMs).toISOString(),
    },
    `demo: injected fault ${fault.type} in ${fault.target}; backfilling ${describeHistory(plan)}`,
  );
  const started = Date.now();
  // The backfill takes a while on a small machine: say how far it got every 10 %.
  let reported = 0;
  const history = await backfillHistory(phases, { seed, faults: [fault], feed }, (share) => {
    const tenth = Math.floor(share * 10);
    if (tenth > reported && tenth < 10) {
      reported = tenth;
      opts.logger.info({ percent: tenth * 10 }, `demo: backfilling history, ${tenth * 10} %`);
    }
  });
  opts.logger.info(
    { spans: history.spans, metricPoints: history.metricPoints, ms: Date.now() - started },
    'demo: history backfilled; live traffic follows',
  );
  const abort = new AbortController();
  let live: Promise<unknown> = Promise.resolve();
  return {
    fault,
    startLive: () => {
      live = runSimulation(
        { seed: seed + 1, fromMs: liveFrom, stepMs, faults: [fault], speed: 1, signal: abort.signal },
        feed,
      ).catch((err: unknown) => opts.logger.error({ err }, 'demo: live traffic stopped'));
    },
    close: async () => {
      abort.abort();
      await live;
    },
  };
}

/** "7 days of history (one trace in 64 kept before the last 90 min)", for the start-up log. */
function describeHistory(plan: HistoryPlan): string {
  const span = (ms: number) => (ms % 86_400_000 === 0 ? `${ms / 86_400_000} days` : `${ms / 60_000} min`);
  if (plan.historyMs <= plan.fullRateMs) return `${span(plan.historyMs)} of history`;
  return `${span(plan.historyMs)} of history (one trace in ${plan.sampleOneIn} kept before the last ${span(plan.fullRateMs)})`;
}
