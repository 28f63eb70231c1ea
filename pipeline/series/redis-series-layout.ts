import type { BucketAggregate } from './series-batch.js';
import { addCount, addMean } from './series-batch.js';
import { type Subject, subjectKey } from './subject.js';

/**
 * Where and how `RedisSeriesStore` keeps a subject's buckets (README.md, "Redis keys").
 *
 * Every key of a subject carries the hash tag `{<subject key>}` (with `%`, `{` and `}`
 * percent-encoded), so all of them live in one Cluster slot and one script call updates
 * them together:
 *
 * - `<prefix>series:{<tag>}:s:<block start ms>`: span data of one time block (hash);
 * - `<prefix>series:{<tag>}:m:<block start ms>:<metric>`: one metric of one block (hash);
 * - `<prefix>series:{<tag>}:metrics`: the subject's metric names (sorted set, score = the
 *   newest bucket start written);
 * - `<prefix>series:subjects`: every subject key (sorted set, score = newest bucket start).
 *
 * Fields name the bucket by its offset `o` in the block, `(bucket start - block start) /
 * resolution`. Span blocks: `200 * o + index` (latency histogram count of a bucket index),
 * `<o>r` (requests), `<o>e` (errors), `<o>l` (latency sum, µs), all HINCRBY. Metric blocks:
 * `<o>g` (sum of values to average, HINCRBYFLOAT), `<o>n` (their count, HINCRBY), `<o>c`
 * (increase of a monotonic sum, HINCRBYFLOAT). Histogram fields are plain integers because
 * Redis keeps integer-looking fields of a small hash (listpack) in 2-3 bytes, and they are
 * most of the fields.
 */

/**
 * The increments of one hash: `ints` by HINCRBY (counts, always whole numbers), `floats`
 * by HINCRBYFLOAT (metric values). A field is always one or the other.
 */
export interface BlockIncrements {
  ints: Array<[field: string, by: number]>;
  floats: Array<[field: string, by: number]>;
}

/** Histogram fields are `HISTOGRAM_STRIDE * offset + index`: above every index (there are 199). */
const HISTOGRAM_STRIDE = 200;

/** Gets (or makes) the aggregate of a bucket while decoding. */
export type BucketAt = (bucketMs: number) => BucketAggregate;

/** The key of the subjects registry. */
export function subjectsKey(prefix: string): string {
  return `${prefix}series:subjects`;
}

/** The hash tag part of a subject's keys, braces included. */
export function subjectTag(subject: Subject): string {
  const escaped = subjectKey(subject).replaceAll('%', '%25').replaceAll('{', '%7B').replaceAll('}', '%7D');
  return `{${escaped}}`;
}

/** The hash of one subject's span data in the block starting at `blockMs`. */
export function spanBlockKey(prefix: string, subject: Subject, blockMs: number): string {
  return `${prefix}series:${subjectTag(subject)}:s:${blockMs}`;
}

/** The hash of one metric of a subject in the block starting at `blockMs`. */
export function metricBlockKey(prefix: string, subject: Subject, metric: string, blockMs: number): string {
  return `${prefix}series:${subjectTag(subject)}:m:${blockMs}:${metric}`;
}

/** The hash of the next Kafka offset whose data was added to a subject, per stream (`topic:partition`). */
export function seriesOffsetsKey(prefix: string, subject: Subject): string {
  return `${prefix}series:${subjectTag(subject)}:offsets`;
}

/** The sorted set of a subject's metric names. */
export function metricNamesKey(prefix: string, subject: Subject): string {
  return `${prefix}series:${subjectTag(subject)}:metrics`;
}

/** Appends the increments adding a bucket's span data at `offset` to its span block. */
export function addSpanIncrements(into: BlockIncrements, bucket: BucketAggregate, offset: number): void {
  const int = (field: string, by: number): void => {
    const n = Math.round(by);
    if (n !== 0 && Number.isSafeInteger(n)) into.ints.push([field, n]);
  };
  int(`${offset}r`, bucket.requests);
  int(`${offset}e`, bucket.errors);
  int(`${offset}l`, bucket.latencySumUs);
  for (const [index, count] of bucket.latencyCounts) int(String(HISTOGRAM_STRIDE * offset + index), count);
}

/** Appends the increments adding one metric's data of a bucket at `offset` to its metric block. */
export function addMetricIncrements(
  into: BlockIncrements,
  offset: number,
  mean: { sum: number; count: number } | undefined,
  increase: number | undefined,
): void {
  if (mean !== undefined && Number.isFinite(mean.sum) && Number.isSafeInteger(Math.round(mean.count))) {
    into.floats.push([`${offset}g`, mean.sum]);
    into.ints.push([`${offset}n`, Math.round(mean.count)]);
  }
  if (increase !== undefined && Number.isFinite(increase)) into.floats.push([`${offset}c`, increase]);
}

/** Adds a span block hash (as HGETALL returns it) to the buckets; unknown fields are skipped. */
export function decodeSpanBlock(
  hash: Record<string, string>,
  blockMs: number,
  resolutionMs: number,
  at: BucketAt,
): void {
  for (const [field, raw] of Object.entries(hash)) {
    const parsed = parseField(field, raw);
    if (parsed === undefined) continue;
    const { offset, type, value } = parsed;
    if (type === '') {
      const b = at(blockMs + Math.floor(offset / HISTOGRAM_STRIDE) * resolutionMs);
      addCount(b.latencyCounts, offset % HISTOGRAM_STRIDE, value);
      continue;
    }
    const b = at(blockMs + offset * resolutionMs);
    if (type === 'r') b.requests += value;
    else if (type === 'e') b.errors += value;
    else if (type === 'l') b.latencySumUs += value;
  }
}

/** Adds one metric's block hash to the buckets; unknown fields are skipped. */
export function decodeMetricBlock(
  hash: Record<string, string>,
  metric: string,
  blockMs: number,
  resolutionMs: number,
  at: BucketAt,
): void {
  for (const [field, raw] of Object.entries(hash)) {
    const parsed = parseField(field, raw);
    if (parsed === undefined) continue;
    const b = at(blockMs + parsed.offset * resolutionMs);
    if (parsed.type === 'g') addMean(b.metricMeans, metric, parsed.value, 0);
    else if (parsed.type === 'n') addMean(b.metricMeans, metric, 0, parsed.value);
    else if (parsed.type === 'c') addCount(b.metricIncreases, metric, parsed.value);
  }
}

function parseField(field: string, raw: string): { offset: number; type: string; value: number } | undefined {
  const match = /^(\d+)([a-z]?)$/.exec(field);
  const value = Number(raw);
  if (match === null || !Number.isFinite(value)) return undefined;
  return { offset: Number(match[1]), type: match[2] ?? '', value };
}
