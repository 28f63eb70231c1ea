import type { Fault, FaultType } from '../faults.js';
import { Rng } from '../random.js';
import { failureReachable, syncReachable, type Topology } from '../topology.js';
import type { Signal } from './node-signals.js';

/** One planned case: one fault, and the SLO that should show it. */
export interface CasePlan {
  /** Directory name: `case-007-error-payment`. */
  id: string;
  fault: Fault;
  slo: { node: string; signal: Signal };
  /** Seed of the case's simulation. */
  seed: number;
}

/** Where and how long cases run. */
export interface CasePlanOptions {
  /** Earliest fault start, Unix epoch ms (default 2025-01-06T00:00:00Z); starts spread over the 7 days after. */
  baseMs?: number;
  /** Fault duration in ms (default 10 minutes). */
  faultMs?: number;
}

const TYPES: readonly FaultType[] = ['latency', 'error', 'cpu', 'outage'];

/**
 * The SLO signal that a fault of `type` should move at the entry service: latency and CPU
 * faults slow requests down (`latency_p99`); error faults and outages fail them (`error_rate`).
 */
export function sloSignalFor(type: FaultType): Signal {
  return type === 'latency' || type === 'cpu' ? 'latency_p99' : 'error_rate';
}

/**
 * Plans `count` single-fault cases that cycle through the fault types (latency, error, cpu,
 * outage) and, within each type, through its candidate targets in a seeded shuffled order:
 * for latency and CPU faults every node the entry service reaches synchronously; for error
 * faults and outages those it reaches through non-optional calls (a failure anywhere else
 * is absorbed by a fallback and no SLO at the entry can see it). Nodes behind a queue never
 * qualify, nor the entry service for outages (an outage shows in the calls to a node). Magnitudes: latency +150..600 ms, error 30..80 %, CPU 90..98 %, outages fail
 * fast or (one in three) time out. Fault starts fall on whole minutes.
 */
export function planCases(
  count: number,
  seed: number,
  topology: Topology,
  options: CasePlanOptions = {},
): CasePlan[] {
  const rng = new Rng(seed).fork('cases');
  const baseMs = options.baseMs ?? Date.UTC(2025, 0, 6);
  const faultMs = options.faultMs ?? 600_000;
  const candidates = new Map<FaultType, string[]>();
  for (const type of TYPES) {
    const targets =
      type === 'latency' || type === 'cpu' ? syncReachable(topology) : failureReachable(topology);
    // An outage shows in the calls to a node; nothing calls the entry service.
    candidates.set(
      type,
      shuffle(type === 'outage' ? targets.filter((t) => t !== topology.entry) : targets, rng),
    );
  }
  const width = Math.max(3, String(count).length);
  const plans: CasePlan[] = [];
  for (let i = 0; i < count; i++) {
    const type = TYPES[i % TYPES.length] ?? 'latency';
    const targets = candidates.get(type) ?? [];
    const target = targets[Math.floor(i / TYPES.length) % targets.length] ?? topology.entry;
    const startMs = baseMs + Math.floor(rng.next() * 7 * 1440) * 60_000;
    const fault: Fault = { type, target, startMs, endMs: startMs + faultMs, magnitude: 1 };
    if (type === 'latency') fault.magnitude = 150 + Math.round(rng.next() * 45) * 10;
    else if (type === 'error') fault.magnitude = Math.round((0.3 + rng.next() * 0.5) * 100) / 100;
    else if (type === 'cpu') fault.magnitude = Math.round((0.9 + rng.next() * 0.08) * 100) / 100;
    else fault.mode = rng.chance(1 / 3) ? 'timeout' : 'fail';
    plans.push({
      id: `case-${String(i + 1).padStart(width, '0')}-${type}-${target}`,
      fault,
      slo: { node: topology.entry, signal: sloSignalFor(type) },
      seed: rng.uint32() & 0x7fffffff,
    });
  }
  return plans;
}

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
