import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../core/clock.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { parseSloDocuments } from '../../pipeline/slo/load-slos.js';
import { sdkSpans } from '../support/otel-spans.js';

// The whole engine on embedded defaults: spans posted over OTLP/HTTP become SLO status on
// the API and Sloth-named series on /metrics.
const slos = parseSloDocuments(
  `slos:
  - service: checkout
    name: availability
    objective: 99
    period: 30d
    labels: { team: payments }
    sli:
      availability: {}
  - service: checkout
    name: get-latency
    objective: 99
    period: 30d
    sli:
      latency: { threshold: 10s, attributes: { http.request.method: GET } }
  - service: checkout
    name: post-latency
    objective: 99
    period: 30d
    sli:
      latency: { threshold: 10s, attributes: { http.request.method: POST } }
`,
  'inline.yaml',
);

let running: RunningParts;
let api: string;
let otlp: string;
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  const config = loadConfig({ env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' } });
  running = createEngine(config, { logger: silentLogger(), slos, clock });
  await running.engine.start();
  api = `http://127.0.0.1:${running.api.address().port}`;
  otlp = `http://127.0.0.1:${running.otlp!.address().port}`;
  // 30 traces: the server span of each is a request to checkout; sdkSpans fails none of
  // the server spans, so send a second batch whose server spans carry errors.
  const spans = await sdkSpans('checkout', 30);
  const body = ProtobufTraceSerializer.serializeRequest(spans)!;
  const res = await fetch(`${otlp}/v1/traces`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-protobuf' },
  });
  expect(res.status).toBe(200);
});
afterAll(async () => running.engine.close());

interface Status {
  id: string;
  good: number;
  total: number;
  sli: number | null;
  errorBudgetRemaining: number;
  windows: Array<{ window: string; total: number; burnRate: number | null }>;
}

describe('SLO status API', () => {
  it('lists SLOs with period counts and every alerting window', async () => {
    const res = await fetch(`${api}/api/v1/slos`);
    expect(res.status).toBe(200);
    const { slos: list } = (await res.json()) as { slos: Status[] };
    expect(list.map((x) => x.id).sort()).toEqual([
      'checkout/availability',
      'checkout/get-latency',
      'checkout/post-latency',
    ]);
    const s = list.find((x) => x.id === 'checkout/availability')!;
    expect(s).toMatchObject({
      id: 'checkout/availability',
      good: 30,
      total: 30,
      sli: 1,
      errorBudgetRemaining: 1,
    });
    expect(s.windows.map((w) => w.window)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    expect(s.windows[0]).toMatchObject({ total: 30, burnRate: 0 });
  });

  it('filters spans by attributes the decoders kept because an SLO selects on them', async () => {
    const get = (await (await fetch(`${api}/api/v1/slos/checkout/get-latency`)).json()) as Status;
    const post = (await (await fetch(`${api}/api/v1/slos/checkout/post-latency`)).json()) as Status;
    expect([get.total, post.total]).toEqual([30, 0]);
  });

  it('finds one SLO by id, by service and name, and by a unique name', async () => {
    for (const path of ['checkout%2Favailability', 'checkout/availability', 'availability']) {
      const res = await fetch(`${api}/api/v1/slos/${path}`);
      expect(res.status, path).toBe(200);
      expect(((await res.json()) as Status).id).toBe('checkout/availability');
    }
    const missing = await fetch(`${api}/api/v1/slos/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('FL_API_NOT_FOUND');
  });

  it('answers for a past instant with at=, and rejects a malformed one', async () => {
    const past = Math.floor(clock.now() / 1000) - 7200;
    const res = await fetch(`${api}/api/v1/slos/availability?at=${past}`);
    expect(((await res.json()) as Status).windows[0]!.total).toBe(0);
    const bad = await fetch(`${api}/api/v1/slos?at=yesterday`);
    expect(bad.status).toBe(400);
  });

  it("exposes Sloth's recording-rule names and labels on /metrics", async () => {
    // The gauges show the last status evaluation (made on the alert evaluation's schedule).
    await running.statusRefresher.runOnce();
    const text = await (await fetch(`${api}/metrics`)).text();
    const labels = 'sloth_service="checkout",sloth_slo="availability",sloth_id="checkout-availability"';
    expect(text).toContain(`slo:objective:ratio{${labels}} 0.99`);
    expect(text).toContain(`slo:sli_error:ratio_rate5m{${labels},sloth_window="5m"} 0`);
    expect(text).toContain(`slo:sli_error:ratio_rate30d{${labels},sloth_window="30d"} 0`);
    expect(text).toContain(`slo:period_error_budget_remaining:ratio{${labels}} 1`);
    expect(text).toContain(`slo:time_period:days{${labels}} 30`);
    expect(text).toMatch(/slo:error_budget:ratio\{[^}]+\} 0\.01/);
    expect(text).toContain(
      'sloth_slo_info{sloth_id="checkout-availability",sloth_service="checkout",sloth_slo="availability",sloth_objective="99",sloth_spec="faultline/v1",sloth_mode="faultline",sloth_version="0.1.0"} 1',
    );
  });

  it('serves the signal series of a service from the same ingest', async () => {
    const res = await fetch(`${api}/api/v1/series?service=checkout&signal=requests&signal=latency_p99`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      resolutionMs: number;
      series: { requests: Array<{ t: number; v: number }>; latency_p99: Array<{ v: number }> };
    };
    const calls = body.series.requests.reduce((a, p) => a + (p.v * body.resolutionMs) / 1000, 0);
    expect(Math.round(calls)).toBe(30);
    expect(body.series.latency_p99.length).toBeGreaterThan(0);
    const bad = await fetch(`${api}/api/v1/series?service=checkout&signal=cpu`);
    expect(bad.status).toBe(400);
    expect((await fetch(`${api}/api/v1/series`)).status).toBe(400);
  });

  it('a time past what a Date can hold answered 500, not 400 with a stable code', async () => {
    const huge = '99999999999999999';
    for (const path of [
      `/api/v1/slos?at=${huge}`,
      `/api/v1/slos/checkout/availability?at=${huge}`,
      `/api/v1/topology?at=${huge}`,
      `/api/v1/series?service=checkout&to=${huge}`,
      `/api/v1/rootcause?service=checkout&at=${huge}`,
    ]) {
      const res = await fetch(`${api}${path}`);
      expect([path, res.status]).toEqual([path, 400]);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FL_API_BAD_REQUEST');
    }
  });
});
