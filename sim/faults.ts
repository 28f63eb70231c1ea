/**
 * Fault injection: what can go wrong, where and when, parsed from specs such as
 * `latency:carts:+300ms@+2h/15m`, and the effects active at a node at a given time.
 */
import { invalid } from './errors.js';
import { iso, parseDuration, parseTime } from './time-spec.js';
import type { Topology } from './topology.js';

/** The kinds of fault the simulator injects. */
export type FaultType = 'latency' | 'error' | 'cpu' | 'outage';

/** What an outage looks like to callers: refused connections, or calls that hang until their timeout. */
export type OutageMode = 'fail' | 'timeout';

/** One injected fault, active over [startMs, endMs). */
export interface Fault {
  type: FaultType;
  /** Any node of the topology: a service, database, cache or queue. */
  target: string;
  startMs: number;
  endMs: number;
  /** latency: ms added to each operation; error: failure probability; cpu: utilisation (0..1); outage: 1. */
  magnitude: number;
  /** Outages only (default `fail`). */
  mode?: OutageMode;
}

/** The record of one fault that a run emits: what was injected, where, from when to when. */
export interface GroundTruth {
  type: FaultType;
  target: string;
  magnitude: number;
  mode?: OutageMode;
  /** RFC 3339 UTC. */
  start: string;
  end: string;
  /** Unix seconds. */
  startUnix: number;
  endUnix: number;
  /** The fault in spec syntax, with absolute times. */
  spec: string;
}

/** What the active faults do to one node at one instant. */
export interface Effects {
  addMs: number;
  latencyFactor: number;
  /** CPU throttling: probability that an operation is stalled, and the longest stall (ms). */
  stallP: number;
  stallMs: number;
  errorRate: number;
  cpuLevel: number | undefined;
  outage: OutageMode | undefined;
}

/** No fault active. */
export const NO_EFFECTS: Readonly<Effects> = {
  addMs: 0,
  latencyFactor: 1,
  stallP: 0,
  stallMs: 0,
  errorRate: 0,
  cpuLevel: undefined,
  outage: undefined,
};

/** How much slower a node's own work gets at CPU utilisation `level` (queueing; 8x at most). */
export function cpuSlowdown(level: number): number {
  return Math.max(1, Math.min(8, 0.5 / (1 - Math.min(level, 0.98))));
}

/**
 * Share of operations that a CPU-starved container stalls (CFS quota throttling: the
 * process waits for the next 100 ms period): none below 50 % utilisation, most near 100 %.
 */
export function cpuStallShare(level: number): number {
  return Math.max(0, Math.min(0.9, (level - 0.5) * 1.8));
}

const SPEC = /^(latency|error|cpu|outage):([^:@]+)(?::([^@]+))?@([^/]+)\/(.+)$/;

/**
 * Parses `<type>:<target>[:<magnitude>]@<start>/<duration>`:
 * - `latency:carts:+300ms@...` (ms added to every operation of the target; `+` optional)
 * - `error:payment:30%@...` or `error:payment:0.3@...` (probability that an operation fails)
 * - `cpu:catalogue:95%@...` (CPU saturated at that level, default 95 %: the CPU gauge shows
 *   it, own work gets slower and many operations stall for up to one 100 ms quota period)
 * - `outage:carts-db@...` or `outage:carts-db:timeout@...` (calls fail fast, or hang until the client times out)
 *
 * `<start>` is RFC 3339, Unix seconds, `now-1h`, or an offset from the run's start (`+2h`);
 * `<duration>` is a duration (`15m`).
 */
