import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FaultlineError } from '../../core/faultline-error.js';
import { type AuthConfig, registerAuth } from '../../core/http/auth.js';
import { createApp } from '../../core/http/create-app.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import { decodeMetrics, decodeSpans, type SpanDecodeOptions } from '../decode/index.js';
import { IngestErrorCode } from '../errors.js';
import type { Signal, TelemetrySink } from '../telemetry-sink.js';
import { metricProblem, spanProblem, validateRecords } from '../validate.js';
import { encodeExportResponse } from './export-response.js';
import { decodeBody } from './request-body.js';
import { encodeRpcStatus, RpcCode } from './rpc-status.js';

export interface OtlpHttpOptions {
  sink: TelemetrySink;
  metrics: EngineMetrics;
  logger: Logger;
  /** Extra span attributes to keep (those the SLO selectors filter on). */
  decode?: SpanDecodeOptions;
  /** Largest body accepted, compressed or not; larger ones get 413. */
  maxBodyBytes: number;
  /** With `auth.protectIngest`, exports need the API's credentials (401 otherwise). */
  auth?: AuthConfig;
}

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

/** Raised when the sink cannot take the batch: the client should retry later. */
class SinkUnavailable extends FaultlineError {}

/**
 * The OTLP/HTTP receiver: `POST /v1/traces` and `/v1/metrics` in binary protobuf or JSON,
 * optionally gzip-compressed. Answers as the OTLP specification says: 200 with a (partial
 * success) export response, 400 with a `google.rpc.Status` for undecodable data, 413 for
 * too large a body, 415 for an unknown media type, 503 when the pipeline cannot take data.
 */
export function buildOtlpHttpApp(opts: OtlpHttpOptions): FastifyInstance {
  const app = createApp(opts.logger, 'otlp-http', opts.maxBodyBytes);
  if (opts.auth) registerAuth(app, { auth: opts.auth, scope: 'ingest', metrics: opts.metrics });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([PROTOBUF, JSON_TYPE], { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler(
    (err: FaultlineError | (Error & { statusCode?: number; code?: string }), request, reply) => {
      const { status, reason, rpc } = classify(err);
      const signal = request.url.startsWith('/v1/metrics') ? 'metrics' : 'traces';
      opts.metrics.rejectedRequests.inc({ signal, reason });
      if (status >= 500) request.log.warn({ err }, 'OTLP export not accepted');
      const json = isJson(request);
      if (status === 503) void reply.header('retry-after', '5');
      return reply
        .status(status)
        .type(json ? JSON_TYPE : PROTOBUF)
        .send(encodeRpcStatus(rpc, err.message, json));
    },
  );

  const handler = (signal: Signal) => (request: FastifyRequest, reply: FastifyReply) =>
    handleExport(signal, request, reply, opts);
  app.post('/v1/traces', handler('traces'));
  app.post('/v1/metrics', handler('metrics'));
  return app;
}

async function handleExport(
  signal: Signal,
  request: FastifyRequest,
  reply: FastifyReply,
  opts: OtlpHttpOptions,
): Promise<FastifyReply> {
  const raw = request.body as Buffer;
  const labels = { source: 'otlp-http', signal } as const;
  opts.metrics.ingestMessages.inc(labels);
  opts.metrics.ingestBytes.inc(labels, raw.length);
  const json = isJson(request);
  const bytes = await decodeBody(raw, request.headers['content-encoding'], opts.maxBodyBytes);
  const encoding = json ? 'otlp_json' : 'otlp_proto';

  let rejected: number;
  let reason: string;
  try {
    if (signal === 'traces') {
      const v = validateRecords(decodeSpans(bytes, encoding, opts.decode), spanProblem);
      ({ rejected, reason } = v);
      opts.metrics.ingestRecords.inc(labels, v.accepted.length);
      if (v.accepted.length > 0) await writeToSink(opts.sink, { spans: v.accepted, metrics: [] });
    } else {
      const v = validateRecords(decodeMetrics(bytes, encoding), metricProblem);
      ({ rejected, reason } = v);
      opts.metrics.ingestRecords.inc(labels, v.accepted.length);
      if (v.accepted.length > 0) await writeToSink(opts.sink, { spans: [], metrics: v.accepted });
    }
  } catch (err) {
    if (err instanceof FaultlineError) throw err;
    throw new FaultlineError(IngestErrorCode.Decode, (err as Error).message, { reason: 'decode failed' });
  }
  if (rejected > 0) opts.metrics.invalidRecords.inc({ source: 'otlp-http', reason }, rejected);
  return reply
    .status(200)
    .type(json ? JSON_TYPE : PROTOBUF)
    .send(encodeExportResponse(signal, rejected, reason, json));
}

async function writeToSink(sink: TelemetrySink, batch: Parameters<TelemetrySink['write']>[0]): Promise<void> {
  try {
    await sink.write(batch, { source: 'otlp-http' });
  } catch (err) {
    throw new SinkUnavailable(
      IngestErrorCode.SinkUnavailable,
      'the pipeline cannot take data now; retry later',
      {
        reason: 'sink unavailable',
        cause: (err as Error).message,
      },
    );
  }
}

function isJson(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith(JSON_TYPE);
}

function classify(err: Error & { statusCode?: number; code?: string }): {
  status: number;
  reason: string;
  rpc: number;
} {
  if (err instanceof SinkUnavailable)
    return { status: 503, reason: 'sink unavailable', rpc: RpcCode.Unavailable };
  if (err instanceof FaultlineError) {
    const reason = String(err.details.reason ?? err.code);
    if (err.code === IngestErrorCode.TooLarge) return { status: 413, reason, rpc: RpcCode.ResourceExhausted };
    if (err.code === IngestErrorCode.Unsupported)
      return { status: 415, reason, rpc: RpcCode.InvalidArgument };
    return { status: 400, reason, rpc: RpcCode.InvalidArgument };
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { status: 413, reason: 'body too large', rpc: RpcCode.ResourceExhausted };
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return { status: err.statusCode ?? 415, reason: 'unsupported media type', rpc: RpcCode.InvalidArgument };
  }
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return { status: 400, reason: 'empty body', rpc: RpcCode.InvalidArgument };
  const status = err.statusCode !== undefined && err.statusCode < 500 ? err.statusCode : 500;
  return {
    status,
    reason: status === 500 ? 'internal' : 'bad request',
    rpc: status === 500 ? RpcCode.Internal : RpcCode.InvalidArgument,
  };
}
