import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Severity } from '../../alerting/alert.js';
import type { BurnRateTier } from '../../alerting/burn-rate-rules.js';
import { ruleSetsFor } from '../../alerting/rule-sets.js';
import type { BacktestResult } from '../../backtest/timeline.js';
import { backtestCommand } from '../../cli/backtest.js';
import { loadConfig } from '../../config/load.js';
import { loadSloFiles } from '../../pipeline/slo/load-slos.js';
import { seeded } from '../../sim/random.js';
import { metricsJson, ndjson } from './otlp-files.js';
import { promRules, promTest } from './prom-rules.js';

// faultline's backtest against Prometheus: the same request and error counts replayed by
// faultline (OTLP cumulative sums) and evaluated by `promtool test rules` (recording rules
// for every window, the default multiwindow multi-burn-rate tiers as alert rules), with
// the firing state compared at every minute.
//
// Alignment: a Prometheus sample at minute j covers the events before it, and with
// Prometheus 2's range selectors [t - w, t] the ratio at minute n is over samples n - w .. n:
// the increases of minutes n - w + 1 .. n. faultline counts an increase in the minute of its
// point's timestamp and reads [end - w, end), so each OTLP point is stamped one second
// before its Prometheus sample (the collection just before the minute boundary): faultline
// at minute n then reads exactly the same increases. The first reading is a baseline on
// both sides (the OTLP series started a day before). Large counter bases keep Prometheus's
// extrapolation at the start (the first w minutes) the same for both counters, so it
// cancels in the ratio.

const MINUTES = 1020;
const BASE = Date.UTC(2024, 0, 1); // minute 0 for faultline; 0m for promtool
const MINUTE = 60_000;
const SEVERITIES: readonly Severity[] = ['page', 'ticket'];

let dir: string;
let counts: { requests: number[]; errors: number[] };
let tiers: BurnRateTier[];
let budget: number;
let timing: { forMs: number; keepFiringForMs: number };
let result: BacktestResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-promtool-'));
  writeFileSync(
    join(dir, 'slos.yaml'),
    `slos:
  - service: checkout
    name: requests
    objective: 99.9
    period: 30d
    sli:
      ratio: { bad: { metric: http.server.errors }, total: { metric: http.server.requests } }
`,
  );
  // The default tiers (sre-workbook), for and keep-firing; no-data and budget alerts off,
  // as the Prometheus side has no rules for them.
  writeFileSync(
    join(dir, 'faultline.yaml'),
    `slos: { files: [slos.yaml] }
alerting:
  rules:
    forMs: 0
    keepFiringForMs: 120000
    noData: { enabled: false }
    budgetExhausted: { enabled: false }
`,
  );
  const config = loadConfig({ file: join(dir, 'faultline.yaml') });
  const slos = loadSloFiles(config.slos.files);
  tiers = ruleSetsFor(slos, config.alerting.rules).get('checkout/requests')!.tiers;
  budget = 1 - slos[0]!.objective;
  timing = { forMs: config.alerting.rules.forMs, keepFiringForMs: config.alerting.rules.keepFiringForMs };

  counts = generateCounts();
  const lines = counts.requests.map((_, j) => {
    const at = { service: 'checkout', startMs: BASE - 86_400_000, timeMs: BASE + j * MINUTE - 1000 };
    return metricsJson([
      { ...at, name: 'http.server.requests', value: counts.requests[j]! },
      { ...at, name: 'http.server.errors', value: counts.errors[j]! },
    ]);
  });
  writeFileSync(join(dir, 'counters.ndjson'), ndjson(lines));

  let out = '';
  const code = await backtestCommand(
    [
      ...['--config', join(dir, 'faultline.yaml'), '--input', join(dir, 'counters.ndjson'), '--json'],
      ...['--from', iso(0), '--to', iso(MINUTES), '--step', '1m'],
    ],
    { write: (t: string) => (out += t) },
  );
  expect(code).toBe(0);
  result = JSON.parse(out) as BacktestResult;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backtest timing agrees with Prometheus', () => {
  it('fires and resolves the page and the ticket alert twice each', () => {
    expect(tiers.map((t) => t.factor)).toEqual([14.4, 6, 3, 1]);
    for (const severity of SEVERITIES) {
      const alert = result.summary.alerts.find((a) => a.severity === severity);
      expect(alert?.episodes).toHaveLength(2);
      for (const e of alert!.episodes) expect(e.resolvedAt).not.toBeNull();
    }
    // No burn rate sits on a threshold, where float rounding could decide either way.
    for (let n = 1; n <= MINUTES; n++) {
      for (const t of tiers) {
        for (const w of [t.longWindowMinutes, t.shortWindowMinutes]) {
          const burn = ratio(n, w) / budget;
          expect(Math.abs(burn / t.factor - 1)).toBeGreaterThan(1e-9);
        }
      }
    }
  });

  it('promtool finds every alert firing at exactly the minutes faultline says, and not otherwise', () => {
    const outcome = promtool(0);
    expect(outcome.status, outcome.output).toBe(0);
    expect(outcome.output).toContain('SUCCESS');
  });

  it('promtool fails when the expectation is moved by three minutes (the comparison can fail)', () => {
    expect(promtool(3).status).toBe(1);
    expect(promtool(-3).status).toBe(1);
  });
});

