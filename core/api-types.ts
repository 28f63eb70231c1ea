/**
 * The JSON shapes faultline's HTTP API answers, written once: the server modules that build
 * them re-export these types, and the dashboard (ui/src/api/types.ts) imports them too.
 *
 * Type-only on purpose: it imports nothing, so the UI's browser tsconfig can compile it, and
 * esbuild drops the UI's `import type` of it from the bundle. Times are ISO 8601 strings in
 * UTC unless a field says otherwise. docs/api.md describes the routes that answer them.
 */

// --- SLO status (GET /api/v1/slos, /api/v1/slos/:name, .../budget) ---

/** The kind of SLI an SLO measures. */
export type SliKind = 'availability' | 'latency' | 'metric-ratio' | 'metric-threshold';

/** An SLO's counts over one alerting window. */
export interface WindowStatus {
  /** e.g. `5m`, `1h`, `3d`. */
  window: string;
  minutes: number;
  good: number;
  total: number;
  /** bad / total; null without events. */
  errorRatio: number | null;
  /** errorRatio / (1 - objective): 1 burns the budget exactly over the period. */
  burnRate: number | null;
}

/** The status of one SLO at one instant. */
/** What a status or burn-down left out of the budget: the minutes and the events in them. */
export interface MaintenanceExclusion {
  minutes: number;
  good: number;
  total: number;
  /** The excluded ranges within the period, ISO 8601, in order. */
  windows: Array<{ from: string; to: string }>;
}

export interface SloStatus {
  id: string;
  service: string;
  name: string;
  objective: number;
  period: string;
  periodMinutes: number;
  sliKind: SliKind;
  labels: Record<string, string>;
  description?: string;
  runbookUrl?: string;
  dashboardUrl?: string;
  /** Windows end at this instant (exclusive), ISO 8601. */
  at: string;
  /** Good and total events over the whole period. */
  good: number;
  total: number;
  /** good / total over the period; null without events. */
  sli: number | null;
  /** 1 - objective. */
  errorBudget: number;
  /** Share of the period's budget left: 1 untouched, 0 spent, negative overspent. */
  errorBudgetRemaining: number;
  /**
   * True when sampled spans (an OTEP 235 threshold or the configured sampling-ratio
   * attribute) fed this SLO: its counts are estimates from adjusted counts, not exact.
   */
  sampled: boolean;
  windows: WindowStatus[];
  /**
   * Present when maintenance windows (silences with `excludeFromBudget`) cover part of the
   * period: their minutes and events, which the counts and the budget above leave out.
   */
  maintenance?: MaintenanceExclusion;
}

/** A burn-rate alert tier of an SLO as the status shows it: both windows must burn faster than `factor`. */
export interface BurnRateTierView {
  severity: string;
  longWindow: string;
  shortWindow: string;
  factor: number;
  minEvents: number;
}

/** What the SLO routes answer: the status, with its burn-rate tiers when alerting is on. */
export interface SloStatusView extends SloStatus {
  burnRateTiers?: BurnRateTierView[];
}

/** The error budget left at one instant of the current period. */
export interface BudgetPoint {
  /** ISO 8601. */
  at: string;
  /** Good and total events from the start of the period up to `at`. */
  good: number;
  total: number;
  /**
   * Share of the period's budget left at `at`: 1 - bad events so far / the bad events the
   * whole period allows (its total events x (1 - objective)). The last point equals the
   * status' `errorBudgetRemaining`.
   */
  remaining: number;
}

/** The error-budget burn-down of the rolling period that ends at `to`. */
export interface BudgetBurnDown {
  id: string;
  objective: number;
  period: string;
  periodMinutes: number;
  errorBudget: number;
  /** Start and end of the period (ISO 8601). */
  from: string;
  to: string;
  points: BudgetPoint[];
  /**
   * Present when maintenance windows (silences with `excludeFromBudget`) cover part of the
   * period: their minutes and events, which the counts and the budget above leave out.
   */
  maintenance?: MaintenanceExclusion;
}

// --- Alerts (GET /api/v1/alerts) ---

export type Severity = 'page' | 'ticket';

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

/**
 * One SLO burn-rate alert. Its identity is its label set; its fingerprint is computed from
 * the labels as Alertmanager does.
 */
