import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffProtoSignal } from '../../backtest/decode-payload.js';
import { runBacktest } from '../../backtest/replay.js';
import type { BacktestResult } from '../../backtest/timeline.js';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { loadSloFiles } from '../../pipeline/slo/load-slos.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import { metricsJson, metricsProto, ndjson, sizePrefixed, spansProto, type TestPoint } from './otlp-files.js';
import { MINUTE, scenarioDir, scenarioSpans, T0 } from './scenario.js';

// Cumulative counters of `payments` beside the span scenario of `checkout`: one point of
// each counter a minute (100 attempts), every attempt failing from minute 90 to 99.
const scenario = scenarioDir();
let config: Config;
let slos: Slo[];
const minutes: TestPoint[][] = [];
let attempts = 5000;
let failures = 40;
for (let m = 0; m < 180; m++) {
  attempts += 100;
  failures += m >= 90 && m < 100 ? 100 : 0;
  const at = { service: 'payments', startMs: T0 - 3_600_000, timeMs: T0 + m * MINUTE + 30_000 };
  minutes.push([
    { ...at, name: 'payments.attempts', value: attempts },
    { ...at, name: 'payments.failures', value: failures },
  ]);
}
const file = (name: string, content: string | Uint8Array): string => {
  const path = join(scenario.dir, name);
  writeFileSync(path, content);
  return path;
};
const transitions = (r: BacktestResult) =>
  r.timeline.map((e) => [(Date.parse(e.at) - T0) / MINUTE, e.slo, e.alertname, e.to]);
const run = (inputs: string[]) => runBacktest({ config, slos, inputs, stepMs: MINUTE });

beforeAll(() => {
  writeFileSync(
    join(scenario.dir, 'slos.yaml'),
    `slos:
  - service: checkout
    name: availability
    objective: 99
    period: 30d
    sli: { availability: {} }
  - service: payments
    name: success
    objective: 99
    period: 30d
    sli:
      ratio: { bad: { metric: payments.failures }, total: { metric: payments.attempts } }
`,
  );
  config = loadConfig({ file: scenario.config });
  slos = loadSloFiles(config.slos.files);
});
afterAll(() => scenario.cleanup());

describe('backtest of metric inputs', () => {
  it('sniffs the signal of binary payloads from their first record', () => {
    expect(sniffProtoSignal(spansProto(scenarioSpans().slice(0, 3)))).toBe('traces');
    expect(sniffProtoSignal(metricsProto(minutes[0]!))).toBe('metrics');
    expect(sniffProtoSignal(new Uint8Array())).toBeUndefined();
  });

  it('gives the same timeline from NDJSON, one protobuf message and size-prefixed frames', async () => {
    const reference = await run([file('points.ndjson', ndjson(minutes.map((m) => metricsJson(m))))]);
    // The first reading is a baseline. Ticket: 6h 200/9100 > 2 % at 92; page: 1h 600/6000 > 9 % at 96.
    expect(transitions(reference)).toContainEqual([92, 'payments/success', 'SLOBurnRateTicket', 'firing']);
    expect(transitions(reference)).toContainEqual([96, 'payments/success', 'SLOBurnRatePage', 'firing']);
    const proto = await run([file('points.bin', metricsProto(minutes.flat()))]);
    const frames = await run([file('points.frames', sizePrefixed(minutes.map((m) => metricsProto(m))))]);
    expect(transitions(proto)).toEqual(transitions(reference));
    expect(transitions(frames)).toEqual(transitions(reference));
  });

  it('replays spans and metric points mixed in one file, each frame by its own signal', async () => {
    const spans = scenarioSpans();
    const frames = minutes.flatMap((points, m) => [
      metricsProto(points),
      spansProto(spans.filter((s) => s.endMs >= T0 + m * MINUTE && s.endMs < T0 + (m + 1) * MINUTE)),
    ]);
    const mixed = await run([file('mixed.binpb', sizePrefixed(frames))]);
    const alone = await run([file('alone.ndjson', ndjson(minutes.map((m) => metricsJson(m))))]);
    const slosOf = (r: BacktestResult) => new Set(r.timeline.map((e) => e.slo));
    expect(slosOf(mixed)).toEqual(new Set(['checkout/availability', 'payments/success']));
    const payments = (r: BacktestResult) => transitions(r).filter((t) => t[1] === 'payments/success');
    expect(payments(mixed)).toEqual(payments(alone));
    // Alone, checkout has no events: no-data fires once a full hour of history has passed.
    expect(transitions(alone)).toContainEqual([60, 'checkout/availability', 'SLONoData', 'firing']);
    expect(mixed.summary.input).toMatchObject({ spans: 1800, points: 360 });
  });
});
