import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SRE_WORKBOOK_TIERS } from '../../alerting/burn-rate-rules.js';
import { scaleWindow } from '../../alerting/period-scaling.js';
import { runBacktest } from '../../backtest/replay.js';
import type { BacktestResult } from '../../backtest/timeline.js';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { loadSloFiles } from '../../pipeline/slo/load-slos.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import { metricsJson, ndjson, type TestPoint } from './otlp-files.js';
import { MINUTE, T0 } from './scenario.js';

// Four 99 % SLOs, one per period, on the built-in profile (windows scaled with the period).
// Each service counts 200 requests a minute (cumulative counters, one point a minute).
const PERIODS = { p1d: 1440, p7d: 7 * 1440, p28d: 28 * 1440, p30d: 30 * 1440 } as const;
const SERVICES = Object.keys(PERIODS) as Array<keyof typeof PERIODS>;
const PER_MINUTE = 200;
const dir = mkdtempSync(join(tmpdir(), 'faultline-safe-tiers-'));
let config: Config;
let slos: Slo[];

/** The counters of every service for `minutes` minutes, `failures(m)` of each minute's requests failing. */
function counters(minutes: number, failures: (m: number) => number): string {
  const lines: object[] = [];
  let total = 0;
  let bad = 0;
  for (let m = 0; m < minutes; m++) {
    total += PER_MINUTE;
    bad += failures(m);
    const points: TestPoint[] = SERVICES.flatMap((service) => {
      const at = { service, startMs: T0 - MINUTE, timeMs: T0 + m * MINUTE + 30_000 };
      return [
        { ...at, name: 'requests', value: total },
        { ...at, name: 'failures', value: bad },
      ];
    });
    lines.push(metricsJson(points));
  }
  const file = join(dir, `counters-${minutes}.ndjson`);
  writeFileSync(file, ndjson(lines));
  return file;
}

const replay = (file: string): Promise<BacktestResult> =>
  runBacktest({ config, slos, inputs: [file], stepMs: MINUTE });

/** The first page tier's long window at `period`, scaled as the built-in profile scales it. */
const firstPageWindow = (period: number): number =>
  scaleWindow(SRE_WORKBOOK_TIERS.find((t) => t.severity === 'page')!.longWindowMinutes, period);

beforeAll(() => {
  const specs = SERVICES.map(
    (s) => `  - service: ${s}
    name: success
    objective: 99
    period: ${PERIODS[s] / 1440}d
    sli: { ratio: { bad: { metric: failures }, total: { metric: requests } } }`,
  );
  writeFileSync(join(dir, 'slos.yaml'), `slos:\n${specs.join('\n')}\n`);
  writeFileSync(join(dir, 'faultline.yaml'), 'slos:\n  files: [slos.yaml]\nlog:\n  level: silent\n');
  config = loadConfig({ file: join(dir, 'faultline.yaml') });
  slos = loadSloFiles(config.slos.files);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backtest of the built-in tiers at 1, 7, 28 and 30 days', () => {
  it('never alerts on a steady burn of 0.5x, through the longest scaled window of every period', async () => {
    // 1 failure in 200 = 0.5 % = half of the 1 % budget rate, every minute; past the 30-day
    // profile's longest window (3d) plus an hour, so every window of every SLO is full.
    const minutes = 3 * 1440 + 60;
    const result = await replay(counters(minutes, () => 1));
    expect(result.summary.evaluations).toBeGreaterThanOrEqual(minutes - 2);
    expect(result.timeline).toEqual([]);
  });

  it("pages on a 20x burst at or before the first page tier's scaled long window has passed", async () => {
    const burstStart = 180;
    // 40 failures in 200 = 20 % = 20x the budget rate, from minute 180 on; 0.5x before.
    const result = await replay(counters(burstStart + 90, (m) => (m >= burstStart ? 40 : 1)));
    for (const service of SERVICES) {
      const page = result.timeline.find(
        (e) => e.slo === `${service}/success` && e.alertname === 'SLOBurnRatePage' && e.to === 'firing',
      );
      expect(page, service).toBeDefined();
      // An evaluation at minute m sees the minutes before m; the burst fills them from 180.
      const minutesOfBurst = (Date.parse(page!.at) - T0) / MINUTE - burstStart;
      expect(minutesOfBurst, service).toBeGreaterThan(0);
      expect(minutesOfBurst, service).toBeLessThanOrEqual(firstPageWindow(PERIODS[service]));
      expect(page!.threshold, service).toBe(14.4);
    }
  });
});
