import fc from 'fast-check';
import type { SpanRecord } from '../../ingest/records.js';
import { USER_NODE } from '../../topology/model.js';
import { span, spanId, T0, traceId } from './fixtures.js';

/** How a node of a generated trace is called by its parent. */
export type CallKind = 'http' | 'db' | 'messaging' | 'link' | 'peer';

export interface CallSpec {
  /** Index of an earlier node; a node that serves nothing (db, peer) hands its children to the root. */
  parent: number;
  kind: CallKind;
  service: string;
  clientError: boolean;
  serverError: boolean;
}

/** A generated trace: the root service, then calls. */
export interface TraceSpec {
  root: string;
  rootError: boolean;
  calls: CallSpec[];
}

/** An expected edge total. */
export interface Expected {
  calls: number;
  failed: number;
  type: string;
}

const services = fc.constantFrom('frontend', 'checkout', 'payment', 'cart', 'orders');

const callSpec = (index: number): fc.Arbitrary<CallSpec> =>
  fc.record({
    parent: fc.integer({ min: 0, max: index }),
    kind: fc.constantFrom<CallKind>('http', 'http', 'db', 'messaging', 'link', 'peer'),
    service: services,
    clientError: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    serverError: fc.boolean(),
  });

export const traceSpec: fc.Arbitrary<TraceSpec> = fc.integer({ min: 0, max: 6 }).chain((n) =>
  fc.record({
    root: services,
    rootError: fc.boolean(),
    calls: fc.tuple(...Array.from({ length: n }, (_, i) => callSpec(i))),
  }),
);

const RANK = ['virtual', 'direct', 'database', 'messaging'];

/**
 * The spans of some generated traces, and the edge totals an oracle expects from them:
 * written independently of span pairing, from what each call is.
 */
export function spansOf(traces: readonly TraceSpec[]): {
  spans: SpanRecord[];
  expected: Map<string, Expected>;
} {
  let nextSpan = 1;
  let nextTrace = 1;
  const spans: SpanRecord[] = [];
  const expected = new Map<string, Expected>();
  const expect = (source: string, target: string, type: string, failed: boolean) => {
    const key = `${source}->${target}`;
    const e = expected.get(key) ?? { calls: 0, failed: 0, type };
    e.calls++;
    if (failed) e.failed++;
    if (RANK.indexOf(type) > RANK.indexOf(e.type)) e.type = type;
    expected.set(key, e);
  };
  const make = (over: Partial<SpanRecord> & { service: string }, end: number): SpanRecord => {
    const s = span({ spanId: spanId(nextSpan++), ...over }, end);
    spans.push(s);
    return s;
  };
  for (const t of traces) {
    const tid = traceId(nextTrace++);
    const root = make({ service: t.root, traceId: tid, status: t.rootError ? 'error' : 'ok' }, 1000);
    expect(USER_NODE, t.root, 'virtual', t.rootError);
    // Per node: where its children hang (the span serving it), or undefined when it serves nothing.
    const serving: Array<SpanRecord | undefined> = [root];
    t.calls.forEach((c, i) => {
      const parent = serving[c.parent] ?? root;
      const at = { traceId: parent.traceId, parentSpanId: parent.spanId, service: parent.service };
      const cs = c.clientError ? 'error' : 'unset';
      const ss = c.serverError ? 'error' : 'unset';
      const end = 900 - i;
      switch (c.kind) {
        case 'http': {
          const cl = make({ ...at, kind: 'client', status: cs, serverAddress: 'ip' }, end);
          serving.push(
            make(
              {
                service: c.service,
                traceId: cl.traceId,
                parentSpanId: cl.spanId,
                kind: 'server',
                status: ss,
              },
              end - 1,
            ),
          );
          expect(parent.service, c.service, 'direct', c.clientError || c.serverError);
          break;
        }
        case 'db':
          make(
            { ...at, kind: 'client', status: cs, dbSystem: 'postgresql', dbNamespace: `${c.service}_db` },
            end,
          );
          serving.push(undefined);
          expect(parent.service, `${c.service}_db`, 'database', c.clientError);
          break;
        case 'messaging': {
          const p = make({ ...at, kind: 'producer', status: cs, messagingSystem: 'kafka' }, end);
          serving.push(
            make(
              {
                service: c.service,
                traceId: p.traceId,
                parentSpanId: p.spanId,
                kind: 'consumer',
                status: ss,
              },
              end + 5,
            ),
          );
          expect(parent.service, c.service, 'messaging', c.clientError || c.serverError);
          break;
        }
        case 'link': {
          const p = make({ ...at, kind: 'producer', status: cs }, end);
          const consumer = make(
            {
              service: c.service,
              traceId: traceId(nextTrace++),
              kind: 'consumer',
              status: ss,
              links: [{ traceId: p.traceId, spanId: p.spanId }],
            },
            end + 50,
          );
          serving.push(consumer);
          expect(parent.service, c.service, 'messaging', c.clientError || c.serverError);
          break;
        }
        case 'peer':
          make({ ...at, kind: 'client', status: cs, peerService: `ext-${c.service}` }, end);
          serving.push(undefined);
          expect(parent.service, `ext-${c.service}`, 'virtual', c.clientError);
          break;
      }
    });
  }
  return { spans, expected };
}

/** Spans end within a second of T0: a builder clock at T0 + 1 s never clamps them. */
export const CLOCK_MS = T0 + 1000;
