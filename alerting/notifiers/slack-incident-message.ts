import type { Incident } from '../../correlate/incidents/incident.js';
import type { IncidentEvent } from '../../correlate/incidents/incident-events.js';
import { escapeMrkdwn, SLACK_LIMITS, type SlackBlock, type SlackMessage, truncate } from './slack-message.js';

/** Candidates and alerts shown in one message; the rest are counted. */
const SHOWN_CANDIDATES = 3;
const SHOWN_ALERTS = 10;

/**
 * The Block Kit message for one incident event: a header with what happened and the
 * services, a summary, the top three root-cause candidates with their strongest evidence,
 * the alerts (ten at most), and a context line with the incident id and a link to it. Every
 * text is escaped and cut to Slack's limits, as alert messages are.
 */
export function buildIncidentMessage(
  event: IncidentEvent,
  options: { channel?: string; link?: string } = {},
): SlackMessage {
  const { incident } = event;
  const services = serviceList(incident.services);
  const title =
    event.kind === 'opened'
      ? `:rotating_light: Incident opened: ${services}`
      : event.kind === 'top'
        ? `:mag: Incident root cause update: ${services}`
        : `:white_check_mark: Incident resolved: ${services}`;
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.headerText), emoji: true },
    },
    section(summaryOf(event)),
    section(candidatesOf(incident)),
    section(alertsOf(incident)),
  ];
  const context = [`incident \`${escapeMrkdwn(incident.id)}\``];
  if (incident.rootCause.service) {
    context.push(
      `ranked from ${escapeMrkdwn(`${incident.rootCause.service} ${incident.rootCause.signal ?? ''}`.trim())}`,
    );
  }
  if (options.link !== undefined && /^https?:\/\/[^\s<>|]+$/i.test(options.link))
    context.push(`<${options.link}|faultline>`);
  blocks.push({
    type: 'context',
    elements: context.map((text) => ({
      type: 'mrkdwn' as const,
      text: truncate(text, SLACK_LIMITS.sectionText),
    })),
  });
  const topNode = incident.rootCause.top ?? incident.rootCause.candidates[0]?.node;
  const top = incident.rootCause.candidates.find((c) => c.node === topNode);
  const status =
    event.kind === 'resolved' ? 'Incident resolved' : event.kind === 'top' ? 'Incident update' : 'Incident';
  return {
    text: truncate(
      `${status}: ${incident.services.join(', ')}${top === undefined ? '' : ` — top root-cause candidate ${top.node} (${top.score.toFixed(2)})`}`,
      SLACK_LIMITS.fallbackText,
    ),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
    ...(options.channel === undefined ? {} : { channel: options.channel }),
  };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } };
}

function summaryOf(event: IncidentEvent): string {
  const { incident } = event;
  const n = incident.alerts.length;
  const firing = incident.alerts.filter((a) => a.state === 'firing').length;
  const head = `*${n} alert${n === 1 ? '' : 's'}* on *${incident.services.length} service${incident.services.length === 1 ? '' : 's'}* since ${utc(incident.openedAt)}`;
  if (event.kind === 'resolved')
    return `${head}; all resolved, quiet since. Resolved at ${utc(incident.resolvedAt ?? event.at)}.`;
  const top = incident.rootCause.top ?? incident.rootCause.candidates[0]?.node;
  if (event.kind === 'top' && top !== undefined) {
    const was = event.previousTop === undefined ? '' : ` (was *${escapeMrkdwn(event.previousTop)}*)`;
    return `${head}, ${firing} firing. Top root-cause candidate is now *${escapeMrkdwn(top)}*${was}.`;
  }
  return `${head}, ${firing} firing.`;
}

function candidatesOf(incident: Incident): string {
  const candidates = incident.rootCause.candidates.slice(0, SHOWN_CANDIDATES);
  if (candidates.length === 0)
    return '*Root-cause candidates*\nNone ranked yet (no series around the alert time).';
  const lines = candidates.map((c) => {
    const best = c.evidence.signals[0];
    const evidence =
      best === undefined
        ? ''
        : ` · ${best.signal} anomaly ${best.anomalyScore.toFixed(1)}${best.correlation === null ? '' : `, r=${best.correlation.toFixed(2)}`}`;
    const explained = c.explainedBy === null ? '' : ` · partly explained by ${c.explainedBy}`;
    return `${c.rank}. *${escapeMrkdwn(c.node)}* (${c.score.toFixed(2)})${escapeMrkdwn(evidence + explained)}`;
  });
  return `*Root-cause candidates*\n${lines.join('\n')}`;
}

function alertsOf(incident: Incident): string {
  const shown = incident.alerts.slice(0, SHOWN_ALERTS).map((a) => {
    const what = `${a.alertname}${a.severity === '' ? '' : ` (${a.severity})`} on ${a.service}`;
    const state =
      a.state === 'firing' ? `firing since ${utc(a.since)}` : `resolved ${utc(a.resolvedAt ?? a.since)}`;
    return `• ${escapeMrkdwn(`${what} — ${state}`)}`;
  });
  const more = incident.alerts.length - shown.length;
  return `*Alerts*\n${shown.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`;
}

/** `a, b, c +2 more`. */
function serviceList(services: readonly string[]): string {
  const shown = services.slice(0, 3).join(', ');
  return services.length > 3 ? `${shown} +${services.length - 3} more` : shown;
}

function utc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
