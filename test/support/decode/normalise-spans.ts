/** Reference normalisation: a decoded TracesData (generated code) to SpanRecords. */

import { attrOf, lastAttr } from '../../../ingest/decode/any-value.js';
import { spanKindOf, spanStatusOf } from '../../../ingest/decode/enums.js';
import { bytesToHex } from '../../../ingest/decode/hex.js';
import { applySpanAttributes, SERVICE_NAME_KEY, serviceOf } from '../../../ingest/decode/semconv.js';
import {
  applyExtraAttributes,
  newPlanSlots,
  SEMCONV_PLAN,
  type SpanAttrPlan,
} from '../../../ingest/decode/span-attr-plan.js';
import type { SpanRecord } from '../../../ingest/records.js';
import type { TracesData } from '../../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';

export function normaliseSpans(data: TracesData, plan: SpanAttrPlan = SEMCONV_PLAN): SpanRecord[] {
  const out: SpanRecord[] = [];
  for (const rs of data.resourceSpans) {
    const service = serviceOf(lastAttr(rs.resource?.attributes ?? [], SERVICE_NAME_KEY));
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const rec: SpanRecord = {
          traceId: bytesToHex(span.traceId),
          spanId: bytesToHex(span.spanId),
          parentSpanId: bytesToHex(span.parentSpanId),
          service,
          kind: spanKindOf(span.kind),
          name: span.name,
          startNs: span.startTimeUnixNano,
          endNs: span.endTimeUnixNano,
          status: spanStatusOf(span.status?.code ?? 0),
          links: span.links.map((l) => ({ traceId: bytesToHex(l.traceId), spanId: bytesToHex(l.spanId) })),
        };
        const slots = newPlanSlots(plan);
        for (const kv of span.attributes) {
          const slot = plan.slotByKey.get(kv.key);
          if (slot === undefined) continue;
          const v = attrOf(kv.value);
          if (v !== undefined) slots[slot] = v;
        }
        applySpanAttributes(rec, slots);
        applyExtraAttributes(rec, slots, plan.extras);
        out.push(rec);
      }
    }
  }
  return out;
}
