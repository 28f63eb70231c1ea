/**
 * The simulator's own light span shape: what the trace generator produces, what the OTLP
 * encoder turns into protobuf and what the case writer aggregates. Times are Unix epoch
 * microseconds (exact in a double for centuries).
 */

/** Span kinds, numbered as in OTLP's `Span.SpanKind`. */
export const Kind = { Server: 2, Client: 3, Producer: 4, Consumer: 5 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** One simulated span. */
export interface SimSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  /** Empty for the root span. */
  parentSpanId: Uint8Array;
  /** The service that emits the span (`service.name` of its resource). */
  service: string;
  /** The node whose work the span measures: the service itself for SERVER/CONSUMER, the callee for CLIENT/PRODUCER. */
  node: string;
  /** The operation at `node` (a key of its `operations`). */
  op: string;
  kind: Kind;
  startUs: number;
  endUs: number;
  error: boolean;
  /** HTTP status: set on service SERVER spans and on CLIENT spans that got an answer. */
  httpStatus: number | undefined;
  /** `error.type` of a failed call that got no answer: `connection_refused`, `timeout`, or a failed DB call. */
  errorType: string | undefined;
  /** CONSUMER spans: the PRODUCER span that sent the message. */
  link: { traceId: Uint8Array; spanId: Uint8Array } | undefined;
}

/** One whole trace: the spans of one request at the entry service and everything it caused. */
export interface SimTrace {
  traceId: Uint8Array;
  startUs: number;
  spans: SimSpan[];
}
