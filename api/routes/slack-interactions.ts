import type { FastifyPluginAsync } from 'fastify';
import type { IncidentActions } from '../../alerting/incidents/incident-actions.js';
import type { IncidentStore } from '../../alerting/incidents/incident-store.js';
import { INCIDENT_ACTIONS } from '../../alerting/notifiers/slack-incident-message.js';
import { verifySlackSignature } from '../../alerting/notifiers/slack-signature.js';
import type { Silences } from '../../alerting/silences/silences.js';
import { FaultlineError } from '../../core/faultline-error.js';
import { errorBody, HttpErrorCode } from '../../core/http/http-errors.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';

export const SLACK_INTERACTIONS_PATH = '/api/v1/slack/interactions';

export interface SlackInteractionsOptions {
  /** Signing secrets of the configured Slack apps. */
  signingSecrets: readonly string[];
  actions: Pick<IncidentActions, 'acknowledge' | 'resolve' | 'note'>;
  store: Pick<IncidentStore, 'get'>;
  silences?: Pick<Silences, 'create'>;
  now: () => number;
  logger: Logger;
  metrics: EngineMetrics;
}

/** How long "Silence 1h" silences. */
const SILENCE_MS = 3_600_000;

interface BlockActions {
  type?: string;
  user?: { id?: string; username?: string; name?: string };
  actions?: Array<{ action_id?: string; value?: string }>;
}

/**
 * `POST /api/v1/slack/interactions`: the Slack app's interactivity Request URL. Slack posts
 * `application/x-www-form-urlencoded` with a `payload` JSON field. Every request is verified
 * with the apps' signing secrets (`X-Slack-Signature` over the raw body, a timestamp within
 * five minutes) before anything is read from it: unsigned, wrongly signed or stale requests
 * get 401 and change nothing. The API's own credentials do not apply here (Slack cannot send
 * them); the signature is this route's credential. Buttons: Acknowledge, Resolve (by
 * `slack:<username>`), Silence 1h (a silence on the incident's services, noted on its
 * timeline). Answers 200 at once; the message follows through the incident outbox.
 */
export const slackInteractionRoutes: FastifyPluginAsync<SlackInteractionsOptions> = async (app, o) => {
  // Scoped to this plugin: the raw text is what Slack signed.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
    done(null, body),
  );

  app.post(SLACK_INTERACTIONS_PATH, { bodyLimit: 256 * 1024 }, async (request, reply) => {
    const rawBody = typeof request.body === 'string' ? request.body : '';
    const header = (name: string) => {
      const v = request.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const signed = {
      timestamp: header('x-slack-request-timestamp'),
      signature: header('x-slack-signature'),
      rawBody,
    };
    if (!verifySlackSignature(signed, o.signingSecrets, o.now())) {
      o.metrics.unauthorizedRequests.inc({ scope: 'slack' });
      return reply
        .code(401)
        .send(errorBody(HttpErrorCode.Unauthorized, 'missing, wrong or stale Slack signature'));
    }
    const payload = parsePayload(rawBody);
    const action = payload.actions?.[0];
    const incidentId = action?.value;
    if (payload.type !== 'block_actions' || action === undefined || incidentId === undefined)
      throw new FaultlineError(HttpErrorCode.BadRequest, 'expected a block_actions payload with one action');
    const who = `slack:${payload.user?.username ?? payload.user?.name ?? payload.user?.id ?? 'unknown'}`;
    try {
      await act(o, action.action_id, incidentId, who);
    } catch (err) {
      // Slack shows an error for a non-2xx answer; the click was real, what it asked was not possible.
      o.logger.warn(
        { err, incident: incidentId, action: action.action_id, by: who },
        'Slack button not applied',
      );
    }
    return reply.code(200).send();
  });
};

async function act(
  o: SlackInteractionsOptions,
  actionId: string | undefined,
  id: string,
  who: string,
): Promise<void> {
  if (actionId === INCIDENT_ACTIONS.acknowledge) await o.actions.acknowledge(id, who);
  else if (actionId === INCIDENT_ACTIONS.resolve) await o.actions.resolve(id, who, 'from Slack');
  else if (actionId === INCIDENT_ACTIONS.silence) await silenceIncident(o, id, who);
  else throw new FaultlineError(HttpErrorCode.BadRequest, `unknown action '${actionId ?? ''}'`);
}

/** Silences the incident's services for an hour and notes it on the incident. */
async function silenceIncident(o: SlackInteractionsOptions, id: string, who: string): Promise<void> {
  if (o.silences === undefined)
    throw new FaultlineError(HttpErrorCode.NotFound, 'silences are not available');
  const incident = await o.store.get(id);
  if (incident === undefined) throw new FaultlineError(HttpErrorCode.NotFound, `no incident '${id}'`);
  const services = incident.services.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const silence = await o.silences.create({
    matchers: [{ name: 'service', value: services, isRegex: true }],
    endsAt: new Date(o.now() + SILENCE_MS).toISOString(),
    createdBy: who,
    comment: `Silence 1h from Slack, incident ${id}`,
  });
  await o.actions.note(id, `Silenced ${incident.services.join(', ')} for 1h (silence ${silence.id})`, who);
}

function parsePayload(rawBody: string): BlockActions {
  try {
    return JSON.parse(new URLSearchParams(rawBody).get('payload') ?? '') as BlockActions;
  } catch {
    throw new FaultlineError(HttpErrorCode.BadRequest, 'expected a form with a JSON payload field');
  }
}
