import type { IncidentNotifier } from '../../../alerting/incidents/incident-notifier.js';
import { type ConfigInput, configSchema } from '../../../config/schema.js';
import { ManualClock } from '../../../core/clock.js';
import { createEngine, type RunningParts } from '../../../engine/create-engine.js';
import { silentLogger } from '../../../observability/logger.js';
import { parseSloDocuments } from '../../../pipeline/slo/load-slos.js';
import type { Emitter, SimPayload } from '../../../sim/emitter.js';
import { OtlpHttpEmitter } from '../../../sim/emitters/otlp-http.js';
import { parseFault } from '../../../sim/faults.js';
import { runSimulation } from '../../../sim/run.js';

export const MIN = 60_000;
/** Start of every simulation here (a minute boundary). */
export const SIM_T0 = Date.UTC(2025, 0, 6, 10, 0, 0);

/** Availability (99.5 %) and latency (p < 1 s, 99 %) SLOs for the Sock Shop services that get steady traffic. */
export const SOCKSHOP_SLOS = parseSloDocuments(
  `slos:\n${['front-end', 'catalogue', 'carts', 'orders', 'user', 'auth', 'payment', 'shipping']
    .flatMap((s) => [
      `  - { service: ${s}, name: availability, objective: 99.5, period: 30d, sli: { availability: {} } }`,
      `  - { service: ${s}, name: latency, objective: 99, period: 30d, sli: { latency: { threshold: 1s } } }`,
    ])
    .join('\n')}\n`,
  'sockshop-slos.yaml',
);

/**
 * Burn-rate tiers fast enough for a test that simulates an hour (the workbook's need days of
 * history to mean anything): page on 30m and 5m above 14.4, ticket on 1h and 10m above 6;
 * no budget-exhausted alerts.
 */
export const FAST_RULES = {
  default: 'fast',
  // An hour of history says nothing about a 30-day budget.
  budgetExhausted: { enabled: false },
  profiles: {
    fast: [
      { severity: 'page' as const, longWindow: '30m', shortWindow: '5m', factor: 14.4 },
      { severity: 'ticket' as const, longWindow: '1h', shortWindow: '10m', factor: 6 },
    ],
  },
};

export interface SimEngine {
  running: RunningParts;
  clock: ManualClock;
  api: string;
  close: () => Promise<void>;
}

/** The engine in this process, on memory stores, a manual clock at SIM_T0 and ephemeral ports. */
export async function startSimEngine(
  config: ConfigInput = {},
  incidentNotifiers?: readonly IncidentNotifier[],
): Promise<SimEngine> {
  const clock = new ManualClock(SIM_T0);
  const merged = configSchema.parse({ ...config, http: { port: 0 }, otlp: { port: 0 } });
  const running = createEngine(merged, {
    logger: silentLogger(),
    slos: SOCKSHOP_SLOS,
    clock,
    ...(incidentNotifiers ? { incidentNotifiers } : {}),
  });
  await running.engine.start();
  return {
    running,
    clock,
    api: `http://127.0.0.1:${running.api.address().port}`,
    close: () => running.engine.close(),
  };
}

export interface FeedOptions {
  seed: number;
  /** Fault specs relative to SIM_T0, e.g. `error:carts:50%@+40m/15m`. */
  faults: string[];
  /** Simulated minutes. */
  minutes: number;
  /** Traces per second (default 3). */
  rate?: number;
  /** Minutes simulated before `everyMinute` is first called (the engine "was already running"). */
  quietMinutes?: number;
  /** Called after every simulated minute, with the event time reached. */
  everyMinute?: (atMs: number) => Promise<void>;
}

/**
 * Runs the Sock Shop simulation into the engine over OTLP/HTTP in event time: the manual
 * clock follows the simulation, each step's spans and metrics are posted and the topology
 * flushed, and `everyMinute` runs at each minute boundary.
 */
export async function feedSimulation(engine: SimEngine, o: FeedOptions): Promise<void> {
  const { running, clock } = engine;
  const otlp = new OtlpHttpEmitter({
    url: `http://127.0.0.1:${running.otlp!.address().port}`,
    concurrency: 1,
  });
  const feeder: Emitter = {
    emit: async (payload: SimPayload) => {
      if (payload.signal === 'traces') {
        clock.set(Math.max(clock.now(), payload.timeMs + 10_000));
        await otlp.emit(payload);
        return;
      }
      clock.set(Math.max(clock.now(), payload.timeMs));
      await otlp.emit(payload);
      await otlp.close();
      await running.topology?.flusher.flush();
      if (payload.timeMs % MIN === 0 && payload.timeMs >= SIM_T0 + (o.quietMinutes ?? 0) * MIN) {
        await o.everyMinute?.(payload.timeMs);
      }
    },
    close: () => otlp.close(),
  };
  await runSimulation(
    {
      seed: o.seed,
      fromMs: SIM_T0,
      toMs: SIM_T0 + o.minutes * MIN,
      load: { rate: o.rate ?? 3, amplitude: 0 },
      faults: o.faults.map((f) => parseFault(f, SIM_T0)),
    },
    feeder,
  );
}
