import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Slack signs each request it sends; one older than this (either way) is refused as a replay. */
export const SLACK_REPLAY_WINDOW_MS = 5 * 60_000;

/** What a request from Slack carries to prove it: `X-Slack-Request-Timestamp` and `X-Slack-Signature`. */
export interface SlackSignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  /** The body exactly as received. */
  rawBody: string;
}

/**
 * Whether a request came from a Slack app holding one of `secrets`: its timestamp (Unix
 * seconds) is within five minutes of `nowMs`, and its signature is `v0=` followed by the hex
 * HMAC-SHA256, keyed with the signing secret, of `v0:<timestamp>:<body>`, as Slack's
 * "verifying requests" contract says. Compared in constant time (as SHA-256 digests, so
 * neither a wrong byte's position nor the length shows); every secret is tried.
 */
export function verifySlackSignature(
  request: SlackSignedRequest,
  secrets: readonly string[],
  nowMs: number,
): boolean {
  const { timestamp, signature, rawBody } = request;
  if (timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs - Number(timestamp) * 1000) > SLACK_REPLAY_WINDOW_MS) return false;
  const given = digest(signature);
  let ok = false;
  for (const secret of secrets) {
    // No early exit: every secret costs the same, matched or not.
    ok = timingSafeEqual(digest(v0Signature(secret, timestamp, rawBody)), given) || ok;
  }
  return ok;
}

/** `X-Slack-Request-Timestamp` and `X-Slack-Signature` values. */
export interface SlackSignature {
  timestamp: string;
  signature: string;
}

/** The signature headers Slack would send for `rawBody` at `nowMs` (tests, and the docs' example). */
export function signSlackRequest(rawBody: string, secret: string, nowMs: number): SlackSignature {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { timestamp, signature: v0Signature(secret, timestamp, rawBody) };
}

function v0Signature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
