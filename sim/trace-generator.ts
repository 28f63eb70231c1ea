import type { Effects, FaultSet } from './faults.js';
import type { Rng } from './random.js';
import { Kind, type SimSpan, type SimTrace } from './sim-span.js';
import type { CallDef, IndexedTopology, Latency, NodeDef } from './topology.js';

const EMPTY = new Uint8Array(0);

interface Outcome {
  endUs: number;
  failed: boolean;
  status: number | undefined;
}

/**
 * Generates whole traces by walking the topology from the entry service. Each node's own
 * time is log-normal (slowed and lengthened by active faults); a caller's span encloses
 * its callees' spans plus network time; a failed non-optional call fails the caller, and
 * a call slower than its timeout fails at the timeout. Queue consumers run after a queue
 * delay in the same trace, as children of the PRODUCER span and linked to it.
 */
export class TraceGenerator {
  private traceId: Uint8Array = EMPTY;
  private spans: SimSpan[] = [];

  constructor(
    private readonly topology: IndexedTopology,
    private readonly faults: FaultSet,
    private readonly rng: Rng,
  ) {}

  /** One trace whose root SERVER span starts at `startUs` at the entry service. */
  trace(startUs: number): SimTrace {
    const t = this.topology;
    this.traceId = this.rng.id(16);
    this.spans = [];
    const mix = t.mix[this.rng.weighted(t.mixWeights, t.mixTotal)] ?? t.mix[0];
    const entry = this.node(t.entry);
    if (mix !== undefined) this.serve(entry, mix.op, startUs, EMPTY, Kind.Server, undefined);
    return { traceId: this.traceId, startUs, spans: this.spans };
  }

  private node(name: string): NodeDef {
    const n = this.topology.byName.get(name);
    if (n === undefined) throw new Error(`unknown node ${name}`);
    return n;
  }

  private draw(l: Latency): number {
    return this.rng.logNormal(l.medianMs, l.sigma);
  }

  /** A node's own time for one operation under the active faults, in ms. */
  private own(latency: Latency, eff: Readonly<Effects>): number {
    let ms = this.draw(latency) * eff.latencyFactor;
    if (eff.addMs > 0) ms += eff.addMs * (1 + 0.05 * this.rng.normal());
    if (eff.stallP > 0 && this.rng.chance(eff.stallP)) ms += this.rng.next() * eff.stallMs;
    return Math.max(0.01, ms);
  }

  /** A SERVER (or CONSUMER) span of `node` serving `opName`, and its calls. */
  private serve(
    node: NodeDef,
    opName: string,
    startUs: number,
    parent: Uint8Array,
    kind: Kind,
    link: SimSpan['link'],
  ): Outcome {
    const def = node.operations[opName];
    if (def === undefined) throw new Error(`unknown operation ${node.name} ${opName}`);
    const eff = this.faults.at(node.name, startUs / 1000);
    const spanId = this.rng.id(8);
    const selfMs = this.own(def.latency, eff);
    const preMs = selfMs * (0.2 + 0.5 * this.rng.next());
    let failed = this.rng.chance((def.errorRate ?? 0) + eff.errorRate);
    let t = startUs + preMs * 1000;
    const calls = def.calls ?? [];
    if (def.parallel) {
      let end = t;
      for (const c of calls) {
        if (!this.rng.chance(c.p ?? 1)) continue;
        const r = this.call(node, c, t, spanId);
        end = Math.max(end, r.endUs);
        if (r.failed && !c.optional) failed = true;
      }
      t = end;
    } else {
      for (const c of calls) {
        if (failed) break;
        if (!this.rng.chance(c.p ?? 1)) continue;
        const r = this.call(node, c, t, spanId);
        t = r.endUs;
        if (r.failed && !c.optional) failed = true;
      }
    }
    const endUs = t + (selfMs - preMs) * 1000;
    const status = kind === Kind.Server ? (failed ? 500 : 200) : undefined;
    this.push({
      service: node.name,
      node: node.name,
      op: opName,
      kind,
      spanId,
      parentSpanId: parent,
      startUs,
      endUs,
      error: failed,
      httpStatus: status,
      errorType: undefined,
      link,
    });
    return { endUs, failed, status };
  }

  /** A CLIENT (or PRODUCER) span of `caller` calling `c`, and what it causes at the callee. */
  private call(caller: NodeDef, c: CallDef, startUs: number, parent: Uint8Array): Outcome {
    const callee = this.node(c.to);
    const def = callee.operations[c.op];
    if (def === undefined) throw new Error(`unknown operation ${c.to} ${c.op}`);
    const eff = this.faults.at(callee.name, startUs / 1000);
    const spanId = this.rng.id(8);
    const kind = callee.kind === 'queue' ? Kind.Producer : Kind.Client;
    const timeoutUs = (c.timeoutMs ?? this.topology.callTimeoutMs) * 1000;
    let endUs: number;
    let failed = false;
    let status: number | undefined;
    let errorType: string | undefined;
    if (eff.outage !== undefined) {
      endUs =
        startUs + (eff.outage === 'timeout' ? timeoutUs : this.draw({ medianMs: 1, sigma: 0.5 }) * 1000);
      failed = true;
      errorType = eff.outage === 'timeout' ? 'timeout' : 'connection_refused';
    } else if (callee.kind === 'service') {
      const there = startUs + this.draw(this.topology.network) * 1000;
      const r = this.serve(callee, c.op, there, spanId, Kind.Server, undefined);
      endUs = r.endUs + this.draw(this.topology.network) * 1000;
      failed = r.failed;
      status = r.status;
    } else {
      const netMs = this.draw(this.topology.network) * 2;
      const ms = netMs + this.own(def.latency, eff);
      endUs = startUs + ms * 1000;
      if (this.rng.chance((def.errorRate ?? 0) + eff.errorRate)) {
        failed = true;
        errorType = callee.kind === 'queue' ? 'publish_failed' : 'db_error';
      }
    }
    if (endUs - startUs > timeoutUs) {
      endUs = startUs + timeoutUs;
      failed = true;
      status = undefined;
      errorType = 'timeout';
    }
    this.push({
      service: caller.name,
      node: callee.name,
      op: c.op,
      kind,
      spanId,
      parentSpanId: parent,
      startUs,
      endUs,
      error: failed,
      httpStatus: status,
      errorType,
      link: undefined,
    });
    if (kind === Kind.Producer && !failed && def.consumer !== undefined) {
      const consumer = this.node(def.consumer.service);
      const at = endUs + this.draw(def.consumer.delay) * 1000;
      this.serve(consumer, def.consumer.op, at, spanId, Kind.Consumer, { traceId: this.traceId, spanId });
    }
    return { endUs, failed, status };
  }

  private push(span: Omit<SimSpan, 'traceId'>): void {
    span.startUs = Math.round(span.startUs);
    span.endUs = Math.round(span.endUs);
    this.spans.push({ traceId: this.traceId, ...span });
  }
}
