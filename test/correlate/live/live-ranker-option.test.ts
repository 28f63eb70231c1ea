import { describe, expect, it } from 'vitest';
import { type AlertSource, LiveRootCause } from '../../../correlate/live/live-root-cause.js';
import { MemorySeriesStore } from '../../../pipeline/series/memory-series-store.js';

const T = Date.UTC(2024, 0, 1, 12);

/** An alert source that records the ranges it was asked for. */
function recordingAlerts(): AlertSource & { asked: number } {
  const source = {
    asked: 0,
    async alertsBetween() {
      source.asked += 1;
      return [{ node: 'carts', startsAtMs: T }];
    },
  };
  return source;
}

describe('LiveRootCause ranker option', () => {
  it('runs the classic ranker by default and does not read alerts for it', async () => {
    const alerts = recordingAlerts();
    const live = new LiveRootCause({ series: new MemorySeriesStore(), alerts });
    expect(live.options.ranker).toBe('classic');
    await live.rank({ service: 'front-end', signal: 'latency_p99', atMs: T, lookbackMs: 1_800_000 });
    expect(alerts.asked).toBe(0);
  });

  it('reads the received alerts for the calibrated ranker', async () => {
    const alerts = recordingAlerts();
    const live = new LiveRootCause({
      series: new MemorySeriesStore(),
      alerts,
      rankOptions: { ranker: 'calibrated' },
    });
    await live.rank({ service: 'front-end', signal: 'latency_p99', atMs: T, lookbackMs: 1_800_000 });
    expect(alerts.asked).toBe(1);
  });
});