export interface Alert {
  /** 16 lowercase hex digits: 64-bit FNV-1a over the sorted label names and values. */
  fingerprint: string;
  /** alertname, slo, service, severity, long_window, short_window, plus the SLO's labels. */
  labels: Record<string, string>;
  /** summary, description, burn rates, budget left, time to exhaustion, runbook, dashboard, ... */
  annotations: Record<string, string>;
  state: AlertState;
  severity: Severity;
  /** The SLO this alert is about (`service/name`). */
  sloId: string;
  service: string;
  /** When the current state began (ISO 8601). */
  since: string;
  /** When the alert last started firing, and when it resolved (ISO 8601), if it has. */
  firedAt?: string;
  resolvedAt?: string;
  /** Burn rate per window name (`5m`, `1h`, ...) at the last evaluation; null without events. */
  burnRates: Record<string, number | null>;
  /** A link back to faultline's view of the SLO. */
  generatorURL: string;
  /** Ids of the silences that kept this alert from every notifier at the last evaluation. */
  silencedBy?: string[];
  /**
   * Set while topology-aware inhibition holds this page: the page of a service below it
   * that explains it. The alert is recorded but not sent until that page resolves.
   */
  heldBy?: { fingerprint: string; sloId: string; reason: string };
  /**
   * True while the current firing episode has not been sent (it was silenced or held when
   * it fired); it is sent once nothing keeps it back while it still fires.
   */
  unsent?: boolean;
}

// --- Topology and series (GET /api/v1/topology, /api/v1/series) ---

/**
 * How a call was seen: `direct` (CLIENT and SERVER spans paired), `messaging` (PRODUCER and
 * CONSUMER), `database` (a CLIENT span with database attributes), `virtual` (one side not
 * instrumented).
 */
export type ConnectionType = 'direct' | 'database' | 'messaging' | 'virtual';

/** What a node is: an instrumented service, a database, an uninstrumented peer, or the user. */
export type NodeKind = 'service' | 'database' | 'virtual' | 'user';

export interface TopologyNode {
  id: string;
  kind: NodeKind;
}

/** An edge of the service graph, as the API shows it. */
export interface ServiceEdge {
  source: string;
  target: string;
  connectionType: ConnectionType;
  calls: number;
  failedCalls: number;
  /** failedCalls / calls. */
  errorRate: number;
  /** Mean duration seen by callers, ms; null when no call had a client side (user edges). */
  clientLatencyMeanMs: number | null;
  /** Mean duration seen by callees, ms; null when no call had a server side (database, virtual peers). */
  serverLatencyMeanMs: number | null;
  /** End of the newest call, Unix epoch ms. */
  lastSeen: number;
}

/** The service graph as the topology route answers it. */
export interface TopologyView {
  nodes: TopologyNode[];
  edges: ServiceEdge[];
}

/** One point of a series: `t` in Unix epoch ms. */
export interface SeriesPoint {
  t: number;
  v: number;
}

/** What a series describes: one service, or one directed edge (calls from `source` to `target`). */
export type SeriesSubject =
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'edge'; readonly source: string; readonly target: string };

/** The answer of `GET /api/v1/series`: points per signal name. */
export interface SeriesAnswer {
  subject: SeriesSubject;
  resolutionMs: number;
  /** Only the signals that have points. */
  series: Partial<Record<string, SeriesPoint[]>>;
}

// --- Incidents (GET /api/v1/incidents, /api/v1/incidents/:id) ---

export type IncidentStatus = 'open' | 'resolved';

/**
 * What the on-call engineer sees: an open incident nobody has acknowledged is `open`, one
 * somebody acknowledged is `acknowledged`, and `resolved` is resolved (by its alerts or by hand).
 */
export type IncidentState = 'open' | 'acknowledged' | 'resolved';

/** Who did something to an incident, and when. */
export interface IncidentActor {
  by: string;
  at: string;
}

/** Where an alert came from: faultline's own SLO alerts, or Alertmanager's webhook. */
export type AlertSource = 'faultline' | 'alertmanager';

