import {
  type handleUnaryCall,
  Metadata,
  ResponderBuilder,
  Server,
  ServerCredentials,
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  ServerListenerBuilder,
  type ServiceDefinition,
  status,
} from '@grpc/grpc-js';
import type { Component } from '../../core/component.js';
import { type AuthConfig, checkCredentials, credentialsConfigured } from '../../core/http/auth.js';
import type { Logger } from '../../observability/logger.js';
import { acceptExport, type OtlpExportContext } from '../otlp-export.js';
import { encodeExportResponse } from '../otlp-http/export-response.js';
import type { Signal } from '../telemetry-sink.js';
import { grpcErrorOf } from './grpc-status.js';

export interface OtlpGrpcOptions extends OtlpExportContext {
  logger: Logger;
  host: string;
  /** 0 asks the OS for a free port. */
  port: number;
  /** Largest message accepted, after decompression; larger ones get RESOURCE_EXHAUSTED. */
  maxBodyBytes: number;
  /** With `auth.protectIngest`, calls need a bearer token in the `authorization` metadata. */
  auth?: AuthConfig;
  /** Connection limits; {@link defaultGrpcLimits} by default. */
  limits?: Partial<GrpcServerLimits>;
}

/**
 * Connection limits of the gRPC receiver, the counterpart of the HTTP servers' keep-alive
 * limits: without them a client could hold a connection, idle or streaming, for ever.
 */
export interface GrpcServerLimits {
  /** A connection without calls this long is closed (GOAWAY); an exporter reconnects. */
  idleMs: number;
  /** Any connection is closed after this long, its calls in flight given `ageGraceMs`. */
  maxAgeMs: number;
  ageGraceMs: number;
  /** Calls at once on one connection. */
  maxConcurrentStreams: number;
}

export const defaultGrpcLimits: GrpcServerLimits = {
  idleMs: 300_000,
  maxAgeMs: 3_600_000,
  ageGraceMs: 30_000,
  maxConcurrentStreams: 100,
};

/** How long `close()` waits for calls in flight before it cuts them off. */
const DRAIN_MS = 5_000;

/**
 * Messages pass through as bytes: the handler decodes them with the same fast decoder as
 * OTLP/HTTP (a gRPC ExportTraceServiceRequest is the very protobuf an HTTP client posts).
 */
const bytesThrough = {
  requestStream: false,
  responseStream: false,
  requestSerialize: (b: Buffer) => b,
  requestDeserialize: (b: Buffer) => b,
  responseSerialize: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  responseDeserialize: (b: Buffer) => b,
} as const;

function exportService(service: string): ServiceDefinition {
  return { Export: { path: `/${service}/Export`, originalName: 'export', ...bytesThrough } };
}

const TRACE_SERVICE = exportService('opentelemetry.proto.collector.trace.v1.TraceService');
const METRICS_SERVICE = exportService('opentelemetry.proto.collector.metrics.v1.MetricsService');

/**
 * The OTLP/gRPC receiver (`TraceService/Export`, `MetricsService/Export`) as an engine
 * component, on `otlp.grpcPort` (4317 by default). It shares decoding, validation, limits,
 * credentials and partial-success answers with the OTLP/HTTP receiver; gzip and deflate
 * message compression are handled by grpc-js, within the same size limit.
 */
export class OtlpGrpcSource implements Component {
  readonly name = 'otlp-grpc';
  private server: Server | undefined;
  private boundPort = 0;

  constructor(private readonly o: OtlpGrpcOptions) {}

  async start(): Promise<void> {
    const interceptors = this.o.auth && needsAuth(this.o.auth) ? [authInterceptor(this.o)] : [];
    const limits = { ...defaultGrpcLimits, ...this.o.limits };
    const server = new Server({
      'grpc.max_receive_message_length': this.o.maxBodyBytes,
      'grpc.max_connection_idle_ms': limits.idleMs,
      'grpc.max_connection_age_ms': limits.maxAgeMs,
      'grpc.max_connection_age_grace_ms': limits.ageGraceMs,
      'grpc.max_concurrent_streams': limits.maxConcurrentStreams,
      interceptors,
    });
    server.addService(TRACE_SERVICE, { Export: this.handler('traces') });
    server.addService(METRICS_SERVICE, { Export: this.handler('metrics') });
    const host = this.o.host.includes(':') ? `[${this.o.host}]` : this.o.host;
    this.boundPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:${this.o.port}`, ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(err) : resolve(port),
      );
    });
    this.server = server;
  }

  /** The bound address, useful when the configured port is 0. */
  address(): { host: string; port: number } {
    return { host: this.o.host, port: this.boundPort };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, DRAIN_MS);
      force.unref();
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private handler(signal: Signal): handleUnaryCall<Buffer, Uint8Array> {
    return (call, callback) => {
      const bytes = call.request;
      acceptExport(
        'otlp-grpc',
        signal,
        { bytes, encoding: 'otlp_proto', wireBytes: bytes.length },
        this.o,
      ).then(
        ({ rejected, reason }) =>
          callback(null, encodeExportResponse(signal, rejected, reason, false) as Uint8Array),
        (err: unknown) => {
          const e = grpcErrorOf(err);
          this.o.metrics.rejectedRequests.inc({ signal, reason: e.reason });
          if (e.code !== status.INVALID_ARGUMENT)
            this.o.logger.warn({ err }, 'OTLP/gRPC export not accepted');
          callback({ code: e.code, details: e.details, metadata: e.metadata ?? new Metadata() });
        },
      );
    };
  }
}

function needsAuth(auth: AuthConfig): boolean {
  return auth.protectIngest && credentialsConfigured(auth);
}

/**
 * Checks credentials on the call's metadata before the message is read, so an
 * unauthenticated caller cannot make the server read (and decompress) a large body.
 */
function authInterceptor(o: OtlpGrpcOptions): ServerInterceptor {
  const auth = o.auth as AuthConfig;
  return (_method, call: ServerInterceptingCallInterface) =>
    new ServerInterceptingCall(
      call,
      new ResponderBuilder()
        .withStart((next) =>
          next(
            new ServerListenerBuilder()
              .withOnReceiveMetadata((metadata, pass) => {
                const header = metadata.get('authorization')[0];
                if (checkCredentials(auth, typeof header === 'string' ? header : undefined)) {
                  pass(metadata);
                  return;
                }
                o.metrics.unauthorizedRequests.inc({ scope: 'ingest' });
                call.sendStatus({ code: status.UNAUTHENTICATED, details: 'missing or wrong credentials' });
              })
              .build(),
          ),
        )
        .build(),
    );
}
