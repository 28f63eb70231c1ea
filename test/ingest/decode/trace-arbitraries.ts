/** fast-check arbitraries of TracesData: all span kinds and status codes (plus unknown numbers), links, events. */
import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import {
  type Span,
  SpanSchema,
  type TracesData,
  TracesDataSchema,
} from '../../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import {
  attributes,
  enumNumber,
  id,
  keyValue,
  resource,
  text,
  timestamp,
  withUnknown,
} from './common-arbitraries.js';

export const span: fc.Arbitrary<Span> = withUnknown(
  fc
    .record({
      traceId: id(16),
      spanId: id(8),
      parentSpanId: id(8),
      traceState: fc.string({ maxLength: 6 }),
      flags: fc.nat({ max: 0xffffffff }),
      name: text,
      kind: enumNumber(5),
      startTimeUnixNano: timestamp,
      endTimeUnixNano: timestamp,
      attributes,
      droppedAttributesCount: fc.nat(),
      events: fc.array(
        fc.record({ timeUnixNano: timestamp, name: text, attributes: fc.array(keyValue, { maxLength: 2 }) }),
        { maxLength: 2 },
      ),
      links: fc.array(
        fc.record({
          traceId: id(16),
          spanId: id(8),
          traceState: fc.string({ maxLength: 4 }),
          attributes: fc.array(keyValue, { maxLength: 2 }),
          flags: fc.nat({ max: 0xffffffff }),
        }),
        { maxLength: 3 },
      ),
      status: fc.option(fc.record({ message: text, code: enumNumber(2) }), { freq: 3, nil: undefined }),
    })
    .map((s) => create(SpanSchema, s)),
);

export const tracesData: fc.Arbitrary<TracesData> = fc
  .array(
    withUnknown(
      fc
        .record({
          resource,
          scopeSpans: fc.array(
            fc.record({
              scope: fc.option(
                fc.record({ name: text, version: text, attributes: fc.array(keyValue, { maxLength: 2 }) }),
                {
                  nil: undefined,
                },
              ),
              spans: fc.array(span, { maxLength: 4 }),
              schemaUrl: fc.string({ maxLength: 5 }),
            }),
            { maxLength: 3 },
          ),
          schemaUrl: fc.string({ maxLength: 5 }),
        })
        .map(
          (rs) =>
            create(TracesDataSchema, { resourceSpans: [{ ...rs, resource: rs.resource ?? undefined }] })
              .resourceSpans[0]!,
        ),
    ),
    { maxLength: 3 },
  )
  .map((resourceSpans) => create(TracesDataSchema, { resourceSpans }));
