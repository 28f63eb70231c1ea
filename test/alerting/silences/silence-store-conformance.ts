import { describe, expect, it } from 'vitest';
import { newSilence, type Silence, silencedBy } from '../../../alerting/silences/silence.js';
import type { SilenceStore } from '../../../alerting/silences/silence-store.js';

const HOUR = 3_600_000;
export const NOW = Date.parse('2025-03-01T12:00:00Z');

export const silence = (id: string, matchers: string[], from = NOW, hours = 2): Silence =>
  newSilence(
    {
      matchers,
      startsAt: new Date(from).toISOString(),
      endsAt: new Date(from + hours * HOUR).toISOString(),
      createdBy: 'oncall@example.com',
      comment: 'db maintenance',
    },
    id,
    NOW,
  );

/** The behaviour every SilenceStore adapter shares; `make` returns a new, empty store. */
export function silenceStoreConformance(name: string, make: () => Promise<SilenceStore>): void {
  describe(`SilenceStore conformance: ${name}`, () => {
    it('keeps what it was given, and finds it by id', async () => {
      const store = await make();
      const a = silence('a', ['service="checkout"', 'severity=~"page|ticket"']);
      await store.create(a);
      await store.create(silence('b', ['team!="payments"'], NOW + HOUR));
      expect(await store.get('a')).toEqual(a);
      expect((await store.list()).map((s) => s.id).sort()).toEqual(['a', 'b']);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('expires an active silence now and a pending one before it starts', async () => {
      const store = await make();
      await store.create(silence('active', ['service="checkout"']));
      await store.create(silence('pending', ['service="checkout"'], NOW + HOUR));
      const at = NOW + 10 * 60_000;
      expect((await store.expire('active', at))?.endsAt).toBe(new Date(at).toISOString());
      expect((await store.expire('pending', at))?.endsAt).toBe(new Date(NOW + HOUR).toISOString());
      const labels = { service: 'checkout' };
      expect(silencedBy(await store.list(), labels, at)).toEqual([]);
      expect(silencedBy(await store.list(), labels, NOW + HOUR + 1)).toEqual([]);
      expect(await store.expire('nope', at)).toBeUndefined();
    });

    it('leaves an expired silence as it ended', async () => {
      const store = await make();
      await store.create(silence('old', ['service="checkout"'], NOW, 1));
      expect((await store.expire('old', NOW + 3 * HOUR))?.endsAt).toBe(new Date(NOW + HOUR).toISOString());
    });

    it('forgets silences that ended before the prune time, keeps the rest', async () => {
      const store = await make();
      await store.create(silence('short', ['service="a"'], NOW, 1));
      await store.create(silence('long', ['service="b"'], NOW, 5));
      await store.prune(NOW + 2 * HOUR);
      expect((await store.list()).map((s) => s.id)).toEqual(['long']);
    });
  });
}
