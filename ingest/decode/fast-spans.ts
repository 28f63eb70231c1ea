/**
 * The hot-path span decoder: reads OTLP TracesData / ExportTraceServiceRequest bytes
 * straight into SpanRecords, decoding only the fields the records need. Equivalent to
 * `referenceDecodeSpans` on every valid payload (property-tested).
 */
import { WireType } from '@bufbuild/protobuf/wire';
import type { AttrValue, SpanLink, SpanRecord } from '../records.js';
import { spanKindOf, spanStatusOf } from './enums.js';
import { toDecodeError } from './fail.js';
import { readMatchedAttr, readResourceService } from './fast-attributes.js';
import { ValueCache } from './fast-value-cache.js';
import { admit } from './record-gate.js';
import { adjustedCountOf } from './sampling-threshold.js';
import { applySpanAttributes, SPAN_ATTR_KEYS, type SpanAttrSlots, serviceOf } from './semconv.js';
import {
  applyExtraAttributes,
  newPlanSlots,
  type SpanAttrPlan,
  type SpanDecodeOptions,
  spanAttrPlan,
} from './span-attr-plan.js';
import {
  expectEnd,
  readEnd,
  readFixed64,
  readHex,
  readString,
  readTag,
  skipChecked,
  Wire,
  wireTable,
} from './wire.js';

const L = WireType.LengthDelimited;
const TRACES_DATA = wireTable({ 1: L });
const RESOURCE_SPANS = wireTable({ 1: L, 2: L, 3: L });
const SCOPE_SPANS = wireTable({ 1: L, 2: L, 3: L });
const SPAN = wireTable({
  1: L,
  2: L,
  3: L,
  4: L,
  5: L,
  6: WireType.Varint,
  7: WireType.Bit64,
  8: WireType.Bit64,
  9: L,
  10: WireType.Varint,
  11: L,
  12: WireType.Varint,
  13: L,
  14: WireType.Varint,
  15: L,
  16: WireType.Bit32,
});
const LINK = wireTable({ 1: L, 2: L, 3: L, 4: L, 5: WireType.Varint, 6: WireType.Bit32 });
const STATUS = wireTable({ 2: L, 3: WireType.Varint });

/** The per-decode state of the span readers. */
interface SpanCtx {
  readonly plan: SpanAttrPlan;
  /** The current span's attribute values by slot, reused across spans. */
  readonly slots: SpanAttrSlots;
  /** Decoded values of the extra (caller-requested) slots; undefined when there are none. */
  readonly cache: ValueCache | undefined;
}

/** Decodes OTLP trace protobuf bytes; throws DecodeError on anything malformed. */
export function fastDecodeSpans(bytes: Uint8Array, options?: SpanDecodeOptions): SpanRecord[] {
  const plan = spanAttrPlan(options);
  const slotCount = plan.keys.length;
  const ctx: SpanCtx = {
    plan,
    slots: newPlanSlots(plan),
    cache: slotCount > SPAN_ATTR_KEYS.length ? new ValueCache(SPAN_ATTR_KEYS.length, slotCount) : undefined,
  };
  const w = new Wire(bytes);
  const out: SpanRecord[] = [];
  try {
    const r = w.r;
    while (r.pos < w.len) {
      const tag = readTag(w);
      if (tag === 0x0a) readResourceSpans(w, readEnd(w), out, ctx);
      else skipChecked(w, tag, TRACES_DATA);
    }
    expectEnd(w, w.len);
  } catch (err) {
    throw toDecodeError(err, 'otlp_proto');
  }
  return out;
}

function readResourceSpans(w: Wire, end: number, out: SpanRecord[], ctx: SpanCtx): void {
  const r = w.r;
  const from = out.length;
  // Protobuf allows the resource after the spans (and a repeated resource is merged), so
  // the service is filled in once the whole ResourceSpans has been read.
  let serviceValue: AttrValue | undefined;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) {
      const v = readResourceService(w, readEnd(w));
      if (v !== undefined) serviceValue = v;
    } else if (tag === 0x12) {
      readScopeSpans(w, readEnd(w), out, ctx);
    } else {
      skipChecked(w, tag, RESOURCE_SPANS);
    }
  }
  expectEnd(w, end);
  const service = serviceOf(serviceValue);
  for (let i = from; i < out.length; i++) out[i]!.service = service;
}

function readScopeSpans(w: Wire, end: number, out: SpanRecord[], ctx: SpanCtx): void {
  const r = w.r;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x12) admit(out, readSpan(w, readEnd(w), ctx));
    else skipChecked(w, tag, SCOPE_SPANS);
  }
  expectEnd(w, end);
}

function readSpan(w: Wire, end: number, ctx: SpanCtx): SpanRecord {
  const r = w.r;
  const { plan, slots, cache } = ctx;
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let name = '';
  let kind = 0;
  let startNs = 0n;
  let endNs = 0n;
  let code = 0;
  let adjusted: number | undefined;
  const links: SpanLink[] = [];
  slots.fill(undefined);
  while (r.pos < end) {
    const tag = readTag(w);
    switch (tag) {
      case 0x0a: // trace_id = 1
        traceId = readHex(w);
        break;
      case 0x12: // span_id = 2
        spanId = readHex(w);
        break;
      case 0x1a: // trace_state = 3
        adjusted = adjustedCountOf(readString(w));
        break;
      case 0x22: // parent_span_id = 4
        parentSpanId = readHex(w);
        break;
      case 0x2a: // name = 5
        name = readString(w);
        break;
      case 0x30: // kind = 6
        kind = r.int32();
        break;
      case 0x39: // start_time_unix_nano = 7
        startNs = readFixed64(w);
        break;
      case 0x41: // end_time_unix_nano = 8
        endNs = readFixed64(w);
        break;
      case 0x4a: // attributes = 9
        readMatchedAttr(w, readEnd(w), plan.matcher, slots, cache);
        break;
      case 0x6a: // links = 13
        links.push(readLink(w, readEnd(w)));
        break;
      case 0x7a: // status = 15
        code = readStatusCode(w, readEnd(w), code);
        break;
      default:
        skipChecked(w, tag, SPAN);
    }
  }
  expectEnd(w, end);
  const rec: SpanRecord = {
    traceId,
    spanId,
    parentSpanId,
    service: '',
    kind: spanKindOf(kind),
    name,
    startNs,
    endNs,
    status: spanStatusOf(code),
    links,
  };
  if (adjusted !== undefined) rec.adjustedCount = adjusted;
  applySpanAttributes(rec, slots);
  if (plan.extras.length > 0) applyExtraAttributes(rec, slots, plan.extras);
  return rec;
}

function readLink(w: Wire, end: number): SpanLink {
  const r = w.r;
  let traceId = '';
  let spanId = '';
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) traceId = readHex(w);
    else if (tag === 0x12) spanId = readHex(w);
    else skipChecked(w, tag, LINK);
  }
  expectEnd(w, end);
  return { traceId, spanId };
}

/** The status code in a Status message; `code` (the value so far) when it has none. */
function readStatusCode(w: Wire, end: number, code: number): number {
  const r = w.r;
  let out = code;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x18) out = r.int32();
    else skipChecked(w, tag, STATUS);
  }
  expectEnd(w, end);
  return out;
}
