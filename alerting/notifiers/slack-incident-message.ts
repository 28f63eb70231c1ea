import { describeAlert } from '../../correlate/incidents/grouping.js';
import type { Incident, IncidentAlert, TimelineKind } from '../../correlate/incidents/incident.js';
import type { IncidentEvent, IncidentEventKind } from '../../correlate/incidents/incident-events.js';
import { incidentState } from '../../correlate/incidents/lifecycle.js';
import {
  escapeMrkdwn,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackButton,
  type SlackMessage,
  truncate,
} from './slack-message.js';

/** Alerts shown in one message; the rest are counted. */
const SHOWN_ALERTS = 10;

/** The `action_id`s of the message's buttons, as the interactivity endpoint reads them. */
export const INCIDENT_ACTIONS = {
  acknowledge: 'faultline_incident_acknowledge',
  resolve: 'faultline_incident_resolve',
  silence: 'faultline_incident_silence_1h',
} as const;

export interface IncidentMessageOptions {
  channel?: string;
  /** The dashboard's incident page of this incident. */
  link?: string;
  /** Add the Acknowledge, Resolve and Silence 1h buttons (Slack app mode, open incidents). */
  buttons?: boolean;
}

/**
 * The Block Kit message of an incident as it stands at `event`: what on-call needs first.
 * The header names the top root-cause candidate; then that candidate's strongest evidence
 * and path, the incident's state (acknowledged, owner, how long it has been open), the
 * alerts with paging ones before tickets, each with its burn rate and runbook, and a context
 * line with the id and the dashboard link. Every text is escaped and cut to Slack's limits.
 */
export function buildIncidentMessage(
  event: IncidentEvent,
  options: IncidentMessageOptions = {},
): SlackMessage {
  const { incident } = event;
  const top = topCandidate(incident);
  const state = incidentState(incident);
  const emoji =
    state === 'resolved' ? ':white_check_mark:' : state === 'acknowledged' ? ':eyes:' : ':rotating_light:';
  const lead = top === undefined ? 'Incident' : `${top.node} is the likely cause`;
  const title = `${emoji} ${state === 'resolved' ? 'Resolved: ' : ''}${lead} (${serviceList(incident.services)})`;
  // A webhook posts a new message per event: it says which transition it is about. An app's
  // living message shows the incident as it stands and puts transitions in its thread.
  const reply = options.buttons ? undefined : transitionReply(event);
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.headerText), emoji: true },
    },
    ...(reply === undefined ? [] : [section(`_${reply}_`)]),
    section(candidateText(incident)),
    section(stateText(incident, event.at)),
    section(alertsText(incident)),
  ];
  const context = [`incident \`${escapeMrkdwn(incident.id)}\``];
  if (options.link !== undefined && /^https?:\/\/[^\s<>|]+$/i.test(options.link))
    context.push(`<${options.link}|Open in faultline>`);
  blocks.push({
    type: 'context',
    elements: context.map((text) => ({
      type: 'mrkdwn' as const,
      text: truncate(text, SLACK_LIMITS.sectionText),
    })),
  });
  if (options.buttons && state !== 'resolved') blocks.push({ type: 'actions', elements: buttons(incident) });
  const fallback = `${state === 'resolved' ? 'Resolved: ' : 'Incident: '}${top === undefined ? '' : `${top.node} likely cause — `}${incident.alerts.length} alert(s) on ${incident.services.join(', ')}`;
  return {
    text: truncate(fallback, SLACK_LIMITS.fallbackText),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
    ...(options.channel === undefined ? {} : { channel: options.channel }),
  };
}

/** The timeline entry kind each event's threaded reply quotes; `opened` gets none (it is the message). */
const REPLY_KIND: Record<IncidentEventKind, TimelineKind | undefined> = {
  opened: undefined,
  top: 'rootcause',
  resolved: 'resolved',
  acknowledged: 'acknowledged',
  assigned: 'assigned',
  merged: 'merged',
  split: 'split',
};

/**
 * The short threaded reply of a transition: the incident's latest timeline entry of that
 * kind (`Acknowledged by ana`, `Top candidate: orders (12.40); ...`), or undefined for
 * `opened`.
 */
export function transitionReply(event: IncidentEvent): string | undefined {
  const kind = REPLY_KIND[event.kind];
  if (kind === undefined) return undefined;
  const entry = event.incident.timeline.findLast((t) => t.kind === kind);
  return truncate(escapeMrkdwn(entry?.text ?? `Incident ${event.kind}`), SLACK_LIMITS.sectionText);
}

function topCandidate(incident: Incident) {
  const node = incident.rootCause.top ?? incident.rootCause.candidates[0]?.node;
  return incident.rootCause.candidates.find((c) => c.node === node);
}

