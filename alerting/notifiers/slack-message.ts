import type { Alert, AlertTransition } from '../alert.js';

/**
 * Slack's Block Kit limits, from Slack's reference pages (docs.slack.dev/reference/block-kit):
 * - blocks: up to 50 blocks in one message ("Blocks" overview);
 * - header block: text at most 150 characters (blocks/header-block);
 * - section block: text at most 3000 characters; at most 10 fields, each at most 2000
 *   characters (blocks/section-block);
 * - context block: at most 10 elements (blocks/context-block);
 * - button element: text at most 75 characters, url at most 3000 characters, action_id at
 *   most 255 (block-elements/button-element).
 * A message that breaks one is refused whole with HTTP 400 `invalid_blocks`, so every text
 * built from alert data is cut to fit here rather than trusted.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  buttonText: 75,
  buttonUrl: 3000,
  /** Not a Slack limit: the notification fallback text is kept to a readable size. */
  fallbackText: 3000,
} as const;

/** The annotations the message reads, as alerting/alert-content.ts writes them. */
export const SLACK_ANNOTATIONS = {
  summary: 'summary',
  description: 'description',
  /** The fraction of the error budget left, e.g. `0.6234`. */
  budgetLeft: 'budget_remaining',
  timeToExhaustion: 'time_to_exhaustion',
  threshold: 'burn_rate_threshold',
  runbook: 'runbook_url',
  dashboard: 'dashboard_url',
  /** The top three root-cause candidates, `carts (12.41), carts-db (3.10), orders (0.52)` (correlate/live). */
  rootCause: 'root_cause_candidates',
} as const;

export type SlackText =
  | { type: 'plain_text'; text: string; emoji?: boolean }
  | { type: 'mrkdwn'; text: string };

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: boolean } }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | {
      type: 'actions';
      elements: SlackButton[];
    };

/** A link button (`url`) or an interactive one (`value`, sent back to the interactivity URL). */
export interface SlackButton {
  type: 'button';
  action_id: string;
  text: SlackText;
  url?: string;
  value?: string;
  style?: 'primary' | 'danger';
}

/** The JSON body posted to an incoming webhook. */
export interface SlackMessage {
  /** Shown in notifications and where blocks cannot be. */
  text: string;
  blocks: SlackBlock[];
  channel?: string;
}

/** The Block Kit message for one firing or resolved transition. */
export function buildSlackMessage(transition: AlertTransition, channel?: string): SlackMessage {
  const { alert } = transition;
  const firing = transition.to === 'firing';
  const emoji = firing
    ? alert.severity === 'page'
      ? ':rotating_light:'
      : ':warning:'
    : ':white_check_mark:';
  const status = firing ? `FIRING (${alert.severity})` : 'RESOLVED';
  const slo = sloName(alert);
  const summary = annotation(alert, 'summary') ?? `Error budget burn on ${alert.service}/${slo}`;

  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${emoji} ${status}: ${alert.service} · ${slo}`, SLACK_LIMITS.headerText),
        emoji: true,
      },
    },
  ];
  const description = annotation(alert, 'description');
  const body = [summary, description]
    .filter((t) => t !== undefined)
    .map(escapeMrkdwn)
    .join('\n');
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(body, SLACK_LIMITS.sectionText) },
    fields: fieldsFor(alert, transition).slice(0, SLACK_LIMITS.sectionFields),
  });
  const candidates = annotation(alert, 'rootCause');
  if (candidates !== undefined) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`*Root-cause candidates*\n${escapeMrkdwn(candidates)}`, SLACK_LIMITS.sectionText),
      },
    });
  }

  const context: SlackText[] = [
    {
      type: 'mrkdwn',
      text: truncate(
        `${escapeMrkdwn(alert.labels.alertname ?? 'alert')} · fingerprint \`${escapeMrkdwn(alert.fingerprint)}\``,
        SLACK_LIMITS.sectionText,
      ),
    },
  ];
  if (isHttpUrl(alert.generatorURL, SLACK_LIMITS.sectionText)) {
    context.push({ type: 'mrkdwn', text: `<${alert.generatorURL}|faultline>` });
  }
  blocks.push({ type: 'context', elements: context.slice(0, SLACK_LIMITS.contextElements) });

  const buttons = (['runbook', 'dashboard'] as const).flatMap((kind) => {
    const url = annotation(alert, kind);
    if (url === undefined || !isHttpUrl(url, SLACK_LIMITS.buttonUrl)) return [];
    const label = kind === 'runbook' ? 'Runbook' : 'Dashboard';
    return [{ type: 'button' as const, action_id: kind, text: plain(label, SLACK_LIMITS.buttonText), url }];
  });
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });

  return {
    text: truncate(`${status}: ${alert.service}/${slo}: ${summary}`, SLACK_LIMITS.fallbackText),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
    ...(channel === undefined ? {} : { channel }),
  };
}

