/** The OTLP/JSON span decoder (ExportTraceServiceRequest / TracesData as JSON). */
import type { SpanRecord } from '../records.js';
import { SPAN_KIND_NAMES, STATUS_CODE_NAMES, spanKindOf, spanStatusOf } from './enums.js';
import { toDecodeError } from './fail.js';
import {
  asEnum,
  asHexId,
  asObject,
  asObjects,
  asString,
  asUint64,
  attrOfJson,
  field,
  type JsonObject,
  lastAttrOfJson,
  parseRoot,
} from './json-values.js';
import { admit, checkJsonObjects } from './record-gate.js';
import { adjustedCountOf } from './sampling-threshold.js';
import { applySpanAttributes, SERVICE_NAME_KEY, serviceOf } from './semconv.js';
import {
  applyExtraAttributes,
  newPlanSlots,
  type SpanAttrPlan,
  type SpanDecodeOptions,
  spanAttrPlan,
} from './span-attr-plan.js';

/** Decodes OTLP/JSON trace bytes; throws DecodeError on anything malformed. */
export function jsonDecodeSpans(bytes: Uint8Array, options?: SpanDecodeOptions): SpanRecord[] {
  const plan = spanAttrPlan(options);
  try {
    checkJsonObjects(bytes);
    return spansOf(parseRoot(bytes), plan);
  } catch (err) {
    throw toDecodeError(err, 'otlp_json');
  }
}

function spansOf(root: JsonObject, plan: SpanAttrPlan): SpanRecord[] {
  const out: SpanRecord[] = [];
  for (const rs of asObjects(field(root, 'resourceSpans', 'resource_spans'), 'resourceSpans')) {
    const resource = asObject(field(rs, 'resource', 'resource'), 'resource');
    const service = serviceOf(
      resource &&
        lastAttrOfJson(field(resource, 'attributes', 'attributes'), 'resource.attributes', SERVICE_NAME_KEY),
    );
    for (const ss of asObjects(field(rs, 'scopeSpans', 'scope_spans'), 'scopeSpans')) {
      for (const span of asObjects(field(ss, 'spans', 'spans'), 'spans'))
        admit(out, spanOf(span, service, plan));
    }
  }
  return out;
}

function spanOf(span: JsonObject, service: string, plan: SpanAttrPlan): SpanRecord {
  const status = asObject(field(span, 'status', 'status'), 'status');
  const rec: SpanRecord = {
    traceId: asHexId(field(span, 'traceId', 'trace_id'), 'traceId'),
    spanId: asHexId(field(span, 'spanId', 'span_id'), 'spanId'),
    parentSpanId: asHexId(field(span, 'parentSpanId', 'parent_span_id'), 'parentSpanId'),
    service,
    kind: spanKindOf(asEnum(field(span, 'kind', 'kind'), SPAN_KIND_NAMES, 'kind')),
    name: asString(field(span, 'name', 'name'), 'name'),
    startNs: asUint64(field(span, 'startTimeUnixNano', 'start_time_unix_nano'), 'startTimeUnixNano'),
    endNs: asUint64(field(span, 'endTimeUnixNano', 'end_time_unix_nano'), 'endTimeUnixNano'),
    status: spanStatusOf(
      status ? asEnum(field(status, 'code', 'code'), STATUS_CODE_NAMES, 'status.code') : 0,
    ),
    links: asObjects(field(span, 'links', 'links'), 'links').map((link) => ({
      traceId: asHexId(field(link, 'traceId', 'trace_id'), 'links.traceId'),
      spanId: asHexId(field(link, 'spanId', 'span_id'), 'links.spanId'),
    })),
  };
  const adjusted = adjustedCountOf(asString(field(span, 'traceState', 'trace_state'), 'traceState'));
  if (adjusted !== undefined) rec.adjustedCount = adjusted;
  const slots = newPlanSlots(plan);
  for (const kv of asObjects(field(span, 'attributes', 'attributes'), 'attributes')) {
    const slot = plan.slotByKey.get(asString(field(kv, 'key', 'key'), 'key'));
    if (slot === undefined) continue;
    const v = attrOfJson(field(kv, 'value', 'value'));
    if (v !== undefined) slots[slot] = v;
  }
  applySpanAttributes(rec, slots);
  applyExtraAttributes(rec, slots, plan.extras);
  return rec;
}