function candidateText(incident: Incident): string {
  const top = topCandidate(incident);
  if (top === undefined) return '*Root cause*\nNot ranked yet (no series around the alert time).';
  const strongest = [...top.evidence.signals].sort((a, b) => b.anomalyScore - a.anomalyScore)[0];
  const evidence =
    strongest === undefined
      ? 'no single signal stands out'
      : `${strongest.signal} anomaly ${strongest.anomalyScore.toFixed(1)}${strongest.correlation === null ? '' : `, r=${strongest.correlation.toFixed(2)} with the failing SLI`}`;
  const path = top.evidence.path.length > 1 ? `\npath ${top.evidence.path.join(' → ')}` : '';
  const explained = top.explainedBy === null ? '' : ` · partly explained by ${top.explainedBy}`;
  const others = incident.rootCause.candidates
    .filter((c) => c.node !== top.node)
    .slice(0, 2)
    .map((c) => `${c.node} (${c.score.toFixed(2)})`);
  const then = others.length === 0 ? '' : `\nthen ${others.join(', ')}`;
  return `*Top root-cause candidate: ${escapeMrkdwn(top.node)}* (score ${top.score.toFixed(2)})\n${escapeMrkdwn(evidence + explained + path + then)}`;
}

function stateText(incident: Incident, at: string): string {
  const parts: string[] = [];
  if (incident.status === 'resolved') {
    const how = incident.mergedInto
      ? `merged into ${escapeMrkdwn(incident.mergedInto)}`
      : incident.resolvedBy
        ? `by ${escapeMrkdwn(incident.resolvedBy)}`
        : 'its alerts quiet';
    parts.push(`*Resolved* after ${duration(incident.openedAt, incident.resolvedAt ?? at)}, ${how}`);
  } else {
    const firing = incident.alerts.filter((a) => a.state === 'firing').length;
    parts.push(
      `*Open* for ${duration(incident.openedAt, at)}, ${firing} of ${incident.alerts.length} alert(s) firing`,
    );
  }
  if (incident.acknowledged) parts.push(`acknowledged by ${escapeMrkdwn(incident.acknowledged.by)}`);
  if (incident.owner) parts.push(`owner: ${escapeMrkdwn(incident.owner.name)}`);
  return parts.join(' · ');
}

/** Paging alerts first, then tickets, then the rest; firing before resolved in each. */
const SEVERITY_ORDER: Record<string, number> = { page: 0, critical: 0, ticket: 1, warning: 2 };

function alertsText(incident: Incident): string {
  const sorted = [...incident.alerts].sort(
    (a, b) =>
      (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) ||
      Number(a.state !== 'firing') - Number(b.state !== 'firing') ||
      Date.parse(a.since) - Date.parse(b.since),
  );
  const shown = sorted.slice(0, SHOWN_ALERTS).map(alertLine);
  const more = incident.alerts.length - shown.length;
  return `*Alerts*\n${shown.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`;
}

function alertLine(a: IncidentAlert): string {
  const mark =
    a.state === 'firing'
      ? SEVERITY_ORDER[a.severity] === 0
        ? ':red_circle:'
        : ':large_orange_circle:'
      : ':white_circle:';
  const slo = a.slo === undefined ? '' : ` (${a.slo})`;
  const burn = a.burnRate === undefined ? '' : ` · burn ${a.burnRate.toFixed(1)}×`;
  const when =
    a.state === 'firing' ? `firing since ${utc(a.since)}` : `resolved ${utc(a.resolvedAt ?? a.since)}`;
  const runbook =
    a.runbookUrl !== undefined && /^https?:\/\/[^\s<>|]+$/i.test(a.runbookUrl)
      ? ` · <${a.runbookUrl}|runbook>`
      : '';
  return `${mark} ${escapeMrkdwn(`${describeAlert(a)}${slo}${burn} — ${when}`)}${runbook}`;
}

function buttons(incident: Incident): SlackButton[] {
  const button = (action_id: string, text: string, style?: 'primary' | 'danger'): SlackButton => ({
    type: 'button',
    action_id,
    text: { type: 'plain_text', text },
    value: incident.id,
    ...(style ? { style } : {}),
  });
  return [
    ...(incident.acknowledged ? [] : [button(INCIDENT_ACTIONS.acknowledge, 'Acknowledge', 'primary')]),
    button(INCIDENT_ACTIONS.resolve, 'Resolve'),
    button(INCIDENT_ACTIONS.silence, 'Silence 1h', 'danger'),
  ];
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } };
}

/** `a, b, c +2 more`. */
function serviceList(services: readonly string[]): string {
  const shown = services.slice(0, 3).join(', ');
  return services.length > 3 ? `${shown} +${services.length - 3} more` : shown;
}

/** `1h 05m`, `12m`, `40s`. */
function duration(fromIso: string, toIso: string): string {
  const s = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (!Number.isFinite(s)) return 'a while';
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m` : `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

function utc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** The dashboard's page of incident `id` under `base` (the dashboard is served at the API's root). */
export function incidentPageUrl(base: string | undefined, id: string): string | undefined {
  return base === undefined ? undefined : `${base.replace(/\/+$/, '')}/#/incidents/${encodeURIComponent(id)}`;
}
