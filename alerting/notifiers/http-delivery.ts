import { setTimeout as delay } from 'node:timers/promises';
import type { EngineMetrics } from '../../observability/metrics.js';
import { NotifierError, NotifierErrorCode } from './errors.js';

/** `fetch`, injectable so tests can watch or fake the network edge. */
export type FetchFn = typeof fetch;

/** Waits `ms`; rejects when `signal` aborts. Injectable so tests need not wait for real. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Real waiting on an unref'd timer: a pending retry never keeps the process alive. */
export const realSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal, ref: false });

/** How long one notify or resend call may take by default: inside the dispatcher's 30 s. */
export const DEFAULT_BUDGET_MS = 25_000;

/** One JSON POST to deliver. */
export interface DeliveryRequest {
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** Per attempt, response body included. */
  timeoutMs: number;
  /**
   * Characters of a 2xx body returned (default 200: receivers that answer `ok`). APIs whose
   * answer is read (Slack's Web API: `ts`, `channel`) raise it.
   */
  responseLimit?: number;
}

/** How hard to try before giving up and letting the caller (the dispatcher) retry later. */
export interface DeliveryPolicy {
  /** Attempts in all for timeouts, network errors, 408 and 5xx. */
  maxAttempts: number;
  /** First backoff after a failed attempt; doubles each time, with jitter. */
  baseBackoffMs: number;
  /** How many 429 answers to wait out (as their Retry-After says) before giving up. */
  maxRateLimitWaits: number;
  /** Longest Retry-After honoured; longer ones are cut to this. */
  maxRetryAfterMs: number;
}

/** Shared by every delivery to one endpoint: after a 429, nothing goes there before `notBeforeMs`. */
export interface RateGate {
  notBeforeMs: number;
}

export interface DeliveryContext {
  /** Notifier name: metric label and error detail. */
  notifier: string;
  /**
   * Epoch ms by which the call must have settled: no attempt starts, and no wait is begun,
   * that cannot end before it. The dispatcher abandons a notify after its own timeout, so a
   * message sent after that would be sent twice.
   */
  deadlineMs: number;
  gate?: RateGate;
  fetch: FetchFn;
  sleep: Sleep;
  metrics: EngineMetrics;
  /** Aborts waiting between attempts (the notifier is closing); a request under way finishes. */
  closing: AbortSignal;
}

type Outcome =
  | { kind: 'ok'; text: string }
  | { kind: 'rate_limited'; status: number; waitMs: number }
  | { kind: 'rejected'; status: number; text: string }
  | { kind: 'retryable'; status?: number; reason: 'timeout' | 'network' | 'server_error' };

/**
 * POSTs `request` until the receiver accepts it (2xx, whose body is returned), retrying
 * timeouts, network errors, 408 and 5xx with backoff and waiting out 429s as long as their
 * `Retry-After` asks, within `policy`. Rejects with a NotifierError that never names the URL.
 */
