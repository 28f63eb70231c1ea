/**
 * A test-side OTLP/JSON writer: the protobuf JSON mapping (`toJson` of the generated code)
 * plus OTLP's deviation that trace and span ids are hex, not base64. Options vary the
 * spellings a receiver must accept.
 */
import { type DescMessage, type MessageShape, toJson } from '@bufbuild/protobuf';
import { base64Decode } from '@bufbuild/protobuf/wire';
import { bytesToHex } from '../../../ingest/decode/hex.js';

export interface JsonStyle {
  /** snake_case proto field names instead of lowerCamelCase. */
  protoNames: boolean;
  /** Enums as numbers instead of value names. */
  enumNumbers: boolean;
  /** Ids in upper-case hex. */
  upperHex: boolean;
  /** 64-bit integers that fit a double exactly as JSON numbers instead of strings. */
  safeIntsAsNumbers: boolean;
}

export const DEFAULT_STYLE: JsonStyle = {
  protoNames: false,
  enumNumbers: false,
  upperHex: false,
  safeIntsAsNumbers: false,
};

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId', 'trace_id', 'span_id', 'parent_span_id']);
const INT64_FIELDS = new Set([
  'intValue',
  'int_value',
  'asInt',
  'as_int',
  'startTimeUnixNano',
  'start_time_unix_nano',
  'endTimeUnixNano',
  'end_time_unix_nano',
  'timeUnixNano',
  'time_unix_nano',
  'count',
  'zeroCount',
  'zero_count',
  'bucketCounts',
  'bucket_counts',
]);

export function toOtlpJson<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  style: JsonStyle = DEFAULT_STYLE,
): Uint8Array {
  const json = toJson(schema, message, {
    useProtoFieldName: style.protoNames,
    enumAsInteger: style.enumNumbers,
  });
  return new TextEncoder().encode(JSON.stringify(rewrite(json, style)));
}

function rewrite(node: unknown, style: JsonStyle, key = ''): unknown {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, style, key));
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      Object.defineProperty(out, k, {
        value: rewrite(v, style, k),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (typeof node === 'string' && ID_FIELDS.has(key)) {
    const hex = bytesToHex(base64Decode(node));
    return style.upperHex ? hex.toUpperCase() : hex;
  }
  if (
    typeof node === 'string' &&
    style.safeIntsAsNumbers &&
    INT64_FIELDS.has(key) &&
    /^-?[0-9]+$/.test(node)
  ) {
    const n = Number(node);
    if (Number.isSafeInteger(n)) return n;
  }
  return node;
}
