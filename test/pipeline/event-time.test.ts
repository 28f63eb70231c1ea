import { describe, expect, it } from 'vitest';
import { Watermark } from '../../pipeline/event-time.js';

describe('Watermark', () => {
  it('trails the newest accepted minute by the allowed lateness', () => {
    const w = new Watermark(5);
    w.advance(100);
    expect(w.oldestAccepted).toBe(95);
    w.advance(90);
    expect(w.oldestAccepted).toBe(95);
  });

  it('never passes the engine clock, so a future timestamp leaves live traffic on time', () => {
    const now = 1_000;
    const w = new Watermark(5, () => now);
    w.advance(now + 60 * 24 * 365);
    expect(w.oldestAccepted).toBe(now - 5);
    // An event from the previous minute (a span that ended 30 s ago) is still accepted.
    expect(now - 1).toBeGreaterThanOrEqual(w.oldestAccepted);
  });

  it('follows event time during a replay of the past', () => {
    const w = new Watermark(5, () => 1_000);
    w.advance(200);
    expect(w.oldestAccepted).toBe(195);
  });

  it('accepts events up to 5 minutes ahead of the clock, none with no clock (replays)', () => {
    expect(new Watermark(5, () => 1_000).newestAccepted).toBe(1_005);
    expect(new Watermark(5).newestAccepted).toBe(Number.POSITIVE_INFINITY);
  });
});