export async function deliver(
  request: DeliveryRequest,
  policy: DeliveryPolicy,
  ctx: DeliveryContext,
): Promise<string> {
  let attempts = 0;
  let waits = 0;
  const gated = ctx.gate ? ctx.gate.notBeforeMs - Date.now() : 0;
  if (gated > 0) await pause(gated, 'rate_limited', ctx);
  for (;;) {
    if (ctx.closing.aborted) throw closedError(ctx.notifier);
    const remaining = ctx.deadlineMs - Date.now();
    if (remaining <= 0) throw unavailable(ctx.notifier, 'deadline', undefined, 'no time left for an attempt');
    attempts += 1;
    const outcome = await attempt({ ...request, timeoutMs: Math.min(request.timeoutMs, remaining) }, ctx);
    ctx.metrics.notifierRequests.inc({ notifier: ctx.notifier, outcome: outcomeLabel(outcome) });
    let waitMs: number;
    switch (outcome.kind) {
      case 'ok':
        return outcome.text;
      case 'rejected':
        throw new NotifierError(
          NotifierErrorCode.Rejected,
          `${ctx.notifier}: rejected with HTTP ${outcome.status}${outcome.text ? ` (${outcome.text})` : ''}`,
          { notifier: ctx.notifier, permanent: true, status: outcome.status, reason: outcome.text },
        );
      case 'rate_limited':
        // Waiting out a rate limit is not a failed attempt: the message is only delayed.
        attempts -= 1;
        waits += 1;
        if (waits > policy.maxRateLimitWaits) {
          throw unavailable(
            ctx.notifier,
            'rate_limited',
            outcome.status,
            `still rate limited after ${waits - 1} waits`,
          );
        }
        waitMs = Math.min(outcome.waitMs, policy.maxRetryAfterMs);
        if (ctx.gate) ctx.gate.notBeforeMs = Math.max(ctx.gate.notBeforeMs, Date.now() + waitMs);
        break;
      case 'retryable':
        if (attempts >= policy.maxAttempts) {
          throw unavailable(ctx.notifier, outcome.reason, outcome.status, `${attempts} attempts`);
        }
        waitMs = policy.baseBackoffMs * 2 ** (attempts - 1) * (0.5 + Math.random() / 2);
        break;
    }
    await pause(
      waitMs,
      outcome.kind === 'rate_limited' ? 'rate_limited' : outcome.reason,
      ctx,
      outcome.status,
    );
  }
}

/** Sleeps `ms` unless the deadline would pass first (then gives up) or the notifier closes. */
async function pause(ms: number, reason: string, ctx: DeliveryContext, status?: number): Promise<void> {
  if (Date.now() + ms >= ctx.deadlineMs) {
    throw unavailable(ctx.notifier, reason, status, `a ${Math.ceil(ms)} ms wait would pass the deadline`);
  }
  try {
    await ctx.sleep(ms, ctx.closing);
  } catch {
    throw closedError(ctx.notifier);
  }
}

async function attempt(request: DeliveryRequest, ctx: DeliveryContext): Promise<Outcome> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await ctx.fetch(request.url, {
      method: 'POST',
      body: request.body,
      headers: { 'content-type': 'application/json', 'user-agent': 'faultline', ...request.headers },
      signal: timeout,
    });
    text = (await response.text()).slice(0, request.responseLimit ?? 200).trim();
  } catch {
    // The error's text is not kept: fetch errors may quote the request, and the URL is a secret.
    return { kind: 'retryable', reason: timeout.aborted ? 'timeout' : 'network' };
  }
  const status = response.status;
  if (status >= 200 && status < 300) return { kind: 'ok', text };
  if (status === 429) {
    return { kind: 'rate_limited', status, waitMs: retryAfterMs(response.headers.get('retry-after')) };
  }
  if (status === 408 || status >= 500) return { kind: 'retryable', status, reason: 'server_error' };
  return { kind: 'rejected', status, text: printable(text) };
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number {
  if (header === null || header.trim() === '') return 1000;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - nowMs);
}

function outcomeLabel(outcome: Outcome): string {
  return outcome.kind === 'retryable' ? outcome.reason : outcome.kind;
}

/** A receiver's error text, reduced to something safe to put in a log line. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, ' ').slice(0, 120);
}

function unavailable(notifier: string, reason: string, status: number | undefined, detail: string) {
  return new NotifierError(
    NotifierErrorCode.Unavailable,
    `${notifier}: not delivered (${reason}${status === undefined ? '' : `, HTTP ${status}`}; ${detail})`,
    { notifier, permanent: false, reason, ...(status === undefined ? {} : { status }) },
  );
}

function closedError(notifier: string): NotifierError {
  return new NotifierError(NotifierErrorCode.Closed, `${notifier}: closed before the notification went out`, {
    notifier,
    permanent: false,
  });
}
