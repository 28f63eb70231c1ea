import type { Silence } from './silence.js';

/**
 * Where silences live (port): in memory for one instance, or in Redis so every instance of
 * an engine sees the same ones. Adapters: MemorySilenceStore, RedisSilenceStore; one
 * conformance suite (test/alerting/silences/silence-store-conformance.ts) runs on both.
 */
export interface SilenceStore {
  /** Stores a new silence (its id is new). */
  create(silence: Silence): Promise<void>;
  /** Every silence kept: pending, active, and expired ones until they are pruned. */
  list(): Promise<Silence[]>;
  get(id: string): Promise<Silence | undefined>;
  /**
   * Ends a silence at `atMs`: a pending one gets `endsAt = startsAt`, an active one
   * `endsAt = atMs`; an expired one is left as it is. Resolves to the silence after, or
   * undefined when there is no such id.
   */
  expire(id: string, atMs: number): Promise<Silence | undefined>;
  /** Forgets silences that ended before `beforeMs`. */
  prune(beforeMs: number): Promise<void>;
}

/** A silence ended at `atMs`, as `expire` defines it. */
export function expiredAt(s: Silence, atMs: number): Silence {
  const starts = Date.parse(s.startsAt);
  const ends = Date.parse(s.endsAt);
  if (ends <= atMs) return s;
  const iso = new Date(Math.max(starts, atMs)).toISOString();
  return { ...s, endsAt: iso, updatedAt: new Date(atMs).toISOString() };
}
