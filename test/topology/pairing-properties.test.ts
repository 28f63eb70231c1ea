import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import type { SpanRecord } from '../../ingest/records.js';
import { TopologyBuilder } from '../../topology/topology-builder.js';
import { totals } from './fixtures.js';
import { CLOCK_MS, spansOf, traceSpec } from './trace-model.js';

/** Feeds `batches` to a fresh builder, expires what is left and returns the edge totals. */
function run(batches: readonly SpanRecord[][]) {
  const builder = new TopologyBuilder({ clock: new ManualClock(CLOCK_MS) });
  for (const batch of batches) builder.addSpans(batch);
  builder.expireAll();
  return { totals: totals(builder.drain()), counts: builder.counts, pending: builder.pendingSpans };
}

/** An arbitrary delivery of `spans`: shuffled, some delivered twice, cut into batches. */
function delivery(spans: readonly SpanRecord[]) {
  return fc
    .tuple(
      fc.shuffledSubarray([...spans.keys()], { minLength: 0, maxLength: spans.length }),
      fc.array(fc.nat(), { minLength: spans.length * 2, maxLength: spans.length * 2 }),
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 50 }),
    )
    .map(([dupIndexes, sortKeys, cuts]) => {
      const all = [...spans, ...dupIndexes.map((i) => spans[i]!)];
      const order = all.map((s, i) => ({ s, k: sortKeys[i] ?? i })).sort((a, b) => a.k - b.k);
      const batches: SpanRecord[][] = [];
      let at = 0;
      for (let c = 0; at < order.length; c++) {
        const size = cuts[c % cuts.length]!;
        batches.push(order.slice(at, at + size).map((o) => o.s));
        at += size;
      }
      return { batches, duplicates: dupIndexes.length };
    });
}

describe('span pairing properties', () => {
  it('finds exactly the calls the traces made, in any order, batching and with duplicates', () => {
    const scenario = fc
      .array(traceSpec, { minLength: 1, maxLength: 6 })
      .map(spansOf)
      .chain((model) => delivery(model.spans).map((d) => ({ ...model, ...d })));
    fc.assert(
      fc.property(scenario, ({ spans, expected, batches, duplicates }) => {
        const inOrder = run([spans]);
        const delivered = run(batches);
        expect(Object.fromEntries(inOrder.totals)).toEqual(Object.fromEntries(expected));
        expect(Object.fromEntries(delivered.totals)).toEqual(Object.fromEntries(expected));
        expect(delivered.counts.duplicates).toBe(duplicates);
        expect(delivered.counts.unpaired).toEqual(inOrder.counts.unpaired);
        expect(delivered.pending).toBe(0);
        // Only uninstrumented peers stay unpaired, and each becomes a virtual edge.
        const { client_virtual, ...others } = delivered.counts.unpaired;
        expect(Object.values(others).every((n) => n === 0)).toBe(true);
        expect(client_virtual).toBe(
          [...expected.keys()]
            .filter((k) => k.includes('->ext-'))
            .reduce((sum, k) => sum + expected.get(k)!.calls, 0),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('pairs a trace split across batches the same as in one batch', () => {
    fc.assert(
      fc.property(fc.array(traceSpec, { minLength: 1, maxLength: 4 }), fc.nat(), (traces, cut) => {
        const { spans, expected } = spansOf(traces);
        const at = cut % (spans.length + 1);
        expect(Object.fromEntries(run([spans.slice(at), spans.slice(0, at)]).totals)).toEqual(
          Object.fromEntries(expected),
        );
      }),
      { numRuns: 200 },
    );
  });
});