function fieldsFor(alert: Alert, transition: AlertTransition): SlackText[] {
  const long = alert.labels.long_window;
  const short = alert.labels.short_window;
  const windows = [long, short].filter((w): w is string => w !== undefined && w in alert.burnRates);
  const threshold = annotation(alert, 'threshold');
  const rates =
    windows.length === 0
      ? undefined
      : windows.map((w) => `${w}: ${formatRate(alert.burnRates[w] ?? null)}`).join(' · ') +
        (threshold === undefined ? '' : ` (threshold ${threshold}×)`);
  const firing = transition.to === 'firing';
  const fields: Array<[string, string | undefined]> = [
    ['Burn rate', rates],
    ['Windows', long === undefined ? undefined : short === undefined ? long : `${long} / ${short}`],
    ['Budget left', formatBudget(annotation(alert, 'budgetLeft'))],
    ['Time to exhaustion', annotation(alert, 'timeToExhaustion')],
    ['Severity', alert.severity],
    [
      firing ? 'Firing since' : 'Resolved at',
      utcTime(firing ? (alert.firedAt ?? transition.at) : (alert.resolvedAt ?? transition.at)),
    ],
  ];
  return fields
    .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
    .map(([title, value]) => ({
      type: 'mrkdwn',
      text: truncate(`*${title}*\n${escapeMrkdwn(value)}`, SLACK_LIMITS.fieldText),
    }));
}

function annotation(alert: Alert, key: keyof typeof SLACK_ANNOTATIONS): string | undefined {
  const value = alert.annotations[SLACK_ANNOTATIONS[key]]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function sloName(alert: Alert): string {
  const prefix = `${alert.service}/`;
  return alert.sloId.startsWith(prefix) ? alert.sloId.slice(prefix.length) : alert.sloId;
}

/** `0.6234` as `62.3%`; anything else as it is. */
function formatBudget(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : value;
}

function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return 'n/a';
  return `${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)}×`;
}

/** ISO time as UTC text (`2025-01-02 03:04:05 UTC`). */
function utcTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function plain(text: string, max: number): SlackText {
  return { type: 'plain_text', text: truncate(text, max) };
}

/** An http(s) URL that fits `max` and cannot break out of Slack's `<url|text>` link syntax. */
function isHttpUrl(url: string, max: number): boolean {
  if (url.length > max || !/^https?:\/\//i.test(url) || /[\s<>|]/.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** `&`, `<` and `>` are the only characters Slack wants escaped in mrkdwn text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cuts `text` to at most `max` UTF-16 units (the stricter way to count Slack's characters),
 * never inside a surrogate pair or a `&amp;`-style escape, ending in '…'.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = '';
  for (const point of text) {
    if (cut.length + point.length > max - 1) break;
    cut += point;
  }
  return `${cut.replace(/&[a-z]{0,3}$/, '')}…`;
}
