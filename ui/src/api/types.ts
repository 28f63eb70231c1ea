/**
 * The shapes of the JSON APIs the dashboard reads (see docs/api.md), taken from the server's
 * own type-only module core/api-types.ts rather than restated. Where the dashboard reads
 * answers the server may leave incomplete (an older engine, an incident before its first
 * ranking), the types here loosen the shared ones instead of redeclaring them.
 */
import type * as Api from '../../../core/api-types.js';

export type {
  Alert,
  AlertState,
  BudgetBurnDown,
  BudgetPoint,
  BurnRateTierView as BurnRateTier,
  SeriesPoint as Point,
  ServiceEdge as TopologyEdge,
  TopologyNode,
  TopologyView as Topology,
  WindowStatus,
} from '../../../core/api-types.js';

/** A series answer as parsed from JSON, where a signal's key is present only with its points. */
export type SeriesAnswer = Omit<Api.SeriesAnswer, 'series'> & { series: Record<string, Api.SeriesPoint[]> };

/** A status from the SLO routes; `burnRateTiers` only when alerting is on. */
export type SloStatus = Api.SloStatusView;

/** An evidence signal; its points may be missing from an older engine's answer. */
export type EvidenceSignal = Omit<Api.EvidenceSignal, 'series'> & Partial<Pick<Api.EvidenceSignal, 'series'>>;

export type Candidate = Omit<Api.RootCauseCandidate, 'explainedBy' | 'evidence'> &
  Partial<Pick<Api.RootCauseCandidate, 'explainedBy'>> & {
    evidence: Omit<Api.RootCauseCandidate['evidence'], 'signals'> & { signals: EvidenceSignal[] };
  };

/** One alert episode of an incident: every field may be absent in what the dashboard is given. */
export type IncidentAlert = Partial<Api.IncidentAlert>;

export type TimelineEntry = Api.TimelineEntry;

/** An incident; its ranking is absent until the first one has been computed. */
export type Incident = Omit<Api.Incident, 'alerts' | 'rootCause' | 'updatedAt'> &
  Partial<Pick<Api.Incident, 'updatedAt'>> & {
    alerts: IncidentAlert[];
    rootCause?: Partial<Omit<Api.IncidentRootCause, 'candidates'>> & { candidates: Candidate[] };
  };

export type SilenceMatcher = Api.SilenceMatcher;
export type Silence = Api.Silence;
export type SilenceInput = Api.SilenceInput;
