import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestSpan } from './otlp-files.js';

/** 2024-03-01T00:00:00Z: the scenario's minute 0. */
export const T0 = Date.UTC(2024, 2, 1);
export const MINUTE = 60_000;

/**
 * checkout serves 10 requests a minute for 4 hours; every request of minutes 60 to 69
 * fails. With the test profile (page: 1h and 5m above 9, ticket: 6h and 30m above 2) and a
 * 99 % objective, the windows say (minutes after T0, evaluating every minute):
 * - 61: the period's error ratio is 10/610 > 1 %: the budget is spent, for good;
 * - 62: 6h 20/620 and 30m 20/300, both above 2 %: ticket fires;
 * - 66: 1h 60/600 and 5m 50/50, both above 9 %: page fires;
 * - 75: the 5m window holds no failure; 2 minutes of keep-firing later, 77: page resolves;
 * - 100: the 30m window holds no failure; 102: ticket resolves.
 */
export function scenarioSpans(): TestSpan[] {
  const spans: TestSpan[] = [];
  for (let m = 0; m < 240; m++) {
    for (let i = 0; i < 10; i++) {
      spans.push({
        service: 'checkout',
        seq: m * 10 + i,
        endMs: T0 + m * MINUTE + i * 6000 + 500,
        error: m >= 60 && m < 70,
      });
    }
  }
  return spans;
}

/** The scenario's expected transitions: minute after T0, alert, from, to. */
export const EXPECTED: ReadonlyArray<[number, string, string, string]> = [
  [61, 'SLOBudgetExhausted', 'inactive', 'firing'],
  [62, 'SLOBurnRateTicket', 'inactive', 'firing'],
  [66, 'SLOBurnRatePage', 'inactive', 'firing'],
  [77, 'SLOBurnRatePage', 'firing', 'resolved'],
  [102, 'SLOBurnRateTicket', 'firing', 'resolved'],
];

/** A temporary directory with `faultline.yaml` and `slos.yaml` for the scenario; `cleanup()` removes it. */
export function scenarioDir(): { dir: string; config: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-backtest-'));
  writeFileSync(
    join(dir, 'slos.yaml'),
    `slos:
  - service: checkout
    name: availability
    objective: 99
    period: 30d
    sli:
      availability: {}
`,
  );
  const config = join(dir, 'faultline.yaml');
  writeFileSync(
    config,
    `slos:
  files: [slos.yaml]
log:
  level: silent
alerting:
  rules:
    default: test
    profiles:
      test:
        - { severity: page, longWindow: 1h, shortWindow: 5m, factor: 9 }
        - { severity: ticket, longWindow: 6h, shortWindow: 30m, factor: 2 }
`,
  );
  return { dir, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
