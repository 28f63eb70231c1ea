import { create, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import type { KeyValue } from '../../../schemas/gen/opentelemetry/proto/common/v1/common_pb.js';
import {
  Span_SpanKind,
  type SpanSchema,
  TracesDataSchema,
} from '../../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { USER_NODE } from '../../../topology/model.js';

/** Good and total events one SLO should count. */
export interface Counts {
  good: number;
  total: number;
}

let nextId = 1;

/** 16 or 8 non-zero id bytes, unique in this process. */
function id(bytes: 16 | 8): Uint8Array {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0f1e2d3c);
  view.setUint32(bytes - 4, nextId++);
  return out;
}

type SpanInit = MessageInitShape<typeof SpanSchema>;

const str = (key: string, value: string): KeyValue =>
  ({ key, value: { value: { case: 'stringValue', value } } }) as KeyValue;

function serverSpan(
  traceId: Uint8Array,
  parent: Uint8Array,
  endMs: number,
  failed: boolean,
  name: string,
  extra: KeyValue[] = [],
): SpanInit & { spanId: Uint8Array } {
  const end = BigInt(endMs) * 1_000_000n;
  return {
    traceId,
    spanId: id(8),
    parentSpanId: parent,
    name,
    kind: Span_SpanKind.SERVER,
    startTimeUnixNano: end - 20_000_000n,
    endTimeUnixNano: end,
    attributes: [str('http.request.method', 'GET'), ...extra],
    status: { code: failed ? 2 : 0, message: '' },
  };
}

function tracesData(byService: Map<string, Array<SpanInit>>): Uint8Array {
  return toBinary(
    TracesDataSchema,
    create(TracesDataSchema, {
      resourceSpans: [...byService].map(([service, spans]) => ({
        resource: { attributes: [str('service.name', service)] },
        scopeSpans: [{ scope: { name: 'faultline-reliability' }, spans }],
      })),
    }),
  );
}

/**
 * One OTLP `TracesData` message of `spans` root SERVER spans of `service` ending at `endMs`,
 * the first `bad` of them failed (status ERROR): an availability SLO of that service counts
 * `spans - bad` good of `spans`.
 */
export function sloMessage(
  service: string,
  spans: number,
  bad: number,
  endMs: number,
  /** Extra attributes on every span. */
  attributes: Record<string, string> = {},
): Uint8Array {
  const extra = Object.entries(attributes).map(([k, v]) => str(k, v));
  const list = Array.from({ length: spans }, (_, i) =>
    serverSpan(id(16), new Uint8Array(), endMs, i < bad, 'GET /checkout', extra),
  );
  return tracesData(new Map([[service, list]]));
}

/**
 * One message of `traces` whole traces: `frontend` serves a root request and calls one of
 * `backends` (CLIENT span, then the backend's SERVER span). The topology pairs them into
 * `USER_NODE -> frontend` and `frontend -> backend-<i>`; `frontend/availability` counts one good
 * event per trace.
 */
export function traceMessage(traces: number, endMs: number, backends = 3): Uint8Array {
  const frontend: Array<SpanInit> = [];
  const byService = new Map<string, Array<SpanInit>>([['frontend', frontend]]);
  for (let t = 0; t < traces; t++) {
    const traceId = id(16);
    const root = serverSpan(traceId, new Uint8Array(), endMs, false, 'GET /');
    const client = {
      ...serverSpan(traceId, root.spanId, endMs - 1, false, 'GET /api'),
      kind: Span_SpanKind.CLIENT,
    };
    const backend = `backend-${t % backends}`;
    const served = serverSpan(traceId, client.spanId, endMs - 2, false, 'GET /api');
    frontend.push(root, client);
    const list = byService.get(backend) ?? [];
    list.push(served);
    byService.set(backend, list);
  }
  return tracesData(byService);
}

/** Calls per edge (`source>target`) that one {@link traceMessage} of `traces` traces makes. */
export function traceEdgeCalls(traces: number, backends = 3): Map<string, number> {
  const calls = new Map<string, number>([[`${USER_NODE}>frontend`, traces]]);
  for (let t = 0; t < traces; t++) {
    const edge = `frontend>backend-${t % backends}`;
    calls.set(edge, (calls.get(edge) ?? 0) + 1);
  }
  return calls;
}

/** The topology edges {@link traceMessage} traffic makes, as `source>target`. */
export function traceEdges(backends = 3): string[] {
  return [
    `${USER_NODE}>frontend`,
    ...Array.from({ length: backends }, (_, i) => `frontend>backend-${i}`),
  ].sort();
}
