import { z } from 'zod';
import { ReceiverError, ReceiverErrorCode } from './errors.js';
import type { ExternalAlert } from './external-alert-store.js';

/**
 * Alertmanager's webhook payload, version "4" (the only version so far). Objects are loose:
 * fields newer Alertmanagers add (`truncatedAlerts` came late; others may come) are ignored,
 * not refused.
 */
const labelSet = z.record(z.string(), z.string());
const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an RFC 3339 time');

const alertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: time,
  endsAt: time.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/, 'expected 16 lowercase hex digits'),
});

export const alertmanagerPayloadSchema = z.looseObject({
  version: z.string(),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertSchema),
});

export type AlertmanagerPayload = z.output<typeof alertmanagerPayloadSchema>;

/** Validates a parsed webhook body; throws FL_RECEIVER_INVALID_PAYLOAD naming the first bad field. */
export function parseAlertmanagerPayload(body: unknown): AlertmanagerPayload {
  const result = alertmanagerPayloadSchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new ReceiverError(
    ReceiverErrorCode.InvalidPayload,
    `not an Alertmanager webhook payload: ${path === '' ? '(body)' : path}: ${issue?.message ?? 'invalid'}`,
    { path },
  );
}

/** Alertmanager writes "no end" as Go's zero time. */
const ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');

/** The payload's alerts as external alerts, with their service taken from `serviceLabel`. */
export function toExternalAlerts(
  payload: AlertmanagerPayload,
  serviceLabel: string,
  receivedAtMs: number,
): ExternalAlert[] {
  const receivedAt = new Date(receivedAtMs).toISOString();
  const source = { receiver: payload.receiver, groupKey: payload.groupKey, externalURL: payload.externalURL };
  return payload.alerts.map((a) => {
    const endsMs = a.endsAt === undefined ? ZERO_TIME_MS : Date.parse(a.endsAt);
    const service = a.labels[serviceLabel];
    return {
      fingerprint: a.fingerprint,
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: new Date(Date.parse(a.startsAt)).toISOString(),
      ...(endsMs <= ZERO_TIME_MS ? {} : { endsAt: new Date(endsMs).toISOString() }),
      ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}),
      ...(service === undefined || service === '' ? {} : { service }),
      receivedAt,
      source,
    };
  });
}