/** One alert episode of an incident. */
export interface IncidentAlert {
  /** The episode's identity: `<source>:<fingerprint>:<start ms>`. */
  key: string;
  fingerprint: string;
  alertname: string;
  service: string;
  /** `page`, `ticket`, or whatever an external alert's `severity` label says ('' without one). */
  severity: string;
  state: 'firing' | 'resolved';
  source: AlertSource;
  /** When the episode started firing. */
  since: string;
  resolvedAt?: string;
  /** faultline alerts: the SLO id (`service/name`). */
  slo?: string;
  summary?: string;
  /** Why no notifier sent this alert when it joined (silenced, or held by inhibition with the reason). */
  notSent?: string;
  /** faultline alerts: the highest burn rate of its windows when it joined. */
  burnRate?: number;
  /** The runbook its SLO (or the Alertmanager alert's `runbook_url`) names. */
  runbookUrl?: string;
}

export type TimelineKind =
  | 'opened'
  | 'alert'
  | 'resolved'
  | 'rootcause'
  | 'acknowledged'
  | 'assigned'
  | 'note'
  | 'merged'
  | 'split';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  text: string;
  /** Who did it, for what a person did (acknowledge, assign, note, resolve, merge, split). */
  by?: string;
}

/** One signal that makes a candidate suspect, with its points around the anomaly. */
export interface EvidenceSignal {
  signal: string;
  /** Robust anomaly score of the signal in the anomaly window. */
  anomalyScore: number;
  /** Correlation with the failing SLI; null when it could not be computed. */
  correlation: number | null;
  series: SeriesPoint[];
}

export interface RootCauseCandidate {
  rank: number;
  node: string;
  score: number;
  /** The anomalous callee that explains part of this node's anomaly, if any. */
  explainedBy: string | null;
  evidence: {
    signals: EvidenceSignal[];
    /** Call path from the ranked service to this node; empty without topology. */
    path: string[];
  };
}

/** The current ranking of an incident. */
export interface IncidentRootCause {
  /** The anomaly time the ranking is for (the incident's earliest alert start). */
  at: string;
  candidates: RootCauseCandidate[];
  /** When it was computed; absent before the first ranking. */
  computedAt?: string;
  /** The service and SLI signal ranked from (the incident's most upstream alert). */
  service?: string;
  signal?: string;
  /**
   * The candidate announced as the top one. It changes only when another candidate clearly
   * overtakes it (see `announcedTop`), so a ranking see-sawing between two close candidates
   * does not send a message each time.
   */
  top?: string;
}

/** Related alerts grouped into one story, with the affected services, a timeline and the ranking. */
export interface Incident {
  id: string;
  status: IncidentStatus;
  /** The start of its first alert. */
  openedAt: string;
  resolvedAt?: string;
  /** The services of its alerts, in the order they joined. */
  services: string[];
  alerts: IncidentAlert[];
  /**
   * Related alerts not kept because the incident already held `incidents.maxAlerts`
   * (counted, not listed); absent while none were left out.
   */
  omittedAlerts?: number;
  timeline: TimelineEntry[];
  rootCause: IncidentRootCause;
  /** When it last changed. */
  updatedAt: string;
  /** Set once somebody acknowledged it. */
  acknowledged?: IncidentActor;
  /** Who owns it now (free text), who assigned it and when. */
  owner?: IncidentActor & { name: string };
  /** Who resolved it by hand; absent when its alerts resolved it. */
  resolvedBy?: string;
  /** The incident it was merged into (it is resolved then). */
  mergedInto?: string;
  /** The incident its alert was split out of. */
  splitFrom?: string;
  /**
   * The store's revision, bumped by every write: a change computed from an older revision is
   * refused, so a person's acknowledgement and the engine's update never overwrite each other.
   */
  revision?: number;
}

/** A label matcher of a silence, as Alertmanager's API v2 writes it. */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/** A silence as `GET /api/v1/silences` answers it (faultline's own or an Alertmanager's). */
export interface Silence {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  excludeFromBudget: boolean;
  /** `alertmanager` for a silence read from the configured Alertmanager. */
  source?: string;
  status: { state: 'pending' | 'active' | 'expired' };
}

/** What `POST /api/v1/silences` takes from the dashboard (matchers in Alertmanager's text syntax). */
export interface SilenceInput {
  matchers: string[];
  endsAt: string;
  createdBy: string;
  comment: string;
  excludeFromBudget: boolean;
}
