import type { SpanRecord } from '../../ingest/records.js';
import type { EdgeCallRecord, EdgeUpdate } from '../../topology/model.js';
import type { PairingListener, UnpairedReason } from '../../topology/span-pairing.js';

/** 1 ms in ns. */
export const MS = 1_000_000n;
/** A fixed event time (2025-01-01T00:00:00Z), ms. */
export const T0 = 1_735_689_600_000;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Ids for test spans: `traceId(1)`, `spanId(7)`. */
export const traceId = (n: number): string => hex(n, 32);
export const spanId = (n: number): string => hex(n, 16);

/** A span with defaults: kind server, 10 ms long, ending at T0 + `endMs`. */
export function span(over: Partial<SpanRecord> & { service: string }, endMs = 0): SpanRecord {
  const endNs = BigInt(T0 + endMs) * MS;
  return {
    traceId: traceId(1),
    spanId: spanId(1),
    parentSpanId: '',
    kind: 'server',
    name: 'op',
    startNs: endNs - 10n * MS,
    endNs,
    status: 'unset',
    links: [],
    ...over,
  };
}

/** A listener that records what span pairing reports. */
export class RecordingListener implements PairingListener {
  calls: EdgeCallRecord[] = [];
  unpairedCounts = new Map<UnpairedReason, number>();
  duplicates = 0;

  call(call: EdgeCallRecord): void {
    this.calls.push(call);
  }

  unpaired(reason: UnpairedReason, spans: number): void {
    this.unpairedCounts.set(reason, (this.unpairedCounts.get(reason) ?? 0) + spans);
  }

  duplicate(): void {
    this.duplicates++;
  }

  /** `source->target (type)` of every call, sorted. */
  edges(): string[] {
    return this.calls.map((c) => `${c.source}->${c.target} (${c.connectionType})`).sort();
  }
}

/** Sums updates per edge: `source->target` -> { calls, failed, type }. */
export function totals(
  updates: readonly EdgeUpdate[],
): Map<string, { calls: number; failed: number; type: string }> {
  const out = new Map<string, { calls: number; failed: number; type: string }>();
  for (const u of updates) {
    const key = `${u.source}->${u.target}`;
    const t = out.get(key) ?? { calls: 0, failed: 0, type: u.connectionType };
    t.calls += u.calls;
    t.failed += u.failedCalls;
    out.set(key, t);
  }
  return out;
}

/** An edge update with defaults, for store tests. */
export function update(
  source: string,
  target: string,
  bucketMs: number,
  over: Partial<EdgeUpdate> = {},
): EdgeUpdate {
  return {
    source,
    target,
    bucketMs,
    connectionType: 'direct',
    sourceKind: 'service',
    targetKind: 'service',
    calls: 1,
    failedCalls: 0,
    clientLatencySumUs: 10_000,
    clientCalls: 1,
    serverLatencySumUs: 8000,
    serverCalls: 1,
    lastSeenMs: bucketMs + 1,
    ...over,
  };
}
