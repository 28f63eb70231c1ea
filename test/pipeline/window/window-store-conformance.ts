import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignedStart } from '../../../pipeline/window/window-ranges.js';
import {
  EXACT_WINDOW_MINUTES,
  type MinuteCount,
  type SloDelta,
  type WindowStore,
} from '../../../pipeline/window/window-store.js';

const DAY = 1440;
const T0 = 29_400_000; // an epoch minute in 2025, on a day boundary

/**
 * The obviously correct answer: sum every minute in [end - w, end), or for a window longer
 * than 3 days from the first hour boundary at or after end - w (the port's contract).
 */
function oracle(counts: readonly MinuteCount[], end: number, w: number): { good: number; total: number } {
  const start = w <= EXACT_WINDOW_MINUTES ? end - w : Math.ceil((end - w) / 60) * 60;
  const sum = { good: 0, total: 0 };
  for (const c of counts) {
    if (c.minute >= start && c.minute < end) {
      sum.good += c.good;
      sum.total += c.total;
    }
  }
  return sum;
}

const delta = (sloId: string, counts: MinuteCount[], guard?: SloDelta['guard']): SloDelta => ({
  sloId,
  retentionMinutes: 90 * DAY,
  counts,
  ...(guard ? { guard } : {}),
});

/**
 * The one suite every WindowStore adapter passes. `make` returns a fresh, empty store; each
 * test uses its own SLO ids so adapters sharing a backend stay independent.
 */
