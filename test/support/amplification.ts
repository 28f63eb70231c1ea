import { gzipSync } from 'node:zlib';

/**
 * Amplification payloads, built here and never stored: a tiny compressed body whose
 * decompressed size sits just under the 16 MiB body limit and which decodes into millions
 * of empty records.
 */
const LIMIT = 16 * 1024 * 1024;

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** A length-delimited field `tag` around `body` (the header is returned, body kept apart). */
function header(tag: number, length: number): number[] {
  return [tag, ...varint(length)];
}

/** `count` copies of `unit` wrapped in the given (tag) envelopes, outermost first. */
function nested(envelopes: Array<{ tag: number; prefix?: number[] }>, unit: number[], count: number): Buffer {
  const body = Buffer.alloc(unit.length * count);
  for (let i = 0; i < count; i++) body.set(unit, i * unit.length);
  let parts: Buffer[] = [body];
  let length = body.length;
  for (const env of [...envelopes].reverse()) {
    const prefix = Buffer.from(env.prefix ?? []);
    const head = Buffer.from(header(env.tag, length + prefix.length));
    parts = [head, prefix, ...parts];
    length += head.length + prefix.length;
  }
  return Buffer.concat(parts);
}

/** How many units of `size` bytes fit under the body limit with some room for envelopes. */
function countFitting(size: number): number {
  return Math.floor((LIMIT - 64) / size);
}

/** TracesData with ~8.4 M empty spans (`0x12 0x00` each). */
export function emptySpans(count = countFitting(2)): { raw: Buffer; gzip: Buffer; count: number } {
  // TracesData.resource_spans(1) > ResourceSpans.scope_spans(2) > ScopeSpans.spans(2)
  const raw = nested([{ tag: 0x0a }, { tag: 0x12 }], [0x12, 0x00], count);
  return { raw, gzip: gzipSync(raw, { level: 9 }), count };
}

/** MetricsData with ~8.4 M empty gauge points of a metric named `m`. */
export function emptyGaugePoints(count = countFitting(2)): { raw: Buffer; gzip: Buffer; count: number } {
  // resource_metrics(1) > scope_metrics(2) > metrics(2) { name(1) = "m", gauge(5) > data_points(1) }
  const name = [0x0a, 0x01, 0x6d];
  const raw = nested(
    [{ tag: 0x0a }, { tag: 0x12 }, { tag: 0x12, prefix: name }, { tag: 0x2a }],
    [0x0a, 0x00],
    count,
  );
  return { raw, gzip: gzipSync(raw, { level: 9 }), count };
}

/** OTLP/JSON with ~5.6 M `{}` spans. */
export function emptyJsonSpans(count = countFitting(3)): { raw: Buffer; gzip: Buffer; count: number } {
  const head = '{"resourceSpans":[{"scopeSpans":[{"spans":[';
  const tail = ']}]}]}';
  const raw = Buffer.from(`${head}${'{},'.repeat(count - 1)}{}${tail}`);
  return { raw, gzip: gzipSync(raw, { level: 9 }), count };
}
