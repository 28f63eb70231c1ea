import { downstreamIn } from '../correlate/live/call-graph.js';
import type { ServiceGraph } from '../topology/service-graph.js';
import type { Alert } from './alert.js';

/**
 * Topology-aware inhibition: one failing dependency makes every caller's SLO burn, and
 * each of those pages says the same thing. While a service's page is firing and the
 * topology shows it (directly or through others) below another paging service, the
 * caller's page is held: recorded, joined to the incident, not sent, with the reason. It
 * is released (and sent, if it still fires) once no paging service is below it.
 *
 * Only strictly-below counts: two services that call each other never hold each other, so
 * a cycle in the graph cannot hold every page of an outage.
 */

/** The page that holds each held page, by the held alert's fingerprint. */
export type Holds = Map<string, NonNullable<Alert['heldBy']>>;

const isFiringPage = (a: Alert) => a.severity === 'page' && a.state === 'firing';

/** Which of `alerts` (one evaluation's) are held, and by which page of a service below them. */
export function inhibitions(alerts: readonly Alert[], graph: ServiceGraph | undefined): Holds {
  const holds: Holds = new Map();
  if (graph === undefined) return holds;
  const pages = alerts.filter(isFiringPage);
  const below = new Map<string, Set<string>>();
  const downstream = (service: string): Set<string> => {
    let set = below.get(service);
    if (set === undefined) {
      set = graph.hasNode(service) ? downstreamIn(graph, service) : new Set([service]);
      set.delete(service);
      below.set(service, set);
    }
    return set;
  };
  const strictlyBelow = (callee: string, caller: string) =>
    downstream(caller).has(callee) && !downstream(callee).has(caller);

  for (const page of pages) {
    const callees = pages.filter((p) => p.service !== page.service && strictlyBelow(p.service, page.service));
    if (callees.length === 0) continue;
    // The deepest paging callee (none paging below it) is the one to name: the likely cause.
    const root =
      callees.find((c) => !callees.some((d) => d !== c && strictlyBelow(d.service, c.service))) ??
      callees[0]!;
    holds.set(page.fingerprint, {
      fingerprint: root.fingerprint,
      sloId: root.sloId,
      reason: `held: ${page.service} calls ${root.service} (below it in the topology), whose page on ${root.sloId} is firing`,
    });
  }
  return holds;
}

/** The alert with its hold set from `holds`, or cleared. */
export function withHold(alert: Alert, holds: Holds): Alert {
  const hold = holds.get(alert.fingerprint);
  const { heldBy: _was, ...rest } = alert;
  return hold === undefined ? rest : { ...rest, heldBy: hold };
}
