import { loadConfig } from '../../config/load.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { parseSloDocuments } from '../../pipeline/slo/load-slos.js';
import { OtlpHttpEmitter, parseFault, type RunSummary, runSimulation } from '../../sim/index.js';

/** SLOs over the simulated shop: one on the service the fault hits, others that keep their budget. */
const SLOS = `slos:
  - { service: front-end, name: availability, objective: 99.5, period: 30d, sli: { availability: {} } }
  - { service: payment, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }
  - { service: catalogue, name: latency, objective: 99, period: 7d, sli: { latency: { threshold: 500ms } } }
  - { service: carts, name: availability, objective: 99.9, period: 28d, sli: { availability: {} } }
`;

export interface FedEngine {
  running: RunningParts;
  /** Base URL of the API and dashboard. */
  url: string;
  /** Simulates [fromMs, toMs) of the shop into the engine's OTLP/HTTP receiver. */
  feed: (o: { seed: number; fromMs: number; toMs: number; faults?: string[] }) => Promise<RunSummary>;
  close: () => Promise<void>;
}

/**
 * An in-process engine on embedded defaults (ports chosen by the OS, alerting evaluated every
 * 2 s) fed by the simulator over OTLP/HTTP, as an instrumented shop would.
 */
export async function startFedEngine(): Promise<FedEngine> {
  const config = loadConfig({
    env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0', FAULTLINE_ALERTING_SCHEDULE: '*/2 * * * * *' },
  });
  const running = createEngine(config, {
    logger: silentLogger(),
    slos: parseSloDocuments(SLOS, 'ui-test.yaml'),
  });
  await running.engine.start();
  const url = `http://127.0.0.1:${running.api.address().port}`;
  const otlp = `http://127.0.0.1:${running.otlp!.address().port}`;
  return {
    running,
    url,
    feed: ({ seed, fromMs, toMs, faults = [] }) =>
      runSimulation(
        { seed, fromMs, toMs, faults: faults.map((f) => parseFault(f, fromMs, toMs)) },
        new OtlpHttpEmitter({ url: otlp }),
      ),
    close: () => running.engine.close(),
  };
}

/** Polls `probe` until it returns a value, failing after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}
