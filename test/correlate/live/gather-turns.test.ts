import { describe, expect, it } from 'vitest';
import { gatherSeries } from '../../../correlate/live/gather-series.js';
import type { BucketAggregate } from '../../../pipeline/series/series-batch.js';
import { graphOf } from '../../alerting/incidents/support.js';
import { bucket, edge, STEP, storeWith, svc } from './series-fixtures.js';

// Regression: gathering a day of series ran every store query in one go. An in-memory store
// answers synchronously, so one root-cause query over 24 h held the event loop for seconds
// (100 parallel queries: /healthz unanswered for 9 s even with only 2 running at once). Now
// the gathering gives the event loop turns while it works.
const DAY = 86_400_000;
const END = Date.UTC(2025, 0, 10, 12, 0, 0);
const chain = Array.from({ length: 6 }, (_, i) => `s${i}`);

describe('gathering series for a root-cause query', () => {
  it('held the event loop for the whole day of series; now other work runs while it gathers', async () => {
    const buckets: BucketAggregate[] = [];
    for (let t = END - DAY; t < END; t += STEP) {
      for (const [i, s] of chain.entries()) {
        buckets.push(bucket(svc(s), t, { requests: 100, errors: i, latencyMs: 10 + i }));
        if (i > 0) buckets.push(bucket(edge(chain[i - 1]!, s), t, { requests: 100, latencyMs: 10 + i }));
      }
    }
    const store = await storeWith(buckets);
    const graph = graphOf(...chain.slice(1).map((s, i) => `${chain[i]}>${s}`));

    let turns = 0;
    let gathering = true;
    const spin = () => {
      turns++;
      if (gathering) setImmediate(spin);
    };
    setImmediate(spin);
    const before = turns;
    const gathered = await gatherSeries(store, graph, { service: 's0', fromMs: END - DAY, toMs: END });
    gathering = false;
    const during = turns - before;

    expect([...gathered.series.keys()].sort()).toEqual([...chain].sort());
    expect(gathered.series.get('s5')?.get('error_rate')?.length).toBe(DAY / STEP);
    // a whole day for 6 nodes takes far more than one 20 ms slice, so turns were given
    expect(during).toBeGreaterThan(0);
  });
});
