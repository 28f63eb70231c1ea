import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../backtest/replay.js';
import type { BacktestResult } from '../../backtest/timeline.js';
import { formatBacktest } from '../../backtest/timeline.js';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { loadSloFiles } from '../../pipeline/slo/load-slos.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import { ndjson, sizePrefixed, spansJson, spansProto, type TestSpan } from './otlp-files.js';
import { EXPECTED, MINUTE, scenarioDir, scenarioSpans, T0 } from './scenario.js';

const scenario = scenarioDir();
let config: Config;
let slos: Slo[];
const spans = scenarioSpans();
const byMinute = (list: readonly TestSpan[]): TestSpan[][] => {
  const out: TestSpan[][] = [];
  for (const s of list) {
    const i = Math.floor((s.endMs - T0) / MINUTE);
    out[i] = [...(out[i] ?? []), s];
  }
  return out;
};
const minutes = byMinute(spans);
const file = (name: string, content: string | Uint8Array): string => {
  const path = join(scenario.dir, name);
  writeFileSync(path, content);
  return path;
};
const run = (inputs: string[], extra: { fromMs?: number; toMs?: number; stepMs?: number } = {}) =>
  runBacktest({ config, slos, inputs, stepMs: MINUTE, ...extra });
const transitions = (r: BacktestResult) =>
  r.timeline.map((e) => [(Date.parse(e.at) - T0) / MINUTE, e.alertname, e.from, e.to]);

beforeAll(() => {
  config = loadConfig({ file: scenario.config });
  slos = loadSloFiles(config.slos.files);
});
afterAll(() => scenario.cleanup());

describe('backtest timeline', () => {
  it('replays spans in event time and gives the transitions the windows imply, minute for minute', async () => {
    const r = await run([file('spans.ndjson', ndjson(minutes.map((m) => spansJson(m))))]);
    expect(transitions(r)).toEqual(EXPECTED);
    const page = r.timeline.find((e) => e.alertname === 'SLOBurnRatePage' && e.to === 'firing')!;
    expect(page).toMatchObject({
      severity: 'page',
      slo: 'checkout/availability',
      longWindow: '1h',
      shortWindow: '5m',
      threshold: 9,
    });
    // 1h: 60 failures in 600 requests, 5m: all 50 failed; burn rate = error ratio / 1 %.
    expect(page.burnRates['1h']).toBeCloseTo(10, 9);
    expect(page.burnRates['5m']).toBeCloseTo(100, 9);
    expect(r.summary).toMatchObject({
      from: new Date(T0 + MINUTE).toISOString(),
      to: new Date(T0 + 240 * MINUTE).toISOString(),
      stepMs: MINUTE,
      evaluations: 240,
      slos: 1,
      transitions: 5,
      input: { files: 1, payloads: 240, spans: 2400, points: 0, invalid: 0, late: 0 },
    });
    expect(r.summary.alerts).toEqual([
      expect.objectContaining({
        alertname: 'SLOBudgetExhausted',
        episodes: [{ firedAt: iso(61), resolvedAt: null }],
      }),
      expect.objectContaining({
        alertname: 'SLOBurnRateTicket',
        episodes: [{ firedAt: iso(62), resolvedAt: iso(102) }],
        firingMs: 40 * MINUTE,
      }),
      expect.objectContaining({
        alertname: 'SLOBurnRatePage',
        episodes: [{ firedAt: iso(66), resolvedAt: iso(77) }],
        firingMs: 11 * MINUTE,
      }),
    ]);
    const text = formatBacktest(r);
    expect(text).toContain('2024-03-01T01:06:00Z  SLOBurnRatePage     page      inactive -> firing');
    expect(text).toContain('1h 10, 5m 100 (threshold 9)');
    expect(text).toContain('checkout/availability SLOBurnRatePage (page): fired 1x, 11m firing');
  });

  it('gives the same timeline from protobuf, OTLP/JSON, size-prefixed frames, gzip, split files and directories', async () => {
    const reference = transitions(await run([file('ref.ndjson', ndjson(minutes.map((m) => spansJson(m))))]));
    const even = minutes.filter((_, i) => i % 2 === 0).flat();
    const odd = minutes.filter((_, i) => i % 2 === 1).flat();
    mkdirSync(join(scenario.dir, 'dir/nested'), { recursive: true });
    const inputs: Record<string, string[]> = {
      protobuf: [file('spans.bin', spansProto(spans))],
      json: [file('spans.json', JSON.stringify(spansJson(spans), null, 2))],
      frames: [file('spans.binpb', sizePrefixed(minutes.map((m) => spansProto(m))))],
      gzip: [file('spans.ndjson.gz', gzipSync(ndjson(minutes.map((m) => spansJson(m)))))],
      'overlapping files': [
        file('even.pb', spansProto(even)),
        file('odd.json', JSON.stringify(spansJson(odd))),
      ],
      // The directory, and one of its files again: each file is read once.
      directory: [join(scenario.dir, 'dir'), join(scenario.dir, 'dir/a.ndjson')],
    };
    file('dir/a.ndjson', ndjson(minutes.slice(0, 120).map((m) => spansJson(m))));
    file('dir/nested/b.pb', spansProto(minutes.slice(120).flat()));
    file('dir/.hidden.json', '{ not json');
    for (const [name, paths] of Object.entries(inputs)) {
      expect({ name, transitions: transitions(await run(paths)) }).toEqual({ name, transitions: reference });
    }
  });

  it('puts records back in order within the allowed lateness, and counts older ones as late', async () => {
    // Lines swapped in pairs three minutes apart: within the 5 minutes of allowed lateness.
    const shuffled = minutes.map((_, i) => minutes[i % 6 < 3 ? Math.min(i + 3, 239) : i - 3]!);
    const r = await run([file('shuffled.ndjson', ndjson(shuffled.map((m) => spansJson(m))))]);
    expect(transitions(r)).toEqual(EXPECTED);
    expect(r.summary.input.late).toBe(0);

    // Minute 10 arrives after minute 100: far too late, left out as the live engine would.
    const late = [...minutes.slice(0, 10), ...minutes.slice(11, 101), minutes[10]!, ...minutes.slice(101)];
    const r2 = await run([file('late.ndjson', ndjson(late.map((m) => spansJson(m))))]);
    expect(r2.summary.input.late).toBe(10);
    expect(transitions(r2)).toEqual(EXPECTED);
  });

  it('evaluates from --from to --to every --step, with alert state starting fresh at --from', async () => {
    const path = file('range.pb', spansProto(spans));
    const late = await run([path], { fromMs: T0 + 100 * MINUTE, toMs: T0 + 120 * MINUTE });
    expect(transitions(late)).toEqual([[100, 'SLOBudgetExhausted', 'inactive', 'firing']]);
    expect(late.summary.evaluations).toBe(21);

    const coarse = await run([path], { stepMs: 5 * MINUTE });
    expect(coarse.summary.evaluations).toBe(48);
    expect(transitions(coarse)).toEqual([
      [65, 'SLOBurnRateTicket', 'inactive', 'firing'],
      [65, 'SLOBudgetExhausted', 'inactive', 'firing'],
      [70, 'SLOBurnRatePage', 'inactive', 'firing'],
      [80, 'SLOBurnRatePage', 'firing', 'resolved'],
      [105, 'SLOBurnRateTicket', 'firing', 'resolved'],
    ]);
  });
});

function iso(minute: number): string {
  return new Date(T0 + minute * MINUTE).toISOString();
}
