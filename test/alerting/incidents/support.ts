import type { Alert } from '../../../alerting/alert.js';
import {
  IncidentDispatcher,
  type IncidentDispatcherOptions,
} from '../../../alerting/incidents/incident-dispatcher.js';
import {
  IncidentManager,
  type IncidentManagerOptions,
} from '../../../alerting/incidents/incident-manager.js';
import type { IncidentNotifier } from '../../../alerting/incidents/incident-notifier.js';
import type { IncidentStore } from '../../../alerting/incidents/incident-store.js';
import { MemoryIncidentStore } from '../../../alerting/incidents/memory-incident-store.js';
import { MemoryLease } from '../../../alerting/lease.js';
import type { ExternalAlert } from '../../../alerting/receiver/external-alert-store.js';
import { ManualClock } from '../../../core/clock.js';
import type { Incident, IncidentRootCause } from '../../../correlate/incidents/incident.js';
import { buildServiceGraph, type ServiceGraph } from '../../../topology/service-graph.js';

export const MIN = 60_000;
export const T0 = Date.UTC(2025, 0, 10, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

/** A call graph from `a>b` pairs. */
export function graphOf(...pairs: string[]): ServiceGraph {
  return buildServiceGraph(
    pairs.map((p) => {
      const [source = '', target = ''] = p.split('>');
      return {
        source,
        target,
        connectionType: 'direct',
        sourceKind: 'service',
        targetKind: 'service',
        calls: 10,
        failedCalls: 0,
        clientLatencySumUs: 0,
        clientCalls: 0,
        serverLatencySumUs: 0,
        serverCalls: 0,
        lastSeenMs: T0,
      };
    }),
  );
}

/** A faultline alert on `service` that fired at `firedMs` (and resolved at `resolvedMs`). */
export function alert(
  service: string,
  firedMs: number,
  over: Partial<Alert> & { resolvedMs?: number } = {},
): Alert {
  const { resolvedMs, ...rest } = over;
  const name = rest.labels?.alertname ?? 'SLOBurnRatePage';
  return {
    fingerprint: `${service}-${name}`.padEnd(16, '0').slice(0, 16),
    labels: { alertname: name, slo: `${service}/availability`, service, severity: 'page' },
    annotations: { summary: `${service} burns` },
    state: resolvedMs === undefined ? 'firing' : 'resolved',
    severity: 'page',
    sloId: `${service}/availability`,
    service,
    since: iso(resolvedMs ?? firedMs),
    firedAt: iso(firedMs),
    ...(resolvedMs === undefined ? {} : { resolvedAt: iso(resolvedMs) }),
    burnRates: {},
    generatorURL: 'http://faultline.test',
    ...rest,
  };
}

/** An Alertmanager alert on `service` starting at `startMs`. */
export function external(service: string, startMs: number, fingerprint = 'aaaaaaaaaaaaaaaa'): ExternalAlert {
  return {
    fingerprint,
    status: 'firing',
    labels: { alertname: 'HighLatency', service, severity: 'warning' },
    annotations: {},
    startsAt: iso(startMs),
    service,
    receivedAt: iso(startMs),
    source: { receiver: 'faultline', groupKey: 'g', externalURL: 'http://am' },
  };
}

/** A ranker whose top candidate the test sets; `calls` counts rankings. */
export class FakeRanker {
  readonly settleMs = 10 * MIN;
  top = 'db';
  calls = 0;

  async rank(
    incident: Incident,
    _graph: ServiceGraph | undefined,
    nowMs: number,
  ): Promise<IncidentRootCause> {
    this.calls++;
    const candidates = [this.top, 'other'].map((node, i) => ({
      rank: i + 1,
      node,
      score: 10 - i * 5,
      explainedBy: null,
      evidence: { signals: [], path: [incident.services[0] ?? '', node] },
    }));
    return { at: incident.openedAt, computedAt: iso(nowMs), candidates };
  }
}

/** A dispatcher with short backoffs for tests, claims held a minute. */
export function testDispatcher(
  store: IncidentStore,
  notifiers: IncidentNotifier[],
  clock: ManualClock,
  over: Partial<IncidentDispatcherOptions> = {},
): IncidentDispatcher {
  return new IncidentDispatcher({
    store,
    notifiers,
    intervalMs: 1000,
    initialBackoffMs: 10,
    maxBackoffMs: 100,
    maxAttempts: 3,
    claimTimeoutMs: 60_000,
    clock,
    ...over,
  });
}

export interface Harness {
  clock: ManualClock;
  store: MemoryIncidentStore;
  manager: IncidentManager;
  ranker: FakeRanker;
  alerts: Alert[];
  externals: ExternalAlert[];
  lease: MemoryLease;
  graph: { current: ServiceGraph | undefined };
}

/** A manager over memory stores with a manual clock, holding its lease; tests change `alerts`. */
export async function harness(
  over: Partial<IncidentManagerOptions> = {},
  graph?: ServiceGraph,
): Promise<Harness> {
  const clock = new ManualClock(T0);
  const lease = new MemoryLease({ periodMs: 3_600_000 });
  await lease.acquire();
  const store = new MemoryIncidentStore({ retentionMs: 7 * 1440 * MIN, maxResolved: 100 }, (t) =>
    lease.holds(t),
  );
  const ranker = new FakeRanker();
  const alerts: Alert[] = [];
  const externals: ExternalAlert[] = [];
  const g = { current: graph };
  let n = 0;
  const manager = new IncidentManager({
    store,
    lease,
    alerts: async () => alerts,
    externalAlerts: { list: async () => externals },
    topology: { graphAt: async () => g.current ?? buildServiceGraph([]) },
    ranker,
    notifiers: ['memory'],
    grouping: { windowMs: 10 * MIN, maxHops: 2, quietMs: 10 * MIN },
    refreshMs: MIN,
    clock,
    newId: () => `inc-${++n}`,
    ...over,
  });
  return { clock, store, manager, ranker, alerts, externals, lease, graph: g };
}
