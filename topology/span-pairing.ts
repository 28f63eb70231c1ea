import type { SpanRecord } from '../ingest/records.js';
import { positiveOption } from './errors.js';
import { type EdgeCallRecord, USER_NODE } from './model.js';
import { PairingStore, type PairSide, type PendingPair } from './pairing-store.js';
import { databaseNodeName, isDatabaseCall, virtualPeerName } from './virtual-nodes.js';

/**
 * Why a span did not pair:
 * - `store_full`: refused, the pairing store held `maxPendingSpans` unexpired spans;
 * - `client_expired`: a CLIENT/PRODUCER span waited in vain and names no peer (no edge);
 * - `client_virtual`: the same, but it names a peer, so it became an edge to a virtual node;
 * - `server_expired`: a SERVER/CONSUMER span waited in vain for its CLIENT/PRODUCER;
 * - `no_parent`: a CONSUMER span with neither parent nor links (nothing to pair with).
 *
 * Spans of one trace handled by different instances show up as `client_*` on one and
 * `server_expired` on the other.
 */
export type UnpairedReason =
  | 'store_full'
  | 'client_expired'
  | 'client_virtual'
  | 'server_expired'
  | 'no_parent';

export const UNPAIRED_REASONS: readonly UnpairedReason[] = [
  'store_full',
  'client_expired',
  'client_virtual',
  'server_expired',
  'no_parent',
];

/** What span pairing reports, as it happens. */
export interface PairingListener {
  /** An edge call completed (paired, database, root, fan-out, or virtual on expiry). */
  call(call: EdgeCallRecord): void;
  unpaired(reason: UnpairedReason, spans: number): void;
  /** A span already used under its key (same trace and span id) arrived again and was ignored. */
  duplicate(): void;
}

export interface SpanPairingOptions {
  /** How long a span waits for its other side, ms of processing time (default 10 000). */
  waitMs?: number;
  /** Most spans waiting at once (default 100 000). */
  maxPendingSpans?: number;
}

export const DEFAULT_WAIT_MS = 10_000;
export const DEFAULT_MAX_PENDING_SPANS = 100_000;

/**
 * Pairs spans into edge calls. CLIENT and PRODUCER spans wait under (trace id, span id);
 * SERVER and CONSUMER spans under (trace id, parent span id), or, for a CONSUMER with
 * links, under each linked (trace id, span id): when both sides of a key are there, the
 * call completes `client service -> server service` (`direct`, or `messaging` for
 * producer/consumer). A CLIENT span with database attributes completes at once as a
 * `database` edge; a root SERVER span at once as `user -> service` (`virtual`). A pair
 * that waits longer than `waitMs` expires: a lone CLIENT/PRODUCER naming a peer becomes a
 * `virtual` edge to it, everything else is counted as unpaired.
 *
 * A span delivered twice is recognised for as long as its key is remembered (the wait) and
 * ignored. A PRODUCER span's message consumed several times (fan-out) pairs with every
 * distinct CONSUMER span that arrives within the wait.
 */
export class SpanPairer {
  readonly store: PairingStore;

  constructor(
    private readonly listener: PairingListener,
    options: SpanPairingOptions = {},
  ) {
    this.store = new PairingStore({
      waitMs: positiveOption('waitMs', options.waitMs ?? DEFAULT_WAIT_MS),
      maxItems: positiveOption('maxPendingSpans', options.maxPendingSpans ?? DEFAULT_MAX_PENDING_SPANS),
      onExpire: (_key, pair) => this.onExpire(pair),
    });
  }

  /** Handles one span arriving at `now` (processing time, ms). INTERNAL spans are ignored. */
  add(span: SpanRecord, now: number): void {
    this.store.expire(now);
    switch (span.kind) {
      case 'client':
        if (isDatabaseCall(span)) {
          this.completeAlone(span, now, {
            source: span.service,
            target: databaseNodeName(span),
            connectionType: 'database',
            sourceKind: 'service',
            targetKind: 'database',
            endNs: span.endNs,
            clientDurationNs: durationOf(span),
            failed: span.status === 'error',
          });
        } else {
          this.addSide(keyOf(span.traceId, span.spanId), 'client', sideOf(span), now);
        }
        return;
      case 'producer':
        this.addSide(keyOf(span.traceId, span.spanId), 'client', sideOf(span), now);
        return;
      case 'server':
        if (span.parentSpanId === '') {
          this.completeAlone(span, now, {
            source: USER_NODE,
            target: span.service,
            connectionType: 'virtual',
            sourceKind: 'user',
            targetKind: 'service',
            endNs: span.endNs,
            serverDurationNs: durationOf(span),
            failed: span.status === 'error',
          });
        } else {
          this.addSide(keyOf(span.traceId, span.parentSpanId), 'server', sideOf(span), now);
        }
        return;
      case 'consumer':
        this.addConsumer(span, now);
        return;
      default:
        return;
    }
  }

