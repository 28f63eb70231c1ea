import { setTimeout as sleep } from 'node:timers/promises';
import { FaultlineError } from '../../core/faultline-error.js';
import type { Emitter, SimPayload } from '../emitter.js';
import { SimErrorCode } from '../errors.js';

/** Options of {@link OtlpHttpEmitter}. */
export interface OtlpHttpEmitterOptions {
  /** Base URL of the receiver, e.g. `http://127.0.0.1:4318`; payloads go to `/v1/traces` and `/v1/metrics`. */
  url: string;
  /** Extra request headers (authentication, for instance). */
  headers?: Record<string, string>;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Retries of a request answered 429, 502, 503 or 504, or failing to connect (default 5). */
  retries?: number;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * POSTs each payload as binary protobuf (`application/x-protobuf`) to an OTLP/HTTP
 * receiver, as an OTLP/HTTP exporter does. Retryable answers are retried with backoff,
 * honouring `Retry-After`; any other non-2xx answer fails the run (`FL_SIM_EMIT`).
 */
export class OtlpHttpEmitter implements Emitter {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  /** Requests accepted so far. */
  sent = 0;

  constructor(private readonly options: OtlpHttpEmitterOptions) {}

  async emit(payload: SimPayload): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    while (this.inFlight.size >= (this.options.concurrency ?? 4)) await Promise.race(this.inFlight);
    const p = this.post(payload).then(
      () => {
        this.sent++;
      },
      (err: unknown) => {
        this.failure ??= err;
      },
    );
    const tracked = p.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  async close(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  private async post(payload: SimPayload): Promise<void> {
    const url = `${this.options.url.replace(/\/+$/, '')}/v1/${payload.signal}`;
    const body = payload.bytes;
    const retries = this.options.retries ?? 5;
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      let retryAfterMs: number | undefined;
      let problem: string;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { ...this.options.headers, 'content-type': 'application/x-protobuf' },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        await res.arrayBuffer();
        if (res.ok) return;
        status = res.status;
        const after = Number(res.headers.get('retry-after'));
        retryAfterMs = Number.isFinite(after) && after > 0 ? after * 1000 : undefined;
        problem = `HTTP ${res.status}`;
      } catch (err) {
        problem = (err as Error).message;
      }
      if ((status !== 0 && !RETRYABLE.has(status)) || attempt >= retries) {
        throw new FaultlineError(SimErrorCode.Emit, `otlp: POST ${url}: ${problem}`, {
          adapter: 'otlp',
          url,
          status,
        });
      }
      await sleep(retryAfterMs ?? Math.min(5000, 100 * 2 ** attempt));
    }
  }
}