export function parseFault(spec: string, runStartMs: number, nowMs = Date.now()): Fault {
  const m = SPEC.exec(spec.trim());
  if (m === null) {
    throw invalid(
      `fault '${spec}': expected <latency|error|cpu|outage>:<target>[:<magnitude>]@<start>/<duration>`,
      {
        field: 'fault',
      },
    );
  }
  const [, type = '', target = '', mag, start = '', dur = ''] = m;
  const startMs = parseTime(start, 'fault start', nowMs, runStartMs);
  const endMs = startMs + parseDuration(dur, 'fault duration');
  const fault: Fault = { type: type as FaultType, target, startMs, endMs, magnitude: 1 };
  if (type === 'latency') {
    if (mag === undefined)
      throw invalid(`fault '${spec}': latency needs an amount, e.g. +300ms`, { field: 'fault' });
    fault.magnitude = parseDuration(mag.replace(/^\+/, ''), 'fault latency');
  } else if (type === 'error' || type === 'cpu') {
    fault.magnitude = mag === undefined ? (type === 'cpu' ? 0.95 : 1) : fraction(mag, spec);
  } else {
    if (mag !== undefined && mag !== 'fail' && mag !== 'timeout') {
      throw invalid(`fault '${spec}': an outage is 'fail' or 'timeout'`, { field: 'fault' });
    }
    fault.mode = mag === 'timeout' ? 'timeout' : 'fail';
  }
  return fault;
}

function fraction(text: string, spec: string): number {
  const pct = text.endsWith('%');
  const v = Number(pct ? text.slice(0, -1) : text) / (pct ? 100 : 1);
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw invalid(`fault '${spec}': expected a fraction 0..1 or a percentage, got '${text}'`, {
      field: 'fault',
    });
  }
  return v;
}

/** A fault in spec syntax with absolute times, as {@link parseFault} reads it back. */
export function faultSpec(f: Fault): string {
  const mag =
    f.type === 'latency'
      ? `:+${f.magnitude}ms`
      : f.type === 'outage'
        ? `:${f.mode ?? 'fail'}`
        : `:${Math.round(f.magnitude * 1e4) / 100}%`;
  return `${f.type}:${f.target}${mag}@${iso(f.startMs)}/${(f.endMs - f.startMs) / 1000}s`;
}

/** The ground-truth record of a fault. */
export function groundTruthOf(f: Fault): GroundTruth {
  return {
    type: f.type,
    target: f.target,
    magnitude: f.magnitude,
    ...(f.mode === undefined ? {} : { mode: f.mode }),
    start: iso(f.startMs),
    end: iso(f.endMs),
    startUnix: f.startMs / 1000,
    endUnix: f.endMs / 1000,
    spec: faultSpec(f),
  };
}

/** The faults of a run, indexed by target for the generator's per-span lookups. */
export class FaultSet {
  private readonly byTarget = new Map<string, Fault[]>();

  constructor(
    readonly faults: readonly Fault[],
    topology: Topology,
  ) {
    const names = new Set(topology.nodes.map((n) => n.name));
    for (const f of faults) {
      if (!names.has(f.target)) {
        throw invalid(
          `fault target '${f.target}' is not a node of ${topology.name}: ${[...names].join(', ')}`,
          {
            field: 'fault',
          },
        );
      }
      if (!(f.endMs > f.startMs))
        throw invalid(`fault on '${f.target}': duration must be positive`, { field: 'fault' });
      const list = this.byTarget.get(f.target) ?? [];
      list.push(f);
      this.byTarget.set(f.target, list);
    }
  }

  /** The combined effects of the faults active at `node` at `tMs`. */
  at(node: string, tMs: number): Readonly<Effects> {
    const list = this.byTarget.get(node);
    if (list === undefined) return NO_EFFECTS;
    let e: Effects | undefined;
    for (const f of list) {
      if (tMs < f.startMs || tMs >= f.endMs) continue;
      e ??= { ...NO_EFFECTS };
      if (f.type === 'latency') e.addMs += f.magnitude;
      else if (f.type === 'error') e.errorRate = Math.min(1, e.errorRate + f.magnitude);
      else if (f.type === 'cpu') {
        e.cpuLevel = Math.max(e.cpuLevel ?? 0, f.magnitude);
        e.latencyFactor = cpuSlowdown(e.cpuLevel);
        e.stallP = cpuStallShare(e.cpuLevel);
        e.stallMs = 100;
      } else e.outage = e.outage === 'timeout' ? 'timeout' : (f.mode ?? 'fail');
    }
    return e ?? NO_EFFECTS;
  }
}
