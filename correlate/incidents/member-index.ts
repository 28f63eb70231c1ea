import type { HopDistance } from './hops.js';

/** An incident member as the index sees it (times in ms). */
export interface IndexedMember {
  readonly service: string;
  readonly sinceMs: number;
  readonly resolvedMs?: number;
}

/**
 * Members of open incidents by time bucket (one window wide) and service. Finding the
 * incidents a new alert relates to then reads only the buckets its window touches and, in
 * them, the services within reach: the cost of its neighbourhood. Before, each new alert was
 * compared with every member of every open incident; 10 000 webhook alerts and 6 000 more
 * froze the engine for most of a minute.
 *
 * `H` is whatever stands for an incident (the grouping pass's work item).
 */
export class MemberIndex<H> {
  private readonly buckets = new Map<number, Map<string, Map<H, IndexedMember[]>>>();
  private readonly width: number;

  /**
   * @param windowMs how far apart starts may be (and how long after a resolution a start
   *   still relates), as in `GroupingOptions.windowMs`
   * @param maxHops how far apart services may be
   */
  constructor(
    private readonly windowMs: number,
    private readonly maxHops: number,
  ) {
    this.width = Math.max(1, windowMs);
  }

  /** Indexes `member` of `home` under its start and, when resolved, its resolution. */
  add(home: H, member: IndexedMember): void {
    const start = this.bucketOf(member.sinceMs);
    this.put(start, home, member);
    if (member.resolvedMs === undefined) return;
    const end = this.bucketOf(member.resolvedMs);
    if (end !== start) this.put(end, home, member);
  }

  /**
   * Every home holding a member related to an alert of `service` starting at `startMs`:
   * services within `maxHops`, and the start within the window of the member's start, before
   * or after, or within the window after the member resolved.
   */
  homesOf(service: string, startMs: number, hops: HopDistance): Set<H> {
    const near = hops.around(service);
    const found = new Set<H>();
    const visit = (homes: Map<H, IndexedMember[]> | undefined) => {
      if (homes === undefined) return;
      for (const [home, members] of homes)
        if (!found.has(home) && members.some((m) => this.related(m, startMs))) found.add(home);
    };
    const last = this.bucketOf(startMs + this.windowMs);
    for (let b = this.bucketOf(startMs - this.windowMs); b <= last; b++) {
      const byService = this.buckets.get(b);
      if (byService === undefined) continue;
      // whichever is smaller: the alert's neighbourhood or the services seen in this bucket
      if (near.size <= byService.size) {
        for (const [s, d] of near) if (d <= this.maxHops) visit(byService.get(s));
      } else {
        for (const [s, homes] of byService)
          if ((near.get(s) ?? Number.POSITIVE_INFINITY) <= this.maxHops) visit(homes);
      }
    }
    return found;
  }

  private related(m: IndexedMember, startMs: number): boolean {
    if (Math.abs(startMs - m.sinceMs) <= this.windowMs) return true;
    return m.resolvedMs !== undefined && startMs >= m.resolvedMs && startMs - m.resolvedMs <= this.windowMs;
  }

  private bucketOf(ms: number): number {
    return Math.floor(ms / this.width);
  }

  private put(bucket: number, home: H, member: IndexedMember): void {
    let byService = this.buckets.get(bucket);
    if (byService === undefined) {
      byService = new Map();
      this.buckets.set(bucket, byService);
    }
    let homes = byService.get(member.service);
    if (homes === undefined) {
      homes = new Map();
      byService.set(member.service, homes);
    }
    const members = homes.get(home);
    if (members === undefined) homes.set(home, [member]);
    else members.push(member);
  }
}
