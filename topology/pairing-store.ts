import { FifoMap } from '../core/fifo-map.js';
import type { SpanKind } from '../ingest/records.js';
import { positiveOption } from './errors.js';

/** One side of a pair: what pairing keeps of a span (never the whole span). */
export interface PairSide {
  spanId: string;
  service: string;
  kind: SpanKind;
  endNs: bigint;
  durationNs: number;
  /** The span has status ERROR. */
  failed: boolean;
  /** CLIENT/PRODUCER only: the peer to connect to if no server ever shows up. */
  peer?: string;
}

/** Spans waiting for their other side, under one pairing key. */
export interface PendingPair {
  /** The CLIENT or PRODUCER side, once it has arrived. */
  client?: PairSide;
  /** SERVER or CONSUMER sides that arrived before the client (several when a message fans out). */
  servers: PairSide[];
  /** When the pair expires (processing time, ms): its first span's arrival plus the wait. */
  readonly expiresAt: number;
}

/** What is remembered of a key after it completed or expired, so duplicates are recognised. */
export interface SettledPair {
  /** The client side of a completed pair: a later CONSUMER of the same message still pairs with it. */
  client?: PairSide;
  /** Every span id already used under this key. */
  spanIds: Set<string>;
  expiresAt: number;
}

export interface PairingStoreOptions {
  /** How long a pair waits for its other side, ms (processing time). */
  waitMs: number;
  /** Most spans held waiting at once; also the most settled keys remembered. */
  maxItems: number;
  /** Called for every pair that expires before completing (after it left the store). */
  onExpire: (key: string, pair: PendingPair) => void;
}

/**
 * The bounded memory of span pairing: spans waiting for their other side (at most
 * `maxItems` spans, each pair for at most `waitMs`), and the keys that recently completed
 * or expired (for `waitMs`, at most `maxItems` keys), so a span delivered twice is
 * recognised instead of pairing or waiting again.
 *
 * Time is processing time from the caller (`now`, ms), made monotonic here. Pairs expire in
 * insertion order (each waits the same time from its creation), so expiry only looks at the
 * oldest entries. When full, expired pairs are evicted first; only then is a span refused
 * and counted in {@link droppedFull}. Settled keys beyond the cap are forgotten oldest
 * first: that only weakens duplicate detection, it never refuses a span.
 */
export class PairingStore {
  /** Spans refused because the store was full of unexpired pairs, since creation. */
  droppedFull = 0;
  /** Spans whose pair expired before completing, since creation. */
  expiredSpans = 0;

  private readonly waitMs: number;
  private readonly maxItems: number;
  // Insertion-ordered (FifoMap, not Map): expiry and eviction take the oldest entries, which
  // a V8 Map finds only after walking every deleted slot.
  private readonly pendingPairs = new FifoMap<string, PendingPair>();
  private readonly settledPairs = new FifoMap<string, SettledPair>();
  private held = 0;
  private lastNow = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: PairingStoreOptions) {
    this.waitMs = positiveOption('waitMs', opts.waitMs);
    this.maxItems = positiveOption('maxItems', opts.maxItems);
  }

  /** Spans waiting now. */
  get size(): number {
    return this.held;
  }

  /** Keys remembered as settled now. */
  get settledKeys(): number {
    return this.settledPairs.size;
  }

  pending(key: string): PendingPair | undefined {
    return this.pendingPairs.get(key);
  }

  settled(key: string): SettledPair | undefined {
    return this.settledPairs.get(key);
  }

  /**
   * Adds a side under `key`, creating the pair when there is none. Returns false, and
   * counts the span in {@link droppedFull}, when the store is full even after evicting
   * expired pairs.
   */
  add(key: string, role: 'client' | 'server', side: PairSide, now: number): boolean {
    const at = this.tick(now);
    if (this.held >= this.maxItems) this.expire(at);
    if (this.held >= this.maxItems) {
      this.droppedFull++;
      return false;
    }
    let pair = this.pendingPairs.get(key);
    if (pair === undefined) {
      pair = { servers: [], expiresAt: at + this.waitMs };
      this.pendingPairs.set(key, pair);
    }
    if (role === 'client') pair.client = side;
    else pair.servers.push(side);
    this.held++;
    return true;
  }

  /** Removes a pending pair that completed, and remembers its key and span ids. */
  complete(key: string, client: PairSide | undefined, spanIds: Iterable<string>, now: number): void {
    const pair = this.pendingPairs.get(key);
    if (pair !== undefined) {
      this.pendingPairs.delete(key);
      this.held -= sidesOf(pair);
    }
    this.settle(key, client, spanIds, now);
  }

  /** Remembers `spanIds` as used under `key` for the wait (merging with what is remembered). */
  settle(key: string, client: PairSide | undefined, spanIds: Iterable<string>, now: number): void {
    const at = this.tick(now);
    const old = this.settledPairs.get(key);
    const ids = old?.spanIds ?? new Set<string>();
    for (const id of spanIds) ids.add(id);
    // Set again, so it moves to the end and the map stays in expiry order.
    const kept = client ?? old?.client;
    this.settledPairs.set(key, {
      ...(kept ? { client: kept } : {}),
      spanIds: ids,
      expiresAt: at + this.waitMs,
    });
    if (this.settledPairs.size > this.maxItems) {
      const oldest = this.settledPairs.oldest();
      if (oldest !== undefined) this.settledPairs.delete(oldest[0]);
    }
  }

  /** Expires every pair and settled key whose time has come. */
  expire(now: number): void {
    const at = this.tick(now);
    for (let p = this.pendingPairs.oldest(); p !== undefined && p[1].expiresAt <= at; ) {
      this.expirePair(p[0], p[1], at);
      p = this.pendingPairs.oldest();
    }
    for (let s = this.settledPairs.oldest(); s !== undefined && s[1].expiresAt <= at; ) {
      this.settledPairs.delete(s[0]);
      s = this.settledPairs.oldest();
    }
  }

  /** Expires every pending pair now, whatever its time (end of a replay, or shutdown). */
  expireAll(now: number): void {
    const at = this.tick(now);
    for (const [key, pair] of this.pendingPairs.entries()) this.expirePair(key, pair, at);
  }

  private expirePair(key: string, pair: PendingPair, at: number): void {
    this.pendingPairs.delete(key);
    const sides = sidesOf(pair);
    this.held -= sides;
    this.expiredSpans += sides;
    const ids = pair.servers.map((s) => s.spanId);
    if (pair.client) ids.push(pair.client.spanId);
    this.settle(key, undefined, ids, at);
    this.opts.onExpire(key, pair);
  }

  private tick(now: number): number {
    if (now > this.lastNow) this.lastNow = now;
    return this.lastNow;
  }
}

function sidesOf(pair: PendingPair): number {
  return pair.servers.length + (pair.client ? 1 : 0);
}
