import { create } from '@bufbuild/protobuf';
import { type KeyValue, KeyValueSchema } from '../schemas/gen/opentelemetry/proto/common/v1/common_pb.js';
import type { NodeDef } from './topology.js';

/** A string attribute (a finished message: it may be shared between spans). */
export function str(key: string, value: string): KeyValue {
  return create(KeyValueSchema, { key, value: { value: { case: 'stringValue', value } } });
}

/** An integer attribute. */
export function int(key: string, value: number): KeyValue {
  return create(KeyValueSchema, { key, value: { value: { case: 'intValue', value: BigInt(value) } } });
}

/** Resource attributes of a node, as its SDK (or, for databases and queues, a host receiver) reports them. */
export function resourceAttributes(topology: string, node: NodeDef): KeyValue[] {
  const attrs = [
    str('service.name', node.name),
    str('service.namespace', topology),
    str('service.version', '1.0.0'),
    str('service.instance.id', `${node.name}-0`),
    str('host.name', `${node.name}-0`),
    str('deployment.environment.name', 'sim'),
  ];
  if (node.kind === 'service') {
    attrs.push(str('telemetry.sdk.name', 'opentelemetry'), str('telemetry.sdk.language', 'nodejs'));
  } else if (node.kind === 'queue') attrs.push(str('messaging.system', node.system ?? node.kind));
  else attrs.push(str('db.system.name', node.system ?? node.kind));
  return attrs;
}

/** `GET /carts/{id}/items` → method and route. */
export function httpParts(op: string): { method: string; route: string } {
  const sp = op.indexOf(' ');
  return sp < 0 ? { method: 'GET', route: op } : { method: op.slice(0, sp), route: op.slice(sp + 1) };
}

/** How many concrete paths each route template gets (`{id}` filled in). */
export const PATH_VARIANTS = 16;

/** A concrete path for a route: `{id}` filled with a number for variant `v` (0..PATH_VARIANTS-1). */
export function pathOf(route: string, v: number): string {
  return route.replace(/\{[^}]+\}/g, String(1000 + v * 37));
}

/** Microseconds as nanoseconds split into the low and high 32 bits, to write a `fixed64` without BigInt. */
export function nanosHalves(us: number): [lo: number, hi: number] {
  const hiUs = Math.floor(us / 4294967296);
  const lo = (us - hiUs * 4294967296) * 1000;
  const carry = Math.floor(lo / 4294967296);
  return [lo - carry * 4294967296, hiUs * 1000 + carry];
}
