import { create, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { type KeyValue, KeyValueSchema } from '../schemas/gen/opentelemetry/proto/common/v1/common_pb.js';
import { type Status, StatusSchema } from '../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { httpParts, int, PATH_VARIANTS, pathOf, str } from './otlp-attributes.js';
import { Kind, type SimSpan } from './sim-span.js';
import type { IndexedTopology, NodeDef } from './topology.js';

/** A span's attributes and status, as messages and as ready-made protobuf fields of `Span`. */
export interface SpanExtras {
  attributes: KeyValue[];
  /** `Span.attributes` (field 9) entries, encoded. */
  attributesWire: Uint8Array;
  status: Status;
  /** `Span.status` (field 15), encoded. */
  statusWire: Uint8Array;
}

/** Every outcome a span can have; its index picks the variant. */
const OUTCOMES = ['', '200', '500', 'error', 'timeout', 'connection_refused', 'db_error', 'publish_failed'];

/**
 * The attributes the OpenTelemetry semantic conventions put on each kind of simulated span:
 * HTTP server and client spans, database client spans (`db.system.name`, `db.namespace`,
 * `server.address`), messaging producer and consumer spans. A run repeats a few hundred
 * distinct attribute lists millions of times, so each is built and encoded once and shared
 * (keyed by kind, node, operation, path variant and outcome).
 */
export class SpanAttributes {
  private readonly cache = new Map<string, Map<string, SpanExtras[]>>();
  /** `service op` of each queue consumer → the queue's messaging system and destination. */
  private readonly consumers = new Map<string, { system: string; destination: string }>();

  constructor(private readonly topology: IndexedTopology) {
    for (const n of topology.nodes) {
      for (const [destination, op] of Object.entries(n.operations)) {
        if (op.consumer === undefined) continue;
        this.consumers.set(`${op.consumer.service} ${op.consumer.op}`, {
          system: n.system ?? n.name,
          destination,
        });
      }
    }
  }

  /** The span's attributes and status. */
  of(s: SimSpan): SpanExtras {
    const pathVariant = (s.spanId[0] ?? 0) % PATH_VARIANTS;
    const outcome =
      s.errorType ?? (s.httpStatus === undefined ? (s.error ? 'error' : '') : String(s.httpStatus));
    const o = OUTCOMES.indexOf(outcome);
    if (o < 0) throw new Error(`unexpected span outcome '${outcome}'`);
    const variant = pathVariant * OUTCOMES.length + o;
    const nodeKey = `${s.kind}${s.service}>${s.node}`;
    let byOp = this.cache.get(nodeKey);
    if (byOp === undefined) {
      byOp = new Map();
      this.cache.set(nodeKey, byOp);
    }
    let variants = byOp.get(s.op);
    if (variants === undefined) {
      variants = [];
      byOp.set(s.op, variants);
    }
    let extras = variants[variant];
    if (extras === undefined) {
      extras = this.build(s, pathVariant);
      variants[variant] = extras;
    }
    return extras;
  }

  private build(s: SimSpan, v: number): SpanExtras {
    const target = this.topology.byName.get(s.node);
    if (target === undefined) throw new Error(`unknown node ${s.node}`);
    const attributes =
      s.kind === Kind.Server || s.kind === Kind.Consumer
        ? this.served(s, target, v)
        : this.client(s, target, v);
    if (s.httpStatus !== undefined) attributes.push(int('http.response.status_code', s.httpStatus));
    if (s.errorType !== undefined) attributes.push(str('error.type', s.errorType));
    else if (s.error && s.httpStatus !== undefined) attributes.push(str('error.type', String(s.httpStatus)));
    const status = create(
      StatusSchema,
      s.error ? { code: 2, message: s.errorType ?? `HTTP ${s.httpStatus ?? 500}` } : {},
    );
    const w = new BinaryWriter();
    for (const kv of attributes) w.tag(9, WireType.LengthDelimited).bytes(toBinary(KeyValueSchema, kv));
    return {
      attributes,
      attributesWire: w.finish(),
      status,
      statusWire: new BinaryWriter()
        .tag(15, WireType.LengthDelimited)
        .bytes(toBinary(StatusSchema, status))
        .finish(),
    };
  }

  private served(s: SimSpan, node: NodeDef, v: number): KeyValue[] {
    if (s.kind === Kind.Consumer) {
      const q = this.consumers.get(`${s.service} ${s.op}`) ?? { system: 'unknown', destination: s.op };
      return [
        str('messaging.system', q.system),
        str('messaging.destination.name', q.destination),
        str('messaging.operation.type', 'process'),
      ];
    }
    const { method, route } = httpParts(s.op);
    return [
      str('http.request.method', method),
      str('http.route', route),
      str('url.path', pathOf(route, v)),
      str('url.scheme', 'http'),
      str('server.address', node.name),
      int('server.port', node.port),
    ];
  }

  private client(s: SimSpan, node: NodeDef, v: number): KeyValue[] {
    const peer = [str('server.address', node.name), int('server.port', node.port)];
    if (node.kind === 'queue') {
      return [
        str('messaging.system', node.system ?? node.name),
        str('messaging.destination.name', s.op),
        str('messaging.operation.type', 'send'),
        ...peer,
      ];
    }
    if (node.kind !== 'service') {
      const [operation = s.op, collection] = s.op.split(' ');
      const attributes = [
        str('db.system.name', node.system ?? node.kind),
        str('db.operation.name', operation),
        ...peer,
      ];
      if (node.namespace !== undefined) attributes.push(str('db.namespace', node.namespace));
      if (collection !== undefined) attributes.push(str('db.collection.name', collection));
      return attributes;
    }
    const { method, route } = httpParts(s.op);
    return [
      str('http.request.method', method),
      str('url.full', `http://${node.name}${pathOf(route, v)}`),
      str('url.template', route),
      ...peer,
    ];
  }
}