export function windowStoreConformance(name: string, make: () => Promise<WindowStore>): void {
  describe(`WindowStore conformance: ${name}`, () => {
    it('answers any minute-aligned window from 1 minute to 90 days: exact up to 3 days, hour-aligned trailing edge beyond', async () => {
      const store = await make();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              minute: fc.integer({ min: T0 - 95 * DAY, max: T0 + 2 * DAY }),
              good: fc.nat(50),
              bad: fc.nat(5),
            }),
            { maxLength: 60 },
          ),
          fc.array(fc.integer({ min: 1, max: 90 * DAY }), { minLength: 1, maxLength: 7 }),
          fc.integer({ min: T0 - 3 * DAY, max: T0 + 3 * DAY }),
          async (raw, windows, end) => {
            const sloId = `exact-${name}-${run++}`;
            const counts = raw.map((r) => ({ minute: r.minute, good: r.good, total: r.good + r.bad }));
            // Two batches, so buckets hit twice are summed by the store, not by the caller.
            const half = Math.floor(counts.length / 2);
            await store.apply([delta(sloId, counts.slice(0, half))]);
            await store.apply([delta(sloId, counts.slice(half))]);
            const [got] = await store.windowCounts([{ sloId, end, windows }]);
            expect(got).toEqual(windows.map((w) => oracle(counts, end, w)));
          },
        ),
        { numRuns: 40 },
      );
      await store.close();
    });

    it('is exact at the very edges of each window, where buckets of different sizes meet', async () => {
      const store = await make();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          // Ends and lengths near hour and day multiples are where off-by-one errors hide.
          fc
            .tuple(fc.integer({ min: -48, max: 48 }), fc.constantFrom(0, 1, 2, 30, 58, 59))
            .map(([h, m]) => T0 + h * 60 + m),
          fc.array(
            fc.oneof(
              fc.integer({ min: 1, max: 90 * DAY }),
              fc
                .tuple(fc.integer({ min: 1, max: 90 }), fc.constantFrom(-61, -60, -1, 0, 1, 60, 61))
                .map(([d, n]) => Math.max(1, d * DAY + n)),
              fc
                .tuple(fc.integer({ min: 1, max: 30 }), fc.constantFrom(-1, 0, 1))
                .map(([h, n]) => h * 60 + n),
            ),
            { minLength: 1, maxLength: 4 },
          ),
          fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 1, maxLength: 5 }),
          async (end, windows, nudges) => {
            const sloId = `edges-${name}-${run++}`;
            // Data on both sides of every boundary: just inside and just outside each window.
            const minutes = new Set<number>();
            for (const w of windows) for (const n of nudges) minutes.add(end - w + n).add(end - 1 + n);
            const counts = [...minutes].map((minute, i) => ({ minute, good: i + 1, total: 2 * i + 3 }));
            await store.apply([delta(sloId, counts)]);
            const [got] = await store.windowCounts([{ sloId, end, windows }]);
            expect(got).toEqual(windows.map((w) => oracle(counts, end, w)));
          },
        ),
        { numRuns: 60 },
      );
      await store.close();
    });

    it('sums the standard burn-rate windows over a realistic month of traffic', async () => {
      const store = await make();
      const counts: MinuteCount[] = [];
      for (let m = T0 - 30 * DAY; m < T0; m += 7)
        counts.push({ minute: m, good: 100 + (m % 13), total: 101 + (m % 13) });
      await store.apply([delta('month', counts)]);
      const windows = [5, 30, 60, 120, 360, DAY, 3 * DAY, 28 * DAY, 30 * DAY];
      const end = T0 - 17;
      const [got] = await store.windowCounts([{ sloId: 'month', end, windows }]);
      expect(got).toEqual(windows.map((w) => oracle(counts, end, w)));
      await store.close();
    });

    it('is exact at one-minute alignment for every window up to 3 days, minutes on both sides of each edge', async () => {
      const store = await make();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: T0 - DAY, max: T0 + DAY }),
          fc.array(fc.integer({ min: 1, max: EXACT_WINDOW_MINUTES }), { minLength: 1, maxLength: 7 }),
          async (end, windows) => {
            const sloId = `exact3d-${name}-${run++}`;
            const minutes = new Set<number>();
            for (const w of windows)
              for (const n of [-2, -1, 0, 1]) minutes.add(end - w + n).add(end - 1 + n);
            const counts = [...minutes].map((minute, i) => ({ minute, good: i, total: 2 * i + 1 }));
            await store.apply([delta(sloId, counts)]);
            const [got] = await store.windowCounts([{ sloId, end, windows }]);
            // The plain sum over [end - w, end): no alignment at all up to 3 days.
            expect(got).toEqual(
              windows.map((w) => {
                const inside = counts.filter((c) => c.minute >= end - w && c.minute < end);
                return {
                  good: inside.reduce((n, c) => n + c.good, 0),
                  total: inside.reduce((n, c) => n + c.total, 0),
                };
              }),
            );
          },
        ),
        { numRuns: 40 },
      );
      await store.close();
    });

    it('starts a window longer than 3 days at the hour boundary at or after its start: at most 59 minutes left out', async () => {
      const store = await make();
      const end = T0 + 7 * 60 + 23; // 07:23
      const period = 28 * DAY;
      // One event in each of the 60 minutes around the period's start (nominal start 07:23).
      const counts = Array.from({ length: 120 }, (_, i) => ({
        minute: end - period - 60 + i,
        good: 1,
        total: 1,
      }));
      await store.apply([delta('aligned', counts)]);
      const [got] = await store.windowCounts([
        { sloId: 'aligned', end, windows: [period, period + 23, period - 37, EXACT_WINDOW_MINUTES + 1] },
      ]);
      // Nominal start 07:23 -> 08:00: the 37 events of 07:23..07:59 are left out of 60 inside.
      expect(alignedStart(end, period)).toBe(end - period + 37);
      expect(got?.[0]).toEqual({ good: 23, total: 23 });
      // A start on the hour (07:00) is exact: 07:00..08:22.
      expect(got?.[1]).toEqual({ good: 83, total: 83 });
      expect(got?.[2]).toEqual({ good: 23, total: 23 });
      expect(got?.[3]).toEqual({ good: 0, total: 0 });
      await store.close();
    });

    it('sums signed increments (a bad-event counter subtracts from good in its own minute)', async () => {
      const store = await make();
      await store.apply([
        delta('signed', [
          { minute: T0, good: -3, total: 0 },
          { minute: T0 + 1, good: 10, total: 10 },
        ]),
      ]);
      const [got] = await store.windowCounts([{ sloId: 'signed', end: T0 + 2, windows: [1, 2] }]);
      expect(got).toEqual([
        { good: 10, total: 10 },
        { good: 7, total: 10 },
      ]);
      await store.close();
    });

    it('answers zero for unknown SLOs and empty windows', async () => {
      const store = await make();
      const [got] = await store.windowCounts([{ sloId: 'nothing-here', end: T0, windows: [5, DAY] }]);
      expect(got).toEqual([
        { good: 0, total: 0 },
        { good: 0, total: 0 },
      ]);
      await store.close();
    });

    it('keeps SLOs apart, including ids with braces and slashes', async () => {
      const store = await make();
      await store.apply([
        delta('checkout/{avail}', [{ minute: T0, good: 1, total: 2 }]),
        delta('checkout/latency', [{ minute: T0, good: 5, total: 5 }]),
      ]);
      const got = await store.windowCounts([
        { sloId: 'checkout/{avail}', end: T0 + 1, windows: [1] },
        { sloId: 'checkout/latency', end: T0 + 1, windows: [1] },
      ]);
      expect(got).toEqual([[{ good: 1, total: 2 }], [{ good: 5, total: 5 }]]);
      await store.close();
    });

    it('applies a guarded delta once: a redelivered batch is a duplicate, an overlap a conflict', async () => {
      const store = await make();
      const id = `guard-${name}`;
      const stream = 'otlp_spans:3';
      const one = [{ minute: T0, good: 9, total: 10 }];
      expect(await store.apply([delta(id, one, { stream, from: 0, next: 100 })])).toEqual(['applied']);
      expect(await store.apply([delta(id, one, { stream, from: 0, next: 100 })])).toEqual(['duplicate']);
      expect(await store.apply([delta(id, one, { stream, from: 50, next: 150 })])).toEqual(['conflict']);
      expect(await store.apply([delta(id, one, { stream, from: 100, next: 150 })])).toEqual(['applied']);
      // Another partition of the same topic is its own stream.
      expect(await store.apply([delta(id, one, { stream: 'otlp_spans:4', from: 0, next: 10 })])).toEqual([
        'applied',
      ]);
      const [got] = await store.windowCounts([{ sloId: id, end: T0 + 1, windows: [1] }]);
      expect(got).toEqual([{ good: 27, total: 30 }]);
      expect(await store.appliedOffsets(stream, [id, 'never-written'])).toEqual(new Map([[id, 150]]));
      await store.close();
    });

    it('a guarded delta with no counts still records its offset', async () => {
      const store = await make();
      const id = `empty-guard-${name}`;
      expect(await store.apply([delta(id, [], { stream: 's:0', from: 0, next: 7 })])).toEqual(['applied']);
      expect(await store.appliedOffsets('s:0', [id])).toEqual(new Map([[id, 7]]));
      await store.close();
    });

    it('sums concurrent writers of one SLO exactly (consumer-group members on other partitions)', async () => {
      // One store, calls in flight together (make() may hand out stores that share nothing).
      const a = await make();
      const b = a;
      const id = `concurrent-${name}`;
      // 40 batches per writer, all into the same minutes (and so the same strings, created by whichever lands first).
      const batch = (k: number) => [
        { minute: T0 + (k % 5), good: 2, total: 3 },
        { minute: T0 - 3 * DAY + (k % 7), good: 1, total: 1 },
      ];
      const writes = Array.from({ length: 40 }, (_, k) => [
        a.apply([delta(id, batch(k), { stream: 'otlp_spans:0', from: k, next: k + 1 })]),
        b.apply([delta(id, batch(k), { stream: 'otlp_spans:1', from: k, next: k + 1 })]),
      ]).flat();
      // Each writer's batches of one partition must land in order; the two partitions race.
      const outcomes = await Promise.all(writes);
      expect(outcomes.flat().every((o) => o === 'applied')).toBe(true);
      const [got] = await a.windowCounts([{ sloId: id, end: T0 + 5, windows: [5, 3 * DAY + 5] }]);
      expect(got).toEqual([
        { good: 160, total: 240 },
        { good: 240, total: 320 },
      ]);
      await a.close();
    });

    it('answers ping', async () => {
      const store = await make();
      expect(await store.ping()).toBe(true);
      await store.close();
    });
  });
}
