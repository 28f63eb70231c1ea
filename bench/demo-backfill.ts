import { DEFAULT_HISTORY, type HistoryPlan } from '../cli/demo/demo-history.js';
import { demoSlos } from '../cli/demo/demo-slos.js';
import { prepareDemo } from '../cli/demo/start-demo.js';
import { loadConfig } from '../config/load.js';
import { createEngine } from '../engine/create-engine.js';
import { silentLogger } from '../observability/logger.js';

/**
 * Start-up cost of `serve --demo`'s history: the default plan (days, sampled before the
 * full-rate part) against a baseline of two hours at full rate (what the demo backfilled
 * before), each into a fresh in-memory engine, taking turns `rounds` times so a VM whose
 * speed drifts slows both alike. Reports the medians and their ratio.
 */
export async function benchDemoBackfill(rounds = 3): Promise<{
  baseline_2h_full_ms: number;
  default_ms: number;
  ratio: number;
  default_history_days: number;
}> {
  const baseline: Partial<HistoryPlan> = { historyMs: 2 * 3_600_000, fullRateMs: 2 * 3_600_000 };
  const times = { baseline: [] as number[], default: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const [key, plan] of [
      ['baseline', baseline],
      ['default', {}],
    ] as const) {
      times[key].push(await timeBackfill(plan));
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const b = med(times.baseline);
  const d = med(times.default);
  return {
    baseline_2h_full_ms: b,
    default_ms: d,
    ratio: Math.round((d / b) * 100) / 100,
    default_history_days: DEFAULT_HISTORY.historyMs / 86_400_000,
  };
}

async function timeBackfill(history: Partial<HistoryPlan>): Promise<number> {
  const config = loadConfig({ env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' } });
  const running = createEngine(config, { logger: silentLogger(), slos: demoSlos() });
  const start = performance.now();
  const demo = await prepareDemo({ sink: running.sink, logger: silentLogger(), now: Date.now, history });
  const ms = Math.round(performance.now() - start);
  await demo.close();
  await running.engine.close();
  return ms;
}
