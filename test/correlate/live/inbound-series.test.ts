import { describe, expect, it } from 'vitest';
import { foldInbound } from '../../../correlate/live/inbound-series.js';

describe('foldInbound', () => {
  it('sums calls and errors over callers and weights their latencies by calls', () => {
    const folded = foldInbound([
      {
        requests: [
          { t: 0, v: 3 },
          { t: 10, v: 1 },
        ],
        errors: [
          { t: 0, v: 3 },
          { t: 10, v: 0 },
        ],
        latency_p99: [
          { t: 0, v: 100 },
          { t: 10, v: 50 },
        ],
      },
      { requests: [{ t: 0, v: 1 }], errors: [{ t: 0, v: 0 }], latency_p99: [{ t: 0, v: 20 }] },
    ]);
    expect(folded.get('inbound_requests')).toEqual([
      { t: 0, v: 4 },
      { t: 10, v: 1 },
    ]);
    expect(folded.get('inbound_errors')).toEqual([
      { t: 0, v: 3 },
      { t: 10, v: 0 },
    ]);
    expect(folded.get('inbound_error_rate')).toEqual([
      { t: 0, v: 0.75 },
      { t: 10, v: 0 },
    ]);
    expect(folded.get('inbound_latency_p99')).toEqual([
      { t: 0, v: 80 },
      { t: 10, v: 50 },
    ]);
    expect(folded.has('inbound_latency_p50')).toBe(false);
  });

  it('folds points that are off a common grid by their exact time', () => {
    const folded = foldInbound([
      {
        requests: [
          { t: 0, v: 1 },
          { t: 25, v: 2 },
        ],
        errors: [{ t: 25, v: 1 }],
      },
      { requests: [{ t: 10, v: 1 }], latency_p50: [{ t: 10, v: 7 }] },
    ]);
    expect(folded.get('inbound_error_rate')).toEqual([
      { t: 0, v: 0 },
      { t: 10, v: 0 },
      { t: 25, v: 0.5 },
    ]);
    expect(folded.get('inbound_latency_p50')).toEqual([{ t: 10, v: 7 }]);
  });

  it('gives no points where no caller made a call', () => {
    expect(foldInbound([{ requests: [], errors: [] }]).size).toBe(0);
    expect(foldInbound([])).toEqual(new Map());
  });
});
