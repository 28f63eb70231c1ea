import { describe, expect, it } from 'vitest';
import type { Alert, Incident } from '../../ui/src/api/types.js';
import { perMinuteRatio, sloMarkers } from '../../ui/src/views/slo-signal-data.js';

const T = Date.UTC(2026, 0, 5, 12);

describe("the SLO page's error-rate chart", () => {
  it('computes errors / requests per minute from the 10 s per-second rates', () => {
    const requests = [0, 1, 2, 3, 4, 5, 6].map((i) => ({ t: T + i * 10_000, v: 2 }));
    const errors = [
      { t: T + 10_000, v: 0.3 },
      { t: T + 60_000, v: 1 },
    ];
    expect(perMinuteRatio(errors, requests)).toEqual([
      { t: T, v: 0.3 / 12 },
      { t: T + 60_000, v: 0.5 },
    ]);
  });

  it('marks each alert once when it fired (or went pending) and the incident anomaly', () => {
    const alert = (severity: string, since: string, firedAt?: string) =>
      ({ severity, since, ...(firedAt === undefined ? {} : { firedAt }) }) as Alert;
    const incident = { rootCause: { at: new Date(T).toISOString(), candidates: [] } } as unknown as Incident;
    const markers = sloMarkers(
      [
        alert('page', new Date(T + 5_000).toISOString(), new Date(T + 20_000).toISOString()),
        alert('page', new Date(T + 5_000).toISOString(), new Date(T + 20_000).toISOString()),
        alert('ticket', new Date(T + 30_000).toISOString()),
      ],
      incident,
    );
    expect(markers).toEqual([
      { t: T, label: 'anomaly', kind: 'anomaly' },
      { t: T + 20_000, label: 'page fired', kind: 'alert' },
      { t: T + 30_000, label: 'ticket pending', kind: 'alert' },
    ]);
  });
});