  /** Expires the pairs whose wait is over at `now`. */
  expire(now: number): void {
    this.store.expire(now);
  }

  /** Expires every waiting pair at once (end of a replay). */
  expireAll(now: number): void {
    this.store.expireAll(now);
  }

  private addConsumer(span: SpanRecord, now: number): void {
    const keys = new Set<string>();
    if (span.links.length > 0) for (const l of span.links) keys.add(keyOf(l.traceId, l.spanId));
    else if (span.parentSpanId !== '') keys.add(keyOf(span.traceId, span.parentSpanId));
    if (keys.size === 0) {
      this.listener.unpaired('no_parent', 1);
      return;
    }
    const side = sideOf(span);
    for (const key of keys) this.addSide(key, 'server', side, now);
  }

  /** A call made of one span (database, root server), remembered under the span's own id. */
  private completeAlone(span: SpanRecord, now: number, call: EdgeCallRecord): void {
    const key = keyOf(span.traceId, span.spanId);
    if (this.store.settled(key)?.spanIds.has(span.spanId)) {
      this.listener.duplicate();
      return;
    }
    this.store.settle(key, undefined, [span.spanId], now);
    this.listener.call(call);
  }

  private addSide(key: string, role: 'client' | 'server', side: PairSide, now: number): void {
    const settled = this.store.settled(key);
    if (settled?.spanIds.has(side.spanId)) {
      this.listener.duplicate();
      return;
    }
    if (settled?.client !== undefined && role === 'server') {
      // Another consumer of a message already paired once: fan-out.
      this.store.settle(key, undefined, [side.spanId], now);
      this.listener.call(pairCall(settled.client, side));
      return;
    }
    const pending = this.store.pending(key);
    if (pending !== undefined) {
      if (pending.client?.spanId === side.spanId || pending.servers.some((s) => s.spanId === side.spanId)) {
        this.listener.duplicate();
        return;
      }
      const client = role === 'client' ? side : pending.client;
      if (client !== undefined) {
        const servers = role === 'server' ? [...pending.servers, side] : pending.servers;
        this.store.complete(key, client, [client.spanId, ...servers.map((s) => s.spanId)], now);
        for (const server of servers) this.listener.call(pairCall(client, server));
        return;
      }
    }
    if (!this.store.add(key, role, side, now)) this.listener.unpaired('store_full', 1);
  }

  private onExpire(pair: PendingPair): void {
    const { client } = pair;
    if (client !== undefined) {
      if (client.peer === undefined) {
        this.listener.unpaired('client_expired', 1);
      } else {
        this.listener.unpaired('client_virtual', 1);
        this.listener.call({
          source: client.service,
          target: client.peer,
          connectionType: 'virtual',
          sourceKind: 'service',
          targetKind: 'virtual',
          endNs: client.endNs,
          clientDurationNs: client.durationNs,
          failed: client.failed,
        });
      }
    }
    if (pair.servers.length > 0) this.listener.unpaired('server_expired', pair.servers.length);
  }
}

/** The pairing key of (trace id, span id). */
export function keyOf(traceId: string, spanId: string): string {
  return `${traceId}:${spanId}`;
}

function pairCall(client: PairSide, server: PairSide): EdgeCallRecord {
  const messaging = client.kind === 'producer' || server.kind === 'consumer';
  return {
    source: client.service,
    target: server.service,
    connectionType: messaging ? 'messaging' : 'direct',
    sourceKind: 'service',
    targetKind: 'service',
    endNs: client.endNs,
    clientDurationNs: client.durationNs,
    serverDurationNs: server.durationNs,
    failed: client.failed || server.failed,
  };
}

function sideOf(span: SpanRecord): PairSide {
  const peer = virtualPeerName(span);
  return {
    spanId: span.spanId,
    service: span.service,
    kind: span.kind,
    endNs: span.endNs,
    durationNs: durationOf(span),
    failed: span.status === 'error',
    ...(peer === undefined ? {} : { peer }),
  };
}

function durationOf(span: SpanRecord): number {
  return span.endNs > span.startNs ? Number(span.endNs - span.startNs) : 0;
}
