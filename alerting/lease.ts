import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/**
 * The evaluation lease (port): among all instances sharing a store, the one holding it
 * evaluates alerts and re-sends them. The holder renews it well within its period; when the
 * holder dies, the lease expires and another instance takes it at its next attempt, so a
 * takeover happens within two lease periods. Writes of alert state carry the holder's token
 * as a fence, so an instance that lost the lease without noticing cannot write.
 * Adapters: `MemoryLease` (one process) and `RedisLease`.
 */
export interface Lease {
  /** The fencing token of this instance, unique per process. */
  readonly token: string;
  readonly periodMs: number;
  /** Takes the lease when it is free or expired, renews it when this instance holds it. Resolves whether held. */
  acquire(): Promise<boolean>;
  /** Whether this instance may lead now: its last acquire succeeded less than a period ago. */
  held(): boolean;
  /** Gives the lease up if this instance holds it, so another takes over without waiting. */
  release(): Promise<void>;
}

/** Remembers, on a monotonic clock, until when the last successful acquire lets us lead. */
export class LocalExpiry {
  private until = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly periodMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Call before asking the store, pass the result to `granted` after it said yes. */
  mark(): number {
    return this.now();
  }

  granted(askedAt: number): void {
    this.until = askedAt + this.periodMs;
  }

  revoke(): void {
    this.until = Number.NEGATIVE_INFINITY;
  }

  valid(): boolean {
    return this.now() < this.until;
  }
}

/** Where in-process leases are recorded; instances sharing one board compete for it. */
export class MemoryLeaseBoard {
  holder: string | undefined;
  expiresAtMs = 0;
}

export interface MemoryLeaseOptions {
  periodMs: number;
  board?: MemoryLeaseBoard;
  now?: () => number;
  token?: string;
}

/** The lease of the embedded mode (and of tests that run several evaluators in one process). */
export class MemoryLease implements Lease {
  readonly token: string;
  readonly periodMs: number;
  private readonly board: MemoryLeaseBoard;
  private readonly now: () => number;
  private readonly expiry: LocalExpiry;

  constructor(options: MemoryLeaseOptions) {
    this.periodMs = options.periodMs;
    this.board = options.board ?? new MemoryLeaseBoard();
    this.now = options.now ?? (() => performance.now());
    this.token = options.token ?? randomUUID();
    this.expiry = new LocalExpiry(options.periodMs, this.now);
  }

  async acquire(): Promise<boolean> {
    const at = this.expiry.mark();
    const b = this.board;
    if (b.holder === undefined || b.holder === this.token || at >= b.expiresAtMs) {
      b.holder = this.token;
      b.expiresAtMs = at + this.periodMs;
      this.expiry.granted(at);
      return true;
    }
    this.expiry.revoke();
    return false;
  }

  held(): boolean {
    return this.expiry.valid();
  }

  /** Whether `token` holds the lease on this board now: the fence the memory store checks. */
  holds(token: string): boolean {
    return this.board.holder === token && this.now() < this.board.expiresAtMs;
  }

  async release(): Promise<void> {
    this.expiry.revoke();
    if (this.board.holder === this.token) {
      this.board.holder = undefined;
      this.board.expiresAtMs = 0;
    }
  }
}