/** Runs `promtool test rules` expecting, at minute n, what faultline says for minute n - shift. */
function promtool(shift: number): { status: number | null; output: string } {
  writeFileSync(join(dir, 'rules.yml'), promRules({ tiers, budget, ...timing }));
  const minutes = Array.from({ length: MINUTES + 1 }, (_, n) => n);
  writeFileSync(
    join(dir, 'test.yml'),
    promTest('rules.yml', { ...counts, evalMinutes: minutes, firing: (n, s) => firing(n - shift, s) }),
  );
  const run = spawnSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
  if (run.error)
    throw new Error(`promtool did not run (${run.error.message}); on Debian: apt-get install prometheus`);
  return { status: run.status, output: `${run.stdout}${run.stderr}`.slice(0, 4000) };
}

/** Whether faultline's backtest has the alert of `severity` firing at minute n. */
function firing(n: number, severity: Severity): boolean {
  const at = BASE + n * MINUTE;
  return result.summary.alerts
    .filter((a) => a.severity === severity)
    .some((a) =>
      a.episodes.some(
        (e) => Date.parse(e.firedAt) <= at && (e.resolvedAt === null || at < Date.parse(e.resolvedAt)),
      ),
    );
}

/** The error ratio over the w minutes before minute n, from the counts (the first reading is a baseline). */
function ratio(n: number, w: number): number {
  const from = Math.max(0, n - w);
  return (counts.errors[n]! - counts.errors[from]!) / (counts.requests[n]! - counts.requests[from]!);
}

/**
 * Cumulative counts a minute apart for 17 hours: 150-270 requests a minute, an error now
 * and then (0.05 %), 8 % errors for 30 minutes from minute 121 and 30 % for 6 minutes
 * from minute 601. Deterministic (mulberry32).
 */
function generateCounts(): { requests: number[]; errors: number[] } {
  const random = seeded(0x5eed);
  const requests = [10_000_000];
  const errors = [100_000];
  for (let j = 1; j <= MINUTES; j++) {
    const req = 190 + Math.round(40 * Math.sin(j / 90)) + Math.floor(random() * 40);
    const share = j > 120 && j <= 150 ? 0.08 : j > 600 && j <= 606 ? 0.3 : 0;
    const err = share > 0 ? Math.round(req * share) : random() < 0.1 ? 1 : 0;
    requests.push(requests[j - 1]! + req);
    errors.push(errors[j - 1]! + err);
  }
  return { requests, errors };
}

function iso(minute: number): string {
  return new Date(BASE + minute * MINUTE).toISOString();
}
