import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import { parseAlertmanagerPayload, toExternalAlerts } from '../../alerting/receiver/alertmanager-payload.js';
import { ReceiverError, ReceiverErrorCode } from '../../alerting/receiver/errors.js';
import type { ExternalAlertStore } from '../../alerting/receiver/external-alert-store.js';
import {
  authChallenges,
  authRequired,
  isAuthorized,
  type ReceiverAuthConfig,
} from '../../alerting/receiver/receiver-auth.js';
import type { Clock } from '../../core/clock.js';
import { FaultlineError } from '../../core/faultline-error.js';
import { errorBody, HttpErrorCode } from '../../core/http/http-errors.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import { querySchema } from '../route-schemas.js';

/** `alerting.receiver` of the configuration. */
export interface ReceiverConfig extends ReceiverAuthConfig {
  serviceLabel: string;
}

export interface AlertmanagerWebhookOptions {
  store: ExternalAlertStore;
  receiver: ReceiverConfig;
  metrics: EngineMetrics;
  clock: Clock;
}

/** Alertmanager groups can be large; a body up to this size is read. */
const BODY_LIMIT = 8 * 1024 * 1024;

/**
 * `POST /api/v1/alertmanager/webhook`: Alertmanager's webhook receiver (payload version 4).
 * Authenticated with the configured bearer token or basic auth (401 with `WWW-Authenticate`
 * otherwise); a body that is not a webhook payload gets 400 `FL_RECEIVER_INVALID_PAYLOAD`.
 * The alerts are kept as external alerts, one per fingerprint.
 *
 * `GET /api/v1/alertmanager/alerts[?status=firing|resolved][&service=name]`: the external
 * alerts kept, most recently started first.
 */
export const alertmanagerWebhookRoutes: FastifyPluginAsync<AlertmanagerWebhookOptions> = async (app, o) => {
  const { store, receiver, metrics, clock } = o;
  if (!authRequired(receiver)) {
    app.log.warn(
      'the Alertmanager webhook receiver accepts requests without authentication; set alerting.receiver.bearerToken or alerting.receiver.basicAuth',
    );
  }
  const challenges = authChallenges(receiver);

  // Scoped to this plugin: a body that is not JSON gets the receiver's own error code.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      metrics.receiverRequests.inc({ outcome: 'invalid' });
      done(new ReceiverError(ReceiverErrorCode.InvalidPayload, 'the body is not valid JSON'), undefined);
    }
  });

  const authenticate: onRequestAsyncHookHandler = async (request, reply) => {
    if (isAuthorized(receiver, request.headers.authorization)) return;
    metrics.receiverRequests.inc({ outcome: 'unauthorized' });
    await reply
      .code(401)
      .header('www-authenticate', challenges)
      .send(errorBody(HttpErrorCode.Unauthorized, 'missing or wrong credentials'));
  };

  app.post(
    '/api/v1/alertmanager/webhook',
    { onRequest: authenticate, bodyLimit: BODY_LIMIT },
    async (request) => {
      let payload: ReturnType<typeof parseAlertmanagerPayload>;
      try {
        payload = parseAlertmanagerPayload(request.body);
      } catch (err) {
        metrics.receiverRequests.inc({ outcome: 'invalid' });
        throw err;
      }
      const alerts = toExternalAlerts(payload, receiver.serviceLabel, clock.now());
      const changed = await store.record(alerts);
      metrics.receiverRequests.inc({ outcome: 'accepted' });
      for (const a of alerts) metrics.receiverAlerts.inc({ status: a.status });
      if (payload.truncatedAlerts > 0) {
        request.log.warn(
          {
            receiver: payload.receiver,
            groupKey: payload.groupKey,
            truncatedAlerts: payload.truncatedAlerts,
          },
          'Alertmanager left alerts out of a webhook (max_alerts); they are not recorded',
        );
      }
      return { status: 'ok', alerts: alerts.length, changed, truncatedAlerts: payload.truncatedAlerts };
    },
  );

  app.get<{ Querystring: { status?: string; service?: string } }>(
    '/api/v1/alertmanager/alerts',
    { schema: { querystring: querySchema('status', 'service') } },
    async (request) => {
      const { status, service } = request.query;
      if (status !== undefined && status !== 'firing' && status !== 'resolved') {
        throw new FaultlineError(
          HttpErrorCode.BadRequest,
          `status must be firing or resolved, not '${status}'`,
        );
      }
      const alerts = await store.list({
        ...(status === undefined ? {} : { status }),
        ...(service === undefined ? {} : { service }),
      });
      return { alerts };
    },
  );
};
