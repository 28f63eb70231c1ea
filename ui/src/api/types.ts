/** The shapes of the JSON APIs the dashboard reads (see docs/api.md). */

export interface WindowStatus {
  window: string;
  minutes: number;
  good: number;
  total: number;
  errorRatio: number | null;
  burnRate: number | null;
}

export interface BurnRateTier {
  severity: string;
  longWindow: string;
  shortWindow: string;
  factor: number;
  minEvents: number;
}

export interface SloStatus {
  id: string;
  service: string;
  name: string;
  objective: number;
  period: string;
  periodMinutes: number;
  sliKind: string;
  labels: Record<string, string>;
  description?: string;
  runbookUrl?: string;
  dashboardUrl?: string;
  at: string;
  good: number;
  total: number;
  sli: number | null;
  errorBudget: number;
  errorBudgetRemaining: number;
  /** Counts are estimates from sampled spans' adjusted counts. */
  sampled: boolean;
  windows: WindowStatus[];
  /** Present when alerting is on. */
  burnRateTiers?: BurnRateTier[];
  /** Present when maintenance windows cover part of the period: what the budget left out. */
  maintenance?: { minutes: number; good: number; total: number };
}

export interface BudgetPoint {
  at: string;
  good: number;
  total: number;
  remaining: number;
}

export interface BudgetBurnDown {
  id: string;
  period: string;
  from: string;
  to: string;
  points: BudgetPoint[];
}

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

export interface Alert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  severity: string;
  sloId: string;
  service: string;
  since: string;
  firedAt?: string;
  resolvedAt?: string;
  burnRates: Record<string, number | null>;
  /** Ids of the silences that kept it from every notifier at the last evaluation. */
  silencedBy?: string[];
  /** Set while topology-aware inhibition holds this page, with the reason. */
  heldBy?: { fingerprint: string; sloId: string; reason: string };
}

export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface Silence {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  excludeFromBudget: boolean;
  source?: string;
  status: { state: 'pending' | 'active' | 'expired' };
}

/** What `POST /api/v1/silences` takes. */
export interface SilenceInput {
  matchers: string[];
  endsAt: string;
  createdBy: string;
  comment: string;
  excludeFromBudget: boolean;
}

export interface TopologyNode {
  id: string;
  kind: string;
}

export interface TopologyEdge {
  source: string;
  target: string;
  connectionType: string;
  calls: number;
  failedCalls: number;
  errorRate: number;
  clientLatencyMeanMs: number | null;
  serverLatencyMeanMs: number | null;
  lastSeen: number;
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export interface Point {
  t: number;
  v: number;
}

export interface SeriesAnswer {
  resolutionMs: number;
  series: Record<string, Point[]>;
}

export interface EvidenceSignal {
  signal: string;
  anomalyScore: number;
  /** null when it could not be computed. */
  correlation: number | null;
  series?: Point[];
}

export interface Candidate {
  node: string;
  score: number;
  rank: number;
  /** The anomalous callee that explains part of this node's anomaly. */
  explainedBy?: string | null;
  evidence: { signals: EvidenceSignal[]; path: string[] };
}

/** One alert episode of an incident. */
export interface IncidentAlert {
  key?: string;
  fingerprint?: string;
  alertname?: string;
  service?: string;
  severity?: string;
  state?: string;
  /** `faultline` or `alertmanager`. */
  source?: string;
  since?: string;
  resolvedAt?: string;
  /** The SLO id, for faultline's own alerts. */
  slo?: string;
  summary?: string;
}

export interface TimelineEntry {
  at: string | number;
  kind: string;
  text: string;
}

export interface Incident {
  id: string;
  status: 'open' | 'resolved';
  openedAt: string | number;
  resolvedAt?: string | number | null;
  services: string[];
  alerts: IncidentAlert[];
  timeline: TimelineEntry[];
  rootCause?: {
    at?: string;
    computedAt?: string;
    /** The service and SLI signal the ranking starts from. */
    service?: string;
    signal?: string;
    candidates: Candidate[];
  };
}
